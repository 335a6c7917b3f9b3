/**
 * Hostile input: random bytes and random mutations of valid encodings, fed to elementLength, to a
 * generic walker (peekTag/enter/leave/readRaw) and to every typed read. Each must return or throw a
 * BerError: never another error, never hang. elementLength and the walker must also agree.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BerError, BerReader, STRING_TAG, elementLength, type StringKind } from '../../src/ber/index.js';
import { hex } from './support.js';
import { HIPATH_APDUS } from './hipath-vectors.js';

/** Runs `f`; a BerError is an allowed outcome, anything else fails the property. */
function tolerant<T>(f: () => T): T | BerError {
  try {
    return f();
  } catch (e) {
    if (e instanceof BerError) return e;
    throw e;
  }
}

const KINDS = Object.keys(STRING_TAG) as StringKind[];

/** Every typed read, each on a fresh reader over one element, with that element's own tag. */
function typedReads(bytes: Uint8Array, t: number): void {
  const reads: ((r: BerReader) => unknown)[] = [
    (r) => r.readBoolean(t),
    (r) => r.readInteger(t),
    (r) => r.readNull(t),
    (r) => r.readOctetString(t),
    (r) => r.readBitString(t),
    (r) => r.readIA5String(t),
    (r) => r.readObjectIdentifier(t),
    (r) => r.readRelativeOid(t),
    (r) => r.readTime(t),
    (r) => r.readElementReader(t).rest(),
    (r) => (r.enter(t), r.rest(), r.leave()),
    ...KINDS.map((kind) => (r: BerReader) => r.readString(kind, t)),
  ];
  for (const read of reads) tolerant(() => read(new BerReader(bytes, { maxDepth: 16 })));
}

/** Walks the current container, entering constructed elements; primitives go through every typed read. */
function walk(r: BerReader): number {
  let count = 0;
  while (r.more()) {
    const t = r.peekTag();
    if (r.peekConstructed()) {
      r.enter(t);
      count += 1 + walk(r);
      r.leave();
    } else {
      const raw = r.readRaw();
      typedReads(raw.bytes, t);
      count++;
    }
  }
  return count;
}

function check(bytes: Uint8Array): void {
  const length = tolerant(() => elementLength(bytes, 0, bytes.length, { maxDepth: 16 }));
  const raw = tolerant(() => new BerReader(bytes, { maxDepth: 16 }).readRaw());
  // Agreement: a complete first element has the same length both ways.
  if (!(raw instanceof BerError)) expect(length).toBe(raw.bytes.length);
  if (typeof length === 'number' && length >= 0) expect(raw instanceof BerError ? raw.code : raw.bytes.length).toBe(length);
  if (length === -1) expect(raw instanceof BerError && raw.code).toBe('truncated');
  tolerant(() => walk(new BerReader(bytes, { maxDepth: 16, maxElements: 10_000 })));
  if (!(raw instanceof BerError)) typedReads(raw.bytes, raw.tag);
}

const VALID: Uint8Array[] = [
  ...HIPATH_APDUS.map(([, apdu]) => apdu),
  hex('30 80 30 80 30 80 02 01 05 00 00 00 00 00 00'),
  hex('23 80 03 03 00 0A 3B 03 05 04 5F 29 1C D0 00 00'),
  hex('24 80 04 02 01 02 24 80 04 01 03 00 00 00 00'),
  hex('36 09 04 03 4A 6F 6E 04 02 65 73'),
  hex('BF 81 48 0C 06 05 2B 0C 00 81 5A 0D 01 00 17 00'),
  hex('30 0C 1E 02 00 41 1C 04 00 01 F6 00 0C 00'),
];

/** One edit: replace a byte, insert a byte, delete a byte, or cut the tail. */
const edit = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x80, 0x1f, 0xff, 0x81, 0x84, 0x20, 0xa0) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), value: fc.constant(0) }),
);

function mutate(base: Uint8Array, edits: { op: string; at: number; value: number }[]): Uint8Array {
  let b = Array.from(base);
  for (const { op, at, value } of edits) {
    const i = b.length === 0 ? 0 : at % b.length;
    if (op === 'set' && b.length > 0) b[i] = value;
    else if (op === 'insert') b.splice(i, 0, value);
    else if (op === 'delete') b.splice(i, 1);
    else if (op === 'cut') b = b.slice(0, i);
  }
  return Uint8Array.from(b);
}

describe('hostile input never escapes as anything but a BerError', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => check(b)), { numRuns: 3000 });
  });

  it('random bytes starting with a plausible identifier', () => {
    const start = fc.constantFrom(0x30, 0xa0, 0x24, 0x23, 0x36, 0x9f, 0xbf, 0x02, 0x03, 0x06);
    fc.assert(fc.property(start, fc.uint8Array({ maxLength: 48 }), (s, rest) => check(Uint8Array.of(s, ...rest))), { numRuns: 3000 });
  });

  it('mutations of valid encodings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 4 }), (base, edits) => check(mutate(base, edits))),
      { numRuns: 3000 },
    );
  });

  it('the valid encodings themselves walk without error', () => {
    for (const b of VALID) {
      const r = new BerReader(b);
      expect(walk(r)).toBeGreaterThan(0);
      r.end();
    }
  });

  it('deep and wide hostile shapes finish quickly', () => {
    const shapes: [Uint8Array, number | string][] = [
      [hex('30 80'.repeat(100_000)), 'depth-limit'],
      [hex('24 80'.repeat(50_000)), 'depth-limit'],
      [hex(`30 84 00 0F 42 40 ${'05 00'.repeat(20_000)}`), -1],
      [hex('A0 80'.repeat(10) + '05 00'.repeat(5_000)), -1],
    ];
    for (const [b, want] of shapes) {
      const started = Date.now();
      const length = tolerant(() => elementLength(b, 0, b.length));
      expect(length instanceof BerError ? length.code : length).toBe(want);
      expect(tolerant(() => walk(new BerReader(b)))).toBeInstanceOf(BerError);
      expect(tolerant(() => new BerReader(b).readOctetString())).toBeInstanceOf(BerError);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });
});
