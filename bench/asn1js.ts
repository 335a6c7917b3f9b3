// Contestant 2: asn1js 4, schema API. Its README's way to read a known structure is a
// schema of named blocks checked against the fromBER tree (compareSchema / verifySchema,
// the pattern PKIjs uses throughout). So: fromBER, compareSchema against the ROSE Invoke
// schema (argument as Any, an open type), compareSchema of the argument against the
// CSTAEventReportArgument schema (a Choice of the three events), one compareSchema per
// ConnectionList item (Repeated only collects the items), then values are read from the
// named blocks. Encoding builds the tree with asn1js constructors and calls toBER().
// Implicitly tagged primitives are asn1js.Primitive blocks with an idBlock, as in PKIjs.

import * as asn1js from 'asn1js';
import type { Contestant } from './contestants.js';
import { asciiToBytes, bytesToAscii } from './convert.js';
import type {
  CallLinkageValue, ConnectionListItemValue, ConnectionValue, DeviceValue, EventReportValue, MessageName,
} from './messages.js';

const WHO = 'asn1js contestant';
type Tag = { tagClass: number; tagNumber: number };
const app = (n: number): Tag => ({ tagClass: 2, tagNumber: n });
const ctx = (n: number): Tag => ({ tagClass: 3, tagNumber: n });

// ---------------------------------------------------------------- schemas

/** DeviceID ::= SEQUENCE { deviceIdentifier CHOICE { dialingNumber [0] IMPLICIT ... } ... } */
const deviceIDSchema = (p: string) =>
  new asn1js.Sequence({ value: [new asn1js.Primitive({ name: `${p}.digits`, idBlock: ctx(0) })] });

/** ConnectionID ::= [APPLICATION 11] CHOICE { callID [0], deviceID [1] LocalDeviceID, both SEQUENCE {...} } */
function connectionSchema(p: string, tag: Tag = app(11), optional = false): asn1js.Constructed {
  const localDeviceID = (q: string) => new asn1js.Constructed({
    idBlock: ctx(1),
    value: [new asn1js.Choice({ value: [deviceIDSchema(q), new asn1js.Primitive({ name: `${q}.dynamicID`, idBlock: ctx(3) })] })],
  });
  return new asn1js.Constructed({
    name: p, idBlock: tag, optional,
    value: [new asn1js.Choice({
      value: [
        new asn1js.Primitive({ name: `${p}.callIDOnly`, idBlock: ctx(0) }),
        localDeviceID(`${p}.deviceIDOnly`),
        new asn1js.Sequence({ value: [new asn1js.Primitive({ name: `${p}.callID`, idBlock: ctx(0) }), localDeviceID(`${p}.device`)] }),
      ],
    })],
  });
}

/** [APPLICATION n] CHOICE { deviceIdentifier DeviceID, notKnown [7] IMPLICIT NULL, restricted [8] ... } */
function deviceSchema(p: string, tag: Tag, notKnown: Tag = ctx(7), optional = false): asn1js.Constructed {
  return new asn1js.Constructed({
    name: p, idBlock: tag, optional,
    value: [new asn1js.Choice({ value: [deviceIDSchema(p), new asn1js.Primitive({ name: `${p}.notKnown`, idBlock: notKnown })] })],
  });
}

const UNIV_NULL: Tag = { tagClass: 1, tagNumber: 5 };
const enumerated = (name: string, optional = false) => new asn1js.Primitive({ name, idBlock: app(14), optional });

const extensionsSchema = () => new asn1js.Constructed({
  idBlock: app(30), optional: true,
  value: [new asn1js.Constructed({ idBlock: ctx(0), optional: true, value: [new asn1js.GeneralizedTime({ name: 'timestamp', optional: true })] })],
});

const linkageSchema = (p: string) => new asn1js.Sequence({
  value: [
    new asn1js.Sequence({ value: [new asn1js.Primitive({ name: `${p}.global`, idBlock: ctx(1) })] }),
    new asn1js.Sequence({ value: [new asn1js.Primitive({ name: `${p}.thread`, idBlock: ctx(1) })] }),
  ],
});

