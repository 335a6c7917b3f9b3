// The three HiPath event APDUs of the codec benchmark and their decoded form.
//
// Bytes: complete ROSE Invoke APDUs (no 3-byte 0x26 frame header), copied from
// ../shared/fixtures/hipath-vectors.json ("Delivered", "ConnectionCleared",
// "Transferred (312-byte APDU, captured shape)"); codec.ts re-checks them
// against that file when it is reachable.
// Values: written by hand from hipath-protocol.md §8.2 (not derived from the bytes).

export type MessageName = 'delivered' | 'connectionCleared' | 'transferred';

export const MESSAGE_NAMES: readonly MessageName[] = ['delivered', 'connectionCleared', 'transferred'];

/** Display names, also the fixture vector names (prefix match). */
export const MESSAGE_TITLES: Readonly<Record<MessageName, string>> = {
  delivered: 'Delivered',
  connectionCleared: 'ConnectionCleared',
  transferred: 'Transferred',
};

/** A device: its dialingNumber digits, or 'notKnown' for the notKnown [7] NULL alternative. */
export type DeviceValue = string;

/** ConnectionID in the "both" form HiPath always uses (§6.2). */
export interface ConnectionValue {
  callID: Uint8Array;
  dialingNumber: string;
}

interface EventReportCommon {
  invokeId: number;
  operation: 21;
  crossRefIdentifier: Uint8Array;
  localConnectionInfo: number;
  cause: number;
  /** extensions.security.timestamp: GeneralizedTime, 14 chars, local time, no 'Z' (§6.2). */
  timestamp: string;
}

export interface DeliveredValue extends EventReportCommon {
  event: 'delivered';
  connection: ConnectionValue;
  alertingDevice: DeviceValue;
  callingDevice: DeviceValue;
  calledDevice: DeviceValue;
  lastRedirectionDevice: DeviceValue;
}

export interface ConnectionClearedValue extends EventReportCommon {
  event: 'connectionCleared';
  droppedConnection: ConnectionValue;
  releasingDevice: DeviceValue;
}

/** One ConnectionList item; absent OPTIONAL components are absent keys. */
export interface ConnectionListItemValue {
  newConnection?: ConnectionValue;
  oldConnection?: ConnectionValue;
  endpoint?: DeviceValue;
  associatedNID?: DeviceValue;
}

/** CallLinkageData with the globallyUnique [1] alternatives HiPath sends (§7.9). */
export interface CallLinkageValue {
  globalCallLinkageID: Uint8Array;
  threadLinkageID: Uint8Array;
}

export interface TransferredValue extends EventReportCommon {
  event: 'transferred';
  primaryOldCall: ConnectionValue;
  secondaryOldCall: ConnectionValue;
  transferringDevice: DeviceValue;
  transferredToDevice: DeviceValue;
  transferredConnections: ConnectionListItemValue[];
  callLinkageDataList: { newCallLinkageData: CallLinkageValue; oldCallLinkageData: CallLinkageValue };
}

export type EventReportValue = DeliveredValue | ConnectionClearedValue | TransferredValue;

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) {
    throw new Error(`hexToBytes: "${hex.slice(0, 40)}…" is not an even-length hex string; fix the literal`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, '0').toUpperCase();
  return s;
}

export const APDU_HEX: Readonly<Record<MessageName, string>> = {
  delivered:
    'A15A020105020115305255020001A04CA44A6B0F300D8002005BA10730058003313030630730058003313030' +
    '610730058003323030620730058003313030640287004E01020A01167E12A010180E3230313030393235313133353130',
  connectionCleared:
    'A144020107020115303C55020001A036A3346B0F300D8002005BA107300580033130306307300580033230304E01' +
    '000A01307E12A010180E3230313030393235313133353130',
  transferred:
    'A182013402030102030201153082012855020001A0820120B182011C6B0F300D8002B164A10730058003313030' +
    'A00F300D8002B169A10730058003313030630730058003313030630730058003323537A1763043A0126B10300E80' +
    '02B16BA1083006800437383037A1126B10300E8002B164A1083006800437383036A20F300D800B303137313132' +
    '3334353637A3083006800437383036302FA0116B0F300D8002B164A10730058003323537A1116B0F300D8002B169' +
    'A10730058003323537A207300580033235374E01000A0120A754302830128110013CBAAA50F70788010080000000' +
    'B16B3012811004B4429250F70788010080000000B1643028301281100001308A50F70788010080000000B1693012' +
    '811004B4429250F70788010080000000B1647E12A010180E3230313030393235313133353130',
};

export const APDU_BYTES: Readonly<Record<MessageName, Uint8Array>> = {
  delivered: hexToBytes(APDU_HEX.delivered),
  connectionCleared: hexToBytes(APDU_HEX.connectionCleared),
  transferred: hexToBytes(APDU_HEX.transferred),
};

const XREF = hexToBytes('0001');
const TIME = '20100925113510';
const conn = (callID: string, dialingNumber: string): ConnectionValue => ({ callID: hexToBytes(callID), dialingNumber });
const SYSTEM_PART = '50F70788010080000000'; // constant middle of the HiPath linkage IDs (§7.9)

export const REFERENCE: Readonly<Record<MessageName, EventReportValue>> = {
  delivered: {
    invokeId: 5, operation: 21, crossRefIdentifier: XREF, event: 'delivered',
    connection: conn('005B', '100'),
    alertingDevice: '100', callingDevice: '200', calledDevice: '100', lastRedirectionDevice: 'notKnown',
    localConnectionInfo: 2, // alerting
    cause: 22, // newCall
    timestamp: TIME,
  },
  connectionCleared: {
    invokeId: 7, operation: 21, crossRefIdentifier: XREF, event: 'connectionCleared',
    droppedConnection: conn('005B', '100'),
    releasingDevice: '200',
    localConnectionInfo: 0, // null
    cause: 48, // normalClearing
    timestamp: TIME,
  },
  transferred: {
    invokeId: 0x010203, operation: 21, crossRefIdentifier: XREF, event: 'transferred',
    primaryOldCall: conn('B164', '100'),
    secondaryOldCall: conn('B169', '100'),
    transferringDevice: '100',
    transferredToDevice: '257',
    transferredConnections: [
      { newConnection: conn('B16B', '7807'), oldConnection: conn('B164', '7806'), endpoint: '01711234567', associatedNID: '7806' },
      { newConnection: conn('B164', '257'), oldConnection: conn('B169', '257'), endpoint: '257' },
    ],
    localConnectionInfo: 0, // null
    cause: 32, // transfer
    callLinkageDataList: {
      newCallLinkageData: {
        globalCallLinkageID: hexToBytes(`013CBAAA${SYSTEM_PART}B16B`),
        threadLinkageID: hexToBytes(`04B44292${SYSTEM_PART}B164`),
      },
      oldCallLinkageData: {
        globalCallLinkageID: hexToBytes(`0001308A${SYSTEM_PART}B169`),
        threadLinkageID: hexToBytes(`04B44292${SYSTEM_PART}B164`),
      },
    },
    timestamp: TIME,
  },
};
