// One clock for the two processes of the session benchmark, and its readings sent between them.

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

/**
 * The first `n` clock readings as base64 of their bytes, for IPC: one string, not `n` numbers
 * that JSON would make into heap numbers in both processes (old-generation garbage that slowed
 * the next round's young-generation collections). readingsFromText reads it back.
 */
export function readingsToText(a: Float64Array, n: number): string {
  return Buffer.from(a.buffer, a.byteOffset, n * 8).toString('base64');
}

export function readingsFromText(base64: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}
