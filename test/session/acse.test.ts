/**
 * acse.ts: V2 (AARQ) and V4 (ABRT) byte for byte, the AARE of §2.2 in both roles, rejection and
 * abort with their X.227 names, the Panasonic AARE (V7, another vendor) as a foreign accepted
 * AARE, and everything that is not an AARE.
 */
import { describe, expect, it } from '@jest/globals';
import { BerError, decode, encode, fromHex, setBits, toHex } from '../../src/ber/index.js';
import { ACSE_apdu } from '../../generated/acse-1.js';
import {
  AUTHENTICATION_FAILURE,
  buildAare,
  buildAarq,
  buildAbrt,
  buildRlre,
  buildRlrq,
  checkAare,
  decodeAcse,
  isAcseApdu,
  parseAarq,
} from '../../src/session/acse.js';
import { AssociationAbortedError, AssociationRejectedError, SessionError } from '../../src/session/errors.js';
import { ECMA_PLAIN, HIPATH } from '../../src/session/profile.js';
import { apduOf, vector } from '../support/vectors.js';

const hex = (u: Uint8Array): string => toHex(u, ' ');

/** V7 (hipath-protocol.md §8.1): Panasonic's AARE; OTHER-VENDOR, used only as a foreign accepted AARE. */
const V7_PANASONIC_AARE = fromHex(
  '61 2F 80 02 07 80 A1 07 06 05 2B 0C 00 81 5A A2 03 02 01 00 A3 05 A1 03 02 01 01 BE 14 28 12 06 07 2B 0C 00 82 1D 81 48 A0 07 A0 05 03 03 00 08 00',
);

const STAMP = { apsStamp: '0f0e0d0c0b0a09080706050403020100', systemVersion: '56332e30523031' };

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('client role', () => {
  it('V2: AARQ with AMHOST/77777 is byte-identical to the capture (51 bytes)', () => {
    const v2 = hex(apduOf(vector('AARQ')));
    expect(hex(buildAarq(HIPATH, { name: 'AMHOST', password: '77777' }))).toBe(v2);
    expect(hex(buildAarq(HIPATH))).toBe(v2);
  });

  it('other credentials of any length (long-form lengths) come back out of parseAarq', () => {
    const credentials = { name: 'N'.repeat(130), password: 'p\u00e4ss' };
    const aarq = buildAarq(HIPATH, credentials);
    expect(aarq.length).toBeGreaterThan(130);
    expect(parseAarq(aarq, HIPATH).credentials).toEqual(credentials);
  });

  it('ECMA_PLAIN: no sender-acse-requirements and no authentication value', () => {
    const v = decode(ACSE_apdu, buildAarq(ECMA_PLAIN, { name: 'ignored', password: 'ignored' }));
    if (v.case !== 'aarq') throw new Error('not an AARQ');
    expect(v.value.senderAcseRequirements).toBeUndefined();
    expect(v.value.callingAuthenticationValue).toBeUndefined();
    expect(setBits(parseAarq(buildAarq(ECMA_PLAIN), ECMA_PLAIN).cstaVersion!)).toEqual([3, 4]);
  });

  it('checkAare on an accepted HiPath AARE: context, version, stamp; 75 bytes (61 49) as the §2.2 template', () => {
    const aare = buildAare(HIPATH, { accepted: true, authentication: STAMP });
    expect(aare.length).toBe(75);
    expect(hex(aare.subarray(0, 2))).toBe('61 49');
    const info = checkAare(aare);
    expect(info.applicationContext).toBe('1.3.12.0.218');
    expect(hex(info.cstaVersion!.bytes)).toBe('10 00');
    expect(info.authentication).toEqual(STAMP);
    expect(info.raw.result).toBe(0);
  });

  it('checkAare on the Panasonic AARE (V7): accepted, version bit 4, no HiPath stamp', () => {
    const info = checkAare(V7_PANASONIC_AARE);
    expect(setBits(info.cstaVersion!)).toEqual([4]);
    expect(info.authentication).toBeUndefined();
  });

  it('rejected-permanent, acse-service-user authentication-failure → association-rejected with names', () => {
    const e = thrown(() => checkAare(buildAare(HIPATH, { accepted: false, result: 1, diagnostic: AUTHENTICATION_FAILURE })));
    expect(e).toBeInstanceOf(AssociationRejectedError);
    const r = e as AssociationRejectedError;
    expect(r.code).toBe('association-rejected');
    expect(r.result).toEqual({ value: 1, name: 'rejected-permanent' });
    expect(r.diagnostic).toEqual({ source: 'acse-service-user', value: 13, name: 'authentication-failure' });
  });

  it('rejected-transient by the provider (no-common-acse-version); an unnamed diagnostic keeps its number', () => {
    const a = thrown(() => checkAare(buildAare(HIPATH, { accepted: false, result: 2, diagnostic: 2, source: 'acse-service-provider' }))) as AssociationRejectedError;
    expect(a.result.name).toBe('rejected-transient');
    expect(a.diagnostic).toEqual({ source: 'acse-service-provider', value: 2, name: 'no-common-acse-version' });
    const b = thrown(() => checkAare(buildAare(HIPATH, { accepted: false, result: 1, diagnostic: 99 }))) as AssociationRejectedError;
    expect(b.diagnostic).toEqual({ source: 'acse-service-user', value: 99 });
  });

  it('an ABRT instead of the AARE → association-aborted', () => {
    const e = thrown(() => checkAare(buildAbrt(1, 'authentication-failure'))) as AssociationAbortedError;
    expect(e).toBeInstanceOf(AssociationAbortedError);
    expect(e.code).toBe('association-aborted');
    expect(e.source).toEqual({ value: 1, name: 'acse-service-provider' });
    expect(e.diagnostic).toBe('authentication-failure');
  });

  it('anything else → protocol-error (a ROSE APDU, an RLRE, bytes that are not BER)', () => {
    for (const apdu of [apduOf(vector('systemStatus invoke')), buildRlre(), apduOf(vector('AARQ')), fromHex('61 05 A1 03')]) {
      const e = thrown(() => checkAare(apdu)) as SessionError;
      expect(e).toBeInstanceOf(SessionError);
      expect(e.code).toBe('protocol-error');
    }
    const truncated = thrown(() => checkAare(fromHex('61 05 A1 03'))) as SessionError;
    expect(truncated.cause).toBeInstanceOf(BerError);
  });
});

