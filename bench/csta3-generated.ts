// csta3's generated codecs as a benchmark contestant, used the way the session layer uses them
// (src/session/rose.ts): decodeRose reads the ROSE Invoke envelope and decodes its argument (an
// open type) with the codec the operation table names for opcode 21, CSTAEventReportArgument;
// encodeInvoke writes the envelope around that codec's encoding in one pass, the argument
// encoded in place, which is how a switch session sends every event (sendEvent). The typed value
// is mapped to and from the benchmark's flat EventReportValue, as every contestant does with its
// own representation.
//
// Until 2026-11-26 this contestant went through the generic ROSE_APDU codec instead: the argument
// encoded by a writer of its own, copied out, and copied again into the APDU, a path the session
// layer no longer takes. Measured side by side then (one process, three alternating rounds of
// 300 ms, Transferred): encode 313, 493, 508 k/s by encodeInvoke against 229, 426, 455 k/s that
// way; decode 226, 350, 353 k/s by decodeRose against 195, 316, 364 k/s.

import { decodeRose, encodeInvoke } from '../src/session/rose.js';
import { operationsByCode } from '../generated/operations.js';
import { CSTAEventReportArgument } from '../generated/csta-event-report-definitions.js';
import type { ConnectionID } from '../generated/csta-call-connection-identifiers.js';
import type { DeviceID } from '../generated/csta-device-identifiers.js';
import { LocalConnectionState } from '../generated/csta-connection-states.js';
import { EventCause } from '../generated/csta-event-causes.js';
import type { ConnectionList } from '../generated/csta-connection-states.js';
import type { CallLinkageData } from '../generated/csta-call-control.js';
import type { Contestant } from './contestants.js';
import type {
  CallLinkageValue,
  ConnectionListItemValue,
  ConnectionValue,
  DeviceValue,
  EventReportValue,
  MessageName,
} from './messages.js';

type Device = { case: string; value: unknown };

const cause = Object.fromEntries(Object.entries(EventCause.values).map(([k, v]) => [v, k])) as Record<number, keyof typeof EventCause.values>;
const state = Object.fromEntries(Object.entries(LocalConnectionState.values).map(([k, v]) => [v, k])) as Record<number, keyof typeof LocalConnectionState.values>;

function digits(d: DeviceID): string {
  return d.deviceIdentifier.value as string;
}
function device(d: Device): DeviceValue {
  return d.case === 'deviceIdentifier' || d.case === 'deviceID' ? digits(d.value as DeviceID) : d.case;
}
function connection(c: ConnectionID): ConnectionValue {
  if (c.case !== 'both') throw new Error('expected a both-form ConnectionID');
  return { callID: c.value.callID, dialingNumber: digits(c.value.deviceID.value as DeviceID) };
}
function linkage(l: CallLinkageData): CallLinkageValue {
  return { globalCallLinkageID: l.globalCallData.globalCallLinkageID.value, threadLinkageID: l.threadData!.threadLinkageID.value };
}

function toValue(invokeId: number, arg: CSTAEventReportArgument): EventReportValue {
  const ev = arg.eventSpecificInfo;
  if (ev.case !== 'callControlEvents') throw new Error('not a call control event');
  const e = ev.value;
  const crossRefIdentifier = arg.crossRefIdentifier;
  switch (e.case) {
    case 'delivered': {
      const d = e.value;
      return {
        invokeId, operation: 21, crossRefIdentifier, event: 'delivered', connection: connection(d.connection),
        alertingDevice: device(d.alertingDevice), callingDevice: device(d.callingDevice), calledDevice: device(d.calledDevice),
        lastRedirectionDevice: device(d.lastRedirectionDevice),
        localConnectionInfo: LocalConnectionState.values[d.localConnectionInfo!], cause: EventCause.values[d.cause],
        timestamp: d.extensions!.security!.timestamp!,
      };
    }
    case 'connectionCleared': {
      const d = e.value;
      return {
        invokeId, operation: 21, crossRefIdentifier, event: 'connectionCleared', droppedConnection: connection(d.droppedConnection), releasingDevice: device(d.releasingDevice),
        localConnectionInfo: LocalConnectionState.values[d.localConnectionInfo!], cause: EventCause.values[d.cause],
        timestamp: d.extensions!.security!.timestamp!,
      };
    }
    case 'transferred': {
      const d = e.value;
      return {
        invokeId, operation: 21, crossRefIdentifier, event: 'transferred', primaryOldCall: connection(d.primaryOldCall), secondaryOldCall: connection(d.secondaryOldCall!),
        transferringDevice: device(d.transferringDevice), transferredToDevice: device(d.transferredToDevice),
        transferredConnections: d.transferredConnections!.map((i) => {
          const o: ConnectionListItemValue = {};
          if (i.newConnection) o.newConnection = connection(i.newConnection);
          if (i.oldConnection) o.oldConnection = connection(i.oldConnection);
          if (i.endpoint) o.endpoint = device(i.endpoint);
          if (i.associatedNID) o.associatedNID = device(i.associatedNID);
          return o;
        }),
        localConnectionInfo: LocalConnectionState.values[d.localConnectionInfo!], cause: EventCause.values[d.cause],
        callLinkageDataList: { newCallLinkageData: linkage(d.callLinkageDataList!.newCallLinkageData), oldCallLinkageData: linkage(d.callLinkageDataList!.oldCallLinkageData) },
        timestamp: d.extensions!.security!.timestamp!,
      };
    }
    default:
      throw new Error(`unexpected event ${e.case}`);
  }
}

