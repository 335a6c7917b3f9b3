// The session benchmark's report: Markdown for bench/README.md (between <!-- session:start -->
// and <!-- session:end -->, appended when the markers are missing; the codec section is left as it is).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LatencyResult {
  inFlight: number;
  count: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  /** The requests of the climb to `inFlight` outstanding, counted apart. */
  ramp?: { count: number; p99: number; max: number };
}

/** One open-loop round against a slow switch (session.ts, heldLatencies); times in ms. */
export interface HeldLatencyResult {
  holdMs: number;
  count: number;
  /** What the two stacks add: the round trip less the switch's hold. */
  p50: number;
  p99: number;
  max: number;
  /** The whole round trip, hold included. */
  roundTrip: { p50: number; p99: number };
  /** Requests outstanding when each counted request was issued. */
  inFlight: { min: number; mean: number; max: number };
  perSecond: number;
}

export interface SessionResults {
  date: string;
  machine: string;
  seconds: number;
  events: number;
  rounds: number;
  /** Per round, events (frames) per second. */
  rates: { raw: number[]; framing: number[]; clientCeiling: number[]; full: number[]; sender: number[]; fullSingle: number[]; senderSingle: number[] };
  /** Events per cork() in the batched rounds. */
  batch: number;
  decodePerSecond: number;
  /** latency[0]: 1 in flight; then one entry per round of 1,000 in flight. */
  latency: LatencyResult[];
  /** The same closed loop with no stack (transport-loop.ts), one entry per round, each run just before the stack's round. */
  transport: LatencyResult[];
  /**
   * The loop with no stack again, right after the stack's round, each end burning `workNs` per
   * request (allocation-free busy work: the stack's CPU time per request, without its garbage).
   */
  busy: (LatencyResult & { workNs: number })[];
  /** One entry per open-loop round against the slow switch. */
  held: HeldLatencyResult[];
  /** Whether and how the two processes were pinned to CPUs. */
  pinned: string;
  /** One run per set of node flags ('' = defaults). */
  monitors: {
    flags: string;
    count: number;
    seconds: number;
    before: { rss: number; heapUsed: number };
    after: { rss: number; heapUsed: number };
    /** Holding the monitors, idle for `idleSeconds`. */
    idle: { rss: number; heapUsed: number };
    idleSeconds: number;
    gc: boolean;
  }[];
}

const APDU_NOTE = '92-byte APDU, 95 bytes framed';

export const START = '<!-- session:start -->';
export const END = '<!-- session:end -->';

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** 1.23 M, 456 k, 789 (three significant digits, as the codec report writes rates). */
export function formatRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toPrecision(3)} M`;
  if (r >= 1e3) return `${(r / 1e3).toPrecision(3)} k`;
  return r.toPrecision(3);
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ms = (v: number): string => (v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);
const signedMs = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)} ms`;
const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');

function spread(values: number[], median: (xs: number[]) => number): string {
  const m = median(values);
  const half = ((Math.max(...values) - Math.min(...values)) / 2 / m) * 100;
  return `${formatRate(m)}/s ±${Math.round(half)}%`;
}

/** How many of `rounds` had a p99 under 2 ms. */
const under2 = (rounds: LatencyResult[]): number => rounds.filter((l) => l.p99 < 2).length;

/** A row of the latency table. */
function latencyRow(label: string, l: LatencyResult): string {
  return (
    `| ${label} | ${l.count.toLocaleString('en')} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${formatRate(l.perSecond)} | ` +
    (l.ramp ? `${l.ramp.count.toLocaleString('en')}, ${ms(l.ramp.p99)}, ${ms(l.ramp.max)}` : '—') +
    ' |'
  );
}

