// Contestant 3: asn1.js 5, asn1.define() models (seq().obj(), choice(), explicit(),
// implicit(), optional(), use()), decode(buf, 'der') / encode(obj, 'der'), the way its
// README shows. asn1.js has only a 'der' decoder. It reads our messages: they are
// definite-length with minimal lengths, and the decoder does not enforce the rest of DER
// (it would accept indefinite lengths too, and does not insist on the 'Z' that DER
// requires at the end of a GeneralizedTime). Two limits of asn1.js show in the results:
// - tag classes: implicit()/explicit() always write CONTEXT tags and the decoder
//   compares tag numbers only, so [APPLICATION n] reads fine but is written as [n];
// - gentime() is a UTC millisecond number and is always written as YYYYMMDDhhmmssZ.
// The ROSE argument is an open type: any() returns its bytes, which the model for the
// operation (CSTAEventReportArgument) then decodes.

import asn1 from 'asn1.js';
import type { Asn1Node, BN } from 'asn1.js';
import type { Contestant } from './contestants.js';
import { timestampFromUtcMillis, utcMillisFromTimestamp } from './convert.js';
import type {
  CallLinkageValue, ConnectionListItemValue, ConnectionValue, DeviceValue, EventReportValue, MessageName,
} from './messages.js';

const WHO = 'asn1.js contestant';

// ---------------------------------------------------------------- models

const DeviceID = asn1.define('DeviceID', function (this: Asn1Node) {
  this.seq().obj(this.key('deviceIdentifier').choice({ dialingNumber: this.implicit(0).ia5str() }));
});

const DeviceChoice = asn1.define('SubjectDeviceID', function (this: Asn1Node) {
  this.choice({ deviceIdentifier: this.use(DeviceID), notKnown: this.implicit(7).null_(), restricted: this.implicit(8).null_() });
});

const RedirectionDeviceChoice = asn1.define('RedirectionDeviceID', function (this: Asn1Node) {
  this.choice({
    numberdialed: this.use(DeviceID), notKnown: this.implicit(7).null_(), notRequired: this.implicit(8).null_(),
    notSpecified: this.implicit(9).null_(), restricted: this.implicit(10).null_(),
  });
});

const LocalDeviceID = asn1.define('LocalDeviceID', function (this: Asn1Node) {
  this.choice({ staticID: this.use(DeviceID), dynamicID: this.implicit(3).octstr() });
});

const ConnectionIDChoice = asn1.define('ConnectionIDChoice', function (this: Asn1Node) {
  this.choice({
    callID: this.implicit(0).octstr(),
    deviceID: this.explicit(1).use(LocalDeviceID),
    both: this.seq().obj(this.key('callID').implicit(0).octstr(), this.key('deviceID').explicit(1).use(LocalDeviceID)),
  });
});

/** ConnectionID ::= [APPLICATION 11] CHOICE {...}; asn1.js writes the tag as [11]. */
const ConnectionID = asn1.define('ConnectionID', function (this: Asn1Node) {
  this.explicit(11).use(ConnectionIDChoice);
});

const CSTACommonArguments = asn1.define('CSTACommonArguments', function (this: Asn1Node) {
  this.seq().obj(this.key('security').optional().implicit(0).seq().obj(this.key('timestamp').optional().gentime()));
});

const ConnectionListItem = asn1.define('ConnectionListItem', function (this: Asn1Node) {
  this.seq().obj(
    this.key('newConnection').optional().explicit(0).use(ConnectionID),
    this.key('oldConnection').optional().explicit(1).use(ConnectionID),
    this.key('endpoint').optional().explicit(2).choice({ deviceID: this.use(DeviceID), notKnown: this.null_(), restricted: this.implicit(1).null_() }),
    this.key('associatedNID').optional().explicit(3).choice({ deviceID: this.use(DeviceID), notKnown: this.null_() }),
  );
});

const CallLinkageData = asn1.define('CallLinkageData', function (this: Asn1Node) {
  this.seq().obj(
    this.key('globalCallData').seq().obj(this.key('globalCallLinkageID').choice({
      subDomainCallLinkageID: this.implicit(0).octstr(), globallyUniqueCallLinkageID: this.implicit(1).octstr(),
    })),
    this.key('threadData').optional().seq().obj(this.key('threadLinkageID').choice({
      subDomainThreadID: this.implicit(0).octstr(), globallyUniqueThreadID: this.implicit(1).octstr(),
    })),
  );
});

