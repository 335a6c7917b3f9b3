// `npm run bench:session`: the session layer end to end over loopback TCP, client against the
// simulator (bench/session-server.ts, a child process on its own core):
//
//  (a) events/s from the simulator to a CstaClient monitor handler (framing, ROSE, event decode,
//      routing, dispatch), with the same frames over raw TCP (no parsing; framing only) as the
//      ceiling, measured in the same run;
//  (b) request latency (snapshotDevice round trips) with 1 and with 1,000 requests in flight
//      (measured first, on a young heap; see bench/README.md): a closed loop (each answer starts
//      the next request: as fast as one link goes), then an open loop against a slow switch that
//      holds every answer BENCH_HOLD_MS, at the rate that keeps 1,000 in flight, where what counts
//      is the time the two stacks add (the round trip less the switch's hold, read on one clock);
//      each closed-loop round follows a round of the same loop with no stack (transport-loop.ts:
//      ready-made frames answered with ready-made frames), the floor this machine puts under it;
//  (c) the RSS of a client process holding 10,000 monitors on one link (bench/session-monitors.ts).
//
// Environment: BENCH_EVENTS (200000 per round), BENCH_ROUNDS (3), BENCH_REQUESTS (100000 per round
// of 1,000 in flight, counted after 20,000 of ramp-up), BENCH_PIN (1: taskset each process to a CPU),
// BENCH_HOLD_MS (20: the slow switch's hold; the rate is 1,000 / hold), BENCH_MONITORS (10000), BENCH_SERVER_NODE_OPTIONS (node flags for the switch process, e.g.
// '--cpu-prof --cpu-prof-dir=prof'). Flag --no-readme: print only. Results go to bench/README.md between
// <!-- session:start --> and <!-- session:end -->.

import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CstaClient } from '../src/session/client.js';
import { FrameDecoder, HIPATH_FRAMING } from '../src/session/framing.js';
import { decodeRose } from '../src/session/rose.js';
import { monotonicNow, readingsFromText } from './clock.js';
import { APDU_BYTES } from './messages.js';
import { busyWork, connectLoop, requestFrame, transportRound, type LoopTimes } from './transport-loop.js';
import { percentile, renderSession, writeSessionSection, type HeldLatencyResult, type LatencyResult, type SessionResults } from './session-report.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}=${process.env[name]} is not a positive whole number`);
  return v;
};
const EVENTS = env('BENCH_EVENTS', 200_000);
const ROUNDS = env('BENCH_ROUNDS', 3);
const REQUESTS = env('BENCH_REQUESTS', 100_000);
const MONITORS = env('BENCH_MONITORS', 10_000);
/** Requests answered before the 1,000-in-flight latencies count (reported apart). */
const RAMP_UP = env('BENCH_RAMP', 20_000);
const HOLD_MS = env('BENCH_HOLD_MS', 20);
/** Idle time before each open-loop round (ms). */
const SETTLE_MS = env('BENCH_SETTLE_MS', 500);
const FRAME_BYTES = APDU_BYTES.delivered.length + 3;
/** Events the sender writes under one cork() (one writev): about what one simulator flush carries under load. */
const BATCH = 64;

type Message = { kind: string; [k: string]: unknown };
/** Events seen by the monitor handler; `done` once `target` is reached. */
type Counter = { n: number; target: number; done?: () => void };

/** The next IPC message of `kind` from the child (an 'error' message rejects). */
function next(child: ChildProcess, kind: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const on = (m: Message): void => {
      if (m.kind !== kind && m.kind !== 'error') return;
      child.off('message', on);
      if (m.kind === 'error') reject(new Error(`bench child: ${String(m.message)}`));
      else resolve(m);
    };
    child.on('message', on);
  });
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Raw TCP: `count` frames arrive; with `frames`, each is also cut out by the FrameDecoder. Returns ms. */
async function rawRound(server: ChildProcess, rawPort: number, count: number, frames: boolean): Promise<number> {
  server.send({ cmd: 'raw', count });
  await next(server, 'rawReady');
  return new Promise((resolve, reject) => {
    const started = now();
    let bytes = 0;
    let seen = 0;
    const decoder = new FrameDecoder(HIPATH_FRAMING, () => void seen++);
    const socket = connect(rawPort, '127.0.0.1');
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (frames) decoder.push(chunk);
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const ms = now() - started;
      if (bytes !== count * FRAME_BYTES || (frames && seen !== count)) reject(new Error(`raw round: ${bytes} bytes / ${seen} frames for ${count} frames`));
      else resolve(ms);
    });
  });
}

