// Contestant 1: asn1-ts 11, BER element API. Decoding walks BERElement trees
// (fromBytes, .sequence, .inner, typed getters such as .integer, .octetString,
// .ia5String, .enumerated, .generalizedTime) and matches SEQUENCE components by tag,
// as a hand user of the library would. Encoding builds BERElement trees
// (constructor + typed setters, BERElement.fromSequence, .sequence for explicit tags) and
// calls toBytes(). The ROSE argument is an open type: the Invoke is read first, the
// operation code chooses how to read the argument.

import { ASN1Construction, ASN1TagClass, BERElement } from 'asn1-ts';
import type { ASN1Element } from 'asn1-ts';
import type { Contestant } from './contestants.js';
import { localDateFromTimestamp, required, timestampFromLocalDate } from './convert.js';
import type {
  CallLinkageValue, ConnectionListItemValue, ConnectionValue, DeviceValue, EventReportValue, MessageName,
} from './messages.js';

const WHO = 'asn1-ts contestant';
const { universal: UNIV, application: APP, context: CTX } = ASN1TagClass;
const SEQUENCE = 16;

function is(el: ASN1Element, cls: ASN1TagClass, num: number): boolean {
  return el.tagClass === cls && el.tagNumber === num;
}

function unsupported(el: ASN1Element, path: string): never {
  throw new Error(`${WHO}: ${path} has tag class ${el.tagClass} number ${el.tagNumber}, an alternative this benchmark does not model`);
}

// ---------------------------------------------------------------- decode

function decodeDialingNumber(deviceID: ASN1Element, path: string): string {
  const id = deviceID.sequence[0];
  if (id === undefined || !is(id, CTX, 0)) return unsupported(id ?? deviceID, `${path}.deviceIdentifier`);
  return id.ia5String;
}

function decodeConnectionID(el: ASN1Element, path: string): ConnectionValue {
  const both = el.inner; // [APPLICATION 11] (or an IMPLICIT replacement) around the CHOICE
  if (!is(both, UNIV, SEQUENCE)) return unsupported(both, path);
  const [callID, deviceID] = both.sequence;
  if (callID === undefined || deviceID === undefined) throw new Error(`${WHO}: ${path}.both needs callID and deviceID`);
  const localDeviceID = deviceID.inner;
  if (!is(localDeviceID, UNIV, SEQUENCE)) return unsupported(localDeviceID, `${path}.both.deviceID`);
  return { callID: callID.octetString, dialingNumber: decodeDialingNumber(localDeviceID, `${path}.both.deviceID`) };
}

/**
 * The CHOICE { DeviceID, notKnown [7] IMPLICIT NULL, ... } of the device types; in
 * ConnectionList items notKnown is a plain NULL.
 */
function decodeDeviceChoice(choice: ASN1Element, path: string): DeviceValue {
  if (is(choice, CTX, 7) || is(choice, UNIV, 5)) return 'notKnown';
  if (is(choice, UNIV, SEQUENCE)) return decodeDialingNumber(choice, path);
  return unsupported(choice, path);
}

function decodeTimestamp(extensions: ASN1Element): string | undefined {
  const security = extensions.sequence.find((el) => is(el, CTX, 0));
  const time = security?.sequence.find((el) => is(el, UNIV, 24));
  return time === undefined ? undefined : timestampFromLocalDate(time.generalizedTime);
}

function decodeConnectionList(list: ASN1Element): ConnectionListItemValue[] {
  return list.sequenceOf.map((itemEl, i) => {
    const item: ConnectionListItemValue = {};
    for (const el of itemEl.sequence) {
      if (el.tagClass !== CTX) continue;
      const path = `transferredConnections[${i}]`;
      if (el.tagNumber === 0) item.newConnection = decodeConnectionID(el.inner, `${path}.newConnection`);
      else if (el.tagNumber === 1) item.oldConnection = decodeConnectionID(el.inner, `${path}.oldConnection`);
      else if (el.tagNumber === 2) item.endpoint = decodeDeviceChoice(el.inner, `${path}.endpoint`);
      else if (el.tagNumber === 3) item.associatedNID = decodeDeviceChoice(el.inner, `${path}.associatedNID`);
    }
    return item;
  });
}

function decodeCallLinkageData(el: ASN1Element): CallLinkageValue {
  const [global, thread] = el.sequence;
  const g = global?.sequence.find((x) => is(x, CTX, 1));
  const t = thread?.sequence.find((x) => is(x, CTX, 1));
  if (g === undefined || t === undefined) throw new Error(`${WHO}: callLinkageData without the globallyUnique [1] IDs HiPath sends`);
  return { globalCallLinkageID: g.octetString, threadLinkageID: t.octetString };
}

type Header = { invokeId: number; operation: 21; crossRefIdentifier: Uint8Array };

/** Fields common to the three events, collected from their components by tag. */
interface Collected {
  connections: ConnectionValue[];
  devices: Partial<Record<number, DeviceValue[]>>;
  localConnectionInfo?: number;
  cause?: number;
  timestamp?: string;
}

