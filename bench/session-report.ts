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
const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');

function spread(values: number[], median: (xs: number[]) => number): string {
  const m = median(values);
  const half = ((Math.max(...values) - Math.min(...values)) / 2 / m) * 100;
  return `${formatRate(m)}/s ±${Math.round(half)}%`;
}

export function renderSession(r: SessionResults, median: (xs: number[]) => number): string {
  const full = median(r.rates.full);
  const raw = median(r.rates.raw);
  const [one, ...rounds] = r.latency;
  const many = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(rounds.length / 2)]!;
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
    ...r.latency.map(
      (l, i) =>
        `| ${l.inFlight.toLocaleString('en')}${l.inFlight > 1 ? ` (round ${i})` : ''} | ${l.count.toLocaleString('en')} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${formatRate(l.perSecond)} | ` +
        (l.ramp ? `${l.ramp.count.toLocaleString('en')}, ${ms(l.ramp.p99)}, ${ms(l.ramp.max)}` : '—') +
        ' |',
    ),
    '',
    `Target p99 < 2 ms with 1,000 in flight: ${verdict(many.p99 < 2)} (median round: p99 ${ms(many.p99)}, p50 ${ms(many.p50)}, at ${formatRate(many.perSecond)} requests/s; with 1 in flight p99 ${ms(one.p99)}). ` +
      `With 1,000 requests always outstanding a request waits behind the ~999 before it, so its mean latency is 1,000 / throughput ` +
      `(${ms(1000 / (many.perSecond / 1000))} here), and the p99 adds the pauses of either process (young-generation GC above all) to that.`,
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

/** The heading and method text written once, above the markers, when the section is first added. */
const SECTION_HEAD = `# Session benchmark (\`npm run bench:session\`)

How fast does a CstaClient take events from a switch, how long do its requests take, and how much
memory do many monitors cost? \`bench/session.ts\` runs the client in the benchmark process and the
switch (\`SwitchSimulator\`, \`bench/session-server.ts\`) in a child process, over one loopback TCP
link with HiPath framing, so each side has its own event loop (the machine has 2 cores).

- (a) The simulator writes the §8.2 Delivered event with \`session.sendEvent\` in a tight loop that
  waits for \`'drain'\` when the socket buffer is full, once with 64 events per \`socket.cork()\` (as
  \`SwitchSimulator\` writes the events of one flush) and once with each event on its own; the
  client counts the events at its monitor's \`delivered\` handler. In the same rounds the same
  frames go over plain TCP, counted as bytes (the transport ceiling) and cut into frames (framing
  only), and the event report encoded once is written repeatedly on the association (the client's
  own limit, with no encoding cost on the sender).
- (b) \`snapshotDevice\` requests answered by the simulator's call model; each request's latency is
  taken from \`invoke\` to its result, with 1 and with 1,000 requests kept outstanding.
- (c) A separate client process (\`bench/session-monitors.ts\`, run with \`--expose-gc\`) starts
  10,000 monitors on one link and reports \`process.memoryUsage()\` before, right after, and once
  it has sat idle holding them (RSS sampled each second until it stops falling, at most 40 s;
  \`BENCH_IDLE_MS\`), once with Node's defaults and once with a small young generation.
- \`BENCH_EVENTS\`, \`BENCH_ROUNDS\`, \`BENCH_REQUESTS\`, \`BENCH_MONITORS\` change the sizes;
  \`BENCH_SERVER_NODE_OPTIONS\` passes flags to the switch process (e.g. \`--cpu-prof\`);
  \`--no-readme\` prints without rewriting this file. Results between the markers are rewritten by each run.

What limits the numbers (\`--cpu-prof\` of both processes):

- Events: the first measurement (112 k/s) was held back by one \`writev\` per frame, APDU debug
  descriptions built with debug logging off (each APDU decoded twice), a new \`BerWriter\` per
  message and an object spread per routed event; all four are fixed (frames of one tick leave in
  one \`writev\`). What remains is the per-event work at both ends: encode on the switch, decode
  and routing on the client.
- Latency with 1,000 in flight: both processes are partly idle (ping-pong over two cores); the
  limit is round trips per second, and Little's law turns 1,000 outstanding into latency.
- Memory: loading the generated codecs (\`generated/operations.ts\` imports every module) takes the
  client process from ~40 MB to ~70 MB RSS before it connects (17 MB of it V8's young generation,
  grown while loading 280 modules); a monitor costs ~1.2 KB of heap. Loading codecs lazily is the
  next lever; \`--max-semi-space-size\` bounds the young generation for small deployments.`;