const INVOKE = new asn1js.Constructed({
  idBlock: ctx(1),
  value: [new asn1js.Integer({ name: 'invokeId' }), new asn1js.Integer({ name: 'opcode' }), new asn1js.Any({ name: 'argument' })],
});

const DELIVERED = new asn1js.Constructed({
  name: 'delivered', idBlock: ctx(4),
  value: [
    connectionSchema('connection'), deviceSchema('alertingDevice', app(3)), deviceSchema('callingDevice', app(1)),
    deviceSchema('calledDevice', app(2)), deviceSchema('lastRedirectionDevice', app(4)),
    enumerated('localConnectionInfo', true), new asn1js.Enumerated({ name: 'cause' }), extensionsSchema(),
  ],
});

const CONNECTION_CLEARED = new asn1js.Constructed({
  name: 'connectionCleared', idBlock: ctx(3),
  value: [
    connectionSchema('droppedConnection'), deviceSchema('releasingDevice', app(3)),
    enumerated('localConnectionInfo', true), new asn1js.Enumerated({ name: 'cause' }), extensionsSchema(),
  ],
});

const TRANSFERRED = new asn1js.Constructed({
  name: 'transferred', idBlock: ctx(17),
  value: [
    connectionSchema('primaryOldCall'), connectionSchema('secondaryOldCall', ctx(0), true),
    deviceSchema('transferringDevice', app(3)), deviceSchema('transferredToDevice', app(3)),
    new asn1js.Constructed({ idBlock: ctx(1), value: [new asn1js.Repeated({ name: 'items', value: new asn1js.Sequence() })] }),
    enumerated('localConnectionInfo', true), new asn1js.Enumerated({ name: 'cause' }),
    new asn1js.Constructed({ idBlock: ctx(7), optional: true, value: [linkageSchema('new'), linkageSchema('old')] }),
    extensionsSchema(),
  ],
});

const EVENT_REPORT_ARGUMENT = new asn1js.Sequence({
  value: [
    new asn1js.Primitive({ name: 'crossRefIdentifier', idBlock: app(21) }),
    new asn1js.Constructed({ idBlock: ctx(0), value: [new asn1js.Choice({ value: [DELIVERED, CONNECTION_CLEARED, TRANSFERRED] })] }),
  ],
});

/** ConnectionList item: { newConnection [0] ConnectionID, oldConnection [1], endpoint [2], associatedNID [3] }, all OPTIONAL. */
const CONNECTION_LIST_ITEM = new asn1js.Sequence({
  value: [
    new asn1js.Constructed({ idBlock: ctx(0), optional: true, value: [connectionSchema('newConnection')] }),
    new asn1js.Constructed({ idBlock: ctx(1), optional: true, value: [connectionSchema('oldConnection')] }),
    deviceSchema('endpoint', ctx(2), UNIV_NULL, true),
    deviceSchema('associatedNID', ctx(3), UNIV_NULL, true),
  ],
});

// ---------------------------------------------------------------- decode

type Named = Record<string, unknown>;

function verify(block: asn1js.AsnType, schema: asn1js.Constructed | asn1js.Sequence, what: string): Named {
  const r = asn1js.compareSchema(block, block, schema);
  if (!r.verified) throw new Error(`${WHO}: ${what} does not match its schema (${JSON.stringify(r.result).slice(0, 120)})`);
  return r.result as unknown as Named;
}

const hexOf = (r: Named, name: string): Uint8Array | undefined => (r[name] as asn1js.Primitive | undefined)?.valueBlock.valueHexView;

function need<T>(v: T | undefined, name: string): T {
  if (v === undefined) throw new Error(`${WHO}: ${name} is absent or in an alternative this benchmark does not model`);
  return v;
}

