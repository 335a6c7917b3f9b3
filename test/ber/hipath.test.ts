/**
 * Real HiPath bytes (hipath-protocol.md §8) walked by hand with the reader, the way generated
 * decoders will, and written back byte for byte with the writer.
 */
import { describe, expect, it } from '@jest/globals';
import { BerReader, BerWriter, Tag, TagClass, elementLength, hasBit, tag, toHex, type BitString } from '../../src/ber/index.js';
import { hex, reencode } from './support.js';
import { AARQ, ABRT, HIPATH_APDUS, MONITOR_START, SYSTEM_STATUS_INVOKE, SYSTEM_STATUS_RESULT, TRANSFERRED } from './hipath-vectors.js';

const ctx = (n: number) => tag(TagClass.Context, n);
const app = (n: number) => tag(TagClass.Application, n);
const bitsText = (b: BitString) => Array.from({ length: b.length }, (_, i) => (hasBit(b, i) ? '1' : '0')).join('');
const latin1 = (u8: Uint8Array) => String.fromCharCode(...u8);

describe('systemStatus keep-alive (V1, V3)', () => {
  it('walks the invoke: invokeId 1, opcode 211, ENUMERATED 2 (normal)', () => {
    const r = new BerReader(SYSTEM_STATUS_INVOKE);
    r.enter(ctx(1));
    const invokeId = r.readInteger();
    const opcode = r.readInteger();
    r.enter(Tag.SEQUENCE);
    const systemStatus = r.readEnumerated();
    expect(r.more()).toBe(false);
    r.leave();
    r.leave();
    r.end();
    expect({ invokeId, opcode, systemStatus }).toEqual({ invokeId: 1, opcode: 211, systemStatus: 2 });
  });

  it('the answer built from the invoke equals the verbatim ReturnResult', () => {
    const w = new BerWriter();
    const result = w.mark();
    const inner = w.mark();
    w.writeNull();
    w.writeInteger(211);
    w.wrap(inner, Tag.SEQUENCE);
    w.writeInteger(1);
    w.wrap(result, ctx(2));
    expect(toHex(w.finish())).toBe(toHex(SYSTEM_STATUS_RESULT));

    const r = new BerReader(SYSTEM_STATUS_RESULT);
    r.enter(ctx(2));
    expect(r.readInteger()).toBe(1);
    r.enter(Tag.SEQUENCE);
    expect([r.readInteger(), r.readNull()]).toEqual([211, null]);
    r.leave();
    r.leave();
    r.end();
  });
});

describe('ACSE (V2, V4)', () => {
  it('ABRT: abort-source 0, diagnostic 1, written back identically', () => {
    const r = new BerReader(ABRT);
    r.enter(app(4));
    const source = r.readInteger(ctx(0));
    const diagnostic = r.readInteger(ctx(1));
    r.leave();
    r.end();
    expect([source, diagnostic]).toEqual([0, 1]);
    const w = new BerWriter();
    const m = w.mark();
    w.writeInteger(diagnostic, ctx(1));
    w.writeInteger(source, ctx(0));
    w.wrap(m, app(4));
    expect(toHex(w.finish(), ' ')).toBe('64 06 80 01 00 81 01 01');
  });

  it('AARQ: context name, ACSE requirements, HiPath credentials, CSTA version bits', () => {
    const r = new BerReader(AARQ);
    r.enter(app(0));
    r.enter(ctx(1));
    const contextName = r.readObjectIdentifier();
    r.leave();
    const requirements = r.readBitString(ctx(10));
    r.enter(ctx(12)); // calling-authentication-value
    r.enter(ctx(2)); // external
    r.enter(ctx(0)); // single-ASN1-type
    r.enter(ctx(0)); // HiPath private [0] { name, password }
    const name = latin1(r.readOctetString());
    const password = latin1(r.readOctetString());
    r.leave(), r.leave(), r.leave(), r.leave();
    r.enter(ctx(30)); // user-information
    r.enter(tag(TagClass.Universal, Tag.EXTERNAL));
    r.enter(ctx(0));
    r.enter(ctx(0));
    const version = r.readBitString();
    r.leave(), r.leave(), r.leave(), r.leave();
    r.leave();
    r.end();
    expect({ contextName, requirements: bitsText(requirements), name, password, version: bitsText(version) }).toEqual({
      contextName: '1.3.12.0.218',
      requirements: '10', // authentication
      name: 'AMHOST',
      password: '77777',
      version: '0001000000000000', // versionFour (bit 3)
    });
  });
});

