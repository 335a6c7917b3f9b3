/**
 * Device and connection identifiers as applications use them: a dialing number as a string, a
 * call id and a monitor cross reference as lowercase hex text (Net::CSTAv3::Client kept both as
 * hex because they "may contain null bytes", hipath-protocol.md §5.3, §6.3).
 *
 * ECMA-285 spreads a device over many shapes: DeviceID and its seven identifier forms, the
 * `[APPLICATION n]` CHOICEs of events (CallingDeviceID, SubjectDeviceID, RedirectionDeviceID, ...:
 * a DeviceID or notKnown/restricted/...), LocalDeviceID inside a ConnectionID, and ConnectionID
 * itself. `dialingNumberOf` reads all of them, so event handlers need not care which one the
 * switch chose (Net::CSTAv3::Client got `undefined` for any form but the captured one, §6.3).
 */
import { toHex } from '../ber/index.js';
import type { ConnectionID, LocalDeviceID } from '../../generated/csta-call-connection-identifiers.js';
import type { DeviceID } from '../../generated/csta-device-identifiers.js';

/** A DeviceID in the form HiPath uses everywhere: `SEQUENCE { dialingNumber [0] "100" }` (§5.5). */
export function deviceId(dialingNumber: string): DeviceID {
  return { deviceIdentifier: { case: 'dialingNumber', value: dialingNumber } };
}

/** Any of the device-bearing CHOICEs: `{ case: 'deviceIdentifier' | 'numberdialed' | 'deviceID' | 'notKnown' | ..., value }`. */
export interface DeviceChoice {
  readonly case: string;
  readonly value: unknown;
}

/** Everything `dialingNumberOf` accepts. */
export type DeviceLike = DeviceID | LocalDeviceID | ConnectionID | DeviceChoice | null | undefined;

/**
 * The digits of a device, whatever form it arrives in; undefined when there are none (notKnown,
 * restricted, notRequired, notSpecified, a callID-only ConnectionID, undefined).
 *
 * | form | result |
 * | --- | --- |
 * | DeviceID dialingNumber / implicitPublic / implicitPrivate | the digits |
 * | DeviceID explicitPublic / explicitPrivate | the digits inside the type-of-number CHOICE |
 * | DeviceID deviceNumber | the number in decimal |
 * | DeviceID other | lowercase hex of the OtherPlan octets |
 * | `[APPLICATION n]` device CHOICE: deviceIdentifier / numberdialed / deviceID | as the DeviceID |
 * | LocalDeviceID staticID / dynamicID | as the DeviceID / lowercase hex |
 * | ConnectionID deviceID / both | as the LocalDeviceID |
 */
export function dialingNumberOf(x: DeviceLike): string | undefined {
  if (x === null || x === undefined || typeof x !== 'object') return undefined;
  if ('deviceIdentifier' in x && typeof x.deviceIdentifier === 'object') return digitsOfDeviceID(x as DeviceID);
  if (!('case' in x)) return undefined;
  const { case: form, value } = x as DeviceChoice;
  switch (form) {
    case 'deviceIdentifier':
    case 'numberdialed':
    case 'staticID':
      return dialingNumberOf(value as DeviceID);
    case 'dynamicID':
      return value instanceof Uint8Array ? lowerHex(value) : undefined;
    case 'deviceID':
      // ConnectionID.deviceID holds a LocalDeviceID; ConnectionList endpoints hold a DeviceID.
      return dialingNumberOf(value as DeviceLike);
    case 'both':
      return dialingNumberOf((value as { deviceID?: LocalDeviceID }).deviceID);
    default:
      // callID, notKnown, restricted, notRequired, notSpecified, ...: no digits to give.
      return undefined;
  }
}

function digitsOfDeviceID(d: DeviceID): string | undefined {
  const id = d.deviceIdentifier;
  switch (id.case) {
    case 'dialingNumber':
    case 'implicitPublic':
    case 'implicitPrivate':
      return id.value;
    case 'explicitPublic':
    case 'explicitPrivate':
      return id.value.value;
    case 'deviceNumber':
      return String(id.value);
    case 'other':
      return lowerHex(id.value);
    default:
      return undefined;
  }
}

/** The callID of a ConnectionID as lowercase hex (`005b`), or undefined for a deviceID-only one. */
export function callIdOf(c: ConnectionID | null | undefined): string | undefined {
  if (c === null || c === undefined) return undefined;
  switch (c.case) {
    case 'callID':
      return lowerHex(c.value);
    case 'both':
      return lowerHex(c.value.callID);
    default:
      return undefined;
  }
}

/**
 * A ConnectionID in the form HiPath always uses (§7.7): both { callID, deviceID staticID }.
 * `callIdHex` is hex text as callIdOf returns it (any case, even length); `device` a dialing
 * number or a DeviceID.
 */
export function connectionId(callIdHex: string, device: string | DeviceID): ConnectionID {
  return {
    case: 'both',
    value: { callID: hexBytes(callIdHex, 'callID'), deviceID: { case: 'staticID', value: typeof device === 'string' ? deviceId(device) : device } },
  };
}

/** A monitor cross reference as the lowercase hex key the seed API uses (`0001`). */
export function crossRefHex(crossRef: Uint8Array): string {
  return lowerHex(crossRef);
}

/** The bytes of a cross reference given as hex text (`crossRefHex` reversed). */
export function crossRefBytes(hex: string): Uint8Array {
  return hexBytes(hex, 'crossRefIdentifier');
}

function lowerHex(u8: Uint8Array): string {
  return toHex(u8).toLowerCase();
}

/** The bytes of hex text of whole bytes (any case; "" gives none); RangeError naming `what` otherwise. */
export function hexBytes(hex: string, what: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw new RangeError(`${what} ${JSON.stringify(hex)} is not hex text of whole bytes (e.g. "005b")`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
