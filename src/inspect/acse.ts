/**
 * ACSE APDUs (`60`..`67`, hipath-protocol.md §2): the generated ACSE-apdu codec, then the two
 * EXTERNALs HiPath fills, whose single-ASN1-type is an open type in ACSE-1:
 * - AARQ calling- / AARE responding-authentication-value → `external` → HiPathAuthenticationValue
 *   (password `[0]` from the client, stamp `[1]` from the switch; no direct-reference OID);
 * - user-information (AARQ, AARE, RLRQ, RLRE, ABRT) → each EXTERNAL → ACSEUserInformationForCSTA.
 * An EXTERNAL that is not single-ASN1-type, or that does not decode, is kept raw with a warning.
 */
import { decode } from '../ber/index.js';
import { ACSE_apdu, type Authentication_value } from '../../generated/acse-1.js';
import type { External } from '../../generated/asn1-prelude.js';
import { ACSEUserInformationForCSTA } from '../../generated/csta-application-context-information-csta3.js';
import { HiPathAuthenticationValue } from '../../generated/hipath-csta-authentication.js';
import { decodeInner, type AcseApduName, type DecodeApduOptions, type DecodedAcse, type Inner } from './decoded-apdu.js';
import { atInput } from './inspect-error.js';

export function decodeAcse(apdu: Uint8Array, options: DecodeApduOptions): DecodedAcse {
  const base = options.offset ?? 0;
  let value: ACSE_apdu;
  try {
    value = decode(ACSE_apdu, apdu, options.limits);
  } catch (e) {
    throw atInput(e, base);
  }
  if (value.case === '$unknown') {
    // Cannot happen for 60..67 (all eight are alternatives); kept for the type checker.
    throw new Error(`ACSE-apdu decoded to an unknown alternative (tag ${value.value.tag})`);
  }
  const warnings: string[] = [];
  const decoded: DecodedAcse = { kind: 'ACSE', apdu: value.case as AcseApduName, value, offset: base, warnings };
  if (options.raw) return decoded;

  let auth: Authentication_value | undefined;
  let userInfo: External[] | undefined;
  switch (value.case) {
    case 'aarq':
      auth = value.value.callingAuthenticationValue;
      userInfo = value.value.userInformation;
      break;
    case 'aare':
      auth = value.value.respondingAuthenticationValue;
      userInfo = value.value.userInformation;
      break;
    case 'rlrq':
    case 'rlre':
    case 'abrt':
      userInfo = value.value.userInformation;
      break;
    default:
      break;
  }

  let authentication: Inner<HiPathAuthenticationValue> | undefined;
  if (auth !== undefined) {
    const name = value.case === 'aarq' ? 'calling-authentication-value' : 'responding-authentication-value';
    if (auth.case !== 'external') {
      warnings.push(`${name} is the ${auth.case} alternative, not HiPath's EXTERNAL; shown as it is`);
    } else {
      const raw = singleType(auth.value, name, warnings);
      if (raw !== undefined) authentication = decodeInner(HiPathAuthenticationValue, raw, apdu, options, name, warnings);
    }
  }

  let userInformation: (Inner<ACSEUserInformationForCSTA> | undefined)[] | undefined;
  if (userInfo !== undefined) {
    userInformation = userInfo.map((external, i) => {
      const name = `user-information[${i}]`;
      const raw = singleType(external, name, warnings);
      return raw === undefined ? undefined : decodeInner(ACSEUserInformationForCSTA, raw, apdu, options, name, warnings);
    });
  }
  return { ...decoded, authentication, userInformation };
}

function singleType(external: External, name: string, warnings: string[]) {
  if (external.encoding.case === 'singleASN1Type') return external.encoding.value;
  warnings.push(`${name} is an EXTERNAL with ${external.encoding.case} encoding, not single-ASN1-type; kept as it is`);
  return undefined;
}
