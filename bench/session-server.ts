// The switch side of `npm run bench:session`, run as a child process (its own core and its own
// memory, so the client's numbers are the client's): a SwitchSimulator, and a plain TCP server for
// the transport baseline. Driven by IPC messages from session.ts:
//
//   → { cmd: 'blast', count, batch }  sendEvent of the §8.2 Delivered event `count` times, as fast
//                               as the socket takes it (writableNeedDrain → wait for 'drain'), on the
//                               monitor of device 100, `batch` events per cork(); answers
//                               { kind: 'blasted', ms }
//   → { cmd: 'frames', count }  the same event report encoded once, its frame written `count` times
//                               in 64 KiB chunks on the client's association (the client's ceiling)
//   → { cmd: 'raw', count }     the next connection to the raw port gets `count` ready-made HiPath
//                               frames of the same event in 64 KiB writes, then FIN
//   → { cmd: 'hold', ms }       from now on the client's snapshotDevice requests are answered `ms`
//                               after they arrived (a slow switch; the model still computes the
//                               answer), and the switch's own clock readings are kept (a new
//                               'hold' starts new readings)
//   → { cmd: 'holdStats' }      ← { kind: 'holdStats', count, received, answered, mismatches }: for
//                               each request since 'hold', in arrival order, when it arrived and
//                               when its answer was handed to the stack (ms on the monotonic clock
//                               the two processes share, clock.ts; Float64Array bytes in base64)
//   → { cmd: 'echoWork', ns }   from now on the echo port burns `ns` of CPU per request
//                               ← { kind: 'echoWorkSet' }
//   → { cmd: 'exit' }           closes everything
//   ← { kind: 'ready', port, rawPort, echoPort, answerBytes }
//
// The echo port is the closed loop without the stack (transport-loop.ts): each ready-made
// snapshotDevice request frame is answered with a ready-made answer frame of `answerBytes`.

import { createServer, type Socket } from 'node:net';
import { frameBytes, HIPATH_FRAMING } from '../src/session/framing.js';
import { decodeRose, encodeInvoke } from '../src/session/rose.js';
import { operations } from '../generated/operations.js';
import type { ServerSession } from '../src/session/server.js';
import { SwitchSimulator } from '../src/simulator/server.js';
import type { CSTAEventReportArgument } from '../generated/csta-event-report-definitions.js';
import type { ArgumentOf, ResultOf } from '../generated/operations.js';
import { deviceId, dialingNumberOf } from '../src/session/device.js';
import { monotonicNow, readingsToText } from './clock.js';
import { APDU_BYTES } from './messages.js';
import { answerFrame, busyWork, echoAnswers, requestFrame } from './transport-loop.js';

type Command =
  | { cmd: 'blast'; count: number; batch: number }
  | { cmd: 'frames'; count: number }
  | { cmd: 'raw'; count: number }
  | { cmd: 'hold'; ms: number }
  | { cmd: 'holdStats' }
  | { cmd: 'echoWork'; ns: number }
  | { cmd: 'exit' };

const send = (message: unknown): void => void process.send?.(message);

/** The Delivered event of hipath-protocol.md §8.2, as the argument a switch sends. */
export function deliveredEvent(): CSTAEventReportArgument {
  const rose = decodeRose(APDU_BYTES.delivered);
  if (rose.kind !== 'invoke' || rose.operation?.name !== 'cSTAEventReport') throw new Error('bench/messages.ts: the Delivered APDU is not a cSTAEventReport invoke');
  return rose.argument as CSTAEventReportArgument;
}

/**
 * Writes `count` event reports, waiting for 'drain' whenever the socket buffer is full. Batches of
 * `batch` events are written under one cork() (one writev), as SwitchSimulator does for the events
 * of one flush; batch 1 = one write per event (what sendEvent alone does).
 */
function blast(session: ServerSession, crossRef: Uint8Array, event: CSTAEventReportArgument, count: number, batch: number): Promise<void> {
  const socket = session.socket as Socket;
  return new Promise((resolve, reject) => {
    let sent = 0;
    const pump = (): void => {
      try {
        while (sent < count) {
          const end = Math.min(count, sent + batch);
          socket.cork();
          for (; sent < end; sent++) session.sendEvent(crossRef, event.eventSpecificInfo);
          socket.uncork();
          if (socket.writableNeedDrain) return void socket.once('drain', pump);
        }
        resolve();
      } catch (e) {
        reject(e);
      }
    };
    pump();
  });
}

