// The closed loop of `npm run bench:session` (b) without the stack: the same 1,000 requests always
// outstanding over the same kind of loopback link, between the same two processes, but the client
// writes a ready-made snapshotDevice request frame and the switch side answers each with a
// ready-made answer frame. Nothing is encoded, decoded or matched by invoke id: answers come back in
// the order the requests went (one TCP stream, answered in order), so the oldest issue time is the
// one an answer belongs to. Both ends batch as the stack does: what one turn of the event loop
// produces leaves in one write.
//
// What it measures is the floor under the stack's numbers on this machine: the latency of the loop
// itself (two event loops taking turns, loopback TCP, the scheduler waking each process).
//
// With `workNs` > 0 each end also burns that long per request in plain arithmetic (busyWork: no
// allocation, so no garbage collection), which brings the loop down to the stack's throughput: what
// the stack would show if its CPU time per request were the only thing it cost, with no GC pauses.

import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { deviceId } from '../src/session/device.js';
import { frameBytes, HIPATH_FRAMING } from '../src/session/framing.js';
import { encodeInvoke, encodeResult } from '../src/session/rose.js';
import { operations } from '../generated/operations.js';
import type { ResultOf } from '../generated/operations.js';

/** An invoke id the stack uses in steady state (two octets, as most of a round's are). */
const INVOKE_ID = 300;

/** The snapshotDevice request the stack writes for device 100, framed. */
export function requestFrame(): Uint8Array {
  return frameBytes(HIPATH_FRAMING, encodeInvoke(INVOKE_ID, operations.snapshotDevice, { snapshotObject: deviceId('100') }));
}

/** The answer to it, framed, given the switch's result. */
export function answerFrame(result: ResultOf<'snapshotDevice'>): Uint8Array {
  return frameBytes(HIPATH_FRAMING, encodeResult(INVOKE_ID, operations.snapshotDevice, result));
}

let sink = 0;
/** `iterations` steps of a linear congruential generator: CPU time, no allocation. */
function spinSteps(iterations: number): void {
  let x = sink;
  for (let j = 0; j < iterations; j++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  sink = x;
}
let stepsPerNs = 0;
/** Steps per ns: doubling the steps until a run takes 20 ms (by then V8 has compiled the loop, where it does). */
function calibrate(): number {
  for (let steps = 10_000; ; steps *= 2) {
    const started = process.hrtime.bigint();
    spinSteps(steps);
    const ns = Number(process.hrtime.bigint() - started);
    if (ns >= 20e6) return steps / ns;
  }
}

/** Burns about `ns` nanoseconds of CPU (calibrated on first use in this process). */
export function busyWork(ns: number): void {
  if (ns <= 0) return;
  if (stepsPerNs === 0) stepsPerNs = calibrate();
  spinSteps(Math.round(ns * stepsPerNs));
}

/** `count` copies of `frame` back to back. */
function repeated(frame: Uint8Array, count: number): Buffer {
  const out = Buffer.allocUnsafeSlow(frame.length * count);
  for (let i = 0; i < count; i++) out.set(frame, i * frame.length);
  return out;
}

/**
 * The switch side: for every whole request frame that arrives, `workNs()` of busy work and one
 * answer frame, all the answers of one chunk in one write (the requests are all the same, so they
 * are counted, not parsed).
 */
export function echoAnswers(socket: Socket, requestLength: number, answer: Uint8Array, workNs: () => number): void {
  let answers = repeated(answer, 4096);
  let partial = 0; // bytes of a request frame that began in an earlier chunk
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    const bytes = partial + chunk.length;
    const n = Math.floor(bytes / requestLength);
    partial = bytes - n * requestLength;
    if (n === 0) return;
    busyWork(n * workNs());
    if (n > answers.length / answer.length) answers = repeated(answer, n);
    // A view of a buffer that never changes: the socket may hold it as long as it likes.
    socket.write(answers.subarray(0, n * answer.length));
  });
}

export interface LoopTimes {
  /** Latencies (ms) of the counted requests, in issue order. */
  ms: Float64Array;
  /** Those of the `rampUp` requests before them. */
  ramp: Float64Array;
  /** From the first counted answer's round to the last answer (ms). */
  elapsed: number;
}

/**
 * The client side of one round: keeps `inFlight` requests outstanding on `socket` until
 * `rampUp + total` have been answered, each answer taking `workNs` of busy work and then issuing
 * the next request. `times` must hold `2 × (rampUp + total)` readings; it is written, not
 * allocated, so a round leaves no garbage behind.
 */
export function transportRound(socket: Socket, request: Uint8Array, answerLength: number, total: number, inFlight: number, rampUp: number, times: Float64Array, workNs = 0): Promise<LoopTimes> {
  const count = rampUp + total;
  if (times.length < 2 * count) throw new Error(`transportRound: times holds ${times.length} readings, not the ${2 * count} needed`);
  const issuedAt = times.subarray(0, count);
  const ms = times.subarray(count, 2 * count);
  const requests = repeated(request, inFlight);
  let issued = 0;
  let answered = 0;
  let partial = 0;
  let queued = 0; // requests issued in this turn, not yet written
  let steadyFrom = Number.NaN;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const flush = (): void => {
      const n = queued;
      queued = 0;
      socket.write(requests.subarray(0, n * request.length));
    };
    const issue = (): void => {
      issuedAt[issued++] = performance.now();
      if (queued++ === 0) process.nextTick(flush);
    };
    const onData = (chunk: Buffer): void => {
      const bytes = partial + chunk.length;
      const n = Math.floor(bytes / answerLength);
      partial = bytes - n * answerLength;
      for (let k = 0; k < n; k++) {
        const i = answered++;
        busyWork(workNs);
        ms[i] = performance.now() - issuedAt[i]!;
        if (answered === rampUp) steadyFrom = performance.now();
        if (answered === count) {
          socket.off('data', onData);
          socket.off('error', reject);
          resolve({ ms: ms.subarray(rampUp), ramp: ms.subarray(0, rampUp), elapsed: performance.now() - (rampUp > 0 ? steadyFrom : started) });
          return;
        }
        if (issued < count) issue();
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
    for (let k = 0; k < inFlight && k < count; k++) issue();
  });
}

/** A connection to the echo port, with Nagle off as the stack's. */
export function connectLoop(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.setNoDelay(true);
    socket.on('error', reject);
  });
}
