// The hand-written ceiling's decoder: straight-line code for exactly the three HiPath
// event shapes of §8.2, by direct byte indexing, with no library and no intermediate
// element objects. It checks every tag, that no length runs past the input, that every
// constructed element is filled exactly by its components and that nothing trails the
// APDU; it reads every length and value from the bytes and dispatches on the event tag
// (it does not trust the message name). OCTET STRING values are views into the input.
// It knows only the components HiPath sends, plus the optional ConnectionList items.

import type {
  CallLinkageValue, ConnectionListItemValue, ConnectionValue, DeviceValue, EventReportValue,
} from './messages.js';

let b: Uint8Array = new Uint8Array(0);
let p = 0;

function fail(what: string): never {
  throw new Error(`hand-written decoder: ${what} at byte ${p}; the APDU is not one of the benchmark's HiPath event shapes`);
}

/** Checks the tag at p, consumes tag and length, returns the content length. */
function header(tag: number): number {
  if (b[p] !== tag) fail(`expected tag 0x${tag.toString(16)}, found 0x${(b[p] ?? -1).toString(16)}`);
  let len = b[p + 1]!;
  p += 2;
  if (len > 0x7f) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) fail(`length form 0x${len.toString(16)} not supported`);
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | b[p++]!;
  }
  if (p + len > b.length) fail(`length ${len} runs past the end (${b.length} bytes)`);
  return len;
}

/** Enters a constructed element; returns where its content ends. */
function open(tag: number): number {
  const len = header(tag);
  return p + len;
}

/** Leaves a constructed element: its components must fill it exactly. */
function close(end: number): void {
  if (p !== end) fail(`constructed element should end at byte ${end}`);
}

function integer(len: number): number {
  if (len < 1 || len > 4) fail(`INTEGER of ${len} bytes not supported`);
  let v = (b[p]! << 24) >> 24; // sign-extend the first byte
  for (let i = 1; i < len; i++) v = (v << 8) | b[p + i]!;
  p += len;
  return v;
}

function ascii(len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(b[p + i]!);
  p += len;
  return s;
}

function octets(len: number): Uint8Array {
  const v = b.subarray(p, p + len);
  p += len;
  return v;
}

/** DeviceID { dialingNumber [0] IMPLICIT IA5String }. */
function deviceID(): string {
  const end = open(0x30);
  const digits = ascii(header(0x80));
  close(end);
  return digits;
}

/** ConnectionID in the both form, under the given outer tag (6B, or A0 when [0] IMPLICIT). */
function connection(tag: number): ConnectionValue {
  const end = open(tag);
  const bothEnd = open(0x30);
  const callID = octets(header(0x80));
  const devEnd = open(0xa1);
  const dialingNumber = deviceID();
  close(devEnd);
  close(bothEnd);
  close(end);
  return { callID, dialingNumber };
}

/**
 * The CHOICE inside a device tag: DeviceID or notKnown, which is [7] IMPLICIT NULL (87)
 * in the device types and a plain NULL (05) in ConnectionList items.
 */
function deviceChoice(notKnownTag: number): DeviceValue {
  if (b[p] !== notKnownTag) return deviceID();
  if (header(notKnownTag) !== 0) fail('NULL with content');
  return 'notKnown';
}

/** A device under its own tag (explicit around the CHOICE). */
function device(tag: number, notKnownTag = 0x87): DeviceValue {
  const end = open(tag);
  const d = deviceChoice(notKnownTag);
  close(end);
  return d;
}

function explicitConnection(tag: number): ConnectionValue {
  const end = open(tag);
  const c = connection(0x6b);
  close(end);
  return c;
}

function connectionList(): ConnectionListItemValue[] {
  const end = open(0xa1);
  const items: ConnectionListItemValue[] = [];
  while (p < end) {
    const itemEnd = open(0x30);
    const item: ConnectionListItemValue = {};
    while (p < itemEnd) {
      switch (b[p]) {
        case 0xa0: item.newConnection = explicitConnection(0xa0); break;
        case 0xa1: item.oldConnection = explicitConnection(0xa1); break;
        case 0xa2: item.endpoint = device(0xa2, 0x05); break;
        case 0xa3: item.associatedNID = device(0xa3, 0x05); break;
        default: fail('unexpected ConnectionList item component');
      }
    }
    close(itemEnd);
    items.push(item);
  }
  close(end);
  return items;
}