function connection(r: Named, p: string): ConnectionValue {
  return {
    callID: need(hexOf(r, `${p}.callID`), `${p}.both.callID`),
    dialingNumber: bytesToAscii(need(hexOf(r, `${p}.device.digits`), `${p}.both.deviceID.dialingNumber`)),
  };
}

function device(r: Named, p: string): DeviceValue {
  const digits = hexOf(r, `${p}.digits`);
  if (digits !== undefined) return bytesToAscii(digits);
  return need(r[`${p}.notKnown`] === undefined ? undefined : 'notKnown', p);
}

const intOf = (r: Named, name: string): number => (need(r[name], name) as asn1js.Integer).valueBlock.valueDec;
const implicitIntOf = (r: Named, name: string): number =>
  new asn1js.Integer({ valueHex: need(hexOf(r, name), name) }).valueBlock.valueDec;

function linkage(r: Named, p: string): CallLinkageValue {
  return { globalCallLinkageID: need(hexOf(r, `${p}.global`), `${p}.global`), threadLinkageID: need(hexOf(r, `${p}.thread`), `${p}.thread`) };
}

function connectionListItem(item: asn1js.AsnType, i: number): ConnectionListItemValue {
  const r = verify(item, CONNECTION_LIST_ITEM, `transferredConnections[${i}]`);
  const v: ConnectionListItemValue = {};
  if (r['newConnection'] !== undefined) v.newConnection = connection(r, 'newConnection');
  if (r['oldConnection'] !== undefined) v.oldConnection = connection(r, 'oldConnection');
  if (r['endpoint'] !== undefined) v.endpoint = device(r, 'endpoint');
  if (r['associatedNID'] !== undefined) v.associatedNID = device(r, 'associatedNID');
  return v;
}

function decode(bytes: Uint8Array): EventReportValue {
  const ber = asn1js.fromBER(bytes);
  if (ber.offset === -1) throw new Error(`${WHO}: fromBER failed: ${ber.result.error}`);
  const invoke = verify(ber.result, INVOKE, 'ROSE Invoke');
  const opcode = intOf(invoke, 'opcode');
  if (opcode !== 21) throw new Error(`${WHO}: opcode ${opcode} is not cSTAEventReport (21)`);
  const r = verify(invoke['argument'] as asn1js.AsnType, EVENT_REPORT_ARGUMENT, 'CSTAEventReportArgument');
  const common = {
    invokeId: intOf(invoke, 'invokeId'), operation: 21 as const,
    crossRefIdentifier: need(hexOf(r, 'crossRefIdentifier'), 'crossRefIdentifier'),
    localConnectionInfo: implicitIntOf(r, 'localConnectionInfo'),
    cause: intOf(r, 'cause'),
    timestamp: bytesToAscii(need(r['timestamp'] as asn1js.GeneralizedTime | undefined, 'timestamp').valueBlock.valueHexView),
  };
  if (r['delivered'] !== undefined) {
    return {
      ...common, event: 'delivered', connection: connection(r, 'connection'), alertingDevice: device(r, 'alertingDevice'),
      callingDevice: device(r, 'callingDevice'), calledDevice: device(r, 'calledDevice'),
      lastRedirectionDevice: device(r, 'lastRedirectionDevice'),
    };
  }
  if (r['connectionCleared'] !== undefined) {
    return { ...common, event: 'connectionCleared', droppedConnection: connection(r, 'droppedConnection'), releasingDevice: device(r, 'releasingDevice') };
  }
  return {
    ...common, event: 'transferred', primaryOldCall: connection(r, 'primaryOldCall'),
    secondaryOldCall: connection(r, 'secondaryOldCall'), transferringDevice: device(r, 'transferringDevice'),
    transferredToDevice: device(r, 'transferredToDevice'),
    transferredConnections: (need(r['items'], 'transferredConnections') as asn1js.AsnType[]).map(connectionListItem),
    callLinkageDataList: { newCallLinkageData: linkage(r, 'new'), oldCallLinkageData: linkage(r, 'old') },
  };
}

