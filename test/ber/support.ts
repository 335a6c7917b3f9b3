/**
 * Shared pieces of the BER runtime tests: hex input, catching BerErrors, a generic element tree
 * (read with peekTag/enter/leave, written back with mark/wrap) and the table runner.
 */
import { expect, it } from '@jest/globals';
import { BerError, BerReader, BerWriter, fromHex, type BerErrorCode, type BerErrorKind, type DecodeOptions } from '../../src/ber/index.js';

export const hex = fromHex;

/** The BerError `f` throws; fails the test when it throws something else or nothing. */
export function berErrorOf(f: () => unknown): BerError {
  try {
    f();
  } catch (e) {
    if (e instanceof BerError) return e;
    throw e;
  }
  throw new Error('expected a BerError, but nothing was thrown');
}

/** Any element, as the generic walker sees it. */
export type Tree =
  | { readonly tag: number; readonly constructed: true; readonly children: Tree[] }
  | { readonly tag: number; readonly constructed: false; readonly contents: Uint8Array };

/** Reads the elements of the current container into trees (constructed ones entered, primitives as contents). */
export function readTrees(r: BerReader): Tree[] {
  const out: Tree[] = [];
  while (r.more()) {
    const tag = r.peekTag();
    if (r.peekConstructed()) {
      r.enter(tag);
      out.push({ tag, constructed: true, children: readTrees(r) });
      r.leave();
    } else {
      out.push({ tag, constructed: false, contents: r.readOctetString(tag) });
    }
  }
  return out;
}

/** Writes trees in order (last first, as the writer wants). */
export function writeTrees(w: BerWriter, trees: readonly Tree[]): void {
  for (let i = trees.length - 1; i >= 0; i--) {
    const t = trees[i];
    if (t.constructed) {
      const m = w.mark();
      writeTrees(w, t.children);
      w.wrap(m, t.tag);
    } else {
      w.writeOctetString(t.contents, t.tag);
    }
  }
}

/** Decodes `bytes` generically and encodes the result again (definite lengths, minimal forms). */
export function reencode(bytes: Uint8Array): Uint8Array {
  const r = new BerReader(bytes);
  const trees = readTrees(r);
  r.end();
  const w = new BerWriter();
  writeTrees(w, trees);
  return w.finish();
}

/** A row of a reader table: `read` runs on a fresh reader over `hex`; either `want` or an error. */
export interface ReadCase {
  readonly name: string;
  readonly hex: string;
  readonly read: (r: BerReader) => unknown;
  readonly want?: unknown;
  readonly code?: BerErrorCode;
  readonly offset?: number;
  readonly kind?: BerErrorKind;
  readonly options?: DecodeOptions;
  /** For ok rows: the read stops before the end of the input on purpose (no `end()` check). */
  readonly partial?: boolean;
}

export function readTable(cases: readonly ReadCase[]): void {
  for (const c of cases) {
    const outcome = c.code === undefined ? 'ok' : `${c.code} @${c.offset}`;
    it(`${c.name}: ${c.hex || '(empty)'} → ${outcome}`, () => {
      const r = new BerReader(hex(c.hex), c.options);
      if (c.code === undefined) {
        expect(c.read(r)).toEqual(c.want);
        if (!c.partial) r.end();
        return;
      }
      const e = berErrorOf(() => c.read(r));
      expect({ code: e.code, offset: e.offset }).toEqual({ code: c.code, offset: c.offset });
      if (c.kind !== undefined) expect(e.kind).toBe(c.kind);
    });
  }
}

/** `n` bytes counting up from 0 (mod 256), as hex. */
export function filler(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += (i & 0xff).toString(16).padStart(2, '0');
  return s;
}
