// Contestant 4, the ceiling: hand-written code for exactly the three HiPath event shapes
// of §8.2, as the upper bound of what generated code could do. The decoder is in
// hand-written-decode.ts. The encoder here writes backwards into a scratch buffer, so
// every length is known when its header is written, then copies the APDU out.

import type { Contestant } from './contestants.js';
import { decodeEventReport } from './hand-written-decode.js';
import type {
  CallLinkageValue, ConnectionListItemValue, ConnectionValue, DeviceValue, EventReportValue, MessageName,
} from './messages.js';

const w = new Uint8Array(64 * 1024);
let q = w.length; // write position, moves towards 0

/** Writes length (content = q..end) and tag in front of the content. */
function tl(end: number, tag: number): void {
  const len = end - q;
  if (len < 0x80) {
    w[--q] = len;
  } else if (len < 0x100) {
    w[--q] = len;
    w[--q] = 0x81;
  } else if (len < 0x10000) {
    w[--q] = len & 0xff;
    w[--q] = len >> 8;
    w[--q] = 0x82;
  } else {
    throw new Error(`hand-written encoder: content of tag 0x${tag.toString(16)} is ${len} bytes; only lengths below 65536 are supported`);
  }
  w[--q] = tag;
}

function putAscii(s: string): void {
  for (let i = s.length - 1; i >= 0; i--) w[--q] = s.charCodeAt(i);
}

function putOctets(v: Uint8Array): void {
  for (let i = v.length - 1; i >= 0; i--) w[--q] = v[i]!;
}

/** Minimal two's-complement INTEGER/ENUMERATED body. */
function putInteger(v: number): void {
  do {
    w[--q] = v & 0xff;
    v >>= 8;
  } while (!((v === 0 && (w[q]! & 0x80) === 0) || (v === -1 && (w[q]! & 0x80) !== 0)));
}

function putPrimitiveInt(tag: number, v: number): void {
  const end = q;
  putInteger(v);
  tl(end, tag);
}

function putConnection(tag: number, c: ConnectionValue): void {
  const end = q; // deviceID is last, so it ends where the ConnectionID ends
  putAscii(c.dialingNumber);
  tl(end, 0x80);
  tl(end, 0x30);
  tl(end, 0xa1);
  const id = q;
  putOctets(c.callID);
  tl(id, 0x80);
  tl(end, 0x30);
  tl(end, tag);
}

function putDeviceChoice(d: DeviceValue, notKnownTag: number): void {
  if (d === 'notKnown') {
    w[--q] = 0x00;
    w[--q] = notKnownTag;
    return;
  }
  const end = q;
  putAscii(d);
  tl(end, 0x80);
  tl(end, 0x30);
}

function putDevice(tag: number, d: DeviceValue, notKnownTag = 0x87): void {
  const end = q;
  putDeviceChoice(d, notKnownTag);
  tl(end, tag);
}

function putLinkage(l: CallLinkageValue): void {
  const end = q;
  putOctets(l.threadLinkageID);
  tl(end, 0x81);
  tl(end, 0x30);
  const g = q;
  putOctets(l.globalCallLinkageID);
  tl(g, 0x81);
  tl(g, 0x30);
  tl(end, 0x30);
}

function putExplicitConnection(tag: number, c: ConnectionValue): void {
  const end = q;
  putConnection(0x6b, c);
  tl(end, tag);
}

function putConnectionList(items: ConnectionListItemValue[]): void {
  const end = q;
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    const itemEnd = q;
    if (it.associatedNID !== undefined) putDevice(0xa3, it.associatedNID, 0x05);
    if (it.endpoint !== undefined) putDevice(0xa2, it.endpoint, 0x05);
    if (it.oldConnection !== undefined) putExplicitConnection(0xa1, it.oldConnection);
    if (it.newConnection !== undefined) putExplicitConnection(0xa0, it.newConnection);
    tl(itemEnd, 0x30);
  }
  tl(end, 0xa1);
}

function putTail(v: EventReportValue): void {
  const end = q;
  putAscii(v.timestamp);
  tl(end, 0x18);
  tl(end, 0xa0);
  tl(end, 0x7e);
}

function encodeEventReport(v: EventReportValue): Uint8Array {
  q = w.length;
  const end = q;
  putTail(v);
  if (v.event === 'delivered') {
    putPrimitiveInt(0x0a, v.cause);
    putPrimitiveInt(0x4e, v.localConnectionInfo);
    putDevice(0x64, v.lastRedirectionDevice);
    putDevice(0x62, v.calledDevice);
    putDevice(0x61, v.callingDevice);
    putDevice(0x63, v.alertingDevice);
    putConnection(0x6b, v.connection);
    tl(end, 0xa4);
  } else if (v.event === 'connectionCleared') {
    putPrimitiveInt(0x0a, v.cause);
    putPrimitiveInt(0x4e, v.localConnectionInfo);
    putDevice(0x63, v.releasingDevice);
    putConnection(0x6b, v.droppedConnection);
    tl(end, 0xa3);
  } else {
    const l = q;
    putLinkage(v.callLinkageDataList.oldCallLinkageData);
    putLinkage(v.callLinkageDataList.newCallLinkageData);
    tl(l, 0xa7);
    putPrimitiveInt(0x0a, v.cause);
    putPrimitiveInt(0x4e, v.localConnectionInfo);
    putConnectionList(v.transferredConnections);
    putDevice(0x63, v.transferredToDevice);
    putDevice(0x63, v.transferringDevice);
    putConnection(0xa0, v.secondaryOldCall);
    putConnection(0x6b, v.primaryOldCall);
    tl(end, 0xb1);
  }
  tl(end, 0xa0);
  const x = q;
  putOctets(v.crossRefIdentifier);
  tl(x, 0x55);
  tl(end, 0x30);
  putPrimitiveInt(0x02, v.operation);
  putPrimitiveInt(0x02, v.invokeId);
  tl(end, 0xa1);
  if (q < 0) throw new Error(`hand-written encoder: the ${v.event} value needs more than ${w.length} bytes`);
  return w.slice(q, end);
}

export const handWritten: Contestant = {
  name: 'hand-written',
  decode: (_msg: MessageName, bytes: Uint8Array): unknown => decodeEventReport(bytes),
  encode: (_msg: MessageName, value: unknown): Uint8Array => encodeEventReport(value as EventReportValue),
};