export function renderSession(r: SessionResults, median: (xs: number[]) => number): string {
  const full = median(r.rates.full);
  const raw = median(r.rates.raw);
  const [one, ...rounds] = r.latency;
  const many = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(rounds.length / 2)]!;
  const bare = [...r.transport].sort((a, b) => a.p99 - b.p99)[Math.floor(r.transport.length / 2)]!;
  const busyMid = [...r.busy].sort((a, b) => a.p99 - b.p99)[Math.floor(r.busy.length / 2)]!;
  const slow = [...r.held].sort((a, b) => a.p99 - b.p99)[Math.floor(r.held.length / 2)]!;
  const m = r.monitors[0];
  return [
    `Run: ${r.date}, ${r.machine}, ${r.pinned}; whole run ${r.seconds.toFixed(1)} s.`,
    `Events: ${r.rounds} rounds of ${r.events.toLocaleString('en')} Delivered events (the §8.2 vector, ${APDU_NOTE}); median round, ± half the spread.`,
    '',
    '**(a) Events per second, switch → client, one loopback link**',
    '',
    '| path | what the client does per event | events/s |',
    '|---|---|---:|',
    `| raw TCP (ceiling) | nothing: bytes counted (sender writes ready frames in 64 KiB chunks) | ${spread(r.rates.raw, median)} |`,
    `| TCP + framing | FrameDecoder cuts out each frame, no decoding | ${spread(r.rates.framing, median)} |`,
    `| client stack, frames pre-encoded by the sender | the full client path below, fed as fast as TCP allows (the client's own limit) | ${spread(r.rates.clientCeiling, median)} |`,
    `| **full stack**, sender writes ${r.batch} events per cork() | framing, ROSE, event decode (generated codec), routing by crossRef, monitor handler | **${spread(r.rates.full, median)}** |`,
    `| (the simulator's send rate in those rounds) | sendEvent: encode, frame, write, backpressure | ${spread(r.rates.sender, median)} |`,
    `| full stack, sender writes each event on its own (sendEvent alone) | the same | ${spread(r.rates.fullSingle, median)} |`,
    `| (the simulator's send rate in those rounds) | the same, one writev syscall per event | ${spread(r.rates.senderSingle, median)} |`,
    `| (in-process decodeRose of the APDU, no I/O) | ROSE + event decode only | ${formatRate(r.decodePerSecond)}/s |`,
    '',
    `Target ≥ 100,000 events/s: ${verdict(full >= 100_000)} (${formatRate(full)}/s; the transport alone carries ${Math.round(raw / full)}× that, so the cost is the per-event work on the two ends, not TCP).`,
    '',
    '**(b) Request latency, snapshotDevice round trips on one link**',
    '',
    `| requests in flight | requests counted | p50 | p99 | max | requests/s | ramp-up before counting: requests, p99, max |`,
    '|---:|---:|---:|---:|---:|---:|---|',
    ...r.latency.map((l, i) => latencyRow(`${l.inFlight.toLocaleString('en')}${l.inFlight > 1 ? ` (round ${i})` : ''}`, l)),
    ...r.transport.map((l, i) => latencyRow(`${l.inFlight.toLocaleString('en')}, no stack (round ${i + 1})`, l)),
    ...r.busy.map((l, i) => latencyRow(`${l.inFlight.toLocaleString('en')}, no stack, ${Math.round(l.workNs)} ns busy work per request at each end (round ${i + 1})`, l)),
    '',
    `Target p99 < 2 ms with 1,000 in flight: ${verdict(many.p99 < 2)} (median round: p99 ${ms(many.p99)}, p50 ${ms(many.p50)}, at ${formatRate(many.perSecond)} requests/s; ` +
      `${under2(rounds)} of ${rounds.length} rounds under 2 ms; with 1 in flight p99 ${ms(one.p99)}). ` +
      `With 1,000 requests always outstanding a request waits behind the ~999 before it, so its mean latency is 1,000 / throughput ` +
      `(${ms(1000 / (many.perSecond / 1000))} here), and the p99 adds the pauses of either process (young-generation GC above all) to that.`,
    '',
    `The same loop with no stack ("no stack" rows: the client writes a ready-made request frame, the switch side answers each with a ready-made answer frame, ` +
      `same two processes, same pinning, each round just before the stack's): median round p99 ${ms(bare.p99)}, p50 ${ms(bare.p50)}, at ${formatRate(bare.perSecond)} requests/s; ` +
      `${under2(r.transport)} of ${r.transport.length} rounds under 2 ms. What it shows above its p50 is the machine's (two event loops taking turns over loopback, ` +
      `each woken by the other's write), not the stack's.`,
    '',
    `The same loop brought down to the stack's throughput ("busy work" rows: after each stack round, each end burns the stack's CPU time per request beyond the bare loop's, half each, ` +
      `in arithmetic that allocates nothing, so it has no garbage to collect): median round p99 ${ms(busyMid.p99)}, p50 ${ms(busyMid.p50)}, at ${formatRate(busyMid.perSecond)} requests/s; ` +
      `${under2(r.busy)} of ${r.busy.length} rounds under 2 ms. Round by round, the stack's p99 less this loop's: ` +
      `${r.latency.slice(1).map((l, i) => signedMs(l.p99 - r.busy[i]!.p99)).join(', ')}. ` +
      `That difference is what the stack's own pauses (young-generation collections above all) add at its throughput; the busy loop's p99 above its p50 is the machine's.`,
    '',
    `Open loop, a slow switch: each answer held ${slow.holdMs} ms, requests issued at ${formatRate(1000 / slow.holdMs * 1000)}/s whatever the answers do, ` +
      `so that about 1,000 are in flight because the switch is slow. Counted: what the two stacks add to each round trip (the round trip less the hold as the switch read it, one monotonic clock for both processes).`,
    '',
    '| round | requests counted | in flight: min / mean / max | added by the stacks: p50 | p99 | max | round trip: p50 | p99 | requests/s |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    ...r.held.map(
      (h, i) =>
        `| ${i + 1} | ${h.count.toLocaleString('en')} | ${h.inFlight.min.toLocaleString('en')} / ${Math.round(h.inFlight.mean).toLocaleString('en')} / ${h.inFlight.max.toLocaleString('en')} | ` +
        `${ms(h.p50)} | ${ms(h.p99)} | ${ms(h.max)} | ${ms(h.roundTrip.p50)} | ${ms(h.roundTrip.p99)} | ${formatRate(h.perSecond)} |`,
    ),
    '',
    `p99 < 2 ms of the stacks' own latency with ~1,000 in flight at a slow switch: ${verdict(slow.p99 < 2)} (median round: p99 ${ms(slow.p99)}, p50 ${ms(slow.p50)}).`,
    '',
    `**(c) ${m.count.toLocaleString('en')} monitors on one link** (a client process of its own${m.gc ? ', full GC before each reading' : ', no --expose-gc: readings without GC'})`,
    '',
    '| node flags | RSS connected, no monitors | RSS right after starting the monitors | RSS holding them, idle | JS heap used, no monitors → with | heap per monitor | monitorStart/s (200 in flight) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.monitors.map(
      (x) =>
        `| ${x.flags === '' ? '(defaults)' : `\`${x.flags}\``} | ${mb(x.before.rss)} | ${mb(x.after.rss)} | ${mb(x.idle.rss)} (after ${Math.round(x.idleSeconds)} s) | ` +
        `${mb(x.before.heapUsed)} → ${mb(x.after.heapUsed)} | ${Math.round((x.after.heapUsed - x.before.heapUsed) / x.count)} B | ${formatRate(x.count / x.seconds)} |`,
    ),
    '',
    `Target < 100 MB RSS with ${m.count.toLocaleString('en')} monitors, Node's defaults: ${verdict(m.idle.rss < 100 * 2 ** 20)} for the client holding them ` +
      `(${mb(m.idle.rss)} once idle); right after the burst of ${m.count.toLocaleString('en')} monitorStarts it is ${mb(m.after.rss)}, ` +
      `most of the difference being V8's young generation, grown during the burst and given back by V8's memory reducer once allocation calms down` +
      (r.monitors.length > 1 ? ` (${r.monitors.slice(1).map((x) => `${mb(x.after.rss)} right after with \`${x.flags}\``).join(', ')}).` : '.'),
  ].join('\n');
}

/** Replaces the session block of bench/README.md (found from `from` upwards); returns the file's path. */
export function writeSessionSection(from: string, body: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'bench', 'README.md'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no bench/README.md above ${from}`);
    dir = up;
  }
  const file = join(dir, 'bench', 'README.md');
  const text = readFileSync(file, 'utf8');
  const block = `${START}\n${body}\n${END}`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next = start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text.trimEnd()}\n\n${SECTION_HEAD}\n\n${block}\n`;
  writeFileSync(file, next);
  return file;
}

/**
 * The heading written once, above the markers, when the section is first added. The method and
 * the analysis are prose kept in bench/README.md itself (above the markers), not copied here.
 */
const SECTION_HEAD = `# Session benchmark (\`npm run bench:session\`)

The method is described in bench/session.ts; results below are rewritten by each run.`;