function collect(event: ASN1Element, onOther: (el: ASN1Element) => void): Collected {
  const c: Collected = { connections: [], devices: {} };
  for (const el of event.sequence) {
    if (el.tagClass === APP) {
      const n = el.tagNumber;
      if (n === 11) c.connections.push(decodeConnectionID(el, 'connection'));
      else if (n >= 1 && n <= 4) (c.devices[n] ??= []).push(decodeDeviceChoice(el.inner, `device [APPLICATION ${n}]`));
      else if (n === 14) c.localConnectionInfo = el.enumerated;
      else if (n === 30) c.timestamp = decodeTimestamp(el);
    } else if (is(el, UNIV, 10)) {
      c.cause = el.enumerated;
    } else {
      onOther(el);
    }
  }
  return c;
}

function decodeEvent(h: Header, event: ASN1Element): EventReportValue {
  const tail = (c: Collected) => ({
    localConnectionInfo: required(c.localConnectionInfo, WHO, 'localConnectionInfo'),
    cause: required(c.cause, WHO, 'cause'),
    timestamp: required(c.timestamp, WHO, 'extensions.security.timestamp'),
  });
  if (is(event, CTX, 4)) {
    const c = collect(event, () => undefined);
    return {
      ...h, event: 'delivered',
      connection: required(c.connections[0], WHO, 'delivered.connection'),
      alertingDevice: required(c.devices[3]?.[0], WHO, 'delivered.alertingDevice'),
      callingDevice: required(c.devices[1]?.[0], WHO, 'delivered.callingDevice'),
      calledDevice: required(c.devices[2]?.[0], WHO, 'delivered.calledDevice'),
      lastRedirectionDevice: required(c.devices[4]?.[0], WHO, 'delivered.lastRedirectionDevice'),
      ...tail(c),
    };
  }
  if (is(event, CTX, 3)) {
    const c = collect(event, () => undefined);
    return {
      ...h, event: 'connectionCleared',
      droppedConnection: required(c.connections[0], WHO, 'connectionCleared.droppedConnection'),
      releasingDevice: required(c.devices[3]?.[0], WHO, 'connectionCleared.releasingDevice'),
      ...tail(c),
    };
  }
  if (is(event, CTX, 17)) {
    let secondaryOldCall: ConnectionValue | undefined;
    let list: ConnectionListItemValue[] | undefined;
    let linkage: TransferredLinkage | undefined;
    const c = collect(event, (el) => {
      if (is(el, CTX, 0)) secondaryOldCall = decodeConnectionID(el, 'transferred.secondaryOldCall');
      else if (is(el, CTX, 1)) list = decodeConnectionList(el);
      else if (is(el, CTX, 7)) {
        const [n, o] = el.sequence;
        if (n === undefined || o === undefined) throw new Error(`${WHO}: callLinkageDataList needs new and old data`);
        linkage = { newCallLinkageData: decodeCallLinkageData(n), oldCallLinkageData: decodeCallLinkageData(o) };
      }
    });
    return {
      ...h, event: 'transferred',
      primaryOldCall: required(c.connections[0], WHO, 'transferred.primaryOldCall'),
      secondaryOldCall: required(secondaryOldCall, WHO, 'transferred.secondaryOldCall'),
      transferringDevice: required(c.devices[3]?.[0], WHO, 'transferred.transferringDevice'),
      transferredToDevice: required(c.devices[3]?.[1], WHO, 'transferred.transferredToDevice'),
      transferredConnections: required(list, WHO, 'transferred.transferredConnections'),
      callLinkageDataList: required(linkage, WHO, 'transferred.callLinkageDataList'),
      ...tail(c),
    };
  }
  return unsupported(event, 'callControlEvents');
}

type TransferredLinkage = { newCallLinkageData: CallLinkageValue; oldCallLinkageData: CallLinkageValue };

function decode(bytes: Uint8Array): EventReportValue {
  const invoke = new BERElement();
  invoke.fromBytes(bytes);
  if (!is(invoke, CTX, 1)) return unsupported(invoke, 'ROSE APDU (want Invoke [1])');
  const [invokeIdEl, opcodeEl, argumentEl] = invoke.sequence;
  if (invokeIdEl === undefined || opcodeEl === undefined || argumentEl === undefined) {
    throw new Error(`${WHO}: Invoke needs invokeId, opcode and argument`);
  }
  if (Number(opcodeEl.integer) !== 21) throw new Error(`${WHO}: opcode ${opcodeEl.integer} is not cSTAEventReport (21)`);
  const [crossRef, eventSpecificInfo] = argumentEl.sequence;
  if (crossRef === undefined || eventSpecificInfo === undefined) throw new Error(`${WHO}: CSTAEventReportArgument is incomplete`);
  if (!is(eventSpecificInfo, CTX, 0)) return unsupported(eventSpecificInfo, 'eventSpecificInfo (want callControlEvents [0])');
  const h: Header = { invokeId: Number(invokeIdEl.integer), operation: 21, crossRefIdentifier: crossRef.octetString };
  return decodeEvent(h, eventSpecificInfo.inner);
}

// ---------------------------------------------------------------- encode

function prim(cls: ASN1TagClass, num: number): BERElement {
  return new BERElement(cls, ASN1Construction.primitive, num);
}