const dev = (n: string): DeviceID => ({ deviceIdentifier: { case: 'dialingNumber', value: n } });
const subject = (n: DeviceValue): { case: 'deviceIdentifier'; value: DeviceID } | { case: 'notKnown'; value: null } =>
  n === 'notKnown' ? { case: 'notKnown', value: null } : { case: 'deviceIdentifier', value: dev(n) };
const conn = (c: ConnectionValue): ConnectionID => ({ case: 'both', value: { callID: c.callID, deviceID: { case: 'staticID', value: dev(c.dialingNumber) } } });
const endpoint = (n: DeviceValue): { case: 'deviceID'; value: DeviceID } => ({ case: 'deviceID', value: dev(n) });
const link = (l: CallLinkageValue): CallLinkageData => ({
  globalCallData: { globalCallLinkageID: { case: 'globallyUniqueCallLinkageID', value: l.globalCallLinkageID } },
  threadData: { threadLinkageID: { case: 'globallyUniqueThreadID', value: l.threadLinkageID } },
});

function fromValue(v: EventReportValue): CSTAEventReportArgument {
  const extensions = { security: { timestamp: v.timestamp } };
  const lci = state[v.localConnectionInfo]!;
  const c = cause[v.cause]!;
  let event: CSTAEventReportArgument['eventSpecificInfo'];
  switch (v.event) {
    case 'delivered':
      event = { case: 'callControlEvents', value: { case: 'delivered', value: {
        connection: conn(v.connection), alertingDevice: subject(v.alertingDevice), callingDevice: subject(v.callingDevice),
        calledDevice: subject(v.calledDevice), lastRedirectionDevice: subject(v.lastRedirectionDevice) as never,
        localConnectionInfo: lci, cause: c, extensions } } };
      break;
    case 'connectionCleared':
      event = { case: 'callControlEvents', value: { case: 'connectionCleared', value: {
        droppedConnection: conn(v.droppedConnection), releasingDevice: subject(v.releasingDevice), localConnectionInfo: lci, cause: c, extensions } } };
      break;
    case 'transferred': {
      const list: ConnectionList = v.transferredConnections.map((i) => ({
        newConnection: i.newConnection && conn(i.newConnection),
        oldConnection: i.oldConnection && conn(i.oldConnection),
        endpoint: i.endpoint === undefined ? undefined : endpoint(i.endpoint),
        associatedNID: i.associatedNID === undefined ? undefined : endpoint(i.associatedNID),
      }));
      event = { case: 'callControlEvents', value: { case: 'transferred', value: {
        primaryOldCall: conn(v.primaryOldCall), secondaryOldCall: conn(v.secondaryOldCall),
        transferringDevice: subject(v.transferringDevice), transferredToDevice: subject(v.transferredToDevice),
        transferredConnections: list, localConnectionInfo: lci, cause: c,
        callLinkageDataList: { newCallLinkageData: link(v.callLinkageDataList.newCallLinkageData), oldCallLinkageData: link(v.callLinkageDataList.oldCallLinkageData) },
        extensions } } };
      break;
    }
  }
  return { crossRefIdentifier: v.crossRefIdentifier, eventSpecificInfo: event };
}

const eventReport = operationsByCode.get(21)!;

export const csta3Generated: Contestant = {
  name: 'csta3 (generated)',
  decode(_msg: MessageName, bytes: Uint8Array): EventReportValue {
    const m = decodeRose(bytes);
    if (m.kind !== 'invoke' || m.opcode !== 21 || m.argument === undefined) throw new Error('not an event report invoke with its argument');
    return toValue(m.invokeId, m.argument as CSTAEventReportArgument);
  },
  encode(_msg: MessageName, value: unknown): Uint8Array {
    const v = value as EventReportValue;
    return encodeInvoke(v.invokeId, eventReport, fromValue(v));
  },
};