/** Full stack: the simulator sends `count` Delivered events; resolves when the monitor handler has had them all. */
async function eventRound(server: ChildProcess, counter: Counter, count: number, batch: number | 'frames'): Promise<{ ms: number; senderMs: number }> {
  counter.n = 0;
  counter.target = count;
  const started = now();
  const all = new Promise<void>((resolve) => (counter.done = resolve));
  server.send(batch === 'frames' ? { cmd: 'frames', count } : { cmd: 'blast', count, batch });
  const [blasted] = await Promise.all([next(server, 'blasted'), all]);
  return { ms: now() - started, senderMs: blasted.ms as number };
}

/**
 * Keeps `inFlight` snapshotDevice requests outstanding until `rampUp + total` have been answered.
 * Latencies (ms, from `snapshotDevice()` to the result) of the first `rampUp` requests issued are
 * returned apart (`ramp`): they include the climb from nothing to `inFlight` outstanding, when
 * both processes' young generations are still growing. The loop is callbacks on purpose (no async
 * function per request): what is measured should be the library, not the benchmark's own garbage.
 */
function latencies(client: CstaClient, total: number, inFlight: number, rampUp = 0): Promise<{ ms: Float64Array; ramp: Float64Array; elapsed: number }> {
  const all = new Float64Array(rampUp + total);
  let issued = 0;
  let answered = 0;
  let steadyFrom = Number.NaN;
  return new Promise((resolve, reject) => {
    const one = (): void => {
      const i = issued++;
      const t = performance.now();
      client.snapshotDevice('100').then(() => {
        all[i] = performance.now() - t;
        if (++answered === rampUp) steadyFrom = performance.now();
        if (answered === all.length) {
          const end = performance.now();
          resolve({ ms: all.subarray(rampUp), ramp: all.subarray(0, rampUp), elapsed: end - (rampUp > 0 ? steadyFrom : started) });
        } else if (issued < all.length) one();
      }, reject);
    };
    const started = performance.now();
    for (let k = 0; k < inFlight && k < all.length; k++) one();
  });
}

/**
 * Open loop against a slow switch (session-server.ts, HeldAnswers): requests are issued at
 * `1000 / holdMs` per ms whatever the answers do (a 1 ms timer issues what has fallen due, so the
 * pacing neither spins nor drifts), the switch answers each `holdMs` after it arrived, so about
 * 1,000 are in flight all the time because the switch is slow, as at a busy CTI server.
 *
 * Counted per request: the round trip less the switch's hold as the switch itself read it (both
 * ends read the same monotonic clock): what the two stacks add (encode, frame, write, TCP, read,
 * unframe, decode, dispatch, answer, resolve), with the switch's timer lateness left out. The
 * first `rampUp` requests (the climb to 1,000 in flight) are not counted.
 */
async function heldLatencies(server: ChildProcess, client: CstaClient, holdMs: number, total: number, rampUp: number): Promise<HeldLatencyResult> {
  server.send({ cmd: 'hold', ms: holdMs });
  await next(server, 'holding');
  const count = rampUp + total;
  const rate = 1000 / holdMs; // requests per ms
  const issuedAt = new Float64Array(count);
  const doneAt = new Float64Array(count);
  const inFlight = new Float64Array(count);
  let issued = 0;
  let answered = 0;
  await new Promise<void>((resolve, reject) => {
    const one = (): void => {
      const i = issued++;
      inFlight[i] = i - answered;
      issuedAt[i] = monotonicNow();
      // device 10000 + n % 10000: the switch checks it against its own count (arrival = issue order)
      client.snapshotDevice(String(10000 + (i % 10000))).then(() => {
        doneAt[i] = monotonicNow();
        if (++answered === count) resolve();
      }, reject);
    };
    const started = monotonicNow();
    const pace = (): void => {
      const due = Math.min(count, Math.floor((monotonicNow() - started) * rate));
      while (issued < due) one();
      if (issued < count) setTimeout(pace, 1);
    };
    pace();
  });
  server.send({ cmd: 'holdStats' });
  const reply = (await next(server, 'holdStats')) as unknown as { count: number; received: string; answered: string; mismatches: number };
  const received = readingsFromText(reply.received);
  const answeredAt = readingsFromText(reply.answered);
  if (received.length !== count || answeredAt.length !== count || reply.mismatches !== 0) {
    throw new Error(`open loop: the switch saw ${received.length} requests and answered ${answeredAt.length} of ${count}, ${reply.mismatches} out of order`);
  }
  const own = new Float64Array(total);
  const roundTrip = new Float64Array(total);
  for (let k = 0; k < total; k++) {
    const i = rampUp + k;
    roundTrip[k] = doneAt[i]! - issuedAt[i]!;
    own[k] = roundTrip[k]! - (answeredAt[i]! - received[i]!);
  }
  const steady = inFlight.subarray(rampUp);
  return {
    holdMs,
    count: total,
    p50: percentile(own, 50),
    p99: percentile(own, 99),
    max: own.reduce((a, b) => Math.max(a, b), 0),
    roundTrip: { p50: percentile(roundTrip, 50), p99: percentile(roundTrip, 99) },
    inFlight: { min: steady.reduce((a, b) => Math.min(a, b), Infinity), mean: steady.reduce((a, b) => a + b, 0) / total, max: steady.reduce((a, b) => Math.max(a, b), 0) },
    perSecond: (total - 1) / ((issuedAt[count - 1]! - issuedAt[rampUp]!) / 1000),
  };
}

