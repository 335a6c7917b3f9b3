/** Building and testing BIT STRING values (codec.ts BitString: first bit = MSB of bytes[0]). */
import type { BitString } from './codec.js';
import { invalidValue } from './error.js';

/** A BIT STRING of exactly `length` bits with the bits numbered in `setBits` set (bit 0 first). */
export function bitString(length: number, setBits: Iterable<number> = []): BitString {
  if (!Number.isInteger(length) || length < 0) throw invalidValue(`BIT STRING length ${length} is not a non-negative integer`);
  const bytes = new Uint8Array(Math.ceil(length / 8));
  for (const n of setBits) {
    if (!Number.isInteger(n) || n < 0 || n >= length) {
      throw invalidValue(`bit ${n} is outside a BIT STRING of ${length} bits (0..${length - 1})`);
    }
    bytes[n >> 3] |= 0x80 >> (n & 7);
  }
  return { length, bytes };
}

/** Whether bit `n` (0 = first) is set; bits beyond the length are not set. */
export function hasBit(b: BitString, n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < b.length && (b.bytes[n >> 3] & (0x80 >> (n & 7))) !== 0;
}

/** The numbers of the set bits, in order. */
export function setBits(b: BitString): number[] {
  const out: number[] = [];
  for (let n = 0; n < b.length; n++) if ((b.bytes[n >> 3] & (0x80 >> (n & 7))) !== 0) out.push(n);
  return out;
}
