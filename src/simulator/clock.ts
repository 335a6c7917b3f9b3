/**
 * Time for the call model. The model never reads the system clock: it is given a `Clock` and an
 * UTC offset, so the same inputs always give the same events.
 */

/** Milliseconds since the Unix epoch, like `Date.now`. */
export type Clock = () => number;

/**
 * The event timestamp HiPath sends (hipath-protocol.md §6.2): GeneralizedTime of exactly 14
 * characters `YYYYMMDDhhmmss`, local time, no fraction and no `Z`. `utcOffsetMinutes` is the
 * switch's local offset from UTC (e.g. 120 for CEST).
 */
export function hipathTimestamp(epochMs: number, utcOffsetMinutes: number): string {
  const d = new Date(Math.floor(epochMs / 1000) * 1000 + utcOffsetMinutes * 60_000);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`time ${epochMs} ms is outside the years 0000..9999 a GeneralizedTime can hold`);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    String(year).padStart(4, '0') +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds())
  );
}

/** The host's UTC offset at `epochMs`, in minutes (what a real switch set to local time would use). */
export function hostUtcOffsetMinutes(epochMs: number): number {
  return -new Date(epochMs).getTimezoneOffset();
}
