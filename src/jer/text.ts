/**
 * The textual forms JER gives to non-JSON values, and their validation: hex for octets (X.697
 * OCTET STRING, BIT STRING, and this project's raw elements), the character repertoires of the
 * restricted string types, GeneralizedTime/UTCTime syntax (X.680 46, 47) and dotted object
 * identifiers. Each check returns a problem in words, or `undefined` when the text is fine.
 */
import type { StringKind } from '../ber/schema.js';

const HEX = '0123456789ABCDEF';

/** Upper-case hex, no separators: how JER writes octets. */
export function bytesToHex(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) out += HEX[b[i] >> 4] + HEX[b[i] & 15];
  return out;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Bytes from hex digits of either case (nothing else, not even spaces), or a problem in words. */
export function hexToBytes(text: string): Uint8Array | { problem: string } {
  if (text.length % 2 !== 0) {
    return { problem: `expected hex digits, two per octet, found ${text.length} characters (odd)` };
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < text.length; i += 2) {
    const hi = hexDigit(text.charCodeAt(i));
    const lo = hexDigit(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? i : i + 1;
      return { problem: `expected hex digits, found ${JSON.stringify(text[at])} at index ${at}` };
    }
    out[i / 2] = (hi << 4) | lo;
  }
  return out;
}

interface Repertoire {
  /** "IA5 characters (U+0000..U+007F)": completes "expected a string of …". */
  readonly words: string;
  readonly allows: (c: number) => boolean;
}

const PRINTABLE_PUNCTUATION = " '()+,-./:=?";
const isPrintable = (c: number) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || PRINTABLE_PUNCTUATION.includes(String.fromCharCode(c));
/** Kinds the BER runtime carries one octet per character (ISO 8859-1 code points). */
const OCTET: Repertoire = { words: 'characters of one octet each (U+0000..U+00FF)', allows: (c) => c <= 0xff };
/** UTF8String and UniversalString: any Unicode scalar value (surrogates are checked for pairing apart). */
const UNICODE: Repertoire = { words: 'Unicode characters', allows: () => true };

const REPERTOIRE: Readonly<Record<StringKind, Repertoire>> = {
  IA5String: { words: 'IA5 characters (U+0000..U+007F)', allows: (c) => c <= 0x7f },
  VisibleString: { words: 'visible ASCII characters (U+0020..U+007E)', allows: (c) => c >= 0x20 && c <= 0x7e },
  PrintableString: { words: `PrintableString characters (A-Z a-z 0-9 and ${JSON.stringify(PRINTABLE_PUNCTUATION)})`, allows: isPrintable },
  NumericString: { words: 'NumericString characters (digits and space)', allows: (c) => c === 0x20 || (c >= 0x30 && c <= 0x39) },
  BMPString: { words: 'Basic Multilingual Plane characters (no surrogates)', allows: (c) => c < 0xd800 || c > 0xdfff },
  UTF8String: UNICODE,
  UniversalString: UNICODE,
  GraphicString: OCTET,
  GeneralString: OCTET,
  TeletexString: OCTET,
  VideotexString: OCTET,
  ObjectDescriptor: OCTET,
};

/** "a string of IA5 characters (U+0000..U+007F)": what a string of `kind` must be. */
export function expectedString(kind: StringKind): string {
  return `a string of ${REPERTOIRE[kind].words}`;
}

/** Characters as SIZE counts them: code points for UTF8String/UniversalString, code units otherwise. */
export function charCount(kind: StringKind, s: string): number {
  if (kind !== 'UTF8String' && kind !== 'UniversalString') return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Why `s` is not a value of `kind`, or undefined. */
export function stringProblem(kind: StringKind, s: string): string | undefined {
  const rep = REPERTOIRE[kind];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (rep === UNICODE && c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return `expected ${expectedString(kind)}, found a lone surrogate U+${hex4(c)} at index ${i}`;
    }
    if (!rep.allows(c)) return `expected ${expectedString(kind)}, found U+${hex4(c)} ${JSON.stringify(s[i])} at index ${i}`;
  }
  return undefined;
}

function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

// X.680 46.3 (GeneralizedTime): YYYYMMDDHH[MM[SS]][(.|,)fraction][Z | ±HH[MM]]
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,]\d+)?(?:Z|[+-](\d{2})(\d{2})?)?$/;
// X.680 47.3 (UTCTime): YYMMDDhhmm[ss] then Z or ±hhmm
const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:Z|[+-](\d{2})(\d{2}))$/;

const GENERALIZED_FORM = 'YYYYMMDDhh[mm[ss]][.fff][Z|±hhmm] (X.680 46)';
const UTC_FORM = 'YYMMDDhhmm[ss] followed by Z or ±hhmm (X.680 47)';

/** Why `s` is not a GeneralizedTime/UTCTime value, or undefined. */
export function timeProblem(kind: 'GeneralizedTime' | 'UTCTime', s: string): string | undefined {
  const m = (kind === 'UTCTime' ? UTC : GENERALIZED).exec(s);
  const form = kind === 'UTCTime' ? UTC_FORM : GENERALIZED_FORM;
  if (m === null) return `expected a ${kind} ${form}, found ${JSON.stringify(s)}`;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const year = kind === 'UTCTime' ? 2000 + n(1) : n(1);
  const [month, day, hour, minute, second, offH, offM] = [n(2), n(3), n(4), n(5), n(6), n(7), n(8)];
  const bad =
    month < 1 || month > 12
      ? `month ${month}`
      : day < 1 || day > daysIn(year, month)
        ? `day ${day} of month ${month}`
        : hour > 23
          ? `hour ${hour}`
          : minute > 59
            ? `minute ${minute}`
            : second > 60
              ? `second ${second}`
              : offH > 23 || offM > 59
                ? `time difference ${offH}:${offM}`
                : undefined;
  return bad === undefined ? undefined : `${kind} ${JSON.stringify(s)} has ${bad}, which does not exist`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DOTTED = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** Why `s` is not a dotted OBJECT IDENTIFIER (`relative` false) or RELATIVE-OID, or undefined. */
export function oidProblem(s: string, relative: boolean): string | undefined {
  const what = relative ? 'RELATIVE-OID' : 'OBJECT IDENTIFIER';
  if (!DOTTED.test(s)) return `expected a ${what} as decimal arcs separated by dots (no leading zeros), found ${JSON.stringify(s)}`;
  const arcs = s.split('.').map(Number);
  const big = arcs.findIndex((a) => !Number.isSafeInteger(a));
  if (big >= 0) return `${what} ${JSON.stringify(s)}: arc ${big + 1} exceeds 2^53 - 1`;
  if (relative) return undefined;
  if (arcs.length < 2) return `OBJECT IDENTIFIER ${JSON.stringify(s)} needs at least two arcs`;
  const [a, b] = arcs;
  if (a > 2) return `OBJECT IDENTIFIER ${JSON.stringify(s)}: the first arc must be 0, 1 or 2 (X.660)`;
  if (a < 2 && b > 39) return `OBJECT IDENTIFIER ${JSON.stringify(s)}: the second arc must be below 40 under ${a} (X.660)`;
  if (!Number.isSafeInteger(a * 40 + b)) return `OBJECT IDENTIFIER ${JSON.stringify(s)}: the second arc is too large to encode`;
  return undefined;
}