/** `count` copies of `frame` in chunks of about 64 KiB, respecting backpressure; then `done()`. */
function writeFrames(socket: Socket, count: number, frame: Uint8Array = frameBytes(HIPATH_FRAMING, APDU_BYTES.delivered), done = (): void => void socket.end()): void {
  const perChunk = Math.floor(65536 / frame.length);
  const chunk = Buffer.alloc(perChunk * frame.length);
  for (let i = 0; i < perChunk; i++) chunk.set(frame, i * frame.length);
  let left = count;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, perChunk);
      left -= n;
      const ok = socket.write(n === perChunk ? chunk : chunk.subarray(0, n * frame.length));
      if (!ok) return void socket.once('drain', pump);
    }
    done();
  };
  pump();
}

/**
 * A slow switch: each snapshotDevice is answered `holdMs` after it arrived, with the model's
 * answer. The answers wait in one queue in arrival order (the hold is the same for all, so that
 * is also the order they fall due) under one timer, armed for the head. The handler returns a
 * promise, so the answer takes the dispatcher's asynchronous path, as an application's would.
 *
 * Each request's device is `10000 + n % 10000` for the n-th request of the run (see session.ts),
 * which the switch checks against its own count: `mismatches` proves that arrival order is the
 * client's issue order, so the two processes' readings can be paired by position.
 */
class HeldAnswers {
  /** Clock readings per request in arrival order (typed arrays: no heap number per reading). */
  received: Float64Array<ArrayBuffer> = new Float64Array(1 << 17);
  answered: Float64Array<ArrayBuffer> = new Float64Array(1 << 17);
  count = 0;
  answeredCount = 0;
  mismatches = 0;
  /**
   * Held answers in a ring of fixed size (count `#head` to `#tail`; a released slot is cleared at
   * once). Not an array that is pushed to and spliced: each growth or splice leaves the old
   * backing store behind with pointers to held answers, and once one such store was in the old
   * generation every young collection kept the next held answers alive through it, promoted
   * them, and so on (1.7 MB surviving each collection, 5-7 ms pauses, in some runs).
   */
  #ring: (Held | undefined)[] = new Array<Held | undefined>(1 << 14).fill(undefined);
  #head = 0;
  #tail = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly holdMs: number,
    readonly sim: SwitchSimulator,
  ) {}

  handler = (argument: ArgumentOf<'snapshotDevice'>): Promise<ResultOf<'snapshotDevice'>> => {
    const now = monotonicNow();
    const n = this.count++;
    if (n === this.received.length) this.received = grown(this.received);
    this.received[n] = now;
    if (dialingNumberOf(argument.snapshotObject) !== String(10000 + (n % 10000))) this.mismatches++;
    const result = this.sim.model.snapshotDevice(argument);
    return new Promise((resolve) => {
      if (this.#tail - this.#head === this.#ring.length) this.#grow();
      this.#ring[this.#tail++ % this.#ring.length] = new Held(now + this.holdMs, result, resolve as (result: unknown) => void);
      this.#timer ??= setTimeout(this.#release, this.holdMs);
    });
  };

  /** Answers every request that has fallen due, then waits for the next one. */
  #release = (): void => {
    this.#timer = undefined;
    const now = monotonicNow();
    const ring = this.#ring;
    while (this.#head < this.#tail && ring[this.#head % ring.length]!.due <= now) {
      const at = this.#head++ % ring.length;
      const held = ring[at]!;
      ring[at] = undefined;
      if (this.answeredCount === this.answered.length) this.answered = grown(this.answered);
      this.answered[this.answeredCount++] = monotonicNow();
      held.resolve(held.result);
    }
    if (this.#head < this.#tail) this.#timer = setTimeout(this.#release, Math.max(0, ring[this.#head % ring.length]!.due - now));
  };

  /** A ring twice the size, the held answers in order from 0 (only with more than its size held). */
  #grow(): void {
    const ring = this.#ring;
    const next = new Array<Held | undefined>(ring.length * 2).fill(undefined);
    for (let i = this.#head; i < this.#tail; i++) next[i - this.#head] = ring[i % ring.length];
    this.#tail -= this.#head;
    this.#head = 0;
    this.#ring = next;
  }
}