const DeliveredEvent = asn1.define('DeliveredEvent', function (this: Asn1Node) {
  this.seq().obj(
    this.key('connection').use(ConnectionID),
    this.key('alertingDevice').explicit(3).use(DeviceChoice),
    this.key('callingDevice').explicit(1).use(DeviceChoice),
    this.key('calledDevice').explicit(2).use(DeviceChoice),
    this.key('lastRedirectionDevice').explicit(4).use(RedirectionDeviceChoice),
    this.key('localConnectionInfo').optional().implicit(14).enum(),
    this.key('cause').enum(),
    this.key('extensions').optional().implicit(30).use(CSTACommonArguments),
  );
});

const ConnectionClearedEvent = asn1.define('ConnectionClearedEvent', function (this: Asn1Node) {
  this.seq().obj(
    this.key('droppedConnection').use(ConnectionID),
    this.key('releasingDevice').explicit(3).use(DeviceChoice),
    this.key('localConnectionInfo').optional().implicit(14).enum(),
    this.key('cause').enum(),
    this.key('extensions').optional().implicit(30).use(CSTACommonArguments),
  );
});

const TransferredEvent = asn1.define('TransferredEvent', function (this: Asn1Node) {
  this.seq().obj(
    this.key('primaryOldCall').use(ConnectionID),
    this.key('secondaryOldCall').optional().explicit(0).use(ConnectionIDChoice), // [0] IMPLICIT ConnectionID
    this.key('transferringDevice').explicit(3).use(DeviceChoice),
    this.key('transferredToDevice').explicit(3).use(DeviceChoice),
    this.key('transferredConnections').implicit(1).seqof(ConnectionListItem),
    this.key('localConnectionInfo').optional().implicit(14).enum(),
    this.key('cause').enum(),
    this.key('callLinkageDataList').optional().implicit(7).seq().obj(
      this.key('newCallLinkageData').use(CallLinkageData), this.key('oldCallLinkageData').use(CallLinkageData),
    ),
    this.key('extensions').optional().implicit(30).use(CSTACommonArguments),
  );
});

const CSTAEventReportArgument = asn1.define('CSTAEventReportArgument', function (this: Asn1Node) {
  this.seq().obj(
    this.key('crossRefIdentifier').implicit(21).octstr(), // [APPLICATION 21] MonitorCrossRefID
    this.key('eventSpecificInfo').choice({
      callControlEvents: this.explicit(0).choice({
        connectionCleared: this.implicit(3).use(ConnectionClearedEvent),
        delivered: this.implicit(4).use(DeliveredEvent),
        transferred: this.implicit(17).use(TransferredEvent),
      }),
    }),
  );
});

const Invoke = asn1.define('Invoke', function (this: Asn1Node) {
  this.implicit(1).seq().obj(this.key('invokeId').int(), this.key('opcode').int(), this.key('argument').any());
});

// ---------------------------------------------------------------- decode

interface Choice { type: string; value: unknown }
type Rec = Record<string, unknown>;

function unsupported(path: string, alternative: string): never {
  throw new Error(`${WHO}: ${path} is the ${alternative} alternative, which this benchmark does not model`);
}

function dialingNumber(deviceID: unknown, path: string): string {
  const id = (deviceID as { deviceIdentifier: Choice }).deviceIdentifier;
  return id.type === 'dialingNumber' ? (id.value as string) : unsupported(path, id.type);
}

function device(c: Choice, path: string): DeviceValue {
  if (c.type === 'notKnown') return 'notKnown';
  if (c.type === 'deviceIdentifier' || c.type === 'numberdialed' || c.type === 'deviceID') return dialingNumber(c.value, path);
  return unsupported(path, c.type);
}

function connection(c: Choice, path: string): ConnectionValue {
  if (c.type !== 'both') return unsupported(path, c.type);
  const both = c.value as { callID: Buffer; deviceID: Choice };
  if (both.deviceID.type !== 'staticID') return unsupported(`${path}.deviceID`, both.deviceID.type);
  return { callID: both.callID, dialingNumber: dialingNumber(both.deviceID.value, path) };
}

