import { describe, expect, it } from '@jest/globals';
import { BerError } from '../../src/ber/error.js';
import type { Codec } from '../../src/ber/codec.js';
import { fromJer, fromJerString, shapeProblem, toJer } from '../../src/jer/index.js';
import { AllKinds, DeviceID, Expr, MonitorFilter, MonitorStartArgument, MonitorType, Tree } from './sample-codecs.js';

/** Runs `f`, expecting a JER invalid-value error at `path`. */
function failsAt(f: () => unknown, path: string[]): BerError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BerError);
  const e = caught as BerError;
  expect({ code: e.code, kind: e.kind, offset: e.offset, path: e.path }).toStrictEqual({ code: 'invalid-value', kind: 'value', offset: -1, path });
  return e;
}

const dev = (id: unknown) => ({ deviceIdentifier: id });
const msa = (extra: object) => ({ monitorObject: dev({ deviceNumber: 1 }), ...extra });

/** A valid AllKinds JSON value, with one member replaced. */
const validAll: Record<string, unknown> = {
  'k-boolean': false,
  'k-null': null,
  'k-integer': 0,
  'k-range': 0,
  'k-enumerated': 'red',
  'k-octets': '',
  'k-bits': { value: '', length: 0 },
  'k-fixed-bits': '0000',
  'k-IA5String': '',
  'k-PrintableString': '',
  'k-VisibleString': '',
  'k-NumericString': '',
  'k-GraphicString': '',
  'k-UTF8String': '',
  'k-BMPString': '',
  'k-UniversalString': '',
  'k-TeletexString': '',
  'k-VideotexString': '',
  'k-GeneralString': '',
  'k-ObjectDescriptor': '',
  'k-sized-string': '123',
  'k-oid': '0.0',
  'k-relative-oid': '0',
  'k-generalized-time': '2024010100',
  'k-utc-time': '2401010000Z',
  'k-open': '0500',
  'k-set-of': [true, true],
};
const all = (id: string, v: unknown) => ({ ...validAll, [id]: v });

