/**
 * BerWriter: backwards writing with mark/wrap, buffer growth, headers (high tags, long lengths),
 * raw elements, and the writer's own errors. Contents of each type are in primitives.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BerReader, BerWriter, Tag, TagClass, elementLength, tag, toHex } from '../../src/ber/index.js';
import { berErrorOf, filler, hex, readTrees, reencode, writeTrees, type Tree } from './support.js';

const ctx = (n: number) => tag(TagClass.Context, n);

function written(write: (w: BerWriter) => void, capacity?: number): string {
  const w = new BerWriter(capacity);
  write(w);
  return toHex(w.finish(), ' ');
}

describe('mark / wrap', () => {
  it('builds the systemStatus invoke from the last component to the first', () => {
    const out = written((w) => {
      const invoke = w.mark();
      const argument = w.mark();
      w.writeEnumerated(2);
      w.wrap(argument, Tag.SEQUENCE);
      w.writeInteger(211);
      w.writeInteger(1);
      w.wrap(invoke, ctx(1));
    });
    expect(out).toBe('A1 0C 02 01 01 02 02 00 D3 30 03 0A 01 02');
  });

  it('wraps an empty container', () => {
    expect(written((w) => w.wrap(w.mark(), Tag.SEQUENCE))).toBe('30 00');
  });

  it('refuses a mark beyond what was written', () => {
    const w = new BerWriter();
    w.writeNull();
    const e = berErrorOf(() => w.wrap(5, Tag.SEQUENCE));
    expect([e.code, e.kind, e.offset]).toEqual(['invalid-value', 'value', -1]);
  });

  it('finish() returns a copy and resets the writer for reuse', () => {
    const w = new BerWriter();
    w.writeNull();
    const first = w.finish();
    expect(w.mark()).toBe(0);
    w.writeBoolean(true);
    expect([toHex(first), toHex(w.finish())]).toEqual(['0500', '0101FF']);
  });
});

describe('identifier and length octets', () => {
  const cases: [string, (w: BerWriter) => void, string][] = [
    ['[30], last one-octet number', (w) => w.writeNull(ctx(30)), '9E 00'],
    ['[31], first high tag number', (w) => w.writeNull(ctx(31)), '9F 1F 00'],
    ['[127]', (w) => w.writeNull(ctx(127)), '9F 7F 00'],
    ['[128]', (w) => w.writeNull(ctx(128)), '9F 81 00 00'],
    ['[APPLICATION 2^24 - 1]', (w) => w.writeNull(tag(TagClass.Application, 0xffffff)), '5F 87 FF FF 7F 00'],
    ['[PRIVATE 0]', (w) => w.writeNull(tag(TagClass.Private, 0)), 'C0 00'],
    ['constructed high tag', (w) => w.wrap(w.mark(), ctx(200)), 'BF 81 48 00'],
    ['length 127, short form', (w) => w.writeOctetString(new Uint8Array(127)), `04 7F ${'00 '.repeat(127).trim()}`],
  ];
  for (const [name, write, want] of cases) it(name, () => expect(written(write)).toBe(want));

  it('long lengths in minimal form', () => {
    for (const [n, header] of [[128, '0481 80'], [255, '0481FF'], [256, '04820100'], [65535, '0482FFFF'], [65536, '0483010000']] as const) {
      const out = new BerWriter();
      out.writeOctetString(new Uint8Array(n));
      const bytes = out.finish();
      expect(toHex(bytes.subarray(0, header.replace(/ /g, '').length / 2))).toBe(header.replace(/ /g, ''));
      expect(bytes.length).toBe(n + header.replace(/ /g, '').length / 2);
    }
  });

  it('refuses a number that is not a tag', () => {
    for (const t of [-1, 1.5, 0x4000000, 2 ** 40]) expect(berErrorOf(() => new BerWriter().writeNull(t)).code).toBe('invalid-value');
  });
});

describe('growth', () => {
  it('output does not depend on the initial capacity', () => {
    const write = (w: BerWriter) => {
      const m = w.mark();
      for (let i = 0; i < 300; i++) w.writeInteger(i * 1000003);
      w.writeOctetString(hex(filler(5000)));
      w.writeIA5String('x'.repeat(1000));
      w.wrap(m, Tag.SEQUENCE);
    };
    const big = written(write, 1 << 16);
    for (const capacity of [0, 1, 16, 17, 100]) expect(written(write, capacity)).toBe(big);
  });

  it('marks stay valid across a growth', () => {
    const w = new BerWriter(1);
    const m = w.mark();
    w.writeOctetString(new Uint8Array(1000));
    w.wrap(m, Tag.SEQUENCE);
    const out = w.finish();
    expect(toHex(out.subarray(0, 8))).toBe('308203EC048203E8');
  });
});

describe('raw elements', () => {
  it('writeRaw copies bytes unchanged, non-canonical ones included', () => {
    const weird = { tag: Tag.SEQUENCE, constructed: true, bytes: hex('30 80 02 81 01 05 00 00') };
    expect(written((w) => w.writeRaw(weird))).toBe('30 80 02 81 01 05 00 00');
  });

  it('writeRawList keeps array order', () => {
    const list = ['05 00', '9F 21 01 AA', 'A5 80 05 00 00 00'].map((h) => ({ tag: 0, constructed: false, bytes: hex(h) }));
    expect(written((w) => w.writeRawList(list))).toBe('05 00 9F 21 01 AA A5 80 05 00 00 00');
  });
});

/** Arbitrary element trees: the writer's output must read back to the same tree, and be one complete element. */
const tagArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 31, max: 0xffffff })));
const treeArb = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tag: tagArb.map(([c, n]) => tag(c, n)), constructed: fc.constant(false as const), contents: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({ tag: tagArb.map(([c, n]) => tag(c, n)), constructed: fc.constant(true as const), children: fc.array(tie('tree'), { maxLength: 4 }) }),
  ),
})).tree;

describe('round trip of arbitrary element trees', () => {
  it('write → read gives the same tree; write → read → write gives the same bytes', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const w = new BerWriter(8);
        writeTrees(w, [t]);
        const out = w.finish();
        expect(elementLength(out, 0, out.length)).toBe(out.length);
        const r = new BerReader(out);
        expect(readTrees(r)).toEqual([t]);
        r.end();
        expect(toHex(reencode(out))).toBe(toHex(out));
      }),
      { numRuns: 300 },
    );
  });
});

describe('growth in the middle of an element', () => {
  it('OBJECT IDENTIFIER and RELATIVE-OID lengths stay right when the buffer grows while their arcs are written', () => {
    // Found by the round-trip property test: a 64-byte writer grew inside an OID of large arcs.
    for (let fill = 0; fill < 80; fill++) {
      const w = new BerWriter(64);
      w.writeOctetString(new Uint8Array(fill));
      w.writeObjectIdentifier('2.6521329060962561.2503426738187189.3929440863823719.14');
      w.writeRelativeOid('3997806635437157.504386514854606');
      const r = new BerReader(w.finish());
      expect(r.readRelativeOid()).toBe('3997806635437157.504386514854606');
      expect(r.readObjectIdentifier()).toBe('2.6521329060962561.2503426738187189.3929440863823719.14');
      expect(r.readOctetString()).toHaveLength(fill);
    }
  });
});
