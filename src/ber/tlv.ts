/**
 * Pure helpers of the BER reader for identifiers and lengths (X.690 8.1) and the errors about
 * them, kept out of reader.ts so the cursor class stays readable. Nothing here keeps state.
 */
import type { BerError } from './error.js';
import type { DecodeOptions } from './reader.js';
import { MAX_TAG_NUMBER } from './tags.js';
import { berError } from './error-kind.js';

/** `expected` value meaning "any tag" in BerReader.header. */
export const ANY = -1;

/**
 * A fresh stack: a packed array of small integers, 16 entries (fewer when maxDepth is smaller, as
 * its length is the fast path's depth limit). ~8 ns to allocate, where a 65-entry Int32Array costs
 * ~500 ns (off-heap backing store) and a 16-entry one ~30 ns. Depth 15 covers every CSTA message
 * seen; deeper input grows it, up to maxDepth + 1 entries.
 */
export function newStack(end: number, maxDepth: number): number[] {
  const stack = [end, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (maxDepth < 15) stack.length = maxDepth + 1;
  return stack;
}

export function badRange(buf: Uint8Array, start: number, end: number): RangeError {
  return new RangeError(`BerReader: range ${start}..${end} is not within the ${buf.length}-byte buffer`);
}

export function limitOption(value: number | undefined, fallback: number, name: string, min: number, max = 0x7fffffff): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`DecodeOptions.${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** The limits of one decode, shared by a reader and the sub-readers cut from it. */
export interface Limits {
  readonly maxDepth: number;
  readonly maxElements: number;
  readonly maxLength: number;
  readonly options: DecodeOptions | undefined;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({ maxDepth: 64, maxElements: 1_000_000, maxLength: 16 * 1024 * 1024, options: undefined });

export function limitsOf(options: DecodeOptions): Limits {
  return {
    maxDepth: limitOption(options.maxDepth, 64, 'maxDepth', 0, 100_000),
    maxElements: limitOption(options.maxElements, 1_000_000, 'maxElements', 0),
    maxLength: limitOption(options.maxLength, 16 * 1024 * 1024, 'maxLength', 0x7f),
    options,
  };
}

/** Octets after the first that a high tag number takes (minimal form is all the reader accepts). */
export function tagDigits(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4;
}

/** The tag of a high-tag-number identifier at `at` (X.690 8.1.2.4): minimal form, number below 2^24. */
export function highTag(buf: Uint8Array, at: number, bound: number): number {
  let p = at + 1;
  if (p < bound && buf[p] === 0x80) {
    throw berError('bad-tag-encoding', at, 'high tag number starts with octet 0x80 (not minimal, X.690 8.1.2.4.2)');
  }
  let n = 0;
  let c: number;
  do {
    if (p >= bound) throw truncated(at, 'high tag number runs past the end of the input or of the enclosing element');
    c = buf[p++];
    n = n * 128 + (c & 0x7f);
    if (n > MAX_TAG_NUMBER) throw berError('tag-number-too-large', at, `tag number exceeds ${MAX_TAG_NUMBER}`);
  } while (c & 0x80);
  if (n < 31) {
    throw berError('bad-tag-encoding', at, `tag number ${n} in the high-tag-number form; numbers below 31 take one octet (X.690 8.1.2.2)`);
  }
  return ((buf[at] >> 6) << 24) | n;
}

/** Octets with tag [UNIVERSAL 0] at `at` where an element was expected (X.690 8.1.5). */
export function eocError(buf: Uint8Array, at: number, bound: number, indefinite: boolean, expected: string): BerError {
  if (buf[at] === 0 && indefinite) {
    if (at + 1 >= bound) return missingEoc(at);
    if (buf[at + 1] === 0) return berError('missing-component', at, `expected ${expected}, found end-of-contents`);
  }
  const second = at + 1 < bound ? hex2(buf[at + 1]) : '(end)';
  const rule = indefinite ? 'end-of-contents must be 00 00' : 'end-of-contents is allowed only in an indefinite-length element';
  return berError('bad-eoc', at, `found ${hex2(buf[at])} ${second}: tag [UNIVERSAL 0] is reserved and ${rule} (X.690 8.1.5)`);
}

export function missingEoc(at: number): BerError {
  return truncated(at, 'no end-of-contents for an indefinite-length element before the end of the input or of the enclosing element');
}

export function truncated(at: number, detail: string): BerError {
  return berError('truncated', at, detail);
}

export function depthLimit(at: number, maxDepth: number): BerError {
  return berError('depth-limit', at, `nesting deeper than ${maxDepth} (DecodeOptions.maxDepth)`);
}

export function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
