/**
 * Every HiPath vector (../shared/fixtures/hipath-vectors.json, hipath-protocol.md §8) through
 * splitFrames → decodeApdu → apduToJer: the right protocol, APDU, operation and the values the
 * fixture lists; one frame, all frames back to back, with and without the 3-byte header.
 */
import { describe, expect, it } from '@jest/globals';
import { fromHex, toHex } from '../../src/ber/index.js';
import { apduToJer, decodeAll, decodeApdu, splitFrames, type DecodedApdu } from '../../src/inspect/index.js';
import { apduOf, loadVectors, type Vector } from '../support/vectors.js';
import { mismatches } from './fixture-values.js';

const vectors = loadVectors();

/** "ROSE ReturnResult" → ['ROSE', 'returnResult']; "ACSE AARQ" → ['ACSE', 'aarq']. */
function expectedApdu(v: Vector): [string, string] {
  const [kind, name] = v.apdu.split(' ');
  return [kind, kind === 'ACSE' ? name.toLowerCase() : name[0].toLowerCase() + name.slice(1)];
}

/** "systemStatus (211)" → { name: 'systemStatus', code: 211 }. */
function expectedOperation(v: Vector): { name: string; code: number } | undefined {
  const m = v.operation === undefined ? null : /^(\S+) \((\d+)\)$/.exec(v.operation);
  return m ? { name: m[1], code: Number(m[2]) } : undefined;
}

function checkAgainst(v: Vector, d: DecodedApdu): void {
  const [kind, apdu] = expectedApdu(v);
  expect(d.kind).toBe(kind);
  expect(d.apdu).toBe(apdu);
  expect(d.warnings).toEqual([]);
  const jer = apduToJer(d);
  expect(jer.apdu).toBe(apdu);
  const op = expectedOperation(v);
  if (op !== undefined) {
    expect(d.kind === 'ROSE' && d.operation).toEqual(op);
    expect(jer.operation).toBe(op.name);
    expect(jer.opcode).toBe(op.code);
  }
  expect(mismatches(jer, v.values)).toEqual([]);
}

describe('HiPath vectors', () => {
  it('the fixture file has the vectors of hipath-protocol.md §8', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(15);
  });

  for (const v of vectors) {
    it(`${v.name}: framed`, () => {
      const frames = splitFrames(fromHex(v.frame));
      expect(frames).toHaveLength(1);
      expect(frames[0]).toMatchObject({ offset: 3, framed: true });
      checkAgainst(v, decodeApdu(frames[0].apdu, { offset: frames[0].offset }));
    });

    it(`${v.name}: bare APDU gives the same JER`, () => {
      const [bare] = splitFrames(apduOf(v));
      expect(bare).toMatchObject({ offset: 0, framed: false });
      const d = decodeApdu(bare.apdu);
      checkAgainst(v, d);
      expect(apduToJer(d)).toEqual(apduToJer(decodeAll(fromHex(v.frame))[0]));
    });
  }

  it('the systemStatus invoke (V1) is the JER object the CLI prints', () => {
    const [d] = decodeAll(fromHex(vectors[0].frame));
    expect(JSON.stringify(apduToJer(d))).toBe(
      '{"apdu":"invoke","invokeId":1,"operation":"systemStatus","opcode":211,"argument":{"systemStatus":"normal"}}',
    );
  });

  it('the AARQ (V2) carries HiPath password and CSTA user information, decoded in place', () => {
    const v = vectors.find((x) => x.apdu === 'ACSE AARQ')!;
    const [d] = decodeAll(fromHex(v.frame));
    if (d.kind !== 'ACSE') throw new Error('expected ACSE');
    expect(d.authentication?.value).toEqual({
      case: 'password',
      value: { authenticationName: new Uint8Array(Buffer.from('AMHOST')), password: new Uint8Array(Buffer.from('77777')) },
    });
    expect(d.userInformation).toHaveLength(1);
    expect(d.userInformation?.[0]?.value.case).toBe('newDefinition');
    const jer = apduToJer(d) as Record<string, any>;
    expect(jer['calling-authentication-value'].external.encoding['single-ASN1-type'].password['authentication-name']).toBe(toHex(Buffer.from('AMHOST')));
    expect(jer['user-information'][0].encoding['single-ASN1-type'].newDefinition.cSTAVersion).toEqual({ value: '1000', length: 16 });
  });

  it('the 312-byte Transferred frame (header 26 81 38) is delimited by all 15 length bits', () => {
    const v = vectors.find((x) => x.frame.startsWith('268138'))!;
    const [frame] = splitFrames(fromHex(v.frame));
    expect(frame.apdu.length).toBe(0x138);
  });
});

describe('several APDUs in one input', () => {
  const framed = vectors.map((v) => fromHex(v.frame));
  const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

  it('every frame of the fixture, back to back, comes out in order', () => {
    const all = decodeAll(concat(framed));
    expect(all).toHaveLength(vectors.length);
    let offset = 0;
    all.forEach((d, i) => {
      expect(d.offset).toBe(offset + 3);
      offset += framed[i].length;
      checkAgainst(vectors[i], d);
    });
  });

  it('bare APDUs back to back, delimited by their BER lengths', () => {
    const all = decodeAll(concat(vectors.map(apduOf)));
    expect(all.map((d) => apduToJer(d))).toEqual(decodeAll(concat(framed)).map((d) => apduToJer(d)));
  });

  it('framed and bare APDUs mixed', () => {
    const parts = vectors.map((v, i) => (i % 2 === 0 ? fromHex(v.frame) : apduOf(v)));
    const frames = splitFrames(concat(parts));
    expect(frames.map((f) => f.framed)).toEqual(vectors.map((_, i) => i % 2 === 0));
    expect(frames.map((f) => toHex(f.apdu))).toEqual(vectors.map((v) => toHex(apduOf(v))));
  });
});
