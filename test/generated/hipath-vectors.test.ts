/**
 * Every HiPath byte vector (hipath-protocol.md §8, verbatim and reconstructed) decodes through the
 * generated codecs to the values given there, and re-encodes byte for byte: the APDU, and the
 * argument/result inside it decoded through the operation table.
 */
import { describe, expect, it } from '@jest/globals';
import { decode, encode, toHex, type Codec, type RawElement } from '../../src/ber/index.js';
import { ACSE_apdu } from '../../generated/acse-1.js';
import { ROSE_APDU } from '../../generated/csta-rose-apdus.js';
import { HiPathAuthenticationValue } from '../../generated/hipath-csta-authentication.js';
import { ACSEUserInformationForCSTA, CSTAVersion } from '../../generated/csta-application-context-information-csta3.js';
import type { DeviceID } from '../../generated/csta-device-identifiers.js';
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { operations, operationsByCode } from '../../generated/operations.js';
import { apduOf, loadVectors, vector } from '../support/vectors.js';

const hex = (u: Uint8Array): string => toHex(u).replace(/ /g, '').toUpperCase();

/** Decodes and checks the re-encoding is byte-identical. */
function roundTrip<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const value = decode(codec, bytes);
  expect(hex(encode(codec, value))).toBe(hex(bytes));
  return value;
}

function dialingNumber(d: DeviceID): string {
  if (d.deviceIdentifier.case !== 'dialingNumber') throw new Error(`not a dialingNumber: ${d.deviceIdentifier.case}`);
  return d.deviceIdentifier.value;
}

function both(c: ConnectionID): { callID: string; device: string } {
  if (c.case !== 'both') throw new Error(`ConnectionID is ${c.case}, not both`);
  const dev = c.value.deviceID;
  if (dev.case !== 'staticID') throw new Error('dynamic device id');
  return { callID: hex(c.value.callID), device: dialingNumber(dev.value) };
}

function subject(d: { case: string; value: unknown }): string {
  if (d.case !== 'deviceIdentifier' && d.case !== 'numberdialed') return d.case;
  return dialingNumber(d.value as DeviceID);
}

/** ROSE APDU → (decoded APDU, inner value decoded through the operation table). */
function rose(prefix: string): { apdu: ReturnType<typeof ROSE_APDU.decode>; inner: unknown; opName: string } {
  const apdu = roundTrip(ROSE_APDU, apduOf(vector(prefix)));
  let raw: RawElement | undefined;
  let codec: Codec<unknown> | undefined;
  let opName = '';
  if (apdu.case === 'invoke') {
    expect(apdu.value.opcode.case).toBe('local');
    const op = operationsByCode.get(apdu.value.opcode.value as number)!;
    opName = op.name;
    raw = apdu.value.argument;
    codec = op.argument;
  } else if (apdu.case === 'returnResult' && apdu.value.result) {
    const op = operationsByCode.get(apdu.value.result.opcode.value as number)!;
    opName = op.name;
    raw = apdu.value.result.result;
    codec = op.result;
  }
  const inner = raw && codec ? roundTrip(codec, raw.bytes) : undefined;
  return { apdu, inner, opName };
}

