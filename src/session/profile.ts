/**
 * A dialect is a profile, not a fork: everything the session layer does differently for one
 * switch family lives in a DialectProfile object. HIPATH is the Siemens HiPath / OpenScape dialect
 * (hipath-protocol.md §1, §2, §5, §7); ECMA_PLAIN is a plain ECMA-285 association over a 2-byte
 * length prefix, there to prove a second dialect needs no code of its own.
 */
import { bitString, decode, encode, toHex, fromHex, BerReader, type BitString, type Codec, type RawElement } from '../ber/index.js';
import type { Authentication_value } from '../../generated/acse-1.js';
import {
  CallAssociatedEvents,
  CallControlEvents,
  CSTAVersion,
  DeviceMaintenanceEvents,
  LogicalDeviceFeatureEvents,
  MediaAttachmentEvents,
  PhysicalDeviceFeatureEvents,
  VendorSpecEvents,
  VoiceUnitEvents,
} from '../../generated/csta-application-context-information-csta3.js';
import { HiPathAuthenticationValue } from '../../generated/hipath-csta-authentication.js';
import type { MonitorFilter } from '../../generated/csta-status-reporting.js';
import { HIPATH_FRAMING, LENGTH16_FRAMING, type FrameFormat } from './framing.js';

export interface Credentials {
  readonly name: string;
  readonly password: string;
}

/**
 * How a dialect authenticates inside ACSE. Client side: `encodeCredentials` fills the AARQ's
 * calling-authentication-value, `decodeResponse` reads the AARE's responding-authentication-value.
 * Server side: the reverse pair. Decoders return undefined for a value that is not in this
 * dialect's form (the caller then treats it as absent) and throw BerError for malformed bytes.
 */
export interface AuthenticationCodec {
  encodeCredentials(credentials: Credentials): Authentication_value;
  decodeCredentials(value: Authentication_value): Credentials | undefined;
  /** `fields`: the dialect's response fields as hex text (HiPath: apsStamp, systemVersion). */
  encodeResponse(fields: Readonly<Record<string, string>>): Authentication_value;
  decodeResponse(value: Authentication_value): Record<string, string> | undefined;
}

/** Session timings a dialect suggests; LinkOptions override them. */
export interface SessionTimings {
  /** Answer to a request (invoke → result/error/reject). */
  readonly requestTimeoutMs: number;
  /** AARQ → AARE, and AARE → the switch's first systemStatus where the dialect sends one. */
  readonly associationTimeoutMs: number;
  /** Nothing received this long: probe the link (systemStatus); no answer → link lost. */
  readonly deadLinkMs: number;
}

/** The eight MonitorFilter components, in MonitorFilter SEQUENCE order (hipath-protocol.md §5.1). */
export const FILTER_CATEGORIES = [
  'callControl',
  'callAssociated',
  'mediaAttachment',
  'physicalDeviceFeature',
  'logicalDeviceFeature',
  'maintenance',
  'voiceUnit',
  'private',
] as const;
export type FilterCategory = (typeof FILTER_CATEGORIES)[number];

/** The BIT STRING type of each category, for its named bits. */
const FILTER_BITS = {
  callControl: CallControlEvents.bits,
  callAssociated: CallAssociatedEvents.bits,
  mediaAttachment: MediaAttachmentEvents.bits,
  physicalDeviceFeature: PhysicalDeviceFeatureEvents.bits,
  logicalDeviceFeature: LogicalDeviceFeatureEvents.bits,
  maintenance: DeviceMaintenanceEvents.bits,
  voiceUnit: VoiceUnitEvents.bits,
  private: VendorSpecEvents.bits,
} as const;

/** Event names that can be excluded, per category: `{ callControl: ['held', 'retrieved'] }`. */
export type MonitorFilterExclusions = {
  readonly [C in FilterCategory]?: readonly (keyof (typeof FILTER_BITS)[C])[];
};

/** Bit count sent for each category. */
export type FilterWidths = Readonly<Record<FilterCategory, number>>;

