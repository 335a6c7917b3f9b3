/**
 * The buffer behind `for await (const ev of monitor)`: one bounded FIFO per iterator. Events are
 * pushed as they arrive (the socket is never paused: a CSTA switch does not wait for slow clients,
 * and the keep-alive must keep being answered), so a consumer that falls behind loses the oldest
 * events rather than growing memory without limit.
 *
 * - `capacity` events are kept; one more drops the oldest. The first drop of an overflow episode
 *   calls `onOverflow(dropped)`; the episode ends when the consumer has caught up (queue empty).
 * - `end()`: what is buffered is still handed out, then iteration is done.
 * - `return()` (a `break` out of `for await`): done at once, buffer discarded.
 */
export interface EventQueueOptions {
  /** Most events kept for a slow consumer. Default 10 000. */
  readonly capacity?: number;
  /** Called at the first dropped event of an overflow episode, with the drop count so far (1). */
  readonly onOverflow?: (dropped: number, capacity: number) => void;
  /** Called once when the consumer stops iterating (`break`, `return()`). */
  readonly onReturn?: () => void;
}

export const DEFAULT_EVENT_BUFFER = 10_000;

export class EventQueue<T> implements AsyncIterableIterator<T> {
  readonly capacity: number;
  #items: T[] = [];
  #head = 0;
  #waiter: ((result: IteratorResult<T>) => void) | undefined;
  #ended = false;
  #dropped = 0;
  #totalDropped = 0;
  readonly #onOverflow: ((dropped: number, capacity: number) => void) | undefined;
  readonly #onReturn: (() => void) | undefined;

  constructor(options: EventQueueOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_EVENT_BUFFER;
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`event buffer capacity ${capacity} is not a positive integer`);
    this.capacity = capacity;
    this.#onOverflow = options.onOverflow;
    this.#onReturn = options.onReturn;
  }

  /** Events waiting to be taken. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Events dropped since this iterator was created. */
  get dropped(): number {
    return this.#totalDropped;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(item: T): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter({ value: item, done: false });
      return;
    }
    if (this.size >= this.capacity) {
      this.#head++;
      this.#dropped++;
      this.#totalDropped++;
      if (this.#dropped === 1) this.#onOverflow?.(1, this.capacity);
    }
    this.#items.push(item);
    this.#compact();
  }

  /** No more events will come; what is buffered is still delivered. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.#items[this.#head] as T;
      this.#head++;
      if (this.size === 0) {
        this.#items = [];
        this.#head = 0;
        this.#dropped = 0; // caught up: the overflow episode is over
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter !== undefined) {
      return Promise.reject(new Error('EventQueue.next() called again before the previous call settled; iterate with one consumer'));
    }
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    const wasEnded = this.#ended;
    this.#items = [];
    this.#head = 0;
    this.end();
    if (!wasEnded) this.#onReturn?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Drops the consumed prefix once it is the larger part of the array. */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