describe('HiPath vectors (hipath-protocol.md §8) through the generated codecs', () => {
  it.each(loadVectors().map((v) => [v.name, v] as const))('%s: APDU re-encodes byte for byte', (_, v) => {
    const bytes = apduOf(v);
    const codec = (bytes[0]! & 0xe0) === 0x60 ? (ACSE_apdu as Codec<unknown>) : (ROSE_APDU as Codec<unknown>);
    roundTrip(codec, bytes);
    expect(bytes.length).toBe(parseInt(v.frame.slice(2, 6), 16) & 0x7fff);
  });

  it('V1 systemStatus invoke: invokeId 1, opcode 211 (two bytes), normal', () => {
    const { apdu, inner, opName } = rose('systemStatus invoke');
    expect(apdu.case).toBe('invoke');
    if (apdu.case !== 'invoke') return;
    expect(apdu.value.invokeId).toEqual({ case: 'present', value: 1 });
    expect(opName).toBe('systemStatus');
    expect(inner).toEqual({ systemStatus: 'normal' });
  });

  it('V2 AARQ: context 1.3.12.0.218, authentication bit, AMHOST/77777, versionFour', () => {
    const apdu = roundTrip(ACSE_apdu, apduOf(vector('AARQ')));
    expect(apdu.case).toBe('aarq');
    if (apdu.case !== 'aarq') return;
    const aarq = apdu.value;
    expect(aarq.aSOContextName).toBe('1.3.12.0.218');
    expect(aarq.protocolVersion).toBeUndefined();
    expect(aarq.senderAcseRequirements).toEqual({ length: 2, bytes: Uint8Array.of(0x80) });
    const auth = aarq.callingAuthenticationValue!;
    expect(auth.case).toBe('external');
    if (auth.case !== 'external') return;
    expect(auth.value.directReference).toBeUndefined();
    const enc = auth.value.encoding;
    expect(enc.case).toBe('singleASN1Type');
    const priv = roundTrip(HiPathAuthenticationValue, (enc.value as RawElement).bytes);
    expect(priv.case).toBe('password');
    if (priv.case !== 'password') return;
    expect(Buffer.from(priv.value.authenticationName).toString('latin1')).toBe('AMHOST');
    expect(Buffer.from(priv.value.password).toString('latin1')).toBe('77777');
    const ui = aarq.userInformation!;
    expect(ui).toHaveLength(1);
    const uiEnc = ui[0]!.encoding;
    expect(uiEnc.case).toBe('singleASN1Type');
    const csta = roundTrip(ACSEUserInformationForCSTA, (uiEnc.value as RawElement).bytes);
    expect(csta.case).toBe('newDefinition');
    if (csta.case !== 'newDefinition') return;
    expect(csta.value.cSTAVersion).toEqual({ length: 16, bytes: Uint8Array.of(0x10, 0x00) });
    expect(CSTAVersion.bits.versionFour).toBe(3);
  });

  it('V3 systemStatus result: invokeId 1, noData', () => {
    const { apdu, inner, opName } = rose('systemStatus result');
    expect(apdu.case).toBe('returnResult');
    expect(opName).toBe('systemStatus');
    expect(inner).toEqual({ case: 'noData', value: null });
  });

  it('V4 ABRT: source acse-service-user (0), diagnostic no-reason-given (1)', () => {
    const apdu = roundTrip(ACSE_apdu, apduOf(vector('ABRT')));
    expect(apdu).toEqual({ case: 'abrt', value: { abortSource: 0, abortDiagnostic: 'no-reason-given' } });
  });

  it('MonitorStart: device 100 and the eight filter bit strings with HiPath widths 18/5/2/11/14/3/7/1, all zero', () => {
    const { inner, opName } = rose('MonitorStart 100');
    expect(opName).toBe('monitorStart');
    const arg = inner as ReturnType<typeof operations.monitorStart.argument.decode>;
    expect(arg.monitorObject.case).toBe('deviceObject');
    expect(dialingNumber(arg.monitorObject.value as DeviceID)).toBe('100');
    const f = arg.requestedMonitorFilter!;
    const widths = [f.callControl, f.callAssociated, f.mediaAttachment, f.physicalDeviceFeature, f.logicalDeviceFeature, f.maintenance, f.voiceUnit, f.private].map((b) => b!.length);
    expect(widths).toEqual([18, 5, 2, 11, 14, 3, 7, 1]);
  });

  it('MonitorStart result: crossRefIdentifier 0001', () => {
    const { inner } = rose('MonitorStart result');
    expect(hex((inner as { crossRefIdentifier: Uint8Array }).crossRefIdentifier)).toBe('0001');
  });

  it('MonitorStop and its NULL result', () => {
    expect(hex((rose('MonitorStop').inner as { crossRefIdentifier: Uint8Array }).crossRefIdentifier)).toBe('0001');
    expect(rose('MonitorStop result').inner).toEqual({ case: 'noData', value: null });
  });

  it('MakeCall 100 → 101 (autoOriginate absent: DEFAULT prompt) and its result both{005B, 100}', () => {
    const { inner } = rose('MakeCall 100');
    const arg = inner as ReturnType<typeof operations.makeCall.argument.decode>;
    expect(dialingNumber(arg.callingDevice)).toBe('100');
    expect(dialingNumber(arg.calledDirectoryNumber)).toBe('101');
    expect(arg.autoOriginate).toBeUndefined();
    const field = operations.makeCall.argument.schema;
    expect(field.t === 'sequence' && field.fields.find((x) => x.key === 'autoOriginate')?.default).toBe('prompt');
    const res = rose('MakeCall result').inner as ReturnType<typeof operations.makeCall.result.decode>;
    expect(both(res.callingDevice)).toEqual({ callID: '005B', device: '100' });
  });

  it('SetDisplay 100 "Hello" (opcode 274 on two bytes)', () => {
    const { inner, opName } = rose('SetDisplay');
    expect(opName).toBe('setDisplay');
    const arg = inner as ReturnType<typeof operations.setDisplay.argument.decode>;
    expect(dialingNumber(arg.device)).toBe('100');
    expect(arg.contentsOfDisplay).toBe('Hello');
  });

  function event(prefix: string): { invokeId: unknown; arg: CSTAEventReportArgument } {
    const { apdu, inner, opName } = rose(prefix);
    expect(opName).toBe('cSTAEventReport');
    return { invokeId: apdu.case === 'invoke' ? apdu.value.invokeId : undefined, arg: inner as CSTAEventReportArgument };
  }

  it('Delivered: both{005B,100}, alerting 100, calling 200, called 100, notKnown, alerting, newCall, 20100925113510', () => {
    const { arg } = event('Delivered');
    expect(hex(arg.crossRefIdentifier)).toBe('0001');
    const esi = arg.eventSpecificInfo;
    expect(esi.case).toBe('callControlEvents');
    if (esi.case !== 'callControlEvents' || esi.value.case !== 'delivered') throw new Error('not delivered');
    const d = esi.value.value;
    expect(both(d.connection)).toEqual({ callID: '005B', device: '100' });
    expect(subject(d.alertingDevice)).toBe('100');
    expect(subject(d.callingDevice)).toBe('200');
    expect(subject(d.calledDevice)).toBe('100');
    expect(d.lastRedirectionDevice).toEqual({ case: 'notKnown', value: null });
    expect(d.localConnectionInfo).toBe('alerting');
    expect(d.cause).toBe('newCall');
    expect(d.extensions?.security?.timestamp).toBe('20100925113510');
  });

  it('Established: answering 100, calling 200, called 100, connected, newCall', () => {
    const { arg } = event('Established');
    const esi = arg.eventSpecificInfo;
    if (esi.case !== 'callControlEvents' || esi.value.case !== 'established') throw new Error('not established');
    const e = esi.value.value;
    expect(subject(e.answeringDevice)).toBe('100');
    expect(subject(e.callingDevice)).toBe('200');
    expect(subject(e.calledDevice)).toBe('100');
    expect(e.localConnectionInfo).toBe('connected');
    expect(e.cause).toBe('newCall');
  });

  it('ConnectionCleared: releasing 200, null, normalClearing', () => {
    const { arg } = event('ConnectionCleared');
    const esi = arg.eventSpecificInfo;
    if (esi.case !== 'callControlEvents' || esi.value.case !== 'connectionCleared') throw new Error('not connectionCleared');
    const c = esi.value.value;
    expect(both(c.droppedConnection)).toEqual({ callID: '005B', device: '100' });
    expect(subject(c.releasingDevice)).toBe('200');
    expect(c.localConnectionInfo).toBe('null');
    expect(c.cause).toBe('normalClearing');
  });

  it('Transferred (312 bytes, 3-byte invokeId 66051): old calls B164/B169, 100 → 257, endpoint 01711234567, transfer, linkage ids', () => {
    const { invokeId, arg } = event('Transferred');
    expect(invokeId).toEqual({ case: 'present', value: 66051 });
    const esi = arg.eventSpecificInfo;
    if (esi.case !== 'callControlEvents' || esi.value.case !== 'transferred') throw new Error('not transferred');
    const t = esi.value.value;
    expect(both(t.primaryOldCall).callID).toBe('B164');
    expect(both(t.secondaryOldCall!).callID).toBe('B169');
    expect(subject(t.transferringDevice)).toBe('100');
    expect(subject(t.transferredToDevice)).toBe('257');
    const list = t.transferredConnections!;
    expect(list).toHaveLength(2);
    expect(both(list[0]!.newConnection!)).toEqual({ callID: 'B16B', device: '7807' });
    expect(both(list[0]!.oldConnection!)).toEqual({ callID: 'B164', device: '7806' });
    const endpoint = list[0]!.endpoint!;
    expect(endpoint.case).toBe('deviceID');
    expect(dialingNumber(endpoint.value as DeviceID)).toBe('01711234567');
    expect(t.localConnectionInfo).toBe('null');
    expect(t.cause).toBe('transfer');
    const linkage = t.callLinkageDataList!;
    const id = (g: { case: string; value: unknown }): string => hex(g.value as Uint8Array);
    expect(id(linkage.newCallLinkageData.globalCallData.globalCallLinkageID)).toBe('013CBAAA50F70788010080000000B16B');
    expect(id(linkage.oldCallLinkageData.globalCallData.globalCallLinkageID)).toBe('0001308A50F70788010080000000B169');
    expect(t.extensions?.security?.timestamp).toBe('20100925113510');
  });
});
