/**
 * The ACSE part of a CSTA association (X.227; hipath-protocol.md §2), both roles: the client builds
 * the AARQ and checks the AARE; the switch side (server.ts, the simulator) parses the AARQ and
 * builds the AARE. Release is ABRT for HiPath (what the Siemens clients send, §2.4) or RLRQ/RLRE.
 * Everything goes through the generated ACSE-1 codecs; the dialect's differences come from the
 * DialectProfile (authentication codec, application context, CSTA version).
 */
import { BerError, BerReader, bitString, decode, encode, type BitString, type RawElement } from '../ber/index.js';
import {
  ACSE_apdu,
  ACSE_requirements,
  Associate_result,
  Associate_source_diagnostic_acse_service_provider,
  Associate_source_diagnostic_acse_service_user,
  ABRT_source,
  type AARE_apdu,
  type AARQ_apdu,
  type ABRT_diagnostic,
  type Association_data,
} from '../../generated/acse-1.js';
import { ACSEUserInformationForCSTA } from '../../generated/csta-application-context-information-csta3.js';
import { AssociationAbortedError, AssociationRejectedError, numberName, SessionError } from './errors.js';
import type { Credentials, DialectProfile } from './profile.js';
import { HIPATH } from './profile.js';

export type AcseMessage = { kind: 'aarq' | 'aare' | 'abrt' | 'rlrq' | 'rlre'; value: ACSE_apdu };

/** What the client learns from an accepted AARE. */
export interface AssociationInfo {
  /** application-context-name the switch echoed (1.3.12.0.218). */
  readonly applicationContext: string;
  /** cSTAVersion the switch selected, when it sent one. */
  readonly cstaVersion?: BitString;
  /** The dialect's responding-authentication-value fields (HiPath: apsStamp, systemVersion as hex). */
  readonly authentication?: Record<string, string>;
  /** The whole AARE as decoded. */
  readonly raw: AARE_apdu;
}

/** Associate-source-diagnostic acse-service-user authentication-failure (X.227). */
export const AUTHENTICATION_FAILURE = Associate_source_diagnostic_acse_service_user.named.authenticationFailure;

/** ACSE APDUs are `[APPLICATION n]` (`60`..`7F`); ROSE APDUs are context-tagged (`A1`..`A4`). */
export function isAcseApdu(apdu: Uint8Array): boolean {
  return apdu.length > 0 && ((apdu[0] as number) & 0xc0) === 0x40;
}

/**
 * Decodes an ACSE APDU. Throws BerError when the bytes are not a well-formed ACSE APDU, and
 * SessionError `protocol-error` for the ACSE APDUs CSTA does not use (A-DT, ACRQ, ACRP, unknown).
 */
export function decodeAcse(apdu: Uint8Array): AcseMessage {
  const value = decode(ACSE_apdu, apdu);
  switch (value.case) {
    case 'aarq':
    case 'aare':
    case 'abrt':
    case 'rlrq':
    case 'rlre':
      return { kind: value.case, value };
    default:
      throw new SessionError('protocol-error', `received an ACSE ${value.case} APDU, which a CSTA association does not use`);
  }
}

// ---------------------------------------------------------------------------------------------
// user-information: EXTERNAL { single-ASN1-type ACSEUserInformationForCSTA } (§2.1)

function userInformation(cstaVersion: BitString): Association_data {
  const info: ACSEUserInformationForCSTA = { case: 'newDefinition', value: { cSTAVersion: cstaVersion } };
  const raw: RawElement = new BerReader(encode(ACSEUserInformationForCSTA, info)).readRaw();
  return [{ encoding: { case: 'singleASN1Type', value: raw } }];
}

/** cSTAVersion from the first EXTERNAL that decodes as ACSEUserInformationForCSTA (with or without a direct-reference). */
function cstaVersionOf(data: Association_data | undefined): BitString | undefined {
  for (const ext of data ?? []) {
    if (ext.encoding.case !== 'singleASN1Type') continue;
    try {
      return decode(ACSEUserInformationForCSTA, ext.encoding.value.bytes).value.cSTAVersion;
    } catch {
      // Some other user information: not ours to interpret.
    }
  }
  return undefined;
}

