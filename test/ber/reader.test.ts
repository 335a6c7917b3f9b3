/**
 * BerReader: identifiers, lengths, nesting, end-of-contents and limits (X.690 8.1), as named byte
 * tables. Contents of the primitive types are in primitives.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { BerReader, BerWriter, Tag, TagClass, tag, toHex, within, type BerError } from '../../src/ber/index.js';
import { berErrorOf, filler, hex, readTable } from './support.js';

const ctx = (n: number) => tag(TagClass.Context, n);
const app = (n: number) => tag(TagClass.Application, n);
const priv = (n: number) => tag(TagClass.Private, n);
const raw = (r: BerReader) => {
  const e = r.readRaw();
  return { tag: e.tag, constructed: e.constructed, bytes: toHex(e.bytes) };
};

describe('identifier octets (X.690 8.1.2)', () => {
  readTable([
    { name: 'universal primitive', hex: '05 00', read: (r) => [r.peekTag(), r.peekConstructed(), r.readNull()], want: [Tag.NULL, false, null] },
    { name: 'context constructed [0]', hex: 'A0 00', read: (r) => [r.peekTag(), r.peekConstructed(), raw(r).bytes], want: [ctx(0), true, 'A000'] },
    { name: 'application [APPLICATION 30]', hex: '7E 00', read: (r) => r.peekTag(), want: app(30), partial: true },
    { name: 'private [PRIVATE 5]', hex: 'C5 00', read: (r) => r.peekTag(), want: priv(5), partial: true },
    { name: 'high tag [31], smallest', hex: '9F 1F 00', read: raw, want: { tag: ctx(31), constructed: false, bytes: '9F1F00' } },
    { name: 'high tag [127]', hex: '9F 7F 00', read: raw, want: { tag: ctx(127), constructed: false, bytes: '9F7F00' } },
    { name: 'high tag [128], two octets', hex: 'BF 81 00 00', read: raw, want: { tag: ctx(128), constructed: true, bytes: 'BF810000' } },
    { name: 'high tag 2^24 - 1, largest', hex: '5F 87 FF FF 7F 00', read: (r) => [r.peekTag(), raw(r).tag], want: [app(0xffffff), app(0xffffff)] },
    { name: 'high tag read as implicit tag', hex: '9F 82 00 01 2A', read: (r) => r.readInteger(ctx(256)), want: 42 },
    { name: 'high tag 2^24 refused', hex: '5F 88 80 80 00 00', read: raw, code: 'tag-number-too-large', offset: 0, kind: 'syntax' },
    { name: 'high tag 2^24 refused by peekTag', hex: '5F 88 80 80 00 00', read: (r) => r.peekTag(), code: 'tag-number-too-large', offset: 0 },
    { name: 'high tag of five octets', hex: '5F 81 80 80 80 00 00', read: raw, code: 'tag-number-too-large', offset: 0 },
    { name: 'high tag with leading 0x80', hex: '9F 80 1F 00', read: raw, code: 'bad-tag-encoding', offset: 0 },
    { name: 'high tag form for number 30', hex: '9F 1E 00', read: raw, code: 'bad-tag-encoding', offset: 0 },
    { name: 'high tag form for number 0', hex: '1F 00 00', read: (r) => r.peekTag(), code: 'bad-tag-encoding', offset: 0 },
    { name: 'high tag cut after first octet', hex: '9F', read: raw, code: 'truncated', offset: 0 },
    { name: 'high tag cut inside the number', hex: '9F 81', read: (r) => r.peekTag(), code: 'truncated', offset: 0 },
    { name: 'tag mismatch', hex: '04 01 01', read: (r) => r.readInteger(), code: 'unexpected-tag', offset: 0, kind: 'structure' },
    { name: 'class mismatch, same number', hex: '82 01 01', read: (r) => r.readInteger(), code: 'unexpected-tag', offset: 0 },
    { name: 'constructed where primitive expected', hex: '22 03 02 01 01', read: (r) => r.readInteger(), code: 'expected-primitive', offset: 0 },
    { name: 'constructed with a one-octet length', hex: '22 01 05', read: (r) => r.readInteger(), code: 'expected-primitive', offset: 0 },
    { name: 'high-tag form of number 1 where [31] expected', hex: '9F 01 05', read: (r) => r.readInteger(ctx(31)), code: 'bad-tag-encoding', offset: 0 },
    { name: 'primitive where constructed expected', hex: '10 00', read: (r) => r.enter(Tag.SEQUENCE), code: 'expected-constructed', offset: 0 },
  ]);
});

describe('length octets (X.690 8.1.3)', () => {
  readTable([
    { name: 'short form 0', hex: '04 00', read: (r) => r.readOctetString().length, want: 0 },
    { name: 'short form 127', hex: `04 7F ${filler(127)}`, read: (r) => r.readOctetString().length, want: 127 },
    { name: 'long form 128', hex: `04 81 80 ${filler(128)}`, read: (r) => r.readOctetString().length, want: 128 },
    { name: 'long form 256 in two octets', hex: `04 82 01 00 ${filler(256)}`, read: (r) => r.readOctetString().length, want: 256 },
    { name: 'non-minimal long form 3 (accepted)', hex: '04 81 03 01 02 03', read: (r) => toHex(r.readOctetString()), want: '010203' },
    { name: 'non-minimal two-octet length', hex: '02 82 00 01 05', read: (r) => r.readInteger(), want: 5 },
    { name: 'four length octets (accepted)', hex: '04 84 00 00 00 03 01 02 03', read: (r) => toHex(r.readOctetString()), want: '010203' },
    { name: 'non-minimal length on a constructed element', hex: '30 81 03 02 01 07', read: (r) => (r.enter(Tag.SEQUENCE), [r.readInteger(), r.leave()][0]), want: 7 },
    { name: 'five length octets', hex: '04 85 00 00 00 00 03 01 02 03', read: raw, code: 'length-too-long', offset: 0, kind: 'syntax' },
    { name: 'reserved length octet 0xFF', hex: '04 FF 00', read: raw, code: 'bad-length', offset: 0 },
    { name: 'contents beyond the input', hex: '04 05 01 02', read: (r) => r.readOctetString(), code: 'truncated', offset: 0, kind: 'syntax' },
    { name: 'length octets beyond the input', hex: '04 82 01', read: raw, code: 'truncated', offset: 0 },
    { name: 'no length octet', hex: '04', read: raw, code: 'truncated', offset: 0 },
    { name: 'contents beyond the enclosing element', hex: '30 03 04 05 01 02 03 04 05', read: (r) => (r.enter(Tag.SEQUENCE), r.readOctetString()), code: 'truncated', offset: 2 },
    { name: 'one-octet INTEGER beyond the enclosing element', hex: '30 02 02 01 05', read: (r) => (r.enter(Tag.SEQUENCE), r.readInteger()), code: 'truncated', offset: 2 },
    { name: 'indefinite length on a primitive', hex: '04 80 01 00 00', read: raw, code: 'indefinite-primitive', offset: 0 },
    { name: 'indefinite primitive via a typed read', hex: '02 80 01 00 00', read: (r) => r.readInteger(), code: 'indefinite-primitive', offset: 0 },
    { name: 'above maxLength', hex: `04 81 80 ${filler(128)}`, read: raw, options: { maxLength: 127 }, code: 'length-limit', offset: 0, kind: 'limit' },
    { name: 'at maxLength', hex: `04 7F ${filler(127)}`, read: (r) => r.readOctetString().length, options: { maxLength: 127 }, want: 127 },
    { name: 'above maxLength via a typed read', hex: `02 81 80 ${filler(128)}`, read: (r) => r.readInteger(), options: { maxLength: 127 }, code: 'length-limit', offset: 0 },
    { name: 'huge declared length: limit before truncation', hex: '04 84 7F FF FF FF', read: raw, code: 'length-limit', offset: 0 },
  ]);
});

const seq = Tag.SEQUENCE;

describe('nesting, indefinite lengths and end-of-contents (X.690 8.1.3.6, 8.1.5)', () => {
  readTable([
    {
      name: 'indefinite nested 3 deep',
      hex: '30 80 30 80 30 80 02 01 05 00 00 00 00 00 00',
      read: (r) => {
        r.enter(seq), r.enter(seq), r.enter(seq);
        const v = r.readInteger();
        const atEnd = [r.peekTag(), r.more()];
        r.leave(), r.leave(), r.leave();
        return [v, atEnd];
      },
      want: [5, [-1, false]],
    },
    { name: 'indefinite inside definite', hex: '30 07 30 80 02 01 05 00 00', read: (r) => (r.enter(seq), r.enter(seq), [r.readInteger(), r.leave(), r.leave()][0]), want: 5 },
    { name: 'definite inside indefinite', hex: '30 80 30 03 02 01 05 00 00', read: (r) => (r.enter(seq), r.enter(seq), [r.readInteger(), r.leave(), r.leave()][0]), want: 5 },
    { name: 'empty indefinite', hex: '30 80 00 00', read: (r) => (r.enter(seq), [r.more(), r.leave()][0]), want: false },
    { name: 'indefinite skipped by readRaw', hex: 'A1 80 30 80 05 00 00 00 04 01 AA 00 00 05 00', read: (r) => [raw(r).bytes, r.readNull()], want: ['A1803080050000000401AA0000', null] },
    { name: 'missing EOC at the end of input', hex: '30 80 02 01 05', read: (r) => (r.enter(seq), r.readInteger(), r.leave()), code: 'truncated', offset: 5 },
    { name: 'peekTag in indefinite at end of input', hex: '30 80 02 01 05', read: (r) => (r.enter(seq), r.readInteger(), r.peekTag()), code: 'truncated', offset: 5 },
    { name: 'half an EOC at end of input', hex: '30 80 00', read: (r) => (r.enter(seq), r.more()), code: 'truncated', offset: 2 },
    { name: 'EOC past the enclosing definite element', hex: '30 03 30 80 00 00', read: (r) => (r.enter(seq), r.enter(seq), r.leave()), code: 'truncated', offset: 4 },
    { name: 'EOC inside a definite element', hex: '30 02 00 00', read: (r) => (r.enter(seq), r.peekTag()), code: 'bad-eoc', offset: 2, kind: 'syntax' },
    { name: 'EOC at top level', hex: '00 00', read: raw, code: 'bad-eoc', offset: 0 },
    { name: 'EOC with a length', hex: '30 80 00 01 00 00 00', read: (r) => (r.enter(seq), r.peekTag()), code: 'bad-eoc', offset: 2 },
    { name: 'EOC with a length, where leave() expects EOC', hex: '30 80 00 01 00 00 00', read: (r) => (r.enter(seq), r.leave()), code: 'bad-eoc', offset: 2 },
    { name: 'EOC with a length inside a skipped element', hex: '30 80 00 01 00 00 00', read: raw, code: 'bad-eoc', offset: 2 },
    { name: 'constructed [UNIVERSAL 0]', hex: '30 80 20 00 00 00', read: (r) => (r.enter(seq), r.peekTag()), code: 'bad-eoc', offset: 2 },
    { name: 'typed read at EOC', hex: '30 80 02 01 01 00 00', read: (r) => (r.enter(seq), r.readInteger(), r.readInteger()), code: 'missing-component', offset: 5, kind: 'structure' },
    { name: 'typed read at definite end', hex: '30 03 02 01 01', read: (r) => (r.enter(seq), r.readInteger(), r.readInteger()), code: 'missing-component', offset: 5 },
    { name: 'typed read at end of input', hex: '', read: (r) => r.readInteger(), code: 'truncated', offset: 0 },
    { name: 'leave with an element left (definite)', hex: '30 06 02 01 01 02 01 02', read: (r) => (r.enter(seq), r.readInteger(), r.leave()), code: 'unexpected-element', offset: 5, kind: 'structure' },
    { name: 'leave with an element left (indefinite)', hex: '30 80 02 01 01 02 01 02 00 00', read: (r) => (r.enter(seq), r.readInteger(), r.leave()), code: 'unexpected-element', offset: 5 },
    { name: 'trailing bytes after the top-level element', hex: '05 00 05 00', read: (r) => (r.readNull(), r.end()), code: 'trailing-data', offset: 2, kind: 'syntax' },
  ]);

  it('peekTag / more / peekConstructed at every step of a definite container', () => {
    const r = new BerReader(hex('30 06 02 01 01 A1 01 05 02 01 02'));
    const seen: unknown[] = [r.peekTag(), r.more(), r.peekConstructed()];
    r.enter(seq);
    seen.push(r.peekTag(), r.readInteger(), r.peekTag(), r.peekConstructed(), toHex(r.readRaw().bytes), r.peekTag(), r.more(), r.peekConstructed());
    r.leave();
    seen.push(r.peekTag(), r.readInteger(), r.peekTag(), r.more());
    r.end();
    expect(seen).toEqual([seq, true, true, Tag.INTEGER, 1, ctx(1), true, 'A10105', -1, false, false, Tag.INTEGER, 2, -1, false]);
  });

  it('peekTag does not consume and counts no element', () => {
    const r = new BerReader(hex('02 01 07'), { maxElements: 1 });
    for (let i = 0; i < 5; i++) expect(r.peekTag()).toBe(Tag.INTEGER);
    expect(r.pos).toBe(0);
    expect(r.readInteger()).toBe(7);
  });

  it('nesting deeper than 15 grows the stack and unwinds exactly', () => {
    const w = new BerWriter();
    const marks: number[] = [];
    for (let i = 0; i < 40; i++) marks.push(w.mark());
    w.writeInteger(40);
    for (let i = 39; i >= 0; i--) w.wrap(marks[i], seq);
    const r = new BerReader(w.finish());
    for (let i = 0; i < 40; i++) r.enter(seq);
    expect(r.readInteger()).toBe(40);
    for (let i = 0; i < 40; i++) r.leave();
    r.end();
  });

  it('leave() without enter() is a programming error, not a BerError', () => {
    expect(() => new BerReader(hex('05 00')).leave()).toThrow('without a matching enter');
  });
});

describe('rest(): unknown trailing elements kept raw', () => {
  const input = '30 0F 02 01 01 9F 21 01 AA A5 80 05 00 00 00 04 00';
  it('returns them raw, in order, and writeRawList re-emits them byte for byte', () => {
    const r = new BerReader(hex(input));
    r.enter(seq);
    const known = r.readInteger();
    const rest = r.rest()!;
    r.leave();
    r.end();
    expect(rest.map((e) => [e.tag, e.constructed, toHex(e.bytes)])).toEqual([
      [ctx(33), false, '9F2101AA'],
      [ctx(5), true, 'A58005000000'],
      [Tag.OCTET_STRING, false, '0400'],
    ]);
    const w = new BerWriter();
    const m = w.mark();
    w.writeRawList(rest);
    w.writeInteger(known);
    w.wrap(m, seq);
    expect(toHex(w.finish(), ' ')).toBe(input);
  });

  it('is undefined when nothing is left, and works at an EOC', () => {
    const r = new BerReader(hex('30 80 02 01 01 00 00'));
    r.enter(seq);
    r.readInteger();
    expect(r.rest()).toBeUndefined();
    r.leave();
    r.end();
  });

  it('raw elements are views of the input, not copies', () => {
    const input = hex('30 05 9F 21 02 AA BB');
    const r = new BerReader(input);
    r.enter(seq);
    const [e] = r.rest()!;
    expect(e.bytes.buffer).toBe(input.buffer);
    expect(e.bytes.byteOffset).toBe(2);
  });
});

describe('limits (DecodeOptions)', () => {
  readTable([
    { name: 'maxDepth 2, third enter', hex: '30 04 30 02 30 00', options: { maxDepth: 2 }, read: (r) => (r.enter(seq), r.enter(seq), r.enter(seq)), code: 'depth-limit', offset: 4, kind: 'limit' },
    { name: 'maxDepth 0 refuses any enter', hex: '30 00', options: { maxDepth: 0 }, read: (r) => r.enter(seq), code: 'depth-limit', offset: 0 },
    { name: 'maxDepth 2 allows two', hex: '30 02 30 00', options: { maxDepth: 2 }, read: (r) => (r.enter(seq), r.enter(seq), r.leave(), r.leave(), 'ok'), want: 'ok' },
    { name: 'maxDepth when skipping indefinite elements', hex: '30 80 30 80 30 80 00 00 00 00 00 00', options: { maxDepth: 2 }, read: raw, code: 'depth-limit', offset: 4 },
    { name: 'maxDepth in a constructed string', hex: '24 80 24 80 24 80 00 00 00 00 00 00', options: { maxDepth: 2 }, read: (r) => r.readOctetString(), code: 'depth-limit', offset: 4 },
    { name: 'maxElements 2, third header', hex: '30 06 02 01 01 02 01 02', options: { maxElements: 2 }, read: (r) => (r.enter(seq), r.readInteger(), r.readInteger()), code: 'element-limit', offset: 5, kind: 'limit' },
    { name: 'maxElements while skipping', hex: '30 80 05 00 05 00 05 00 00 00', options: { maxElements: 3 }, read: raw, code: 'element-limit', offset: 6 },
  ]);

  it('a thousand nested indefinite lengths fail at the depth limit, not the stack', () => {
    const input = hex('30 80'.repeat(1000) + '00 00'.repeat(1000));
    expect(berErrorOf(() => new BerReader(input).skip()).code).toBe('depth-limit');
    const r = new BerReader(input);
    const e = berErrorOf(() => {
      for (;;) r.enter(seq);
    });
    expect([e.code, e.offset]).toEqual(['depth-limit', 128]);
  });

  it('deeply nested constructed strings within a large maxDepth use no call stack', () => {
    const n = 50_000;
    const input = hex('24 80'.repeat(n) + '04 01 2A' + '00 00'.repeat(n));
    const r = new BerReader(input, { maxDepth: 100_000 });
    expect(toHex(r.readOctetString())).toBe('2A');
    r.end();
  });

  it('options out of range are a RangeError at construction', () => {
    expect(() => new BerReader(hex(''), { maxDepth: -1 })).toThrow(RangeError);
    expect(() => new BerReader(hex(''), { maxElements: 1.5 })).toThrow(RangeError);
    expect(() => new BerReader(hex(''), { maxLength: 126 })).toThrow(RangeError); // short forms are always accepted
    expect(() => new BerReader(hex('05 00'), undefined, 1, 3)).toThrow(RangeError);
  });
});

describe('sub-readers (readElementReader)', () => {
  it('reads the contents of a definite element, ending with missing-component, not truncated', () => {
    const r = new BerReader(hex('A0 06 02 01 07 02 01 08 05 00'));
    const sub = r.readElementReader(ctx(0));
    expect([sub.readInteger(), sub.readInteger(), sub.more()]).toEqual([7, 8, false]);
    sub.end();
    expect(berErrorOf(() => sub.readInteger()).code).toBe('missing-component');
    expect(r.readNull()).toBeNull();
    r.end();
  });

  it('reads the contents of an indefinite element (EOC excluded)', () => {
    const r = new BerReader(hex('A0 80 02 01 07 00 00'));
    const sub = r.readElementReader(ctx(0));
    expect(sub.readInteger()).toBe(7);
    sub.end();
    r.end();
  });

  it('continues the element budget of the reader it was cut from', () => {
    const r = new BerReader(hex('30 08 A0 06 05 00 05 00 05 00'), { maxElements: 3 });
    r.enter(seq);
    const sub = r.readElementReader(ctx(0));
    sub.readNull();
    const e = berErrorOf(() => sub.readNull());
    expect([e.code, e.offset]).toEqual(['element-limit', 6]);
  });

  it('keeps the depth left below the element', () => {
    // [0] would sit at depth 2, so with maxDepth 2 nothing inside it may be entered; with 3, one level.
    const input = hex('30 06 A0 04 30 02 30 00');
    const shallow = new BerReader(input, { maxDepth: 2 });
    shallow.enter(seq);
    expect(berErrorOf(() => shallow.readElementReader(ctx(0)).enter(seq)).code).toBe('depth-limit');
    const deeper = new BerReader(input, { maxDepth: 3 });
    deeper.enter(seq);
    const sub = deeper.readElementReader(ctx(0));
    sub.enter(seq);
    expect(berErrorOf(() => sub.enter(seq)).code).toBe('depth-limit');
  });
});

describe('reset()', () => {
  it('reads a new input with the same options, as a fresh reader would', () => {
    const r = new BerReader(hex('30 03 02 01 05'), { maxDepth: 1, maxElements: 2 });
    r.enter(seq); // left mid-container, budget partly spent
    r.reset(hex('FF 30 03 02 01 07 FF'), 1, 6);
    r.enter(seq);
    expect(r.readInteger()).toBe(7);
    r.leave();
    r.end();
    r.reset(hex('30 06 02 01 01 02 01 02'));
    r.enter(seq);
    r.readInteger();
    expect(berErrorOf(() => r.readInteger()).code).toBe('element-limit'); // budget back to 2, not more
    r.reset(hex('30 02 30 00'));
    r.enter(seq);
    expect(berErrorOf(() => r.enter(seq)).code).toBe('depth-limit'); // maxDepth still 1
  });
});

describe('error reports', () => {
  it('message shows code, offset and the ASN.1 path added by within()', () => {
    const r = new BerReader(hex('A1 06 30 04 04 02 00 01'));
    r.enter(ctx(1));
    r.enter(seq);
    let caught: unknown;
    try {
      r.readInteger();
    } catch (e) {
      caught = within(within(within(e, 'invokeId'), '[0]'), 'argument');
    }
    const e = caught as BerError;
    expect(e.path).toEqual(['argument', '[0]', 'invokeId']);
    expect(e.message).toBe('unexpected-tag at offset 4 in argument[0].invokeId: expected [UNIVERSAL 2], found [UNIVERSAL 4]');
  });

  it('unexpected() names what was found, or the end, without consuming', () => {
    const r = new BerReader(hex('30 03 04 01 01'));
    r.enter(seq);
    const e1 = r.unexpected('one of [0] [1]');
    expect([e1.code, e1.offset, e1.kind]).toEqual(['unexpected-tag', 2, 'structure']);
    expect(e1.detail).toContain('[UNIVERSAL 4]');
    r.skip();
    expect([r.unexpected('x').code, r.unexpected('x').offset]).toEqual(['missing-component', 5]);
    expect(r.error('unknown-alternative', 'no such alternative').kind).toBe('structure');
    const bad = new BerReader(hex('5F 88 80 80 00 00'));
    expect(bad.unexpected('x').code).toBe('tag-number-too-large');
  });
});