/** MonitorFilter components in ECMA-285 SEQUENCE order: [tag number, name, width in bits]. */
const FILTER: [number, string, number][] = [
  [0, 'callControl', 18],
  [6, 'callAssociated', 5],
  [7, 'mediaAttachment', 2],
  [8, 'physicalDeviceFeature', 11],
  [9, 'logicalDeviceFeature', 14],
  [3, 'maintenance', 3],
  [5, 'voiceUnit', 7],
  [4, 'private', 1],
];

function readFilter(r: BerReader): BitString[] {
  return FILTER.map(([n]) => r.readBitString(ctx(n)));
}

function writeFilter(w: BerWriter, filter: BitString[]): void {
  for (let i = FILTER.length - 1; i >= 0; i--) w.writeBitString(filter[i], ctx(FILTER[i][0]));
}

describe('MonitorFilter bit strings (V5): fixed widths kept', () => {
  const preset = hex('80 04 06 00 00 00 86 02 03 40 87 02 06 00 88 03 05 54 00 89 03 02 FC 18 83 02 05 C0 85 02 01 C0 84 02 07 00');

  it('MonitorStart2 preset decodes to the documented bits and re-encodes byte for byte', () => {
    const r = new BerReader(preset);
    const filter = readFilter(r);
    r.end();
    expect(filter.map((b) => b.length)).toEqual(FILTER.map(([, , width]) => width));
    expect(filter.map(bitsText)).toEqual(['000000000000000000', '01000', '00', '01010100000', '11111100000110', '110', '1100000', '0']);
    const w = new BerWriter();
    writeFilter(w, filter);
    expect(toHex(w.finish())).toBe(toHex(preset));
  });

  it('callControl `80 04 06 00 00 00` is 18 bits and re-encodes with its length', () => {
    const b = new BerReader(hex('80 04 06 00 00 00')).readBitString(ctx(0));
    expect([b.length, toHex(b.bytes)]).toEqual([18, '000000']);
    const w = new BerWriter();
    w.writeBitString(b, ctx(0));
    expect(toHex(w.finish(), ' ')).toBe('80 04 06 00 00 00');
  });

  it('SI_CC_only callControl leaves the documented events unfiltered', () => {
    const b = new BerReader(hex('80 04 06 5F F4 00')).readBitString(ctx(0));
    expect(bitsText(b)).toBe('010111111111010000');
    const unfiltered = [0, 2, 12, 14, 15, 16, 17].map((n) => hasBit(b, n));
    expect(unfiltered.every((set) => !set)).toBe(true);
  });

  it('the whole MonitorStart invoke walks and re-encodes', () => {
    const r = new BerReader(MONITOR_START);
    r.enter(ctx(1));
    const [invokeId, opcode] = [r.readInteger(), r.readInteger()];
    r.enter(Tag.SEQUENCE);
    r.enter(Tag.SEQUENCE);
    const device = r.readIA5String(ctx(0));
    r.leave();
    r.enter(ctx(0));
    const filter = readFilter(r);
    r.leave(), r.leave(), r.leave();
    r.end();
    expect([invokeId, opcode, device, filter.every((b) => bitsText(b) === '0'.repeat(b.length))]).toEqual([1, 71, '100', true]);

    const w = new BerWriter();
    const invoke = w.mark();
    const argument = w.mark();
    const filterMark = w.mark();
    writeFilter(w, filter);
    w.wrap(filterMark, ctx(0));
    const deviceMark = w.mark();
    w.writeIA5String(device, ctx(0));
    w.wrap(deviceMark, Tag.SEQUENCE);
    w.wrap(argument, Tag.SEQUENCE);
    w.writeInteger(opcode);
    w.writeInteger(invokeId);
    w.wrap(invoke, ctx(1));
    expect(toHex(w.finish())).toBe(toHex(MONITOR_START));
  });
});

describe('Transferred event (RECON, 312 bytes, long-form lengths)', () => {
  it('a 3-byte invokeId decodes as a general INTEGER', () => {
    const r = new BerReader(TRANSFERRED);
    r.enter(ctx(1));
    expect([r.readInteger(), r.readInteger()]).toEqual([0x010203, 21]);
    r.enter(Tag.SEQUENCE);
    expect(toHex(r.readOctetString(app(21)))).toBe('0001');
  });
});

describe('every §8 APDU', () => {
  for (const [name, apdu] of HIPATH_APDUS) {
    it(`${name}: one complete element, re-encoded byte for byte`, () => {
      expect(elementLength(apdu, 0, apdu.length)).toBe(apdu.length);
      expect(toHex(reencode(apdu))).toBe(toHex(apdu));
    });
  }
});