/** sender/responder-acse-requirements with the authentication bit: `8A 02 06 80` as S1 and S4 send it (2 bits). */
const AUTHENTICATION_REQUIRED = bitString(2, [ACSE_requirements.bits.authentication]);

// ---------------------------------------------------------------------------------------------
// Client role

/**
 * The AARQ (§2.1). With HIPATH and AMHOST/77777 it is byte-identical to the S4/S1 capture (V2).
 * `credentials` defaults to the profile's; a profile without an authentication codec sends none.
 */
export function buildAarq(profile: DialectProfile, credentials: Credentials | undefined = profile.defaultCredentials): Uint8Array {
  const aarq: AARQ_apdu = { aSOContextName: profile.applicationContext, userInformation: userInformation(profile.cstaVersion) };
  if (profile.authentication !== undefined && credentials !== undefined) {
    aarq.senderAcseRequirements = AUTHENTICATION_REQUIRED;
    aarq.callingAuthenticationValue = profile.authentication.encodeCredentials(credentials);
  }
  return encode(ACSE_apdu, { case: 'aarq', value: aarq });
}

/**
 * Checks the switch's answer to the AARQ. Accepted → AssociationInfo. Rejected →
 * AssociationRejectedError (`association-rejected`, with X.227 result and diagnostic names). ABRT
 * instead of an AARE → AssociationAbortedError (`association-aborted`). Anything else, or bytes
 * that do not decode → SessionError `protocol-error` (the BerError as `cause`).
 *
 * Net::CSTAv3::Client never checked the result (§9.4); we require accepted (0).
 */
export function checkAare(apdu: Uint8Array, profile: DialectProfile = HIPATH): AssociationInfo {
  const msg = decodeOrProtocolError(apdu, 'an AARE');
  if (msg.value.case === 'abrt') throw abortError(msg.value.value.abortSource, msg.value.value.abortDiagnostic);
  if (msg.value.case !== 'aare') {
    throw new SessionError('protocol-error', `expected an AARE in answer to the AARQ, received ${msg.kind.toUpperCase()}`);
  }
  const aare = msg.value.value;
  if (aare.result !== Associate_result.named.accepted) {
    const d = aare.resultSourceDiagnostic;
    const user = d.case === 'acseServiceUser';
    throw new AssociationRejectedError(
      named(aare.result, numberName(Associate_result, aare.result)),
      {
        source: user ? 'acse-service-user' : 'acse-service-provider',
        ...named(d.value, numberName(user ? Associate_source_diagnostic_acse_service_user : Associate_source_diagnostic_acse_service_provider, d.value)),
      },
    );
  }
  let authentication: Record<string, string> | undefined;
  if (aare.respondingAuthenticationValue !== undefined && profile.authentication !== undefined) {
    try {
      authentication = profile.authentication.decodeResponse(aare.respondingAuthenticationValue);
    } catch {
      // The stamp's meaning is unknown (§2.2) and nothing depends on it: a malformed one is ignored.
    }
  }
  const cstaVersion = cstaVersionOf(aare.userInformation);
  return {
    applicationContext: aare.aSOContextName,
    ...(cstaVersion !== undefined && { cstaVersion }),
    ...(authentication !== undefined && { authentication }),
    raw: aare,
  };
}

function named(value: number, name: string | undefined): { value: number; name?: string } {
  return name === undefined ? { value } : { value, name };
}

/** AssociationAbortedError for a received ABRT's fields. */
export function abortError(source: number, diagnostic?: ABRT_diagnostic): AssociationAbortedError {
  return new AssociationAbortedError(named(source, numberName(ABRT_source, source)), diagnostic);
}