describe('fromJer: errors carry code invalid-value and the ASN.1 path', () => {
  it('accepts the base AllKinds value these cases start from', () => {
    expect(() => fromJer(AllKinds, validAll)).not.toThrow();
  });

  it('reports a wrong JSON type deep inside, with what was expected and found', () => {
    const e = failsAt(() => fromJer(MonitorStartArgument, { monitorObject: dev({ dialingNumber: 5 }) }), ['monitorObject', 'deviceIdentifier', 'dialingNumber']);
    expect(e.detail).toMatch(/IA5.*found number 5/);
  });

  it.each<[string, Codec<unknown>, unknown, string[]]>([
    ['an unknown member of a SEQUENCE', MonitorStartArgument as Codec<unknown>, msa({ monitorTyp: 'call' }), []],
    ['an unknown member of a nested SEQUENCE', MonitorStartArgument as Codec<unknown>, { monitorObject: { ...dev({ deviceNumber: 1 }), media: 'A0' } }, ['monitorObject']],
    ['the TypeScript key instead of the identifier', DeviceID as Codec<unknown>, dev({ otherId: '01' }), ['deviceIdentifier']],
    ['a missing mandatory component', MonitorStartArgument as Codec<unknown>, { monitorType: 'call' }, []],
    ['a missing mandatory component in a recursive type', Tree as Codec<unknown>, { label: 'a', children: [{ label: 'b' }] }, ['children', '[0]']],
    ['a SEQUENCE that is an array', DeviceID as Codec<unknown>, [], []],
    ['an ENUMERATED identifier that is not defined', MonitorType as Codec<unknown>, 'both', []],
    ['an ENUMERATED given as its number', MonitorStartArgument as Codec<unknown>, msa({ monitorType: 1 }), ['monitorType']],
    ['a CHOICE with no member', DeviceID as Codec<unknown>, dev({}), ['deviceIdentifier']],
    ['a CHOICE with two members', DeviceID as Codec<unknown>, dev({ deviceNumber: 1, dialingNumber: '1' }), ['deviceIdentifier']],
    ['$unknown in a CHOICE that is not extensible', DeviceID as Codec<unknown>, dev({ $unknown: '0500' }), ['deviceIdentifier']],
    ['a CHOICE given as { case, value }', Expr as Codec<unknown>, { case: 'num', value: 1 }, []],
    ['an error inside a recursive CHOICE', Expr as Codec<unknown>, { neg: { pair: { left: { num: 1 }, right: { num: '2' } } } }, ['neg', 'pair', 'right', 'num']],
    ['an item of a SEQUENCE OF CHOICE', MonitorStartArgument as Codec<unknown>, msa({ extensions: [{ a: 1 }, { b: 0 }] }), ['extensions', '[1]', 'b']],
    ['too many items for the SIZE', MonitorStartArgument as Codec<unknown>, msa({ extensions: [{ b: null }, { b: null }, { b: null }, { b: null }, { b: null }] }), ['extensions']],
    ['a SEQUENCE OF that is an object', MonitorStartArgument as Codec<unknown>, msa({ extensions: { a: 1 } }), ['extensions']],
    ['a string longer than its SIZE', DeviceID as Codec<unknown>, dev({ dialingNumber: '1'.repeat(65) }), ['deviceIdentifier', 'dialingNumber']],
    ['octets shorter than their SIZE', DeviceID as Codec<unknown>, dev({ 'other-id': '' }), ['deviceIdentifier', 'other-id']],
    ['an INTEGER above its range', DeviceID as Codec<unknown>, dev({ deviceNumber: 65536 }), ['deviceIdentifier', 'deviceNumber']],
    ['an INTEGER below its range', DeviceID as Codec<unknown>, dev({ deviceNumber: -1 }), ['deviceIdentifier', 'deviceNumber']],
    ['an INTEGER with a fraction', DeviceID as Codec<unknown>, dev({ deviceNumber: 1.5 }), ['deviceIdentifier', 'deviceNumber']],
    ['an INTEGER beyond 2^53', MonitorStartArgument as Codec<unknown>, msa({ extensions: [{ a: 2 ** 53 }] }), ['extensions', '[0]', 'a']],
    ['an INTEGER as a string', DeviceID as Codec<unknown>, dev({ deviceNumber: '5' }), ['deviceIdentifier', 'deviceNumber']],
    ['a hex string with a non-hex character', DeviceID as Codec<unknown>, dev({ 'other-id': '0G' }), ['deviceIdentifier', 'other-id']],
    ['a hex string with an odd number of digits', DeviceID as Codec<unknown>, dev({ 'other-id': 'ABC' }), ['deviceIdentifier', 'other-id']],
    ['hex with spaces', DeviceID as Codec<unknown>, dev({ 'other-id': 'AB CD' }), ['deviceIdentifier', 'other-id']],
    ['a fixed-size BIT STRING of the wrong octet count', DeviceID as Codec<unknown>, { ...dev({ deviceNumber: 1 }), mediaClass: 'A0B0' }, ['mediaClass']],
    ['a fixed-size BIT STRING object of another length', DeviceID as Codec<unknown>, { ...dev({ deviceNumber: 1 }), mediaClass: { value: 'A0', length: 7 } }, ['mediaClass']],
    ['a variable BIT STRING given as bare hex', MonitorFilter as Codec<unknown>, 'FF', []],
    ['a BIT STRING whose hex does not match its length', MonitorFilter as Codec<unknown>, { value: 'FFFF', length: 8 }, []],
    ['a BIT STRING with unused bits set', MonitorFilter as Codec<unknown>, { value: 'FF', length: 7 }, []],
    ['a BIT STRING object with an extra member', MonitorFilter as Codec<unknown>, { value: '', length: 0, unused: 0 }, []],
    ['a BIT STRING with a negative length', MonitorFilter as Codec<unknown>, { value: '', length: -1 }, []],
    ['a BIT STRING with bad hex', MonitorFilter as Codec<unknown>, { value: 'XY', length: 8 }, ['value']],
    ['a BIT STRING longer than its SIZE', MonitorFilter as Codec<unknown>, { value: '0000000000', length: 33 }, []],
    ['an open type that is not hex', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: 'zz' } }), ['privateData', 'private']],
    ['an open type whose length runs past the end', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '0403AABB' } }), ['privateData', 'private']],
    ['an open type holding two elements', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '05000500' } }), ['privateData', 'private']],
    ['an open type that is empty', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '' } }), ['privateData', 'private']],
    ['a primitive element of indefinite length', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '04800000' } }), ['privateData', 'private']],
    ['an indefinite length without end-of-contents', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '30800500' } }), ['privateData', 'private']],
    ['an end-of-contents marker as an element', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '0000' } }), ['privateData', 'private']],
    ['a high tag number with a leading 0x80 octet', MonitorStartArgument as Codec<unknown>, msa({ privateData: { private: '1F801F00' } }), ['privateData', 'private']],
    ['a bad element in $unknown', DeviceID as Codec<unknown>, { ...dev({ deviceNumber: 1 }), $unknown: ['0500', '05'] }, ['$unknown', '[1]']],
    ['$unknown that is not an array', DeviceID as Codec<unknown>, { ...dev({ deviceNumber: 1 }), $unknown: '0500' }, ['$unknown']],
  ])('refuses %s', (_what, codec, json, path) => {
    failsAt(() => fromJer(codec, json), path);
  });

  it.each<[string, string, unknown]>([
    ['IA5String outside U+0000..U+007F', 'k-IA5String', 'é'],
    ['PrintableString with @', 'k-PrintableString', 'a@b'],
    ['NumericString with a letter', 'k-NumericString', '12a'],
    ['VisibleString with a newline', 'k-VisibleString', 'a\nb'],
    ['GraphicString above U+00FF', 'k-GraphicString', '€'],
    ['BMPString outside the BMP', 'k-BMPString', '😀'],
    ['UTF8String with a lone surrogate', 'k-UTF8String', 'a\ud800b'],
    ['UniversalString with a lone low surrogate', 'k-UniversalString', '\udc00'],
    ['a string given as a number', 'k-UTF8String', 5],
    ['a string shorter than its SIZE', 'k-sized-string', '12'],
    ['GeneralizedTime with month 13', 'k-generalized-time', '20241301000000'],
    ['GeneralizedTime on 30 February', 'k-generalized-time', '20240230000000'],
    ['GeneralizedTime on 29 February of a common year', 'k-generalized-time', '20230229000000'],
    ['GeneralizedTime with hour 24', 'k-generalized-time', '20240101240000'],
    ['GeneralizedTime with dashes', 'k-generalized-time', '2024-01-01T00:00:00Z'],
    ['UTCTime without Z or a difference', 'k-utc-time', '240101000000'],
    ['UTCTime with minute 60', 'k-utc-time', '2401010060Z'],
    ['an OID with a leading zero', 'k-oid', '1.03.6'],
    ['an OID with one arc', 'k-oid', '1'],
    ['an OID with first arc 3', 'k-oid', '3.1'],
    ['an OID with second arc 40 under 1', 'k-oid', '1.40'],
    ['an OID with an arc beyond 2^53', 'k-oid', '2.9007199254740993'],
    ['an OID with an empty arc', 'k-oid', '1..2'],
    ['an empty RELATIVE-OID', 'k-relative-oid', ''],
    ['a BOOLEAN given as 0', 'k-boolean', 0],
    ['NULL given as an empty object', 'k-null', {}],
    ['a SET OF of the wrong SIZE', 'k-set-of', [true]],
    ['an integer below its range', 'k-range', -6],
  ])('refuses %s', (_what, id, v) => {
    failsAt(() => fromJer(AllKinds, all(id, v)), [id]);
  });

  it('accepts the time and OID forms X.680 allows', () => {
    for (const t of ['2024022923', '202402292359', '20240229235960.5', '20240229235959,25Z', '20240229235959+0130', '2024022923-05']) {
      expect(() => fromJer(AllKinds, all('k-generalized-time', t))).not.toThrow();
    }
    for (const t of ['0002290000Z', '2412312359+0100', '241231235959-0000']) {
      expect(() => fromJer(AllKinds, all('k-utc-time', t))).not.toThrow();
    }
    for (const o of ['0.39', '2.999.1', '2.9007199254740911']) expect(() => fromJer(AllKinds, all('k-oid', o))).not.toThrow();
  });

  it('names the unknown member and lists the valid ones', () => {
    const e = failsAt(() => fromJer(DeviceID, { ...dev({ deviceNumber: 1 }), mediaclass: 'A0' }), []);
    expect(e.detail).toContain('"mediaclass"');
    expect(e.detail).toContain('"deviceIdentifier", "mediaClass"');
  });

  it('lists the valid ENUMERATED identifiers', () => {
    expect(failsAt(() => fromJer(MonitorType, 'both'), []).detail).toContain('"call", "device"');
  });

  it('reports text that is not JSON as invalid-value at the top', () => {
    failsAt(() => fromJerString(DeviceID, '{"deviceIdentifier": '), []);
    failsAt(() => fromJerString(DeviceID, "{'a': 1}"), []);
  });
});