export interface DialectProfile {
  /** Short name for logs: 'hipath'. */
  readonly name: string;
  readonly framing: FrameFormat;
  /** A port to use when the caller gives none; undefined when the dialect documents none. */
  readonly defaultPort?: number;
  /** Credentials used when the caller gives none. */
  readonly defaultCredentials?: Credentials;
  /** ACSE application-context-name, dotted OID. */
  readonly applicationContext: string;
  /** cSTAVersion offered in the AARQ (client) and selected in the AARE (server). */
  readonly cstaVersion: BitString;
  /** undefined: the AARQ carries no authentication at all. */
  readonly authentication?: AuthenticationCodec;
  /** Widths of the MonitorFilter bit strings this dialect's switches accept. */
  readonly filterWidths: FilterWidths;
  /** Sent with every MonitorStart that names no filter; undefined = send none. */
  readonly defaultMonitorFilter?: MonitorFilter;
  readonly timings: SessionTimings;
}

// ---------------------------------------------------------------------------------------------
// HiPath authentication (hipath-protocol.md §2.1, §2.2, §7.2, §7.3)

/** Text ↔ OCTET STRING one byte per character (the switch compares bytes; AMHOST is ASCII). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`character ${JSON.stringify(text[i])} at index ${i} does not fit one byte; CSTA names and passwords are byte strings`);
    out[i] = c;
  }
  return out;
}

export function latin1Text(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A value as the open type of EXTERNAL single-ASN1-type (a raw element). */
function rawOf<T>(codec: Codec<T>, value: T): RawElement {
  return new BerReader(encode(codec, value)).readRaw();
}

/** EXTERNAL { encoding single-ASN1-type } with no direct-reference: how HiPath wraps its private values. */
function external(raw: RawElement): Authentication_value {
  return { case: 'external', value: { encoding: { case: 'singleASN1Type', value: raw } } };
}

function hipathValue(value: Authentication_value): HiPathAuthenticationValue | undefined {
  if (value.case !== 'external' || value.value.encoding.case !== 'singleASN1Type') return undefined;
  return decode(HiPathAuthenticationValue, value.value.encoding.value.bytes);
}

/**
 * calling-authentication-value `[12]` → external `[2]` → single-ASN1-type `[0]` → HiPath private
 * `[0] { name OCTET STRING, password OCTET STRING }`; the AARE answers with `[1] { aps-stamp,
 * system-version }` (meaning unknown: kept as hex).
 */
export const HIPATH_AUTHENTICATION: AuthenticationCodec = Object.freeze({
  encodeCredentials(c: Credentials): Authentication_value {
    const password = { authenticationName: latin1Bytes(c.name), password: latin1Bytes(c.password) };
    return external(rawOf(HiPathAuthenticationValue, { case: 'password', value: password }));
  },
  decodeCredentials(value: Authentication_value): Credentials | undefined {
    const v = hipathValue(value);
    if (v?.case !== 'password') return undefined;
    return { name: latin1Text(v.value.authenticationName), password: latin1Text(v.value.password) };
  },
  encodeResponse(fields: Readonly<Record<string, string>>): Authentication_value {
    const stamp = { apsStamp: fromHex(fields.apsStamp ?? ''), systemVersion: fromHex(fields.systemVersion ?? '') };
    return external(rawOf(HiPathAuthenticationValue, { case: 'stamp', value: stamp }));
  },
  decodeResponse(value: Authentication_value): Record<string, string> | undefined {
    const v = hipathValue(value);
    if (v?.case !== 'stamp') return undefined;
    return { apsStamp: toHex(v.value.apsStamp).toLowerCase(), systemVersion: toHex(v.value.systemVersion).toLowerCase() };
  },
});

// ---------------------------------------------------------------------------------------------
// Monitor filters (hipath-protocol.md §5.1, §5.2; ECMA-269 12.2.23: a set bit = NOT reported)

/** HiPath accepts the filter only complete, with exactly these widths (S1 and S4 both send them). */
export const HIPATH_FILTER_WIDTHS: FilterWidths = Object.freeze({
  callControl: 18,
  callAssociated: 5,
  mediaAttachment: 2,
  physicalDeviceFeature: 11,
  logicalDeviceFeature: 14,
  maintenance: 3,
  voiceUnit: 7,
  private: 1,
});

/** One bit per named event of the ECMA-285 4th-edition types (18/5/2/11/15/4/18/1). */
export const ECMA_FILTER_WIDTHS: FilterWidths = Object.freeze(
  Object.fromEntries(FILTER_CATEGORIES.map((c) => [c, Math.max(...Object.values(FILTER_BITS[c] as Record<string, number>)) + 1])) as Record<
    FilterCategory,
    number
  >,
);