function decodeOrProtocolError(apdu: Uint8Array, expected: string): AcseMessage {
  try {
    return decodeAcse(apdu);
  } catch (e) {
    if (e instanceof SessionError) throw e;
    if (e instanceof BerError) {
      throw new SessionError('protocol-error', `expected ${expected}, received bytes that are not an ACSE APDU: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Server role

/**
 * What the switch side needs from an AARQ. `credentials` is undefined when the AARQ carries none
 * in the profile's form. Throws SessionError `protocol-error` when `apdu` is not an AARQ.
 * (The password is returned to the caller only: describeApdu in logger.ts masks it.)
 */
export function parseAarq(
  apdu: Uint8Array,
  profile: DialectProfile,
): { credentials?: Credentials; applicationContext: string; cstaVersion?: BitString } {
  const msg = decodeOrProtocolError(apdu, 'an AARQ');
  if (msg.value.case !== 'aarq') {
    throw new SessionError('protocol-error', `expected an AARQ to open the association, received ${msg.kind.toUpperCase()}`);
  }
  const aarq = msg.value.value;
  let credentials: Credentials | undefined;
  if (aarq.callingAuthenticationValue !== undefined && profile.authentication !== undefined) {
    try {
      credentials = profile.authentication.decodeCredentials(aarq.callingAuthenticationValue);
    } catch {
      // Malformed private value: treated as no credentials (the server then rejects the AARQ).
    }
  }
  const cstaVersion = cstaVersionOf(aarq.userInformation);
  return {
    applicationContext: aarq.aSOContextName,
    ...(credentials !== undefined && { credentials }),
    ...(cstaVersion !== undefined && { cstaVersion }),
  };
}

export type AareOutcome =
  | {
      accepted: true;
      /** cSTAVersion selected; default the profile's. */
      cstaVersion?: BitString;
      /** responding-authentication-value fields as hex (HiPath: apsStamp, systemVersion); none when absent. */
      authentication?: Readonly<Record<string, string>>;
    }
  | {
      accepted: false;
      /** 1 rejected-permanent, 2 rejected-transient. */
      result: 1 | 2;
      /** Associate-source-diagnostic value, e.g. AUTHENTICATION_FAILURE (13). */
      diagnostic: number;
      /** Default acse-service-user. */
      source?: 'acse-service-user' | 'acse-service-provider';
    };

/** The switch's AARE (§2.2 layout): accepted with the selected cSTAVersion, or rejected with a diagnostic. */
export function buildAare(profile: DialectProfile, outcome: AareOutcome): Uint8Array {
  let aare: AARE_apdu;
  if (outcome.accepted) {
    aare = {
      aSOContextName: profile.applicationContext,
      result: Associate_result.named.accepted,
      resultSourceDiagnostic: { case: 'acseServiceUser', value: Associate_source_diagnostic_acse_service_user.named.null },
      userInformation: userInformation(outcome.cstaVersion ?? profile.cstaVersion),
    };
    if (outcome.authentication !== undefined && profile.authentication !== undefined) {
      aare.responderAcseRequirements = AUTHENTICATION_REQUIRED;
      aare.respondingAuthenticationValue = profile.authentication.encodeResponse(outcome.authentication);
    }
  } else {
    const user = (outcome.source ?? 'acse-service-user') === 'acse-service-user';
    aare = {
      aSOContextName: profile.applicationContext,
      result: outcome.result,
      resultSourceDiagnostic: user
        ? { case: 'acseServiceUser', value: outcome.diagnostic }
        : { case: 'acseServiceProvider', value: outcome.diagnostic },
    };
  }
  return encode(ACSE_apdu, { case: 'aare', value: aare });
}

// ---------------------------------------------------------------------------------------------
// Release and abort

/**
 * ABRT `{ abort-source, abort-diagnostic }`. Default: acse-service-user (0), no-reason-given =
 * `64 06 80 01 00 81 01 01`, what both Siemens clients send to disconnect (V4).
 */
export function buildAbrt(source: 0 | 1 = 0, diagnostic: ABRT_diagnostic = 'no-reason-given'): Uint8Array {
  return encode(ACSE_apdu, { case: 'abrt', value: { abortSource: source, abortDiagnostic: diagnostic } });
}

/** RLRQ with reason normal (0): `62 03 80 01 00`. */
export function buildRlrq(): Uint8Array {
  return encode(ACSE_apdu, { case: 'rlrq', value: { reason: 0 } });
}

/** RLRE with reason normal (0): `63 03 80 01 00`. */
export function buildRlre(): Uint8Array {
  return encode(ACSE_apdu, { case: 'rlre', value: { reason: 0 } });
}
