/**
 * splitFrames, decodeApdu and apduToJer beyond the fixture: every framing error with its offset,
 * BER errors moved to input offsets with their ASN.1 path, open types that do not decode (kept raw
 * with a warning), `raw`, returnError / reject / unknown opcodes, and AARE shapes from §2.2 / §8.1.
 */
import { describe, expect, it } from '@jest/globals';
import { BerError, fromHex, toHex } from '../../src/ber/index.js';
import {
  apduToJer,
  decodeAll,
  decodeApdu,
  hipathFrameOf,
  InspectError,
  scanFrames,
  splitFrames,
  type DecodedApdu,
} from '../../src/inspect/index.js';
import { apduOf, vector } from '../support/vectors.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

function rose(d: DecodedApdu) {
  if (d.kind !== 'ROSE') throw new Error(`expected ROSE, got ${d.apdu}`);
  return d;
}

const V1 = '26800EA10C020101020200D330030A0102';

describe('splitFrames errors', () => {
  const cases: [string, string, 'auto' | 'hipath' | 'none', string, number][] = [
    ['empty input', '', 'auto', 'empty-input', 0],
    ['header cut short', '2680', 'auto', 'truncated-frame', 0],
    ['frame shorter than its header says', V1.slice(0, -2), 'auto', 'truncated-frame', 0],
    ['bit 15 of the length clear', '26000EA10C020101020200D330030A0102', 'auto', 'bad-frame-header', 0],
    ['length 0', '268000', 'auto', 'bad-frame-header', 0],
    ['second frame truncated', V1 + '26800E', 'auto', 'truncated-frame', 17],
    ['bare APDU when hipath is required', 'A10C020101020200D330030A0102', 'hipath', 'missing-frame-header', 0],
    ['header when none is allowed', V1, 'none', 'not-an-apdu', 0],
    ['stray bytes after a frame', V1 + 'FF00', 'auto', 'not-an-apdu', 17],
    ['bare element cut short', 'A10C0201', 'auto', 'truncated-frame', 0],
  ];
  for (const [name, hex, format, code, offset] of cases) {
    it(`${name}: ${code} at ${offset}`, () => {
      const e = thrown(() => splitFrames(fromHex(hex), format));
      expect(e).toBeInstanceOf(InspectError);
      expect(e).toMatchObject({ code, offset });
    });
  }

  it('malformed BER length in a bare element is a BerError at its offset', () => {
    const e = thrown(() => splitFrames(fromHex(V1 + 'A185')));
    expect(e).toBeInstanceOf(BerError);
    expect((e as BerError).offset).toBe(17);
  });

  it('scanFrames keeps the frames before the bad one', () => {
    const { frames, error } = scanFrames(fromHex(V1 + V1 + '99'));
    expect(frames.map((f) => f.offset)).toEqual([3, 20]);
    expect(error).toMatchObject({ code: 'not-an-apdu', offset: 34 });
  });

  it('hipathFrameOf writes 26 and 0x8000 | length, and splitFrames reads it back', () => {
    const apdu = new Uint8Array(300).fill(0x05);
    apdu.set([0xa1, 0x82, 0x01, 0x28]);
    const frame = hipathFrameOf(apdu);
    expect(toHex(frame.subarray(0, 3))).toBe('26812C');
    expect(splitFrames(frame)[0].apdu).toEqual(apdu);
  });
});

describe('decodeApdu errors', () => {
  it('a first byte that is neither ACSE nor ROSE is not-an-apdu', () => {
    const e = thrown(() => decodeApdu(fromHex('3003020101'), { offset: 3 }));
    expect(e).toMatchObject({ code: 'not-an-apdu', offset: 3 });
  });

  it('a broken ROSE APDU is a BerError at the input offset, with its ASN.1 path', () => {
    const e = thrown(() => decodeAll(fromHex('268005A103020101')));
    expect(e).toBeInstanceOf(BerError);
    expect(e).toMatchObject({ code: 'missing-component', offset: 8, path: ['invoke', 'opcode'] });
  });

  it('a broken ACSE APDU too', () => {
    const e = thrown(() => decodeApdu(fromHex('6405800100'), { offset: 10 }));
    expect(e).toBeInstanceOf(BerError);
    expect((e as BerError).offset).toBeGreaterThanOrEqual(10);
    expect((e as BerError).kind).toBe('syntax');
  });

  it('trailing bytes inside a frame are trailing-data', () => {
    const e = thrown(() => decodeAll(fromHex('26800FA10C020101020200D330030A010200')));
    expect(e).toMatchObject({ code: 'trailing-data', offset: 17 });
  });
});