/** One globallyUnique [1] linkage ID inside its GlobalCallData / ThreadData SEQUENCE. */
function linkageID(): Uint8Array {
  const end = open(0x30);
  const id = octets(header(0x81));
  close(end);
  return id;
}

function linkage(): CallLinkageValue {
  const end = open(0x30);
  const globalCallLinkageID = linkageID();
  const threadLinkageID = linkageID();
  close(end);
  return { globalCallLinkageID, threadLinkageID };
}

/** extensions [APPLICATION 30] { security [0] { timestamp GeneralizedTime } }. */
function timestamp(): string {
  const end = open(0x7e);
  const secEnd = open(0xa0);
  const t = ascii(header(0x18));
  close(secEnd);
  close(end);
  return t;
}

interface Head {
  invokeId: number;
  operation: 21;
  crossRefIdentifier: Uint8Array;
}

function delivered(h: Head): EventReportValue {
  const connection_ = connection(0x6b);
  const alertingDevice = device(0x63);
  const callingDevice = device(0x61);
  const calledDevice = device(0x62);
  const lastRedirectionDevice = device(0x64);
  const localConnectionInfo = integer(header(0x4e));
  const cause = integer(header(0x0a));
  return {
    invokeId: h.invokeId, operation: 21, crossRefIdentifier: h.crossRefIdentifier, event: 'delivered', connection: connection_, alertingDevice, callingDevice, calledDevice,
    lastRedirectionDevice, localConnectionInfo, cause, timestamp: timestamp(),
  };
}

function connectionCleared(h: Head): EventReportValue {
  const droppedConnection = connection(0x6b);
  const releasingDevice = device(0x63);
  const localConnectionInfo = integer(header(0x4e));
  const cause = integer(header(0x0a));
  return {
    invokeId: h.invokeId, operation: 21, crossRefIdentifier: h.crossRefIdentifier, event: 'connectionCleared',
    droppedConnection, releasingDevice, localConnectionInfo, cause, timestamp: timestamp(),
  };
}

function transferred(h: Head): EventReportValue {
  const primaryOldCall = connection(0x6b);
  const secondaryOldCall = connection(0xa0);
  const transferringDevice = device(0x63);
  const transferredToDevice = device(0x63);
  const transferredConnections = connectionList();
  const localConnectionInfo = integer(header(0x4e));
  const cause = integer(header(0x0a));
  const listEnd = open(0xa7);
  const newCallLinkageData = linkage();
  const oldCallLinkageData = linkage();
  close(listEnd);
  return {
    invokeId: h.invokeId, operation: 21, crossRefIdentifier: h.crossRefIdentifier, event: 'transferred', primaryOldCall, secondaryOldCall, transferringDevice, transferredToDevice,
    transferredConnections, localConnectionInfo, cause, callLinkageDataList: { newCallLinkageData, oldCallLinkageData },
    timestamp: timestamp(),
  };
}

export function decodeEventReport(bytes: Uint8Array): EventReportValue {
  b = bytes;
  p = 0;
  const invokeEnd = open(0xa1);
  const invokeId = integer(header(0x02));
  if (integer(header(0x02)) !== 21) fail('operation is not cSTAEventReport (21)');
  const argEnd = open(0x30);
  const h: Head = { invokeId, operation: 21, crossRefIdentifier: octets(header(0x55)) };
  const infoEnd = open(0xa0);
  const eventTag = b[p];
  if (eventTag !== 0xa4 && eventTag !== 0xa3 && eventTag !== 0xb1) {
    fail('event is not delivered [4], connectionCleared [3] or transferred [17]');
  }
  const eventEnd = open(eventTag);
  const v = eventTag === 0xa4 ? delivered(h) : eventTag === 0xa3 ? connectionCleared(h) : transferred(h);
  close(eventEnd);
  close(infoEnd);
  close(argEnd);
  close(invokeEnd);
  if (p !== b.length) fail(`${b.length - p} bytes after the APDU`);
  return v;
}
