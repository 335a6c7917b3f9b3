/**
 * Contents of the primitive types (X.690 8.2–8.23): each type read from bytes (including the
 * encodings BER allows and DER does not), written back in the canonical form, and refused when wrong.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BerReader, BerWriter, STRING_TAG, Tag, TagClass, bitString, tag, toHex, type BitString, type StringKind } from '../../src/ber/index.js';
import { berErrorOf, filler, hex, readTable } from './support.js';

const ctx = (n: number) => tag(TagClass.Context, n);
const bits = (b: BitString) => [b.length, toHex(b.bytes)];

/** Hex of what `write` produces on a fresh writer. */
function written(write: (w: BerWriter) => void): string {
  const w = new BerWriter(4);
  write(w);
  return toHex(w.finish(), ' ');
}

/** Rows that hold in both directions: `value` is written as `hex` and `hex` reads as `value`. */
function bothWays<T>(rows: readonly (readonly [string, T])[], write: (w: BerWriter, v: T) => void, read: (r: BerReader) => T): void {
  for (const [h, v] of rows) {
    it(`${JSON.stringify(v)} ⇄ ${h}`, () => {
      expect(written((w) => write(w, v))).toBe(h);
      const r = new BerReader(hex(h));
      expect(read(r)).toEqual(v);
      r.end();
    });
  }
}

describe('INTEGER (X.690 8.3)', () => {
  bothWays<number>(
    [
      ['02 01 00', 0],
      ['02 01 FF', -1],
      ['02 01 7F', 127],
      ['02 02 00 80', 128],
      ['02 01 80', -128],
      ['02 02 FF 7F', -129],
      ['02 02 7F FF', 32767],
      ['02 03 00 80 00', 32768],
      ['02 02 00 D3', 211],
      ['02 05 00 80 00 00 00', 2 ** 31],
      ['02 04 80 00 00 00', -(2 ** 31)],
      ['02 05 FF 7F FF FF FF', -(2 ** 31) - 1],
      ['02 06 01 00 00 00 00 00', 2 ** 40],
      ['02 07 1F FF FF FF FF FF FF', 2 ** 53 - 1],
      ['02 07 E0 00 00 00 00 00 01', -(2 ** 53 - 1)],
    ],
    (w, v) => w.writeInteger(v),
    (r) => r.readInteger(),
  );

  readTable([
    { name: 'non-minimal positive (accepted)', hex: '02 02 00 01', read: (r) => r.readInteger(), want: 1 },
    { name: 'non-minimal negative (accepted)', hex: '02 02 FF FF', read: (r) => r.readInteger(), want: -1 },
    { name: 'nine octets that reduce to one', hex: '02 09 00 00 00 00 00 00 00 00 05', read: (r) => r.readInteger(), want: 5 },
    { name: 'eight octets of FF', hex: '02 08 FF FF FF FF FF FF FF FF', read: (r) => r.readInteger(), want: -1 },
    { name: 'non-minimal 2^53 - 1', hex: '02 08 00 1F FF FF FF FF FF FF', read: (r) => r.readInteger(), want: 2 ** 53 - 1 },
    { name: 'implicit tag [0]', hex: '80 01 2A', read: (r) => r.readInteger(ctx(0)), want: 42 },
    { name: 'no contents octets', hex: '02 00', read: (r) => r.readInteger(), code: 'bad-integer', offset: 0, kind: 'syntax' },
    { name: '2^53', hex: '02 07 20 00 00 00 00 00 00', read: (r) => r.readInteger(), code: 'integer-too-large', offset: 0, kind: 'structure' },
    { name: '-2^53', hex: '02 07 E0 00 00 00 00 00 00', read: (r) => r.readInteger(), code: 'integer-too-large', offset: 0 },
    { name: 'eight significant octets', hex: '02 08 7F FF FF FF FF FF FF FF', read: (r) => r.readInteger(), code: 'integer-too-large', offset: 0 },
    { name: 'error offset is the element, not the contents', hex: '30 02 02 00', read: (r) => (r.enter(Tag.SEQUENCE), r.readInteger()), code: 'bad-integer', offset: 2 },
  ]);

  it('every safe integer round-trips in minimal form', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (v) => {
        const w = new BerWriter(1);
        w.writeInteger(v);
        const out = w.finish();
        const r = new BerReader(out);
        expect(r.readInteger()).toBe(v);
        // Minimal (X.690 8.3.2): the first 9 bits are not all equal.
        if (out.length > 3) expect(out[2] === 0 ? out[3] >= 0x80 : out[2] !== 0xff || out[3] < 0x80).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses values that are not safe integers', () => {
    for (const v of [1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)]) {
      const e = berErrorOf(() => new BerWriter().writeInteger(v));
      expect([e.code, e.kind, e.offset]).toEqual(['invalid-value', 'value', -1]);
    }
  });
});

