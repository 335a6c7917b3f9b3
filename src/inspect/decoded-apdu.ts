/**
 * What decodeApdu hands back: the APDU as the generated codecs decoded it, plus the values of its
 * open types decoded through the operation table (ROSE) or the HiPath/CSTA association types
 * (ACSE), and what could not be decoded, in words.
 */
import { BerError } from '../ber/error.js';
import { decode, type Codec, type DecodeOptions, type RawElement } from '../ber/index.js';
import type { ACSE_apdu } from '../../generated/acse-1.js';
import type { ROSE_APDU } from '../../generated/csta-rose-apdus.js';
import type { HiPathAuthenticationValue } from '../../generated/hipath-csta-authentication.js';
import type { ACSEUserInformationForCSTA } from '../../generated/csta-application-context-information-csta3.js';
import { atInput } from './inspect-error.js';

export type AcseApduName = 'aarq' | 'aare' | 'rlrq' | 'rlre' | 'abrt' | 'adt' | 'acrq' | 'acrp';
export type RoseApduName = 'invoke' | 'returnResult' | 'returnError' | 'reject';
export type ApduName = AcseApduName | RoseApduName;

/** An open type's contents, decoded: the codec that decoded it (for JER) and the value. */
export interface Inner<T = unknown> {
  readonly codec: Codec<T>;
  readonly value: T;
}

interface Common {
  /** Offset of the APDU's first byte in the input it was cut from. */
  readonly offset: number;
  /** What could not be decoded further and was kept raw, and why. Empty when everything decoded. */
  readonly warnings: string[];
}

export interface DecodedAcse extends Common {
  readonly kind: 'ACSE';
  readonly apdu: AcseApduName;
  readonly value: ACSE_apdu;
  /** AARQ calling- / AARE responding-authentication-value, as HiPath's private value. */
  readonly authentication?: Inner<HiPathAuthenticationValue>;
  /** user-information, one entry per EXTERNAL; `undefined` where it did not decode (kept raw). */
  readonly userInformation?: readonly (Inner<ACSEUserInformationForCSTA> | undefined)[];
}

export interface DecodedRose extends Common {
  readonly kind: 'ROSE';
  readonly apdu: RoseApduName;
  readonly value: ROSE_APDU;
  /** The invoke id; `null` for the `absent` alternative (a Reject of an unparseable invoke). */
  readonly invokeId: number | null;
  /** From the operation table; missing when the opcode is unknown or absent (returnResult without result). */
  readonly operation?: { readonly name: string; readonly code: number };
  /** returnError: the ERROR object of the errcode, when the table knows it. */
  readonly error?: { readonly name: string; readonly code: number };
  /** cSTAEventReport: the EventSpecificInfo category and event alternatives. */
  readonly event?: { readonly category: string; readonly name: string };
  readonly argument?: Inner;
  readonly result?: Inner;
  readonly parameter?: Inner;
}

export type DecodedApdu = DecodedAcse | DecodedRose;

export interface DecodeApduOptions {
  /** Skip decoding the open types: arguments, results, EXTERNALs stay raw (as `--raw` does). */
  readonly raw?: boolean;
  /** Offset of the APDU in a larger input: added to every offset reported. Default 0. */
  readonly offset?: number;
  /** Limits for the BER reader (depth, elements, length). */
  readonly limits?: DecodeOptions;
}

/**
 * Decodes an open type's raw element with `codec`. On a BerError, records a warning that says
 * what was being decoded, as what, and where in the input it failed, and returns undefined: the
 * caller keeps the raw element.
 */
export function decodeInner<T>(
  codec: Codec<T>,
  raw: RawElement,
  apdu: Uint8Array,
  options: DecodeApduOptions,
  what: string,
  warnings: string[],
): Inner<T> | undefined {
  try {
    return { codec, value: decode(codec, raw.bytes, options.limits) };
  } catch (e) {
    if (!(e instanceof BerError)) throw e;
    // The raw element is a subarray of the APDU (the reader never copies open types).
    const within = raw.bytes.buffer === apdu.buffer ? raw.bytes.byteOffset - apdu.byteOffset : 0;
    const moved = atInput(e, (options.offset ?? 0) + within) as BerError;
    warnings.push(`${what} did not decode as ${codec.name}, kept as raw hex: ${moved.message}`);
    return undefined;
  }
}