describe('open types', () => {
  it('an argument that does not fit its type stays raw, with a warning', () => {
    // systemStatus with ENUMERATED 9 (no such SystemStatus).
    const d = rose(decodeAll(fromHex('26800EA10C020101020200D330030A0109'))[0]);
    expect(d.argument).toBeUndefined();
    expect(d.warnings).toHaveLength(1);
    expect(apduToJer(d).argument).toBe('30030A0109');
    // The warning's offset counts from the start of the input (the argument is bytes 12..16).
    const offsetIn = (w: string) => Number(/offset (\d+)/.exec(w)?.[1]);
    const framed = offsetIn(d.warnings[0]);
    expect(framed).toBeGreaterThanOrEqual(12);
    expect(framed).toBeLessThanOrEqual(17);
    expect(offsetIn(decodeApdu(fromHex('A10C020101020200D330030A0109')).warnings[0])).toBe(framed - 3);
  });

  it('raw: nothing inside is decoded, the hex is kept', () => {
    const d = rose(decodeApdu(apduOf(vector('Delivered')), { raw: true }));
    expect(d.argument).toBeUndefined();
    expect(d.event).toBeUndefined();
    expect(d.warnings).toEqual([]);
    expect(apduToJer(d).argument).toBe(toHex(apduOf(vector('Delivered')).subarray(8)));
  });

  it('an unknown opcode keeps the argument raw and says so', () => {
    const d = rose(decodeApdu(fromHex('A10B0201010204000012340500')));
    expect(d.operation).toBeUndefined();
    expect(d.warnings).toHaveLength(1);
    expect(apduToJer(d)).toMatchObject({ apdu: 'invoke', invokeId: 1, opcode: 0x1234, argument: '0500' });
  });

  it('cSTAEventReport names its event', () => {
    const d = rose(decodeApdu(apduOf(vector('Delivered'))));
    expect(d.event).toEqual({ category: 'callControlEvents', name: 'delivered' });
    expect(apduToJer(d).event).toBe('delivered');
  });

  it('returnError: errcode 1 is universalFailure, its parameter decoded', () => {
    // UniversalFailure operation [0] OperationErrors invalidDeviceID (12).
    const d = rose(decodeApdu(fromHex('A30B0201050201' + '01A0030A010C')));
    expect(d.error).toEqual({ name: 'universalFailure', code: 1 });
    expect(apduToJer(d)).toEqual({ apdu: 'returnError', invokeId: 5, error: 'universalFailure', errcode: 1, parameter: { operation: 'invalidDeviceID' } });
  });

  it('reject: invokeId and problem', () => {
    const d = rose(decodeApdu(fromHex('A406020105810101')));
    expect(apduToJer(d)).toEqual({ apdu: 'reject', invokeId: 5, problem: { invoke: 1 } });
  });

  it('returnResult without result: no operation, no opcode', () => {
    expect(apduToJer(decodeApdu(fromHex('A203020107')))).toEqual({ apdu: 'returnResult', invokeId: 7 });
  });
});

describe('ACSE', () => {
  // §2.2 layout with made-up values: result 0, diagnostic 0, requirements 07 80, aps-stamp 00..0F,
  // system-version "V1.0.00", cSTAVersion versionFour.
  const stamp = '000102030405060708090A0B0C0D0E0F';
  const version = toHex(Buffer.from('V1.0.00'));
  const aare = `6149A10706052B0C00815AA203020100A305A10302010088020780AA21A21FA01DA11B0410${stamp}0407${version}BE0B2809A007A0050303001000`;

  it('AARE: HiPath stamp and CSTA version decoded', () => {
    const d = decodeApdu(fromHex(aare));
    if (d.kind !== 'ACSE') throw new Error('expected ACSE');
    expect(d.apdu).toBe('aare');
    expect(d.warnings).toEqual([]);
    expect(d.authentication?.value.case).toBe('stamp');
    const jer = apduToJer(d) as Record<string, any>;
    expect(jer.result).toBe(0);
    expect(jer['responding-authentication-value'].external.encoding['single-ASN1-type']).toEqual({
      stamp: { 'aps-stamp': stamp, 'system-version': version },
    });
  });

  it('the Panasonic AARE (§8.1 V7, EXTERNAL with direct-reference) decodes too', () => {
    const d = decodeApdu(fromHex('612F80020780A10706052B0C00815AA203020100A305A103020101BE14281206072B0C00821D8148A007A0050303000800'));
    const jer = apduToJer(d) as Record<string, any>;
    expect(d.warnings).toEqual([]);
    expect(jer['user-information'][0]['direct-reference']).toBe('1.3.12.0.285.200');
    expect(jer['user-information'][0].encoding['single-ASN1-type'].newDefinition.cSTAVersion).toEqual({ value: '0800', length: 16 });
  });

  it('an authentication value that is not HiPath\'s stays raw, with a warning', () => {
    // AARQ whose single-ASN1-type is an INTEGER instead of HiPathAuthenticationValue.
    const d = decodeApdu(fromHex('6012A10706052B0C00815AAC07A205A0030201' + '05'));
    expect(d.warnings).toHaveLength(1);
    const jer = apduToJer(d) as Record<string, any>;
    expect(jer['calling-authentication-value'].external.encoding['single-ASN1-type']).toBe('020105');
  });
});