/** Decodes of the Delivered APDU (ROSE + the event, the generated codec) per second, in this process. */
function decodeRate(): number {
  const apdu = APDU_BYTES.delivered;
  let n = 0;
  const until = now() + 300;
  while (now() < until) for (let i = 0; i < 1000; i++, n++) decodeRose(apdu);
  const started = now();
  for (let i = 0; i < n; i++) decodeRose(apdu);
  return n / ((now() - started) / 1000);
}

/** Part (c) in a fresh client process with these node flags (plus --expose-gc). */
async function monitorsRun(port: number, flags: string[]): Promise<SessionResults['monitors'][number]> {
  const child = fork(join(here, 'session-monitors.js'), [String(port), String(MONITORS)], { execArgv: ['--expose-gc', ...flags] });
  const m = await next(child, 'monitors').finally(() => child.kill());
  return { ...(m as unknown as Omit<SessionResults['monitors'][number], 'flags'>), flags: flags.join(' ') };
}

/**
 * With BENCH_PIN (default 1) and taskset(1) on a machine of 2 or more CPUs: the main thread of this
 * process on CPU 0 and the switch's on CPU 1, so the two event loops never share a core (V8's
 * helper threads stay free). It does not remove the run-to-run spread of this machine (see
 * bench/README.md). Returns what was done, for the report.
 */
function pin(serverPid: number | undefined): string {
  if (process.env.BENCH_PIN === '0') return 'not pinned (BENCH_PIN=0)';
  if (cpus().length < 2 || serverPid === undefined) return 'not pinned (fewer than 2 CPUs)';
  try {
    execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
    execFileSync('taskset', ['-pc', '1', String(serverPid)], { stdio: 'ignore' });
    return 'main threads pinned: client on CPU 0, switch on CPU 1 (taskset)';
  } catch {
    return 'not pinned (no taskset)';
  }
}

