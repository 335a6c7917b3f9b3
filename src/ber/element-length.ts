/**
 * elementLength: how long the complete element at the start of a byte range is, for framing
 * layers and stream users that receive BER in pieces. "Not all there yet" is an answer (-1), not
 * an error (style.md 16); malformed input is a BerError as soon as the bytes present show it.
 */
import { BerError } from './error.js';
import { BerReader, type DecodeOptions } from './reader.js';

/**
 * Total length (identifier + length + contents, through every nested end-of-contents) of the
 * element starting at `buf[start]`, looking no further than `end`. Returns -1 when the element is
 * not complete before `end` (need more bytes); throws BerError when the bytes present are not BER
 * or break a limit (the limits apply before waiting: a declared length above `maxLength` fails at
 * once rather than waiting for 16 MiB).
 *
 * Definite-length contents are skipped by their length, not parsed; indefinite-length contents are
 * walked element by element to find their end.
 */
export function elementLength(buf: Uint8Array, start: number, end: number, options?: DecodeOptions): number {
  const r = new BerReader(buf, options, start, end);
  try {
    r.skip();
  } catch (e) {
    // With the range's end as the only bound, every `truncated` means the input stopped early.
    if (e instanceof BerError && e.code === 'truncated') return -1;
    throw e;
  }
  return r.pos - start;
}
