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

interface Pending {
  readonly operation: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class InvokeTable {
  private readonly firstId: number;
  private readonly maxId: number;
  private next: number;
  private readonly pending = new Map<number, Pending>();

  constructor(options: InvokeTableOptions = {}) {
    const firstId = options.firstId ?? 1;
    const maxId = options.maxId ?? 32767;
    if (!Number.isSafeInteger(firstId) || !Number.isSafeInteger(maxId) || firstId > maxId) {
      throw new RangeError(`InvokeTable: firstId ${firstId} .. maxId ${maxId} is not a range of integers`);
    }
    this.firstId = firstId;
    this.maxId = maxId;
    this.next = firstId;
  }

  /** Requests waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Whether `invokeId` is waiting for an answer (false once it settled, timed out or was aborted). */
  isPending(invokeId: number): boolean {
    return this.pending.has(invokeId);
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
   * Timers do not keep the process alive and are cleared when the request settles.
   */
  start<T>(operation: string, timeoutMs: number, signal?: AbortSignal): { invokeId: number; promise: Promise<T> } {
    if (!(timeoutMs >= 0)) throw new RangeError(`timeoutMs ${timeoutMs} is not a duration in milliseconds`);
    const invokeId = this.allocate(operation);
    if (signal?.aborted) {
      return { invokeId, promise: Promise.reject(abortedError(operation, invokeId, signal)) };
    }
    const promise = new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        if (this.pending.get(invokeId) === entry) this.settle(invokeId)?.reject(abortedError(operation, invokeId, signal));
      };
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const entry: Pending = {
        operation,
        resolve: (value) => {
          cleanup();
          resolve(value as T);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      };
      this.pending.set(invokeId, entry);
      if (timeoutMs > 0 && timeoutMs !== Infinity) {
        timer = setTimeout(() => {
          if (this.pending.get(invokeId) === entry) this.settle(invokeId)?.reject(timeoutError(operation, invokeId, timeoutMs));
        }, timeoutMs);
        (timer as { unref?: () => void }).unref?.();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return { invokeId, promise };
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

  /** The link is gone: every pending request fails with `error`. */
  failAll(error: Error): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }

  private settle(invokeId: number): Pending | undefined {
    const entry = this.pending.get(invokeId);
    if (entry !== undefined) this.pending.delete(invokeId);
    return entry;
  }

  private allocate(operation: string): number {
    const span = this.maxId - this.firstId + 1;
    for (let tried = 0; tried < span; tried++) {
      const id = this.next;
      this.next = id >= this.maxId ? this.firstId : id + 1;
      if (!this.pending.has(id)) return id;
    }
    throw new SessionError(
      'too-many-requests',
      `cannot start ${operation}: all ${span} invoke ids (${this.firstId}..${this.maxId}) are waiting for an answer; ` +
        'wait for requests to finish (is the switch answering?) or raise maxId',
    );
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