/**
 * A complete MonitorFilter: every category present at its dialect width, with the bits of the
 * `exclude`d events set (set = the switch does NOT report it). No argument: all zeros, every event
 * reported; for HIPATH that is exactly the filter of hipath-protocol.md §8.2.
 *
 * Throws RangeError for an event name the category does not have, or one whose bit lies outside
 * the dialect's width (HiPath's 14-bit logicalDeviceFeature has no presenceState bit, for example).
 */
export function monitorFilter(exclude: MonitorFilterExclusions = {}, profile: Pick<DialectProfile, 'filterWidths' | 'name'> = HIPATH): MonitorFilter {
  for (const key of Object.keys(exclude)) {
    if (!(FILTER_CATEGORIES as readonly string[]).includes(key)) {
      throw new RangeError(`${key} is not a MonitorFilter category: one of ${FILTER_CATEGORIES.join(', ')}`);
    }
  }
  const filter: MonitorFilter = {};
  for (const category of FILTER_CATEGORIES) {
    const width = profile.filterWidths[category];
    const named = FILTER_BITS[category] as Readonly<Record<string, number>>;
    const bits = ((exclude[category] ?? []) as readonly string[]).map((event) => {
      const bit = named[event];
      if (bit === undefined) {
        throw new RangeError(`${category} has no event ${JSON.stringify(event)}: one of ${Object.keys(named).join(', ')}`);
      }
      if (bit >= width) {
        throw new RangeError(
          `${category} event ${event} is bit ${bit}, outside the ${width}-bit string the ${profile.name} dialect sends ` +
            '(its switches do not know the event; leave it out)',
        );
      }
      return bit;
    });
    filter[category] = bitString(width, bits);
  }
  return filter;
}

// ---------------------------------------------------------------------------------------------
// The profiles

/** cSTAVersion with only the given bits (CSTAVersion numbering) set, 16 bits as HiPath sends it. */
function versions(...bits: number[]): BitString {
  return bitString(16, bits);
}

/**
 * Siemens HiPath 3000 / OpenScape Business CSTA Phase III over TCP.
 *
 * - framing: `26` + 0x8000|length (§1);
 * - defaultPort 8800: the only port any source gives for this dialect is OpenScape Business's
 *   "CSTA at Port 8800" (S8, §1.7). HiPath 3000/HG1500 documents none (S1's example uses 18000):
 *   pass the port explicitly for those;
 * - credentials AMHOST / 77777, Net::CSTAv3::Client's defaults (§2.1);
 * - application context 1.3.12.0.218 and cSTAVersion `00 10 00` = versionFour only (§2.1, §7.4);
 * - filter: complete, widths 18/5/2/11/14/3/7/1, all zeros = every event (§5.1, §5.2, §7.6);
 * - timings: no HiPath heartbeat interval is documented (§4.3, §10); 60 s of silence before a
 *   probe is our choice, longer than the 30 s idle systemStatus period seen at another vendor (S7).
 */
export const HIPATH: DialectProfile = Object.freeze({
  name: 'hipath',
  framing: HIPATH_FRAMING,
  defaultPort: 8800,
  defaultCredentials: Object.freeze({ name: 'AMHOST', password: '77777' }),
  applicationContext: '1.3.12.0.218',
  cstaVersion: versions(CSTAVersion.bits.versionFour),
  authentication: HIPATH_AUTHENTICATION,
  filterWidths: HIPATH_FILTER_WIDTHS,
  defaultMonitorFilter: Object.freeze(monitorFilter({}, { name: 'hipath', filterWidths: HIPATH_FILTER_WIDTHS })),
  timings: Object.freeze({ requestTimeoutMs: 10_000, associationTimeoutMs: 10_000, deadLinkMs: 60_000 }),
});

/**
 * A plain ECMA-285 association: 2-byte length prefix, application context 1.3.12.0.218, no
 * authentication, cSTAVersion versionFour | versionFive (ISO/IEC 18052 and ECMA-285 2nd edition;
 * the switch selects one), no filter sent unless asked for (the switch's default applies), full
 * ECMA-285 filter widths for `monitorFilter(..., ECMA_PLAIN)`. No default port (none is standard).
 */
export const ECMA_PLAIN: DialectProfile = Object.freeze({
  name: 'ecma',
  framing: LENGTH16_FRAMING,
  applicationContext: '1.3.12.0.218',
  cstaVersion: versions(CSTAVersion.bits.versionFour, CSTAVersion.bits.versionFive),
  filterWidths: ECMA_FILTER_WIDTHS,
  timings: Object.freeze({ requestTimeoutMs: 10_000, associationTimeoutMs: 10_000, deadLinkMs: 60_000 }),
});