describe('ENUMERATED (X.690 8.4), BOOLEAN (8.2), NULL (8.8)', () => {
  bothWays<number>([['0A 01 02', 2], ['0A 02 00 80', 128]], (w, v) => w.writeEnumerated(v), (r) => r.readEnumerated());
  bothWays<boolean>([['01 01 FF', true], ['01 01 00', false]], (w, v) => w.writeBoolean(v), (r) => r.readBoolean());
  bothWays<null>([['05 00', null]], (w) => w.writeNull(), (r) => r.readNull());
  readTable([
    { name: 'BOOLEAN true as 01 (BER)', hex: '01 01 01', read: (r) => r.readBoolean(), want: true },
    { name: 'BOOLEAN true as 80', hex: '01 01 80', read: (r) => r.readBoolean(), want: true },
    { name: 'BOOLEAN implicit [3]', hex: '83 01 FF', read: (r) => r.readBoolean(ctx(3)), want: true },
    { name: 'BOOLEAN empty', hex: '01 00', read: (r) => r.readBoolean(), code: 'bad-boolean', offset: 0 },
    { name: 'BOOLEAN of two octets', hex: '01 02 FF FF', read: (r) => r.readBoolean(), code: 'bad-boolean', offset: 0 },
    { name: 'NULL with contents', hex: '05 01 00', read: (r) => r.readNull(), code: 'bad-null', offset: 0, kind: 'syntax' },
    { name: 'NULL constructed', hex: '25 00', read: (r) => r.readNull(), code: 'expected-primitive', offset: 0 },
    { name: 'NULL implicit [7]', hex: '87 00', read: (r) => r.readNull(ctx(7)), want: null },
    { name: 'ENUMERATED where INTEGER expected', hex: '0A 01 02', read: (r) => r.readInteger(), code: 'unexpected-tag', offset: 0 },
  ]);
});

describe('OBJECT IDENTIFIER (X.690 8.19) and RELATIVE-OID (8.20)', () => {
  bothWays<string>(
    [
      ['06 05 2B 0C 00 81 5A', '1.3.12.0.218'],
      ['06 03 88 37 03', '2.999.3'],
      ['06 01 00', '0.0'],
      ['06 01 27', '0.39'],
      ['06 01 28', '1.0'],
      ['06 01 4F', '1.39'],
      ['06 01 50', '2.0'],
      ['06 01 78', '2.40'],
      ['06 03 81 34 03', '2.100.3'],
      ['06 06 2A 86 48 86 F7 0D', '1.2.840.113549'],
      ['06 09 2A 8F FF FF FF FF FF FF 7F', '1.2.9007199254740991'],
    ],
    (w, v) => w.writeObjectIdentifier(v),
    (r) => r.readObjectIdentifier(),
  );
  bothWays<string>([['0D 04 C2 7B 03 02', '8571.3.2'], ['0D 01 00', '0']], (w, v) => w.writeRelativeOid(v), (r) => r.readRelativeOid());

  readTable([
    { name: 'empty OID', hex: '06 00', read: (r) => r.readObjectIdentifier(), code: 'bad-object-identifier', offset: 0, kind: 'syntax' },
    { name: 'last subidentifier unfinished', hex: '06 02 2B 8C', read: (r) => r.readObjectIdentifier(), code: 'bad-object-identifier', offset: 0 },
    { name: 'subidentifier with leading 0x80', hex: '06 03 2B 80 01', read: (r) => r.readObjectIdentifier(), code: 'bad-object-identifier', offset: 0 },
    { name: 'arc of 2^53', hex: '06 09 2A 90 80 80 80 80 80 80 00', read: (r) => r.readObjectIdentifier(), code: 'bad-object-identifier', offset: 0 },
    { name: 'very long arc', hex: `06 20 2A ${'FF '.repeat(30)}7F`, read: (r) => r.readObjectIdentifier(), code: 'bad-object-identifier', offset: 0 },
    { name: 'constructed OID', hex: '26 03 06 01 00', read: (r) => r.readObjectIdentifier(), code: 'expected-primitive', offset: 0 },
    { name: 'empty RELATIVE-OID', hex: '0D 00', read: (r) => r.readRelativeOid(), code: 'bad-object-identifier', offset: 0 },
  ]);

  it('refuses OIDs that cannot be encoded', () => {
    for (const v of ['', '1', '3.1', '1.40', '0.40', '1..2', '1.2.x', '1.-2', '1.2.9007199254740992', ' 1.2', '1.2.']) {
      expect([v, berErrorOf(() => new BerWriter().writeObjectIdentifier(v)).code]).toEqual([v, 'invalid-value']);
    }
    expect(berErrorOf(() => new BerWriter().writeRelativeOid('')).code).toBe('invalid-value');
  });
});