function linkage(l: Rec, path: string): CallLinkageValue {
  const g = (l['globalCallData'] as { globalCallLinkageID: Choice }).globalCallLinkageID;
  const t = (l['threadData'] as { threadLinkageID: Choice } | undefined)?.threadLinkageID;
  if (g.type !== 'globallyUniqueCallLinkageID') return unsupported(`${path}.globalCallLinkageID`, g.type);
  if (t === undefined || t.type !== 'globallyUniqueThreadID') return unsupported(`${path}.threadLinkageID`, t?.type ?? 'absent');
  return { globalCallLinkageID: g.value as Buffer, threadLinkageID: t.value as Buffer };
}

function listItem(it: Rec, i: number): ConnectionListItemValue {
  const path = `transferredConnections[${i}]`;
  const v: ConnectionListItemValue = {};
  if (it['newConnection'] !== undefined) v.newConnection = connection(it['newConnection'] as Choice, `${path}.newConnection`);
  if (it['oldConnection'] !== undefined) v.oldConnection = connection(it['oldConnection'] as Choice, `${path}.oldConnection`);
  if (it['endpoint'] !== undefined) v.endpoint = device(it['endpoint'] as Choice, `${path}.endpoint`);
  if (it['associatedNID'] !== undefined) v.associatedNID = device(it['associatedNID'] as Choice, `${path}.associatedNID`);
  return v;
}

function decode(bytes: Uint8Array): EventReportValue {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invoke = Invoke.decode(buf, 'der') as { invokeId: BN; opcode: BN; argument: Buffer };
  const opcode = invoke.opcode.toNumber();
  if (opcode !== 21) throw new Error(`${WHO}: opcode ${opcode} is not cSTAEventReport (21)`);
  const arg = CSTAEventReportArgument.decode(invoke.argument, 'der') as { crossRefIdentifier: Buffer; eventSpecificInfo: Choice };
  if (arg.eventSpecificInfo.type !== 'callControlEvents') return unsupported('eventSpecificInfo', arg.eventSpecificInfo.type);
  const event = arg.eventSpecificInfo.value as Choice;
  const e = event.value as Rec;
  const security = (e['extensions'] as { security?: { timestamp?: number } } | undefined)?.security;
  if (security?.timestamp === undefined) throw new Error(`${WHO}: ${event.type} has no extensions.security.timestamp`);
  const common = {
    invokeId: invoke.invokeId.toNumber(), operation: 21 as const, crossRefIdentifier: arg.crossRefIdentifier,
    localConnectionInfo: (e['localConnectionInfo'] as BN).toNumber(), cause: (e['cause'] as BN).toNumber(),
    timestamp: timestampFromUtcMillis(security.timestamp),
  };
  switch (event.type) {
    case 'delivered':
      return {
        ...common, event: 'delivered', connection: connection(e['connection'] as Choice, 'connection'),
        alertingDevice: device(e['alertingDevice'] as Choice, 'alertingDevice'),
        callingDevice: device(e['callingDevice'] as Choice, 'callingDevice'),
        calledDevice: device(e['calledDevice'] as Choice, 'calledDevice'),
        lastRedirectionDevice: device(e['lastRedirectionDevice'] as Choice, 'lastRedirectionDevice'),
      };
    case 'connectionCleared':
      return {
        ...common, event: 'connectionCleared', droppedConnection: connection(e['droppedConnection'] as Choice, 'droppedConnection'),
        releasingDevice: device(e['releasingDevice'] as Choice, 'releasingDevice'),
      };
    default: {
      const l = e['callLinkageDataList'] as { newCallLinkageData: Rec; oldCallLinkageData: Rec };
      return {
        ...common, event: 'transferred', primaryOldCall: connection(e['primaryOldCall'] as Choice, 'primaryOldCall'),
        secondaryOldCall: connection(e['secondaryOldCall'] as Choice, 'secondaryOldCall'),
        transferringDevice: device(e['transferringDevice'] as Choice, 'transferringDevice'),
        transferredToDevice: device(e['transferredToDevice'] as Choice, 'transferredToDevice'),
        transferredConnections: (e['transferredConnections'] as Rec[]).map(listItem),
        callLinkageDataList: {
          newCallLinkageData: linkage(l.newCallLinkageData, 'newCallLinkageData'),
          oldCallLinkageData: linkage(l.oldCallLinkageData, 'oldCallLinkageData'),
        },
      };
    }
  }
}