/**
 * A held answer. A class, not an object literal: V8 tracks object literals' allocation sites and
 * may start allocating a site's objects straight in the old generation when many of them survive
 * a young collection (as answers held 20 ms do); in some runs it did that here, and everything a
 * held answer points to (its result, its promise) then survived every young collection until a
 * full one (1.4 MB promoted per collection, 5-7 ms pauses; gone with the switch run with
 * --no-allocation-site-pretenuring, and gone with this class).
 */
class Held {
  constructor(
    readonly due: number,
    readonly result: unknown,
    readonly resolve: (result: unknown) => void,
  ) {}
}

function grown(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

async function main(): Promise<void> {
  const sim = await SwitchSimulator.start({ port: 0, devices: '100-199,10000-19999', model: { maxMonitors: 20_000 } });
  const event = deliveredEvent();
  let rawCount = 0;
  let held: HeldAnswers | undefined;
  const raw = createServer((socket) => {
    socket.on('error', () => undefined);
    writeFrames(socket, rawCount);
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const rawPort = (raw.address() as { port: number }).port;
  const request = requestFrame();
  const answer = answerFrame(sim.model.snapshotDevice({ snapshotObject: deviceId('100') }));
  let echoWorkNs = 0;
  const echo = createServer((socket) => echoAnswers(socket, request.length, answer, () => echoWorkNs));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoPort = (echo.address() as { port: number }).port;
  process.on('message', (m: Command) => {
    if (m.cmd === 'raw') {
      rawCount = m.count;
      send({ kind: 'rawReady' });
    } else if (m.cmd === 'blast') {
      const monitor = sim.model.monitors.all().find((x) => x.device === '100');
      if (monitor === undefined) return send({ kind: 'error', message: 'no monitor on 100: the client must monitor it first' });
      const started = process.hrtime.bigint();
      blast(monitor.owner as ServerSession, monitor.crossRefIdentifier, event, m.count, m.batch).then(
        () => send({ kind: 'blasted', ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        (e: Error) => send({ kind: 'error', message: e.message }),
      );
    } else if (m.cmd === 'frames') {
      const monitor = sim.model.monitors.all().find((x) => x.device === '100');
      if (monitor === undefined) return send({ kind: 'error', message: 'no monitor on 100: the client must monitor it first' });
      // The event report encoded once (invokeId 1; the client does not track event invokeIds).
      const apdu = encodeInvoke(1, operations.cSTAEventReport, { crossRefIdentifier: monitor.crossRefIdentifier, eventSpecificInfo: event.eventSpecificInfo });
      const started = process.hrtime.bigint();
      writeFrames((monitor.owner as ServerSession).socket as Socket, m.count, frameBytes(HIPATH_FRAMING, apdu), () =>
        send({ kind: 'blasted', ms: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
    } else if (m.cmd === 'hold') {
      const session = [...sim.sessions].at(-1);
      if (session === undefined) return send({ kind: 'error', message: 'hold: no client is connected' });
      held = new HeldAnswers(m.ms, sim);
      session.handle('snapshotDevice', held.handler);
      send({ kind: 'holding' });
    } else if (m.cmd === 'holdStats') {
      if (held === undefined) return send({ kind: 'error', message: 'holdStats before hold' });
      send({ kind: 'holdStats', count: held.count, received: readingsToText(held.received, held.count), answered: readingsToText(held.answered, held.answeredCount), mismatches: held.mismatches });
    } else if (m.cmd === 'echoWork') {
      echoWorkNs = m.ns;
      busyWork(1); // calibrated now, not in the first round
      send({ kind: 'echoWorkSet' });
    } else if (m.cmd === 'exit') {
      raw.close();
      echo.close();
      void sim.close().then(() => process.disconnect());
    }
  });
  send({ kind: 'ready', port: sim.address().port, rawPort, echoPort, answerBytes: answer.length });
}

await main();
