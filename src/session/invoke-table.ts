/**
 * Invoke ids and the requests waiting for an answer (hipath-protocol.md §3.4, §3.5).
 *
 * Net::CSTAv3::Client used fixed ids (1 for every MonitorStart, 2 for every MonitorStop) and took
 * the next PDU as the answer. Here every request gets an id that is not pending, counted up from
 * `firstId` to `maxId` (32767, as S6 counts) and wrapping, and its promise settles on the answer
 * with that id, on a timeout, on the caller's AbortSignal, or when the link fails (`failAll`).
 * No I/O: the link sends the invoke after `start()` and calls `resolve`/`reject` on the answer.
 */
import { SessionError } from './errors.js';

export interface InvokeTableOptions {
  /** First id handed out, and where counting restarts after `maxId`. Default 1. */
  readonly firstId?: number;
  /** Last id handed out before wrapping. Default 32767. */
  readonly maxId?: number;
}

/** A request waiting for its answer. One object per request: no closures, no timer of its own. */
class Pending {
  declare readonly operation: string;
  /** performance.now() after which it times out; Infinity for none. */
  declare readonly deadline: number;
  declare readonly timeoutMs: number;
  declare resolve: (value: unknown) => void;
  declare reject: (error: Error) => void;
  /** Set only for requests started with an AbortSignal. */
  declare signal: AbortSignal | undefined;
  declare onAbort: (() => void) | undefined;

  constructor(operation: string, timeoutMs: number, now: number) {
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.deadline = timeoutMs > 0 ? now + timeoutMs : Infinity;
    this.signal = undefined;
    this.onAbort = undefined;
  }
}

/**
 * The pending requests by invoke id: an array indexed by `id - firstId`, grown one slot at a time
 * as ids are first used (ids count up, so it ends at the size of the id range: 256 KiB for the
 * default 1..32767), a settled slot set back to undefined.
 *
 * Why not a Map: with requests coming and going all the time a Map rehashes every few hundred
 * of them, and each obsolete hash table keeps a pointer to its successor. Once one table has
 * reached the old generation (any full collection puts it there), every young-generation
 * collection kept the next table alive through that pointer, and with it the ~1,000 requests it
 * held, their promises and their results, which were then promoted too, table after table:
 * measured with 1,000 requests in flight at a slow switch, 3.4 MB survived every young
 * collection instead of 0.6 MB and each one paused the client 5-9 ms instead of about 1 ms
 * (bench/README.md, session benchmark). An array is never replaced, and a cleared slot keeps
 * nothing alive.
 */
class PendingSlots {
  readonly #firstId: number;
  readonly #slots: (Pending | undefined)[] = [];
  #size = 0;

  constructor(firstId: number) {
    this.#firstId = firstId;
  }

  get size(): number {
    return this.#size;
  }

  get(invokeId: number): Pending | undefined {
    return this.#slots[invokeId - this.#firstId];
  }

  /** Only for an id that is not pending. */
  add(invokeId: number, entry: Pending): void {
    const slots = this.#slots;
    const i = invokeId - this.#firstId;
    while (slots.length <= i) slots.push(undefined);
    slots[i] = entry;
    this.#size++;
  }

  delete(invokeId: number): void {
    const i = invokeId - this.#firstId;
    if (this.#slots[i] === undefined) return;
    this.#slots[i] = undefined;
    this.#size--;
  }

  /** The pending requests, by id. */
  *entries(): IterableIterator<[number, Pending]> {
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i++) {
      const entry = slots[i];
      if (entry !== undefined) yield [i + this.#firstId, entry];
    }
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#size = 0;
  }
}

/** The largest id range a table takes (its array is 8 bytes per id used; X.880 switches use 16 bits or less). */
const MAX_SPAN = 1 << 20;

export class InvokeTable {
  private readonly firstId: number;
  private readonly maxId: number;
  private next: number;
  private readonly pending: PendingSlots;
  /**
   * One timer for the whole table, armed for the earliest deadline (per-request setTimeout was a
   * tenth of a request's cost with 1,000 in flight). It is cleared when nothing is pending.
   */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** performance.now() at which `timer` fires. */
  private timerAt = Infinity;

