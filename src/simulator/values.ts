/**
 * The identifier values the simulated switch puts into events and results, in the forms HiPath
 * uses (hipath-protocol.md §6.2, §7): devices as `dialingNumber` digits, ConnectionIDs always in the
 * `both` form, call linkage as 16-byte globally unique IDs, the timestamp as the only extension.
 */
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import type { CallLinkageData, CallLinkageDataList } from '../../generated/csta-call-control.js';
import type { LocalConnectionState } from '../../generated/csta-connection-states.js';
import type { DeviceID, RedirectionDeviceID, SubjectDeviceID } from '../../generated/csta-device-identifiers.js';
import type { CSTACommonArguments } from '../../generated/csta-extension-types.js';
import type { Call } from './calls.js';

/** `DeviceID ::= SEQUENCE { dialingNumber [0] IMPLICIT digits }`, the only form in HiPath captures. */
export function deviceId(number: string): DeviceID {
  return { deviceIdentifier: { case: 'dialingNumber', value: number } };
}

/** A SubjectDeviceID / CallingDeviceID / CalledDeviceID naming the device (they share one shape). */
export function subjectDevice(number: string): SubjectDeviceID {
  return { case: 'deviceIdentifier', value: deviceId(number) };
}

/** The device's connection in the call, in the `both` form `{ callID, deviceID staticID }`. */
export function connectionId(call: Call, device: string): ConnectionID {
  return { case: 'both', value: { callID: call.callID.slice(), deviceID: { case: 'staticID', value: deviceId(device) } } };
}

/** lastRedirectionDevice: the device the call was redirected from, or notKnown as HiPath sends it (`87 00`). */
export function redirectionDevice(device: string | undefined): RedirectionDeviceID {
  return device === undefined ? { case: 'notKnown', value: null } : { case: 'numberdialed', value: deviceId(device) };
}

/** The device's LocalConnectionState in the call, `null` when it has no connection there. */
export function localState(call: Call | undefined, device: string): LocalConnectionState {
  return call?.connections.get(device)?.state ?? 'null';
}

/** The call's linkage data: globally unique call ID and thread ID (§7.9). */
export function callLinkageData(call: Call): CallLinkageData {
  return {
    globalCallData: { globalCallLinkageID: { case: 'globallyUniqueCallLinkageID', value: call.globalLinkageID.slice() } },
    threadData: { threadLinkageID: { case: 'globallyUniqueThreadID', value: call.threadLinkageID.slice() } },
  };
}

/** callLinkageDataList of Transferred/Conferenced: the resulting call and the call merged into it. */
export function callLinkageDataList(resulting: Call, old: Call): CallLinkageDataList {
  return { newCallLinkageData: callLinkageData(resulting), oldCallLinkageData: callLinkageData(old) };
}

/** Event extensions as HiPath sends them: `[APP 30] { security [0] { timestamp } }` and nothing else (§7.8). */
export function timestamped(timestamp: string): CSTACommonArguments {
  return { security: { timestamp } };
}
