/**
 * The host's timers as a `Scheduler` that can cancel everything it still has pending: the
 * simulator process gives it to the traffic generator and the scenario runner, and `close()`
 * cancels what they left behind (calls in progress, a scenario's `wait`), so a closed simulator
 * leaves no timer keeping the process alive.
 */
import type { ScheduledTask, Scheduler } from './scheduler.js';

export class TimerScheduler implements Scheduler {
  readonly #pending = new Set<NodeJS.Timeout>();
  readonly #speed: number;
  #closed = false;

  /** `speed` > 1 runs the tasks' time that many times faster than real time (every delay divided by it). */
  constructor(speed = 1) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed ${speed} must be a finite number > 0`);
    this.#speed = speed;
  }

  now(): number {
    return Date.now();
  }

  /** Steady time in the tasks' milliseconds: real time × speed. */
  clock(): number {
    return performance.now() * this.#speed;
  }

  /** Runs `task` after `delayMs` / speed of real time; nothing runs once `cancelAll()` was called. */
  schedule(delayMs: number, task: () => void): ScheduledTask {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`delay ${delayMs} ms is not a finite number >= 0`);
    if (this.#closed) return { cancel: () => undefined };
    const handle = setTimeout(() => {
      this.#pending.delete(handle);
      task();
    }, delayMs / this.#speed);
    this.#pending.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.#pending.delete(handle);
      },
    };
  }

  /** Resolves after `ms` (the scenario runner's `wait`); never resolves once cancelled. */
  sleep = (ms: number): Promise<void> => new Promise((resolve) => void this.schedule(ms, resolve));

  /** Tasks scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Cancels every pending task and refuses new ones. */
  cancelAll(): void {
    this.#closed = true;
    for (const handle of this.#pending) clearTimeout(handle);
    this.#pending.clear();
  }
}
