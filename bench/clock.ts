// One clock for the two processes of the session benchmark.

/** performance.now() of this process when the monotonic clock read 0 (ms). */
const origin = Number(process.hrtime.bigint()) / 1e6 - performance.now();

/**
 * Milliseconds on the system's monotonic clock (CLOCK_MONOTONIC, which process.hrtime and
 * performance.now() both read), so that readings taken in two processes on one machine can be
 * subtracted. Costs what performance.now() costs; the offset is taken once.
 */
export function monotonicNow(): number {
  return performance.now() + origin;
}