/** Percentiles of one round of latencies. */
function summary(inFlight: number, l: LoopTimes): LatencyResult {
  return {
    inFlight,
    count: l.ms.length,
    p50: percentile(l.ms, 50),
    p99: percentile(l.ms, 99),
    max: l.ms.reduce((a, b) => Math.max(a, b), 0),
    perSecond: l.ms.length / (l.elapsed / 1000),
    ...(l.ramp.length > 0 && { ramp: { count: l.ramp.length, p99: percentile(l.ramp, 99), max: l.ramp.reduce((a, b) => Math.max(a, b), 0) } }),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const runStarted = Date.now();
  // BENCH_SERVER_NODE_OPTIONS: flags for the switch process, e.g. '--cpu-prof --cpu-prof-dir=prof'.
  const serverFlags = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(/\s+/).filter((f) => f !== '');
  const server = fork(join(here, 'session-server.js'), [], { execArgv: serverFlags });
  process.on('exit', () => server.kill()); // also when this process fails
  const ready = await next(server, 'ready');
  const pinned = pin(server.pid);
  const port = ready.port as number;
  const rawPort = ready.rawPort as number;
  try {
    const client = await CstaClient.connect({ host: '127.0.0.1', port, deadLinkMs: 0, reconnect: false, requestTimeoutMs: 60_000 });
    const counter: Counter = { n: 0, target: 0 };
    await client.monitor('100', {
      delivered: () => {
        if (++counter.n === counter.target) counter.done?.();
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    // (b) first, on a young heap and with no forced collection: a gc() here, or the event rounds'
    // garbage in the old generation, made V8 mark incrementally all through these rounds, and every
    // young-generation pause then took 4-9 ms instead of about 1 ms (measured with a 'gc'
    // PerformanceObserver: p99 10-13 ms either way, 4-6 ms as it is now).
    await latencies(client, 20_000, 100); // warm-up (JIT)
    const one = await latencies(client, Math.min(REQUESTS, 5000), 1);
    const thousand: Awaited<ReturnType<typeof latencies>>[] = [];
    // The loop without the stack, round for round before the stack's, so a slow spell of the
    // machine meets both. Its readings go into arrays made before the first round, and are
    // summed up after the last: no garbage of its own in the middle of the stack's rounds.
    const loop = await connectLoop(ready.echoPort as number);
    const perRound = 2 * (RAMP_UP + REQUESTS);
    const loopTimes = new Float64Array(2 * ROUNDS * perRound);
    const request = requestFrame();
    const answerBytes = ready.answerBytes as number;
    await transportRound(loop, request, answerBytes, 20_000, 100, 0, loopTimes); // warm-up (JIT)
    busyWork(1); // calibrated before the first round
    const loops: LoopTimes[] = [];
    const busyLoops: { times: LoopTimes; workNs: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const bare = await transportRound(loop, request, answerBytes, REQUESTS, 1000, RAMP_UP, loopTimes.subarray(2 * r * perRound, (2 * r + 1) * perRound));
      loops.push(bare);
      const stack = await latencies(client, REQUESTS, 1000, RAMP_UP);
      thousand.push(stack);
      // The stack's CPU time per request beyond the bare loop's, half on each end (the two ends
      // take turns, so a round trip costs the sum of both): the same loop brought down to the
      // stack's throughput by work that allocates nothing.
      const workNs = Math.max(0, (stack.elapsed / REQUESTS - bare.elapsed / REQUESTS) * 1e6 / 2);
      server.send({ cmd: 'echoWork', ns: workNs });
      await next(server, 'echoWorkSet');
      busyLoops.push({ workNs, times: await transportRound(loop, request, answerBytes, REQUESTS, 1000, RAMP_UP, loopTimes.subarray((2 * r + 1) * perRound, (2 * r + 2) * perRound), workNs) });
      server.send({ cmd: 'echoWork', ns: 0 });
      await next(server, 'echoWorkSet');
    }
    loop.destroy();
    const transport = loops.map((l) => summary(1000, l));
    const busy = busyLoops.map((l) => ({ ...summary(1000, l.times), workNs: l.workNs }));
    const held: HeldLatencyResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // A quiet moment first: the garbage of what came before (the last round's readings, its
      // percentiles) is collected then, not in the middle of this round.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      held.push(await heldLatencies(server, client, HOLD_MS, REQUESTS, Math.min(REQUESTS, 10_000)));
    }
    const rates: SessionResults['rates'] = { raw: [], framing: [], clientCeiling: [], full: [], sender: [], fullSingle: [], senderSingle: [] };
    await eventRound(server, counter, Math.min(EVENTS, 20_000), BATCH); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      rates.raw.push(EVENTS / ((await rawRound(server, rawPort, EVENTS, false)) / 1000));
      rates.framing.push(EVENTS / ((await rawRound(server, rawPort, EVENTS, true)) / 1000));
      rates.clientCeiling.push(EVENTS / ((await eventRound(server, counter, EVENTS, 'frames')).ms / 1000));
      const batched = await eventRound(server, counter, EVENTS, BATCH);
      rates.full.push(EVENTS / (batched.ms / 1000));
      rates.sender.push(EVENTS / (batched.senderMs / 1000));
      const single = await eventRound(server, counter, EVENTS, 1);
      rates.fullSingle.push(EVENTS / (single.ms / 1000));
      rates.senderSingle.push(EVENTS / (single.senderMs / 1000));
      const last = (xs: number[]): string => `${Math.round(xs.at(-1) as number)}/s`;
      process.stderr.write(`round ${r + 1}/${ROUNDS}: raw ${last(rates.raw)}, framing ${last(rates.framing)}, client ${last(rates.clientCeiling)}, full ${last(rates.full)} (one write per event: ${last(rates.fullSingle)})\n`);
    }
    const decode = decodeRate();
    await client.close();
    const monitors = [await monitorsRun(port, []), await monitorsRun(port, ['--max-semi-space-size=1'])];
    const results: SessionResults = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine: `${cpus()[0]?.model.trim().split(/\s+/).slice(0, 3).join(' ') ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ${process.platform}/${process.arch}`,
      seconds: (Date.now() - runStarted) / 1000,
      events: EVENTS,
      rounds: ROUNDS,
      rates,
      batch: BATCH,
      decodePerSecond: decode,
      latency: [one, ...thousand].map((l, i) => summary(i === 0 ? 1 : 1000, l)),
      transport,
      busy,
      held,
      pinned,
      monitors,
    };
    const text = renderSession(results, median);
    process.stdout.write(text + '\n');
    if (!process.argv.includes('--no-readme')) process.stderr.write(`results written to ${writeSessionSection(here, text)}\n`);
  } finally {
    server.send({ cmd: 'exit' });
  }
}

await main();