describe('server role', () => {
  it('parseAarq on V2: AMHOST/77777, 1.3.12.0.218, versionFour', () => {
    const p = parseAarq(apduOf(vector('AARQ')), HIPATH);
    expect(p.credentials).toEqual({ name: 'AMHOST', password: '77777' });
    expect(p.applicationContext).toBe('1.3.12.0.218');
    expect(setBits(p.cstaVersion!)).toEqual([3]);
  });

  it('parseAarq with a profile that has no authentication codec sees no credentials', () => {
    expect(parseAarq(apduOf(vector('AARQ')), ECMA_PLAIN).credentials).toBeUndefined();
  });

  it('parseAarq of something else → protocol-error', () => {
    const e = thrown(() => parseAarq(buildAare(HIPATH, { accepted: true }), HIPATH)) as SessionError;
    expect(e.code).toBe('protocol-error');
  });

  it('buildAare accepted without a stamp: no responder requirements, selected version echoed', () => {
    const v = decode(ACSE_apdu, buildAare(HIPATH, { accepted: true, cstaVersion: ECMA_PLAIN.cstaVersion }));
    if (v.case !== 'aare') throw new Error('not an AARE');
    expect(v.value.respondingAuthenticationValue).toBeUndefined();
    expect(v.value.responderAcseRequirements).toBeUndefined();
    expect(v.value.resultSourceDiagnostic).toEqual({ case: 'acseServiceUser', value: 0 });
    expect(setBits(checkAare(buildAare(HIPATH, { accepted: true, cstaVersion: ECMA_PLAIN.cstaVersion })).cstaVersion!)).toEqual([3, 4]);
  });

  it('buildAare rejected: A2 result 1, A3 { A1 { 13 } } and no user information', () => {
    const aare = buildAare(HIPATH, { accepted: false, result: 1, diagnostic: AUTHENTICATION_FAILURE });
    expect(hex(aare)).toBe('61 15 A1 07 06 05 2B 0C 00 81 5A A2 03 02 01 01 A3 05 A1 03 02 01 0D');
  });
});

describe('release and abort', () => {
  it('V4: buildAbrt() is 64 06 80 01 00 81 01 01', () => {
    expect(hex(buildAbrt())).toBe(hex(apduOf(vector('ABRT'))));
    expect(hex(buildAbrt())).toBe('64 06 80 01 00 81 01 01');
  });

  it('RLRQ / RLRE with reason normal', () => {
    expect(hex(buildRlrq())).toBe('62 03 80 01 00');
    expect(hex(buildRlre())).toBe('63 03 80 01 00');
    expect(decodeAcse(buildRlrq()).kind).toBe('rlrq');
    expect(decodeAcse(buildRlre()).kind).toBe('rlre');
    expect(decodeAcse(buildAbrt()).kind).toBe('abrt');
  });
});

describe('decodeAcse and isAcseApdu', () => {
  it('tells ACSE ([APPLICATION n]) from ROSE ([n]) by the first byte', () => {
    expect(isAcseApdu(apduOf(vector('AARQ')))).toBe(true);
    expect(isAcseApdu(apduOf(vector('ABRT')))).toBe(true);
    expect(isAcseApdu(apduOf(vector('systemStatus invoke')))).toBe(false);
    expect(isAcseApdu(new Uint8Array())).toBe(false);
  });

  it('malformed bytes → BerError; an A-DT APDU (well-formed, unused by CSTA) → protocol-error', () => {
    expect(thrown(() => decodeAcse(fromHex('60 05 A1 03')))).toBeInstanceOf(BerError);
    const adt = encode(ACSE_apdu, { case: 'adt', value: { aUserData: { case: 'simplyEncodedData', value: fromHex('01') } } });
    const e = thrown(() => decodeAcse(adt)) as SessionError;
    expect(e).toBeInstanceOf(SessionError);
    expect(e.code).toBe('protocol-error');
  });
});