  constructor(options: InvokeTableOptions = {}) {
    const firstId = options.firstId ?? 1;
    const maxId = options.maxId ?? 32767;
    if (!Number.isSafeInteger(firstId) || !Number.isSafeInteger(maxId) || firstId > maxId) {
      throw new RangeError(`InvokeTable: firstId ${firstId} .. maxId ${maxId} is not a range of integers`);
    }
    if (maxId - firstId + 1 > MAX_SPAN) {
      throw new RangeError(`InvokeTable: firstId ${firstId} .. maxId ${maxId} spans more than ${MAX_SPAN} ids; no switch needs that many requests outstanding`);
    }
    this.firstId = firstId;
    this.maxId = maxId;
    this.next = firstId;
    this.pending = new PendingSlots(firstId);
  }

  /** Requests waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Whether `invokeId` is waiting for an answer (false once it settled, timed out or was aborted). */
  isPending(invokeId: number): boolean {
    return this.pending.get(invokeId) !== undefined;
  }

  /** The operation name a pending invoke was started for (to decode and report its answer). */
  operationOf(invokeId: number): string | undefined {
    return this.pending.get(invokeId)?.operation;
  }

  /**
   * Reserves an id that is not pending and returns it with the promise of the answer.
   *
   * - `timeoutMs`: no answer in this time → SessionError `request-timeout`; 0 or Infinity = none.
   * - `signal`: when it fires → SessionError `request-aborted` (its reason as `cause`). A signal
   *   that has already fired rejects at once and reserves nothing: check `isPending(invokeId)`
   *   (or the signal) before sending.
   * - Every id from firstId to maxId pending → throws SessionError `too-many-requests` at once.
   *
   * The table's timer does not keep the process alive and is cleared when nothing is pending.
   */
  start<T>(operation: string, timeoutMs: number, signal?: AbortSignal): { invokeId: number; promise: Promise<T> } {
    if (signal?.aborted && timeoutMs >= 0) { // (a timeoutMs that is no duration: startWith refuses it)
      const invokeId = this.nextId(operation);
      return { invokeId, promise: Promise.reject(abortedError(operation, invokeId, signal)) };
    }
    const promise = newPromise<T>();
    const { resolve, reject } = resolvers;
    return { invokeId: this.startWith(operation, timeoutMs, resolve, reject, signal), promise };
  }

  /**
   * `start` with callbacks instead of a promise: `onResult` / `onError` are called synchronously
   * by `resolve` / `reject`, that is while the answer is being read (before anything read after
   * it), or by the table's timer, the signal, `failAll`. They must not throw (the caller guards
   * them). A signal that has already fired calls `onError` in a microtask and reserves nothing.
   */
  startWith(operation: string, timeoutMs: number, onResult: (value: unknown) => void, onError: (error: Error) => void, signal?: AbortSignal): number {
    if (!(timeoutMs >= 0)) throw new RangeError(`timeoutMs ${timeoutMs} is not a duration in milliseconds`);
    const invokeId = this.nextId(operation);
    if (signal?.aborted) {
      const error = abortedError(operation, invokeId, signal);
      queueMicrotask(() => onError(error));
      return invokeId;
    }
    this.track(invokeId, operation, timeoutMs, onResult, onError, signal);
    return invokeId;
  }

