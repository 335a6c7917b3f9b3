// Correctness gates run before any timing: decode result vs the hand-written
// reference, encode output vs the original bytes, embedded bytes vs the fixture file.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APDU_HEX, MESSAGE_NAMES, MESSAGE_TITLES, bytesToHex } from './messages.js';

function show(v: unknown): string {
  if (v instanceof Uint8Array) return `bytes ${bytesToHex(v)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? `array(${v.length})` : 'object';
  return String(v);
}

/**
 * First difference between a decoded value and the reference, as "path: got X, want Y",
 * or null when they are equal. Byte arrays compare by content (a Buffer equals a
 * Uint8Array with the same bytes); object keys whose value is undefined count as absent.
 */
export function findDifference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array)) return `${path}: got ${show(actual)}, want ${show(expected)}`;
    if (actual.length !== expected.length || actual.some((b, i) => b !== expected[i])) {
      return `${path}: got ${show(actual)}, want ${show(expected)}`;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: got ${show(actual)}, want ${show(expected)}`;
    if (actual.length !== expected.length) return `${path}: got ${actual.length} items, want ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = findDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || actual instanceof Uint8Array) {
      return `${path}: got ${show(actual)}, want ${show(expected)}`;
    }
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    for (const k of keys) {
      if (a[k] === undefined && e[k] === undefined) continue;
      if (!(k in e) || e[k] === undefined) return `${path}.${k}: unexpected key with value ${show(a[k])}`;
      const d = findDifference(a[k], e[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path}: got ${show(actual)}, want ${show(expected)}`;
}

/** Why two encodings differ ("length 93 vs 92; first difference at byte 1: 5B vs 5A"), or null if identical. */
export function describeByteDifference(got: Uint8Array, want: Uint8Array): string | null {
  const n = Math.min(got.length, want.length);
  let i = 0;
  while (i < n && got[i] === want[i]) i++;
  if (i === n && got.length === want.length) return null;
  const hx = (b: number | undefined): string => (b === undefined ? 'end' : b.toString(16).padStart(2, '0').toUpperCase());
  const len = got.length === want.length ? `same length ${got.length}` : `length ${got.length} vs ${want.length}`;
  return `${len}; first difference at byte ${i}: ${hx(got[i])} vs ${hx(want[i])}`;
}

interface Tlv {
  tag: string; // identifier octets, hex
  constructed: boolean;
  start: number; // offset of the content
  end: number;
}

/** Splits bytes[from, to) into TLVs; null if they are not well-formed definite-length BER. */
function splitTlvs(bytes: Uint8Array, from: number, to: number): Tlv[] | null {
  const out: Tlv[] = [];
  let p = from;
  while (p < to) {
    const t0 = p;
    if ((bytes[p++]! & 0x1f) === 0x1f) while (p < to && (bytes[p++]! & 0x80) !== 0);
    const tag = bytesToHex(bytes.subarray(t0, p));
    let len = bytes[p++];
    if (len === undefined || len === 0x80) return null;
    if (len > 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (bytes[p++] ?? 0);
    }
    if (p + len > to) return null;
    out.push({ tag, constructed: (bytes[t0]! & 0x20) !== 0, start: p, end: p + len });
    p += len;
  }
  return out;
}

function contentText(bytes: Uint8Array, t: Tlv): string {
  const v = bytes.subarray(t.start, t.end);
  const printable = v.length > 0 && v.every((b) => b >= 0x20 && b < 0x7f);
  return printable ? JSON.stringify(String.fromCharCode(...v)) : v.length === 0 ? 'empty' : bytesToHex(v);
}

/**
 * Walks both encodings as TLV trees and names the elements that differ, by tag path
 * (e.g. "A1.30.A0.A4.7E.A0.18: content "…Z" vs "…""), so a length change is traced to its cause.
 */
export function describeElementDifferences(got: Uint8Array, want: Uint8Array): string {
  if (describeByteDifference(got, want) === null) return 'identical';
  const diffs: string[] = [];
  const walk = (gFrom: number, gTo: number, wFrom: number, wTo: number, path: string): void => {
    const g = splitTlvs(got, gFrom, gTo);
    const w = splitTlvs(want, wFrom, wTo);
    if (g === null || w === null) {
      diffs.push(`${path || 'top'}: ${g === null ? 'output' : 'original'} is not definite-length BER here`);
      return;
    }
    if (g.length !== w.length) diffs.push(`${path || 'top'}: ${g.length} elements vs ${w.length}`);
    for (let i = 0; i < Math.min(g.length, w.length); i++) {
      const a = g[i]!;
      const b = w[i]!;
      const here = path === '' ? b.tag : `${path}.${b.tag}`;
      if (a.tag !== b.tag) diffs.push(`${here}: tag ${a.tag} vs ${b.tag}`);
      if (a.constructed && b.constructed) walk(a.start, a.end, b.start, b.end, here);
      else if (a.constructed !== b.constructed) diffs.push(`${here}: constructed vs primitive`);
      else if (describeByteDifference(got.subarray(a.start, a.end), want.subarray(b.start, b.end)) !== null) {
        diffs.push(`${here}: content ${contentText(got, a)} vs ${contentText(want, b)}`);
      }
    }
  };
  walk(0, got.length, 0, want.length, '');
  if (diffs.length === 0) return 'same elements, different length encoding';
  const more = diffs.length > 3 ? ` (+${diffs.length - 3} more)` : '';
  return `${diffs.length} element difference(s): ${diffs.slice(0, 3).join('; ')}${more}`;
}

interface FixtureVector {
  name: string;
  frame: string;
}

/**
 * Compares the embedded APDUs with the fixture file's frames minus their 3-byte header.
 * Returns a note for the report; throws when the file is there and disagrees.
 */
export function checkAgainstFixtures(repoRoot: string): string {
  const file = process.env['CSTA_FIXTURES'] ?? join(repoRoot, '..', 'shared', 'fixtures', 'hipath-vectors.json');
  if (!existsSync(file)) return `fixture file ${file} not found; used the APDUs embedded in bench/messages.ts`;
  const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: FixtureVector[] }).vectors;
  for (const msg of MESSAGE_NAMES) {
    const title = MESSAGE_TITLES[msg];
    const v = vectors.find((x) => x.name === title || x.name.startsWith(`${title} (`));
    if (v === undefined) throw new Error(`${file}: no vector named "${title}"; update bench/messages.ts or the fixture`);
    const apdu = v.frame.toUpperCase().slice(6);
    if (apdu !== APDU_HEX[msg].toUpperCase()) {
      throw new Error(`${file}: vector "${v.name}" differs from APDU_HEX.${msg} in bench/messages.ts; re-copy it`);
    }
  }
  return `APDUs checked against ${file}`;
}
