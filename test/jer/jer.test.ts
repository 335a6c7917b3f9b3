import { describe, expect, it } from '@jest/globals';
import { fromJer, fromJerString, toJer, toJerString } from '../../src/jer/index.js';
import { AllKinds, DeviceID, Expr, MonitorFilter, MonitorStartArgument, MonitorType, STRING_KINDS, Tree, type MonitorStartArgument as MSA } from './sample-codecs.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('toJer / fromJer: SEQUENCE, CHOICE, thunks', () => {
  const value: MSA = {
    monitorObject: { deviceIdentifier: { case: 'dialingNumber', value: '4711' }, mediaClass: { length: 8, bytes: bytes(0xa0) } },
    requestedMonitorFilter: { length: 10, bytes: bytes(0xff, 0xc0) },
    monitorType: 'device',
    privateData: { case: 'private', value: { tag: (2 << 24) | 0, constructed: true, bytes: bytes(0xa0, 0x03, 0x02, 0x01, 0x05) } },
    extensions: [
      { case: 'a', value: -3 },
      { case: 'b', value: null },
    ],
  };
  const json = {
    monitorObject: { deviceIdentifier: { dialingNumber: '4711' }, mediaClass: 'A0' },
    requestedMonitorFilter: { value: 'FFC0', length: 10 },
    monitorType: 'device',
    privateData: { private: 'A003020105' },
    extensions: [{ a: -3 }, { b: null }],
  };

  it('writes components by identifier, a CHOICE as one member, items as an array', () => {
    expect(toJer(MonitorStartArgument, value)).toStrictEqual(json);
  });

  it('reads the same JSON back to the same value', () => {
    expect(fromJer(MonitorStartArgument, json)).toStrictEqual(value);
  });

  it("reads JSON's -0 as the integer 0 (found by jer-mutation.test.ts: it came back from BER as 0)", () => {
    const read = fromJer(MonitorStartArgument, { ...json, requestedMonitorFilter: { value: '', length: -0 }, extensions: [{ a: -0 }] });
    expect(Object.is(read.requestedMonitorFilter!.length, 0)).toBe(true);
    expect(Object.is(read.extensions![0]!.value, 0)).toBe(true);
  });

  it('uses the ASN.1 identifier, not the TypeScript key, when they differ', () => {
    expect(toJer(DeviceID, { deviceIdentifier: { case: 'otherId', value: bytes(1, 0xab) } })).toStrictEqual({ deviceIdentifier: { 'other-id': '01AB' } });
    expect(fromJer(DeviceID, { deviceIdentifier: { 'other-id': '01ab' } })).toStrictEqual({ deviceIdentifier: { case: 'otherId', value: bytes(1, 0xab) } });
  });

  it('omits absent OPTIONAL components, including properties set to undefined (as the BER decoder leaves them)', () => {
    const v = { monitorObject: { deviceIdentifier: { case: 'deviceNumber', value: 12 }, mediaClass: undefined }, monitorType: undefined } as MSA;
    expect(toJer(MonitorStartArgument, v)).toStrictEqual({ monitorObject: { deviceIdentifier: { deviceNumber: 12 } } });
  });

  it('leaves an absent DEFAULT component absent and keeps a present one, even when equal to the default', () => {
    const minimal = { monitorObject: { deviceIdentifier: { dialingNumber: '' } } };
    expect(fromJer(MonitorStartArgument, minimal)).toStrictEqual({ monitorObject: { deviceIdentifier: { case: 'dialingNumber', value: '' } } });
    const explicit = { ...minimal, monitorType: 'call' };
    expect(fromJer(MonitorStartArgument, explicit).monitorType).toBe('call');
    expect(toJer(MonitorStartArgument, fromJer(MonitorStartArgument, explicit))).toStrictEqual(explicit);
  });

  it('keeps unknown extension elements as "$unknown": [hex…] and an unknown alternative as { "$unknown": hex }', () => {
    const v: MSA = {
      monitorObject: { deviceIdentifier: { case: 'deviceNumber', value: 1 }, $unknown: [{ tag: (2 << 24) | 9, constructed: false, bytes: bytes(0x89, 0x01, 0xff) }] },
      privateData: { case: '$unknown', value: { tag: (3 << 24) | 2, constructed: false, bytes: bytes(0xc2, 0x00) } },
    };
    const j = { monitorObject: { deviceIdentifier: { deviceNumber: 1 }, $unknown: ['8901FF'] }, privateData: { $unknown: 'C200' } };
    expect(toJer(MonitorStartArgument, v)).toStrictEqual(j);
    expect(fromJer(MonitorStartArgument, j)).toStrictEqual(v);
  });

  it('follows thunks through recursive types', () => {
    const t = { label: 'root', children: [{ label: 'a', children: [] }, { label: 'b', children: [{ label: 'c', children: [] }] }] };
    expect(toJer(Tree, t)).toStrictEqual(t);
    expect(fromJer(Tree, t)).toStrictEqual(t);
    const e = { case: 'pair', value: { left: { case: 'num', value: 1 }, right: { case: 'neg', value: { case: 'num', value: 2 } } } } as const;
    const ej = { pair: { left: { num: 1 }, right: { neg: { num: 2 } } } };
    expect(toJer(Expr, e)).toStrictEqual(ej);
    expect(fromJer(Expr, ej)).toStrictEqual(e);
  });
});