  private track(invokeId: number, operation: string, timeoutMs: number, resolve: (value: unknown) => void, reject: (error: Error) => void, signal: AbortSignal | undefined): void {
    const timed = timeoutMs > 0 && timeoutMs !== Infinity;
    const entry = new Pending(operation, timed ? timeoutMs : 0, timed ? performance.now() : 0);
    entry.resolve = resolve;
    entry.reject = reject;
    this.pending.add(invokeId, entry);
    if (entry.deadline < this.timerAt) this.arm(entry.deadline);
    if (signal !== undefined) {
      entry.signal = signal;
      entry.onAbort = (): void => {
        if (this.pending.get(invokeId) === entry) this.settle(invokeId)?.reject(abortedError(operation, invokeId, signal));
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
  }

  /** Settles a pending request with its answer; false when no request with that id is pending. */
  resolve(invokeId: number, value: unknown): boolean {
    const entry = this.settle(invokeId);
    entry?.resolve(value);
    return entry !== undefined;
  }

  /** Fails a pending request (ReturnError, Reject, ...); false when no request with that id is pending. */
  reject(invokeId: number, error: Error): boolean {
    const entry = this.settle(invokeId);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Forgets a pending request without settling it (it could not be sent); false when none is pending. */
  cancel(invokeId: number): boolean {
    return this.settle(invokeId) !== undefined;
  }

  /** The link is gone: every pending request fails with `error`. */
  failAll(error: Error): void {
    const entries = [...this.pending.entries()].map(([, entry]) => entry);
    this.pending.clear();
    this.disarm();
    for (const entry of entries) {
      release(entry);
      entry.reject(error);
    }
  }

  private settle(invokeId: number): Pending | undefined {
    const entry = this.pending.get(invokeId);
    if (entry === undefined) return undefined;
    this.pending.delete(invokeId);
    if (this.pending.size === 0) this.disarm();
    release(entry);
    return entry;
  }

  /** (Re)arms the table's timer to fire at `at` (performance.now() time). */
  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.sweep(), Math.max(1, Math.ceil(at - performance.now())));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Fails every request past its deadline, then re-arms for the earliest deadline left. */
  private sweep(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    let earliest = Infinity;
    const expired: [number, Pending][] = [];
    for (const [invokeId, entry] of this.pending.entries()) {
      if (entry.deadline <= now) expired.push([invokeId, entry]);
      else if (entry.deadline < earliest) earliest = entry.deadline;
    }
    for (const [invokeId] of expired) this.pending.delete(invokeId);
    if (earliest !== Infinity) this.arm(earliest);
    for (const [invokeId, entry] of expired) {
      release(entry);
      entry.reject(timeoutError(entry.operation, invokeId, entry.timeoutMs));
    }
  }

  /**
   * An id no request is waiting on, counted on from the last one (and wrapping); the table does
   * not track it (for an invoke that gets no answer). SessionError `too-many-requests` when every
   * id is pending.
   */
  nextId(operation: string): number {
    const span = this.maxId - this.firstId + 1;
    for (let tried = 0; tried < span; tried++) {
      const id = this.next;
      this.next = id >= this.maxId ? this.firstId : id + 1;
      if (this.pending.get(id) === undefined) return id;
    }
    throw new SessionError(
      'too-many-requests',
      `cannot start ${operation}: all ${span} invoke ids (${this.firstId}..${this.maxId}) are waiting for an answer; ` +
        'wait for requests to finish (is the switch answering?) or raise maxId',
    );
  }
}

/**
 * A new promise whose resolving functions are left in `resolvers`, to be read right after: one
 * shared executor (a closure per request was a tenth of what a request allocated) and no object
 * to return them in.
 */
export function newPromise<T>(): Promise<T> {
  return new Promise<T>(capture);
}

export const resolvers: { resolve: (value: unknown) => void; reject: (error: Error) => void } = { resolve: () => undefined, reject: () => undefined };

function capture(resolve: (value: never) => void, reject: (error: Error) => void): void {
  resolvers.resolve = resolve as (value: unknown) => void;
  resolvers.reject = reject;
}

/** Stops listening to the request's AbortSignal. */
function release(entry: Pending): void {
  if (entry.signal !== undefined) {
    entry.signal.removeEventListener('abort', entry.onAbort!);
    entry.signal = undefined;
  }
}

function timeoutError(operation: string, invokeId: number, timeoutMs: number): SessionError {
  return new SessionError(
    'request-timeout',
    `${operation} (invokeId ${invokeId}) got no answer within ${timeoutMs} ms; ` +
      'the request may still have reached the switch and taken effect, so check before repeating it',
  );
}

function abortedError(operation: string, invokeId: number, signal: AbortSignal | undefined): SessionError {
  return new SessionError(
    'request-aborted',
    `${operation} (invokeId ${invokeId}) was aborted by the caller; if it was already sent, the switch may still carry it out`,
    { cause: signal?.reason },
  );
}
