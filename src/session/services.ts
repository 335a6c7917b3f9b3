/**
 * The common CSTA services as plain methods (issue item 6): devices as dialing-number strings
 * (or DeviceIDs), connections as the ConnectionIDs events and results carry (or a
 * `{ callId, device }` pair in the hex form events show). Each builds the generated argument
 * and goes through the typed generic `invoke()`, which reaches every operation of the generated
 * table:
 *
 * ```ts
 * const { callingDevice } = await client.makeCall('100', '101');      // ConnectionID of 100's side
 * await client.holdCall(callingDevice);
 * await client.invoke('getDoNotDisturb', { device: deviceId('100') }); // anything else, typed
 * ```
 *
 * Failures: CstaError (`return-error`: `category`/`value` of the switch's UniversalFailure),
 * RejectError, SessionError `request-timeout`, LinkLostError (`link-lost`: the link went down while
 * waiting; the request may or may not have been carried out, and it is not re-sent), SessionError
 * `not-connected` (sent nothing: the link is down or reconnecting).
 */
import { EventEmitter } from 'node:events';
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import type { DeviceID } from '../../generated/csta-device-identifiers.js';
import type { ForwardingType } from '../../generated/csta-device-feature-types.js';
import type { ArgumentOf, OperationName, ResultOf } from '../../generated/operations.js';
import type { RequestOptions } from './association.js';
import { connectionId, deviceId, hexBytes } from './device.js';

/** A device: its dialing number (`'100'`) or a DeviceID in any form. */
export type DeviceInput = string | DeviceID;

/** A connection: a ConnectionID as events and results carry it, or `{ callId: '005b', device?: '100' }`. */
export type ConnectionInput = ConnectionID | { readonly callId: string; readonly device?: DeviceInput };

export function toDeviceId(device: DeviceInput): DeviceID {
  if (typeof device === 'string') {
    if (device === '') throw new RangeError('empty device: give a dialing number such as "100"');
    return deviceId(device);
  }
  return device;
}

/** `{ callId, device }` → ConnectionID both (HiPath's form) or callID-only; a ConnectionID as is. */
export function toConnectionId(connection: ConnectionInput): ConnectionID {
  if (!('callId' in connection)) return connection;
  // A call is never identified by zero bytes (hexBytes alone would accept "").
  if (connection.callId === '') throw new RangeError('callId "" is not hex text of whole bytes (e.g. "005b")');
  if (connection.device === undefined) return { case: 'callID', value: hexBytes(connection.callId, 'callId') };
  return connectionId(connection.callId, toDeviceId(connection.device));
}

export abstract class CstaServices extends EventEmitter {
  /** Any operation of the generated table, argument and result typed by its name. */
  abstract invoke<N extends OperationName>(op: N, argument: ArgumentOf<N>, options?: RequestOptions): Promise<ResultOf<N>>;

  /** MakeCall from → to (HiPath: { callingDevice, calledDirectoryNumber }, §7.10). Result: the caller's ConnectionID in `callingDevice`. */
  makeCall(from: DeviceInput, to: DeviceInput, options?: RequestOptions): Promise<ResultOf<'makeCall'>> {
    return this.invoke('makeCall', { callingDevice: toDeviceId(from), calledDirectoryNumber: toDeviceId(to) }, options);
  }

