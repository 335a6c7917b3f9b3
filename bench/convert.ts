// Small conversions shared by the library contestants: HiPath's GeneralizedTime
// (YYYYMMDDhhmmss, local time, no 'Z') to and from the Date/number forms the
// libraries' typed time APIs use, and a check for missing SEQUENCE components.

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function timeFields(s: string, who: string): [number, number, number, number, number, number] {
  if (!/^\d{14}$/.test(s)) {
    throw new Error(`${who}: timestamp "${s}" is not YYYYMMDDhhmmss (14 digits, no zone), the HiPath form (§6.2)`);
  }
  return [
    Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)),
    Number(s.slice(8, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)),
  ];
}

/** A Date built from local-time fields (asn1-ts decodes a zone-less GeneralizedTime this way). */
export function localDateFromTimestamp(s: string, who: string): Date {
  const [y, mo, d, h, mi, se] = timeFields(s, who);
  return new Date(y, mo - 1, d, h, mi, se);
}

export function timestampFromLocalDate(d: Date): string {
  return `${d.getFullYear()}${pad2(d.getMonth() + 1)}${pad2(d.getDate())}` +
    `${pad2(d.getHours())}${pad2(d.getMinutes())}${pad2(d.getSeconds())}`;
}

/** Milliseconds since the epoch reading the fields as UTC (asn1.js's gentime value). */
export function utcMillisFromTimestamp(s: string, who: string): number {
  const [y, mo, d, h, mi, se] = timeFields(s, who);
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

export function timestampFromUtcMillis(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}` +
    `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
}

/** Returns v, or throws naming the missing mandatory component and where it belongs. */
export function required<T>(v: T | undefined, who: string, path: string): T {
  if (v === undefined) throw new Error(`${who}: mandatory component ${path} is missing from the APDU`);
  return v;
}

export function asciiToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function bytesToAscii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}