describe('BIT STRING (X.690 8.6)', () => {
  bothWays<BitString>(
    [
      ['03 01 00', bitString(0, [])],
      ['03 02 07 80', bitString(1, [0])],
      ['03 04 06 00 00 00', bitString(18, [])],
      ['03 04 06 80 00 40', bitString(18, [0, 17])],
      ['03 02 00 FF', bitString(8, [0, 1, 2, 3, 4, 5, 6, 7])],
      ['03 07 04 0A 3B 5F 29 1C D0', { length: 44, bytes: hex('0A 3B 5F 29 1C D0') }],
    ],
    (w, v) => w.writeBitString(v),
    (r) => r.readBitString(),
  );

  readTable([
    { name: 'constructed, indefinite (X.690 8.6.4.2 example)', hex: '23 80 03 03 00 0A 3B 03 05 04 5F 29 1C D0 00 00', read: (r) => bits(r.readBitString()), want: [44, '0A3B5F291CD0'] },
    { name: 'constructed, nested', hex: '23 0A 23 04 03 02 00 0A 03 02 04 30', read: (r) => bits(r.readBitString()), want: [12, '0A30'] },
    { name: 'constructed, no segments', hex: '23 00', read: (r) => bits(r.readBitString()), want: [0, ''] },
    { name: 'implicit [0] (MonitorFilter width kept)', hex: '80 04 06 00 00 00', read: (r) => bits(r.readBitString(ctx(0))), want: [18, '000000'] },
    { name: 'unused bits set by the sender are cleared', hex: '03 02 04 FF', read: (r) => bits(r.readBitString()), want: [4, 'F0'] },
    { name: 'no unused-bits octet', hex: '03 00', read: (r) => r.readBitString(), code: 'bad-bit-string', offset: 0, kind: 'syntax' },
    { name: 'empty with unused bits', hex: '03 01 01', read: (r) => r.readBitString(), code: 'bad-bit-string', offset: 0 },
    { name: 'unused bits 8', hex: '03 02 08 00', read: (r) => r.readBitString(), code: 'bad-bit-string', offset: 0 },
    { name: 'unused bits in a segment before the last', hex: '23 08 03 02 04 F0 03 02 00 0F', read: (r) => r.readBitString(), code: 'bad-bit-string', offset: 0 },
    { name: 'empty segment', hex: '23 04 03 00 03 00', read: (r) => r.readBitString(), code: 'bad-bit-string', offset: 0 },
    { name: 'segment with a foreign tag', hex: '23 03 04 01 00', read: (r) => r.readBitString(), code: 'unexpected-tag', offset: 2 },
  ]);

  it('the reader leaves the input untouched when it clears unused bits', () => {
    const input = hex('03 02 04 FF');
    new BerReader(input).readBitString();
    expect(toHex(input)).toBe('030204FF');
  });

  it('the writer clears unused bits and refuses a length that does not match the bytes', () => {
    expect(written((w) => w.writeBitString({ length: 4, bytes: hex('FF') }))).toBe('03 02 04 F0');
    for (const v of [{ length: 9, bytes: hex('FF') }, { length: 8, bytes: hex('FF FF') }, { length: -1, bytes: hex('') }]) {
      expect(berErrorOf(() => new BerWriter().writeBitString(v)).code).toBe('invalid-value');
    }
  });
});