  answerCall(connection: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'answerCall'>> {
    return this.invoke('answerCall', { callToBeAnswered: toConnectionId(connection) }, options);
  }

  /** Drops one party (`connection`) from its call. */
  clearConnection(connection: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'clearConnection'>> {
    return this.invoke('clearConnection', { connectionToBeCleared: toConnectionId(connection) }, options);
  }

  /** Ends the whole call `call` belongs to. */
  clearCall(call: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'clearCall'>> {
    return this.invoke('clearCall', { callToBeCleared: toConnectionId(call) }, options);
  }

  holdCall(connection: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'holdCall'>> {
    return this.invoke('holdCall', { callToBeHeld: toConnectionId(connection) }, options);
  }

  retrieveCall(connection: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'retrieveCall'>> {
    return this.invoke('retrieveCall', { callToBeRetrieved: toConnectionId(connection) }, options);
  }

  /** Holds `existing` and calls `to` from the same device. Result: `initiatedCall`. */
  consultationCall(existing: ConnectionInput, to: DeviceInput, options?: RequestOptions): Promise<ResultOf<'consultationCall'>> {
    return this.invoke('consultationCall', { existingCall: toConnectionId(existing), consultedDevice: toDeviceId(to) }, options);
  }

  /** Joins the held and the active call's other parties and drops the transferring device. */
  transferCall(held: ConnectionInput, active: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'transferCall'>> {
    return this.invoke('transferCall', { heldCall: toConnectionId(held), activeCall: toConnectionId(active) }, options);
  }

  conferenceCall(held: ConnectionInput, active: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'conferenceCall'>> {
    return this.invoke('conferenceCall', { heldCall: toConnectionId(held), activeCall: toConnectionId(active) }, options);
  }

  /** Sends a ringing call on to `to`. */
  deflectCall(connection: ConnectionInput, to: DeviceInput, options?: RequestOptions): Promise<ResultOf<'deflectCall'>> {
    return this.invoke('deflectCall', { callToBeDiverted: toConnectionId(connection), newDestination: toDeviceId(to) }, options);
  }

  /** Transfers an active call to `to` in one step (operation singleStepTrans). */
  singleStepTransfer(connection: ConnectionInput, to: DeviceInput, options?: RequestOptions): Promise<ResultOf<'singleStepTrans'>> {
    return this.invoke('singleStepTrans', { activeCall: toConnectionId(connection), transferredTo: toDeviceId(to) }, options);
  }

  /** Holds `active` and retrieves `held` in one step. */
  alternateCall(held: ConnectionInput, active: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'alternateCall'>> {
    return this.invoke('alternateCall', { heldCall: toConnectionId(held), activeCall: toConnectionId(active) }, options);
  }

  /** Clears `active` and retrieves `held`. */
  reconnectCall(active: ConnectionInput, held: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'reconnectCall'>> {
    return this.invoke('reconnectCall', { activeCall: toConnectionId(active), heldCall: toConnectionId(held) }, options);
  }

  /** SetDisplay (274, §7.11): `text` on the device's display. */
  setDisplay(device: DeviceInput, text: string, options?: RequestOptions): Promise<ResultOf<'setDisplay'>> {
    return this.invoke('setDisplay', { device: toDeviceId(device), contentsOfDisplay: text }, options);
  }

  snapshotDevice(device: DeviceInput, options?: RequestOptions): Promise<ResultOf<'snapshotDevice'>> {
    return this.invoke('snapshotDevice', { snapshotObject: toDeviceId(device) }, options);
  }

  snapshotCall(call: ConnectionInput, options?: RequestOptions): Promise<ResultOf<'snapshotCall'>> {
    return this.invoke('snapshotCall', { snapshotObject: toConnectionId(call) }, options);
  }

  /** Turns forwarding of `type` on (to `to`) or off. */
  setForwarding(device: DeviceInput, type: ForwardingType, to: DeviceInput | undefined, on: boolean, options?: RequestOptions): Promise<ResultOf<'setForwarding'>> {
    const argument: ArgumentOf<'setForwarding'> = { device: toDeviceId(device), forwardingType: type, activateForward: on };
    if (to !== undefined) argument.forwardDN = toDeviceId(to);
    return this.invoke('setForwarding', argument, options);
  }

  getForwarding(device: DeviceInput, options?: RequestOptions): Promise<ResultOf<'getForwarding'>> {
    return this.invoke('getForwarding', { device: toDeviceId(device) }, options);
  }

  setDoNotDisturb(device: DeviceInput, on: boolean, options?: RequestOptions): Promise<ResultOf<'setDoNotDisturb'>> {
    return this.invoke('setDoNotDisturb', { device: toDeviceId(device), doNotDisturbOn: on }, options);
  }
}
