/** Hex text for bytes: what fixtures, logs and JER OCTET STRINGs use. */
import { invalidValue } from './error.js';

const DIGITS = '0123456789ABCDEF';

/** Upper-case hex, `separator` between bytes (none by default): `toHex(b, ' ')` → `A1 0C 02 01`. */
export function toHex(u8: Uint8Array, separator = ''): string {
  let out = '';
  for (let i = 0; i < u8.length; i++) {
    if (i > 0 && separator !== '') out += separator;
    out += DIGITS[u8[i] >> 4] + DIGITS[u8[i] & 15];
  }
  return out;
}

function digit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Bytes from hex text; whitespace anywhere is ignored, case does not matter. */
export function fromHex(str: string): Uint8Array {
  const digits: number[] = [];
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    const d = digit(c);
    if (d < 0) throw invalidValue(`fromHex: ${JSON.stringify(str[i])} at index ${i} is not a hex digit`);
    digits.push(d);
  }
  if (digits.length % 2 !== 0) {
    throw invalidValue(`fromHex: ${digits.length} hex digits (odd); every byte needs two`);
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i] << 4) | digits[2 * i + 1];
  return out;
}