// ---------------------------------------------------------------- encode

/** asn1.js encodes octstr values only from a Buffer; this is a view, not a copy. */
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const deviceID = (digits: string) => ({ deviceIdentifier: { type: 'dialingNumber', value: digits } });
const deviceChoice = (d: DeviceValue, alternative: string): Choice =>
  (d === 'notKnown' ? { type: 'notKnown', value: null } : { type: alternative, value: deviceID(d) });
const connectionChoice = (c: ConnectionValue): Choice =>
  ({ type: 'both', value: { callID: buf(c.callID), deviceID: { type: 'staticID', value: deviceID(c.dialingNumber) } } });
const linkageData = (l: CallLinkageValue) => ({
  globalCallData: { globalCallLinkageID: { type: 'globallyUniqueCallLinkageID', value: buf(l.globalCallLinkageID) } },
  threadData: { threadLinkageID: { type: 'globallyUniqueThreadID', value: buf(l.threadLinkageID) } },
});

function listItem_(it: ConnectionListItemValue): Rec {
  return {
    newConnection: it.newConnection && connectionChoice(it.newConnection),
    oldConnection: it.oldConnection && connectionChoice(it.oldConnection),
    endpoint: it.endpoint === undefined ? undefined : deviceChoice(it.endpoint, 'deviceID'),
    associatedNID: it.associatedNID === undefined ? undefined : deviceChoice(it.associatedNID, 'deviceID'),
  };
}

function eventChoice(v: EventReportValue): Choice {
  const tail = {
    localConnectionInfo: v.localConnectionInfo, cause: v.cause,
    extensions: { security: { timestamp: utcMillisFromTimestamp(v.timestamp, WHO) } },
  };
  if (v.event === 'delivered') {
    return {
      type: 'delivered', value: {
        connection: connectionChoice(v.connection), alertingDevice: deviceChoice(v.alertingDevice, 'deviceIdentifier'),
        callingDevice: deviceChoice(v.callingDevice, 'deviceIdentifier'), calledDevice: deviceChoice(v.calledDevice, 'deviceIdentifier'),
        lastRedirectionDevice: deviceChoice(v.lastRedirectionDevice, 'numberdialed'), ...tail,
      },
    };
  }
  if (v.event === 'connectionCleared') {
    return {
      type: 'connectionCleared', value: {
        droppedConnection: connectionChoice(v.droppedConnection), releasingDevice: deviceChoice(v.releasingDevice, 'deviceIdentifier'), ...tail,
      },
    };
  }
  return {
    type: 'transferred', value: {
      primaryOldCall: connectionChoice(v.primaryOldCall), secondaryOldCall: connectionChoice(v.secondaryOldCall),
      transferringDevice: deviceChoice(v.transferringDevice, 'deviceIdentifier'),
      transferredToDevice: deviceChoice(v.transferredToDevice, 'deviceIdentifier'),
      transferredConnections: v.transferredConnections.map(listItem_), ...tail,
      callLinkageDataList: {
        newCallLinkageData: linkageData(v.callLinkageDataList.newCallLinkageData),
        oldCallLinkageData: linkageData(v.callLinkageDataList.oldCallLinkageData),
      },
    },
  };
}

function encode(v: EventReportValue): Uint8Array {
  const argument = CSTAEventReportArgument.encode({
    crossRefIdentifier: buf(v.crossRefIdentifier),
    eventSpecificInfo: { type: 'callControlEvents', value: eventChoice(v) },
  }, 'der');
  return Invoke.encode({ invokeId: v.invokeId, opcode: v.operation, argument }, 'der');
}

export const asn1Js: Contestant = {
  name: 'asn1.js',
  decode: (_msg: MessageName, bytes: Uint8Array): unknown => decode(bytes),
  encode: (_msg: MessageName, value: unknown): Uint8Array => encode(value as EventReportValue),
};