describe('toJer: values of the wrong shape', () => {
  it.each<[string, Codec<unknown>, unknown, string[]]>([
    ['an unknown CHOICE case', DeviceID as Codec<unknown>, dev({ case: 'dialing', value: '1' }), ['deviceIdentifier']],
    ['a CHOICE without case', DeviceID as Codec<unknown>, dev({ dialingNumber: '1' }), ['deviceIdentifier']],
    ['a missing mandatory component', MonitorStartArgument as Codec<unknown>, {}, []],
    ['a property that is not a component', DeviceID as Codec<unknown>, { ...dev({ case: 'deviceNumber', value: 1 }), extra: 1 }, []],
    ['a number where a string belongs', DeviceID as Codec<unknown>, dev({ case: 'dialingNumber', value: 1 }), ['deviceIdentifier', 'dialingNumber']],
    ['an array where bytes belong', DeviceID as Codec<unknown>, dev({ case: 'otherId', value: [1, 2] }), ['deviceIdentifier', 'other-id']],
    ['a BitString with too few bytes', MonitorFilter as Codec<unknown>, { length: 9, bytes: new Uint8Array(1) }, []],
    ['an undefined ENUMERATED identifier', MonitorType as Codec<unknown>, 'both', []],
    ['an unsafe integer', MonitorStartArgument as Codec<unknown>, { monitorObject: dev({ case: 'deviceNumber', value: 1 }), extensions: [{ case: 'a', value: 2 ** 60 }] }, ['extensions', '[0]', 'a']],
    ['a raw element without bytes', MonitorStartArgument as Codec<unknown>, { monitorObject: dev({ case: 'deviceNumber', value: 1 }), privateData: { case: 'private', value: '0500' } }, ['privateData', 'private']],
    ['$unknown items that are not raw elements', DeviceID as Codec<unknown>, { ...dev({ case: 'deviceNumber', value: 1 }), $unknown: [{ tag: 5 }] }, ['$unknown', '[0]']],
  ])('refuses %s', (_what, codec, value, path) => {
    failsAt(() => toJer(codec, value), path);
  });

  it('does not check SIZE or range, so out-of-bounds decoded values can still be shown', () => {
    expect(toJer(DeviceID, { deviceIdentifier: { case: 'deviceNumber', value: 70000 } })).toStrictEqual({ deviceIdentifier: { deviceNumber: 70000 } });
  });
});

describe('shapeProblem: where a value is not of its type, for encoders that failed', () => {
  it('gives the BerError toJer would throw, path and all, and undefined for a value of the right shape', () => {
    const problem = shapeProblem(DeviceID, dev({ case: 'dialingNumber', value: 1 }));
    expect(problem).toBeInstanceOf(BerError);
    expect([problem?.code, problem?.path, problem?.message]).toEqual(['invalid-value', ['deviceIdentifier', 'dialingNumber'], 'invalid-value in deviceIdentifier.dialingNumber: expected a string, found number 1']);
    expect(shapeProblem(DeviceID, dev({ case: 'dialingNumber', value: '100' }))).toBeUndefined();
    // shape only: SIZE and range are fromJer's business
    expect(shapeProblem(DeviceID, dev({ case: 'deviceNumber', value: 70000 }))).toBeUndefined();
  });

  it('says nothing when the value cannot even be read (a getter that throws)', () => {
    const value = {
      get deviceIdentifier(): never {
        throw new Error('not readable');
      },
    };
    expect(shapeProblem(DeviceID, value)).toBeUndefined();
  });
});