describe('OCTET STRING (X.690 8.7)', () => {
  bothWays<Uint8Array>([['04 00', hex('')], ['04 03 01 02 03', hex('010203')]], (w, v) => w.writeOctetString(v), (r) => r.readOctetString());

  readTable([
    { name: 'constructed, indefinite', hex: '24 80 04 02 01 02 04 01 03 00 00', read: (r) => toHex(r.readOctetString()), want: '010203' },
    { name: 'constructed, nested definite', hex: '24 09 24 04 04 02 01 02 04 01 03', read: (r) => toHex(r.readOctetString()), want: '010203' },
    { name: 'constructed, implicit [APPLICATION 21]', hex: '75 04 04 02 00 01', read: (r) => toHex(r.readOctetString(tag(TagClass.Application, 21))), want: '0001' },
    { name: 'long form length', hex: `04 81 81 ${filler(129)}`, read: (r) => r.readOctetString().length, want: 129 },
    { name: 'segment with a foreign tag', hex: '24 03 02 01 00', read: (r) => r.readOctetString(), code: 'unexpected-tag', offset: 2 },
    { name: 'segment cut short', hex: '24 04 04 05 01 02', read: (r) => r.readOctetString(), code: 'truncated', offset: 2 },
  ]);

  it('a primitive OCTET STRING is a view of the input', () => {
    const input = hex('55 02 00 01');
    const v = new BerReader(input).readOctetString(tag(TagClass.Application, 21));
    expect([v.buffer === input.buffer, v.byteOffset, toHex(v)]).toEqual([true, 2, '0001']);
  });
});

