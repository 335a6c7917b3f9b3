/**
 * Time for the traffic generator and the scenario runner, injected: a `Scheduler` runs tasks later.
 * `VirtualScheduler` is simulated time (tests run hours of traffic instantly and deterministically);
 * `realTimeScheduler` uses the host's timers, for the simulator process.
 */

/** A task that was scheduled and can still be cancelled. */
export interface ScheduledTask {
  cancel(): void;
}

export interface Scheduler {
  /** Milliseconds since the epoch (also usable as the model's clock). */
  now(): number;
  /** Runs `task` after `delayMs` milliseconds. */
  schedule(delayMs: number, task: () => void): ScheduledTask;
  /**
   * A steady reading in the milliseconds `schedule` counts in (for a scheduler that runs faster
   * than real time, its time, not the wall clock's), so that a task that ran late can tell by how
   * much. Without it, `now()` is used.
   */
  clock?(): number;
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly task: () => void;
  cancelled: boolean;
}

/**
 * Simulated time. Nothing happens until `advance`/`runUntilIdle`; tasks due at the same time run in
 * the order they were scheduled.
 */
export class VirtualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private queue: Entry[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, task: () => void): ScheduledTask {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`delay ${delayMs} ms is not a finite number >= 0`);
    const entry: Entry = { at: this.time + delayMs, seq: this.seq++, task, cancelled: false };
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1].at > entry.at || (this.queue[i - 1].at === entry.at && this.queue[i - 1].seq > entry.seq))) i--;
    this.queue.splice(i, 0, entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Waits `ms` of simulated time (for the scenario runner's `sleep`). */
  sleep = (ms: number): Promise<void> => {
    this.advance(ms);
    return Promise.resolve();
  };

  /** Runs every task due within the next `ms`, then sets the time to now + ms. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (let next = this.queue[0]; next !== undefined && next.at <= until; next = this.queue[0]) {
      this.queue.shift();
      if (next.cancelled) continue;
      this.time = next.at;
      next.task();
    }
    this.time = until;
  }

  /** Runs tasks until none is left (or `limitMs` of simulated time passed); returns the time it stopped at. */
  runUntilIdle(limitMs = Number.POSITIVE_INFINITY): number {
    const until = this.time + limitMs;
    for (let next = this.queue[0]; next !== undefined && next.at <= until; next = this.queue[0]) {
      this.queue.shift();
      if (next.cancelled) continue;
      this.time = next.at;
      next.task();
    }
    return this.time;
  }

  /** Tasks scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.queue.filter((e) => !e.cancelled).length;
  }
}

/** The host's clock and timers. */
export function realTimeScheduler(): Scheduler {
  return {
    now: () => Date.now(),
    clock: () => performance.now(),
    schedule(delayMs, task) {
      const handle = setTimeout(task, delayMs);
      return { cancel: () => clearTimeout(handle) };
    },
  };
}