/**
 * An explicit tag around one element. Built like asn1-ts's own _encode_explicit
 * (`.sequence = [inner]`): the `.inner` setter of asn1-ts 11.1.0 keeps the cached value
 * length of the empty new element, so the wrapper would be written with length 0.
 */
function explicit(cls: ASN1TagClass, num: number, inner: ASN1Element): BERElement {
  const el = new BERElement(cls, ASN1Construction.constructed, num);
  el.sequence = [inner];
  return el;
}

function sequence(cls: ASN1TagClass, num: number, components: (ASN1Element | undefined)[]): BERElement {
  const el = BERElement.fromSequence(components);
  el.tagClass = cls;
  el.tagNumber = num;
  return el;
}

function enumerated(cls: ASN1TagClass, num: number, v: number): BERElement {
  const el = prim(cls, num);
  el.enumerated = v;
  return el;
}

function deviceID(dialingNumber: string): BERElement {
  const digits = prim(CTX, 0);
  digits.ia5String = dialingNumber;
  return BERElement.fromSequence([digits]);
}

/** notKnown is [7] IMPLICIT NULL in the device types, a plain NULL (inList) in ConnectionList items. */
function deviceChoice(d: DeviceValue, inList = false): BERElement {
  if (d !== 'notKnown') return deviceID(d);
  return inList ? prim(UNIV, 5) : prim(CTX, 7);
}

function connectionID(cls: ASN1TagClass, num: number, c: ConnectionValue): BERElement {
  const callID = prim(CTX, 0);
  callID.octetString = c.callID;
  return explicit(cls, num, BERElement.fromSequence([callID, explicit(CTX, 1, deviceID(c.dialingNumber))]));
}

function callLinkageData(l: CallLinkageValue): BERElement {
  const g = prim(CTX, 1);
  g.octetString = l.globalCallLinkageID;
  const t = prim(CTX, 1);
  t.octetString = l.threadLinkageID;
  return BERElement.fromSequence([BERElement.fromSequence([g]), BERElement.fromSequence([t])]);
}

function connectionListItem(it: ConnectionListItemValue): BERElement {
  return BERElement.fromSequence([
    it.newConnection && explicit(CTX, 0, connectionID(APP, 11, it.newConnection)),
    it.oldConnection && explicit(CTX, 1, connectionID(APP, 11, it.oldConnection)),
    it.endpoint === undefined ? undefined : explicit(CTX, 2, deviceChoice(it.endpoint, true)),
    it.associatedNID === undefined ? undefined : explicit(CTX, 3, deviceChoice(it.associatedNID, true)),
  ]);
}

function extensions(timestamp: string): BERElement {
  const time = prim(UNIV, 24);
  time.generalizedTime = localDateFromTimestamp(timestamp, WHO);
  return sequence(APP, 30, [sequence(CTX, 0, [time])]);
}

function eventElement(v: EventReportValue): BERElement {
  const dev = (num: number, d: DeviceValue) => explicit(APP, num, deviceChoice(d));
  const tail = [enumerated(APP, 14, v.localConnectionInfo), enumerated(UNIV, 10, v.cause)];
  if (v.event === 'delivered') {
    return sequence(CTX, 4, [
      connectionID(APP, 11, v.connection), dev(3, v.alertingDevice), dev(1, v.callingDevice),
      dev(2, v.calledDevice), dev(4, v.lastRedirectionDevice), ...tail, extensions(v.timestamp),
    ]);
  }
  if (v.event === 'connectionCleared') {
    return sequence(CTX, 3, [connectionID(APP, 11, v.droppedConnection), dev(3, v.releasingDevice), ...tail, extensions(v.timestamp)]);
  }
  const list = BERElement.fromSequence(v.transferredConnections.map(connectionListItem));
  list.tagClass = CTX;
  list.tagNumber = 1;
  const linkage = v.callLinkageDataList;
  return sequence(CTX, 17, [
    connectionID(APP, 11, v.primaryOldCall), connectionID(CTX, 0, v.secondaryOldCall),
    dev(3, v.transferringDevice), dev(3, v.transferredToDevice), list, ...tail,
    sequence(CTX, 7, [callLinkageData(linkage.newCallLinkageData), callLinkageData(linkage.oldCallLinkageData)]),
    extensions(v.timestamp),
  ]);
}

function encode(v: EventReportValue): Uint8Array {
  const invokeId = prim(UNIV, 2);
  invokeId.integer = v.invokeId;
  const opcode = prim(UNIV, 2);
  opcode.integer = v.operation;
  const crossRef = prim(APP, 21);
  crossRef.octetString = v.crossRefIdentifier;
  const argument = BERElement.fromSequence([crossRef, explicit(CTX, 0, eventElement(v))]);
  return sequence(CTX, 1, [invokeId, opcode, argument]).toBytes();
}

export const asn1Ts: Contestant = {
  name: 'asn1-ts',
  decode: (_msg: MessageName, bytes: Uint8Array): unknown => decode(bytes),
  encode: (_msg: MessageName, value: unknown): Uint8Array => encode(value as EventReportValue),
};