describe('character strings (X.690 8.23) and times', () => {
  bothWays<string>([['16 05 48 65 6C 6C 6F', 'Hello'], ['16 00', ''], ['16 02 E4 FF', 'äÿ']], (w, v) => w.writeIA5String(v), (r) => r.readIA5String());
  bothWays<string>([['0C 03 E2 82 AC', '€'], ['0C 04 EF BB BF 78', '\uFEFFx']], (w, v) => w.writeString('UTF8String', v), (r) => r.readString('UTF8String'));
  bothWays<string>([['1E 04 00 41 00 E4', 'Aä']], (w, v) => w.writeString('BMPString', v), (r) => r.readString('BMPString'));
  bothWays<string>([['1C 08 00 00 00 41 00 01 F6 00', 'A😀']], (w, v) => w.writeString('UniversalString', v), (r) => r.readString('UniversalString'));
  bothWays<string>([['18 0E 32 30 31 30 30 39 32 35 31 31 33 35 31 30', '20100925113510']], (w, v) => w.writeTime(v), (r) => r.readTime());

  readTable([
    { name: 'constructed IA5String with OCTET STRING segments (X.690 8.23.6)', hex: '36 09 04 03 4A 6F 6E 04 02 65 73', read: (r) => r.readIA5String(), want: 'Jones' },
    { name: 'constructed IA5String with IA5String segments (lenient)', hex: '36 09 16 03 4A 6F 6E 16 02 65 73', read: (r) => r.readIA5String(), want: 'Jones' },
    { name: 'constructed VisibleString via readString', hex: '3A 80 04 03 4A 6F 6E 04 02 65 73 00 00', read: (r) => r.readString('VisibleString'), want: 'Jones' },
    { name: 'IA5String implicit [0] (dialingNumber)', hex: '80 03 31 30 30', read: (r) => r.readIA5String(ctx(0)), want: '100' },
    { name: 'IA5String long form', hex: `16 81 C8 ${'41'.repeat(200)}`, read: (r) => r.readIA5String(), want: 'A'.repeat(200) },
    { name: 'UTCTime', hex: '17 0D 31 30 30 39 32 35 31 31 33 35 31 30 5A', read: (r) => r.readTime(Tag.UTCTime), want: '100925113510Z' },
    { name: 'time implicit [0]', hex: '80 02 32 30', read: (r) => r.readTime(ctx(0)), want: '20' },
    { name: 'time with a control character', hex: '18 02 32 0A', read: (r) => r.readTime(), code: 'bad-time', offset: 0, kind: 'syntax' },
    { name: 'invalid UTF-8', hex: '0C 01 FF', read: (r) => r.readString('UTF8String'), code: 'bad-string', offset: 0, kind: 'syntax' },
    { name: 'BMPString of odd length', hex: '1E 03 00 41 00', read: (r) => r.readString('BMPString'), code: 'bad-string', offset: 0 },
    { name: 'BMPString with a surrogate', hex: '1E 02 D8 00', read: (r) => r.readString('BMPString'), code: 'bad-string', offset: 0 },
    { name: 'UniversalString not a multiple of 4', hex: '1C 03 00 00 41', read: (r) => r.readString('UniversalString'), code: 'bad-string', offset: 0 },
    { name: 'UniversalString above U+10FFFF', hex: '1C 04 00 11 00 00', read: (r) => r.readString('UniversalString'), code: 'bad-string', offset: 0 },
    { name: 'PrintableString where IA5String expected', hex: '13 01 41', read: (r) => r.readIA5String(), code: 'unexpected-tag', offset: 0 },
  ]);

  it('every byte-per-char kind uses its universal tag and round-trips latin1', () => {
    const kinds: StringKind[] = ['IA5String', 'PrintableString', 'VisibleString', 'NumericString', 'GraphicString', 'GeneralString', 'TeletexString', 'VideotexString', 'ObjectDescriptor'];
    const text = 'Az09 \u00e4\u00ff';
    for (const kind of kinds) {
      const w = new BerWriter();
      w.writeString(kind, text);
      const out = w.finish();
      expect([kind, out[0]]).toEqual([kind, STRING_TAG[kind]]);
      const r = new BerReader(out);
      expect(r.readString(kind)).toBe(text);
      r.end();
    }
  });

  it('strings of every length up to 40 read back exactly (one call per length up to 16, an array beyond)', () => {
    for (let n = 0; n <= 40; n++) {
      // each position its own octet, the ends of the range included
      let text = '';
      for (let i = 0; i < n; i++) text += String.fromCharCode([0x00, 0x7f, 0xff][i % 3]! ^ (i + 1));
      const w = new BerWriter();
      w.writeString('GraphicString', text);
      expect([n, new BerReader(w.finish()).readString('GraphicString')]).toEqual([n, text]);
      const time = '2010092511351059837465019283'.repeat(2).slice(0, n);
      const t = new BerWriter();
      t.writeTime(time);
      const out = t.finish();
      expect([n, new BerReader(out).readTime()]).toEqual([n, time]);
      if (n > 0) {
        out[out.length - n + ((n * 5 + 2) % n)] = 0x7f; // DEL, at a position that moves with n: not visible
        expect([n, berErrorOf(() => new BerReader(out).readTime()).code]).toEqual([n, 'bad-time']);
      }
    }
  });

  it('long latin1 strings (chunked path) round-trip', () => {
    let text = '';
    for (let i = 0; i < 10000; i++) text += String.fromCharCode(i % 256);
    const w = new BerWriter();
    w.writeString('GraphicString', text);
    expect(new BerReader(w.finish()).readString('GraphicString')).toBe(text);
  });

  it('long time values take the chunked path, still checked', () => {
    const w = new BerWriter();
    w.writeTime('1'.repeat(5000));
    const out = w.finish();
    expect(new BerReader(out).readTime()).toBe('1'.repeat(5000));
    out[out.length - 500] = 0x0a;
    const e = berErrorOf(() => new BerReader(out).readTime());
    expect([e.code, e.offset]).toEqual(['bad-time', 0]);
  });

  it('refuses characters a kind cannot carry', () => {
    const w = new BerWriter();
    const cases: [() => void, string][] = [
      [() => w.writeIA5String('€'), 'IA5String €'],
      [() => w.writeString('VisibleString', 'Ā'), 'VisibleString U+0100'],
      [() => w.writeString('BMPString', '😀'), 'BMPString outside the BMP'],
      [() => w.writeString('UniversalString', '\ud800'), 'UniversalString lone surrogate'],
      [() => w.writeTime('2010\n'), 'time with a newline'],
    ];
    for (const [f, name] of cases) expect([name, berErrorOf(f).code]).toEqual([name, 'invalid-value']);
    expect(w.finish().length).toBe(0);
  });
});