// ---------------------------------------------------------------- encode

const prim = (idBlock: Tag, valueHex: Uint8Array) => new asn1js.Primitive({ idBlock, valueHex });
const cons = (idBlock: Tag, value: asn1js.AsnType[]) => new asn1js.Constructed({ idBlock, value });
const seq = (value: asn1js.AsnType[]) => new asn1js.Sequence({ value });

const deviceID = (digits: string) => seq([prim(ctx(0), asciiToBytes(digits))]);

function deviceChoice(d: DeviceValue, inList = false): asn1js.AsnType {
  if (d !== 'notKnown') return deviceID(d);
  return inList ? new asn1js.Null() : prim(ctx(7), new Uint8Array(0));
}

const connectionID = (tag: Tag, c: ConnectionValue) =>
  cons(tag, [seq([prim(ctx(0), c.callID), cons(ctx(1), [deviceID(c.dialingNumber)])])]);

const linkageData = (l: CallLinkageValue) =>
  seq([seq([prim(ctx(1), l.globalCallLinkageID)]), seq([prim(ctx(1), l.threadLinkageID)])]);

function listItem(it: ConnectionListItemValue): asn1js.Sequence {
  const parts: asn1js.AsnType[] = [];
  if (it.newConnection !== undefined) parts.push(cons(ctx(0), [connectionID(app(11), it.newConnection)]));
  if (it.oldConnection !== undefined) parts.push(cons(ctx(1), [connectionID(app(11), it.oldConnection)]));
  if (it.endpoint !== undefined) parts.push(cons(ctx(2), [deviceChoice(it.endpoint, true)]));
  if (it.associatedNID !== undefined) parts.push(cons(ctx(3), [deviceChoice(it.associatedNID, true)]));
  return seq(parts);
}

function eventBlock(v: EventReportValue): asn1js.Constructed {
  const dev = (n: number, d: DeviceValue) => cons(app(n), [deviceChoice(d)]);
  const tail = [
    prim(app(14), new asn1js.Enumerated({ value: v.localConnectionInfo }).valueBlock.valueHexView),
    new asn1js.Enumerated({ value: v.cause }),
  ];
  const extensions = cons(app(30), [cons(ctx(0), [new asn1js.GeneralizedTime({ value: v.timestamp })])]);
  if (v.event === 'delivered') {
    return cons(ctx(4), [
      connectionID(app(11), v.connection), dev(3, v.alertingDevice), dev(1, v.callingDevice), dev(2, v.calledDevice),
      dev(4, v.lastRedirectionDevice), ...tail, extensions,
    ]);
  }
  if (v.event === 'connectionCleared') {
    return cons(ctx(3), [connectionID(app(11), v.droppedConnection), dev(3, v.releasingDevice), ...tail, extensions]);
  }
  const l = v.callLinkageDataList;
  return cons(ctx(17), [
    connectionID(app(11), v.primaryOldCall), connectionID(ctx(0), v.secondaryOldCall),
    dev(3, v.transferringDevice), dev(3, v.transferredToDevice), cons(ctx(1), v.transferredConnections.map(listItem)),
    ...tail, cons(ctx(7), [linkageData(l.newCallLinkageData), linkageData(l.oldCallLinkageData)]), extensions,
  ]);
}

function encode(v: EventReportValue): Uint8Array {
  const argument = seq([prim(app(21), v.crossRefIdentifier), cons(ctx(0), [eventBlock(v)])]);
  const invoke = cons(ctx(1), [new asn1js.Integer({ value: v.invokeId }), new asn1js.Integer({ value: v.operation }), argument]);
  return new Uint8Array(invoke.toBER());
}

export const asn1jsSchema: Contestant = {
  name: 'asn1js',
  decode: (_msg: MessageName, bytes: Uint8Array): unknown => decode(bytes),
  encode: (_msg: MessageName, value: unknown): Uint8Array => encode(value as EventReportValue),
};
