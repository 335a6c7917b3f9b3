/**
 * The package surface: encode/decode over a codec (written here the way the generator will emit
 * one), hex text, and the BIT STRING helpers.
 */
import { describe, expect, it } from '@jest/globals';
import {
  BerReader,
  BerWriter,
  Tag,
  TagClass,
  bitString,
  decode,
  encode,
  fromHex,
  hasBit,
  setBits,
  tag,
  toHex,
  within,
  type Codec,
  type RawElement,
} from '../../src/ber/index.js';
import { berErrorOf, hex } from './support.js';

/**
 * SystemStatusArg ::= SEQUENCE { sysStatRegisterID OCTET STRING OPTIONAL, systemStatus ENUMERATED,
 * extensions [APPLICATION 30] IMPLICIT CSTACommonArguments OPTIONAL, ... }, extensions kept raw.
 */
interface SystemStatusArg {
  sysStatRegisterID?: Uint8Array;
  systemStatus: number;
  extensions?: RawElement;
  unknown?: RawElement[];
}

const EXTENSIONS = tag(TagClass.Application, 30);

const SystemStatusArg: Codec<SystemStatusArg> = {
  name: 'CSTA-system-status.SystemStatusArg',
  tag: Tag.SEQUENCE,
  schema: { t: 'sequence', name: 'CSTA-system-status.SystemStatusArg', fields: [], extensible: true },
  encode(w: BerWriter, v: SystemStatusArg, t = Tag.SEQUENCE) {
    const m = w.mark();
    if (v.unknown) w.writeRawList(v.unknown);
    if (v.extensions) w.writeRaw(v.extensions);
    w.writeEnumerated(v.systemStatus);
    if (v.sysStatRegisterID) w.writeOctetString(v.sysStatRegisterID);
    w.wrap(m, t);
  },
  decode(r: BerReader, t = Tag.SEQUENCE) {
    r.enter(t);
    const v: SystemStatusArg = { systemStatus: 0 };
    try {
      if (r.peekTag() === Tag.OCTET_STRING) v.sysStatRegisterID = r.readOctetString();
      v.systemStatus = r.readEnumerated();
      if (r.peekTag() === EXTENSIONS) v.extensions = r.readRaw();
      const unknown = r.rest();
      if (unknown) v.unknown = unknown;
    } catch (e) {
      throw within(e, 'systemStatus');
    }
    r.leave();
    return v;
  },
};

describe('encode / decode', () => {
  it('decodes the HiPath argument and encodes it back', () => {
    const bytes = hex('30 03 0A 01 02');
    const v = decode(SystemStatusArg, bytes);
    expect(v).toEqual({ systemStatus: 2 });
    expect(toHex(encode(SystemStatusArg, v), ' ')).toBe('30 03 0A 01 02');
  });

  it('keeps optional, extension and unknown elements byte for byte', () => {
    const bytes = hex('30 80 04 02 00 07 0A 01 01 7E 02 05 00 9F 40 01 FF 00 00');
    const v = decode(SystemStatusArg, bytes);
    expect([toHex(v.sysStatRegisterID!), v.systemStatus, toHex(v.extensions!.bytes), v.unknown!.map((e) => toHex(e.bytes))]).toEqual([
      '0007',
      1,
      '7E020500',
      ['9F4001FF'],
    ]);
    // Re-encoded with definite lengths; the raw parts unchanged.
    expect(toHex(encode(SystemStatusArg, v), ' ')).toBe('30 0F 04 02 00 07 0A 01 01 7E 02 05 00 9F 40 01 FF');
  });

  it('refuses trailing bytes', () => {
    const e = berErrorOf(() => decode(SystemStatusArg, hex('30 03 0A 01 02 00')));
    expect([e.code, e.offset]).toEqual(['trailing-data', 5]);
  });

  it('passes the options to the reader', () => {
    const e = berErrorOf(() => decode(SystemStatusArg, hex('30 03 0A 01 02'), { maxDepth: 0 }));
    expect(e.code).toBe('depth-limit');
  });

  it('errors carry the path the codec added', () => {
    const e = berErrorOf(() => decode(SystemStatusArg, hex('30 03 02 01 02')));
    expect([e.code, e.offset, e.path]).toEqual(['unexpected-tag', 2, ['systemStatus']]);
  });
});

describe('hex', () => {
  it('toHex: upper case, optional separator', () => {
    expect([toHex(hex('00 0a FF')), toHex(hex('00 0a FF'), ' '), toHex(new Uint8Array(0), ' ')]).toEqual(['000AFF', '00 0A FF', '']);
  });

  it('fromHex: spaces, newlines and case do not matter', () => {
    expect(Array.from(fromHex(' a1 0C\n02\t01 ff '))).toEqual([0xa1, 0x0c, 0x02, 0x01, 0xff]);
    expect(fromHex('').length).toBe(0);
  });

  it('fromHex: odd digit count and non-hex characters are refused, saying where', () => {
    const odd = berErrorOf(() => fromHex('A1 0'));
    expect([odd.code, odd.kind]).toEqual(['invalid-value', 'value']);
    expect(odd.detail).toContain('3 hex digits');
    const bad = berErrorOf(() => fromHex('A1 0G'));
    expect(bad.code).toBe('invalid-value');
    expect(bad.detail).toContain('index 4');
    expect(berErrorOf(() => fromHex('0x01')).code).toBe('invalid-value');
  });
});

describe('BIT STRING helpers', () => {
  it('bitString sets the named bits, first bit in the MSB', () => {
    const b = bitString(18, [0, 3, 17]);
    expect([b.length, toHex(b.bytes)]).toEqual([18, '900040']);
    expect([hasBit(b, 0), hasBit(b, 1), hasBit(b, 3), hasBit(b, 17), hasBit(b, 18), hasBit(b, -1)]).toEqual([true, false, true, true, false, false]);
    expect(setBits(b)).toEqual([0, 3, 17]);
    expect(bitString(0).bytes.length).toBe(0);
  });

  it('refuses bits outside the length', () => {
    for (const f of [() => bitString(8, [8]), () => bitString(8, [-1]), () => bitString(8, [1.5]), () => bitString(-1, [])]) {
      expect(berErrorOf(f).code).toBe('invalid-value');
    }
  });
});