describe('toJer / fromJer: built-in types', () => {
  const all = {
    kBoolean: true,
    kNull: null,
    kInteger: -(2 ** 40),
    kRange: -5,
    kEnumerated: 'blue',
    kOctets: bytes(0x00, 0x7f, 0xfe),
    kBits: { length: 3, bytes: bytes(0x60) },
    kFixedBits: { length: 12, bytes: bytes(0x12, 0x30) },
    ...Object.fromEntries(STRING_KINDS.map((k) => [`k${k}`, k === 'NumericString' ? '12 34' : k === 'UniversalString' ? 'a😀' : 'Ab1'])),
    kSizedString: '123',
    kOid: '1.3.6.1.4.1.4329',
    kRelativeOid: '4329.0',
    kGeneralizedTime: '20240229235960',
    kUtcTime: '991231235959Z',
    kOpen: { tag: (1 << 24) | 40, constructed: false, bytes: bytes(0x5f, 0x28, 0x01, 0x07) },
    kSetOf: [false, true],
  };

  it('writes each kind as X.697 says (hex octets upper case, bits as object or fixed-size hex)', () => {
    const j = toJer(AllKinds, all) as Record<string, unknown>;
    expect(j['k-boolean']).toBe(true);
    expect(j['k-null']).toBeNull();
    expect(j['k-integer']).toBe(-(2 ** 40));
    expect(j['k-enumerated']).toBe('blue');
    expect(j['k-octets']).toBe('007FFE');
    expect(j['k-bits']).toStrictEqual({ value: '60', length: 3 });
    expect(j['k-fixed-bits']).toBe('1230');
    expect(j['k-UniversalString']).toBe('a😀');
    expect(j['k-oid']).toBe('1.3.6.1.4.1.4329');
    expect(j['k-utc-time']).toBe('991231235959Z');
    expect(j['k-open']).toBe('5F280107');
    expect(j['k-set-of']).toStrictEqual([false, true]);
    expect(fromJer(AllKinds, j)).toStrictEqual(all);
  });

  it('reads an open type hex into a RawElement with the tag and constructed bit of its identifier', () => {
    const open = (hex: string) => (fromJer(AllKinds, { ...(toJer(AllKinds, all) as object), 'k-open': hex }) as typeof all).kOpen;
    expect(open('A003020105')).toStrictEqual({ tag: (2 << 24) | 0, constructed: true, bytes: bytes(0xa0, 0x03, 0x02, 0x01, 0x05) });
    expect(open('3080020101A080050000000000')).toMatchObject({ tag: 16, constructed: true });
    expect(open('DF8F7F00')).toMatchObject({ tag: (3 << 24) | 2047, constructed: false });
    expect(open('0481020000').bytes.length).toBe(5);
  });

  it('accepts lower-case hex and the object form of a fixed-size BIT STRING', () => {
    const j = { ...(toJer(AllKinds, all) as object), 'k-octets': '007ffe', 'k-fixed-bits': { value: '1230', length: 12 } };
    expect(fromJer(AllKinds, j)).toStrictEqual(all);
  });

  it('keeps the object form for a value that breaks its fixed size, so the length is not lost', () => {
    expect(toJer(DeviceID, { deviceIdentifier: { case: 'deviceNumber', value: 0 }, mediaClass: { length: 4, bytes: bytes(0xf0) } })).toStrictEqual({
      deviceIdentifier: { deviceNumber: 0 },
      mediaClass: { value: 'F0', length: 4 },
    });
  });

  it('converts top-level ENUMERATED and BIT STRING codecs', () => {
    expect(toJer(MonitorType, 'device')).toBe('device');
    expect(fromJer(MonitorType, 'call')).toBe('call');
    expect(toJer(MonitorFilter, { length: 0, bytes: bytes() })).toStrictEqual({ value: '', length: 0 });
    expect(fromJer(MonitorFilter, { value: '80', length: 1 })).toStrictEqual({ length: 1, bytes: bytes(0x80) });
  });
});

describe('toJerString / fromJerString', () => {
  const v = { deviceIdentifier: { case: 'dialingNumber', value: '+49 89' } } as const;

  it('writes one line by default and indents on request', () => {
    expect(toJerString(DeviceID, v)).toBe('{"deviceIdentifier":{"dialingNumber":"+49 89"}}');
    expect(toJerString(DeviceID, v, 2)).toBe('{\n  "deviceIdentifier": {\n    "dialingNumber": "+49 89"\n  }\n}');
  });

  it('reads text back', () => {
    expect(fromJerString(DeviceID, ' {"deviceIdentifier": {"dialingNumber": "+49 89"}} ')).toStrictEqual(v);
  });
});
