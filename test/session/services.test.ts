/**
 * The typed services: each builds the generated argument from simple inputs (checked on the
 * switch side, decoded from the wire), results come back typed, ReturnErrors surface as CstaError
 * with category and value, timeouts as request-timeout; the typed generic invoke() reaches
 * operations without a helper.
 */
import { describe, expect, it } from '@jest/globals';
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import { connectionId, deviceId } from '../../src/session/device.js';
import { CstaError } from '../../src/session/errors.js';
import { toConnectionId, toDeviceId, type CstaServices } from '../../src/session/services.js';
import { clientFor, clientTestGuards, FakeSwitch } from '../seed/switch-harness.js';

clientTestGuards();

const d = (n: string) => deviceId(n);
const held = connectionId('005b', '100');
const active = connectionId('005c', '100');

/** [method call, operation, argument the switch must receive]. */
const CASES: readonly [string, (c: CstaServices) => Promise<unknown>, string, unknown][] = [
  ['makeCall', (c) => c.makeCall('100', '101'), 'makeCall', { callingDevice: d('100'), calledDirectoryNumber: d('101') }],
  ['answerCall', (c) => c.answerCall(held), 'answerCall', { callToBeAnswered: held }],
  ['clearConnection', (c) => c.clearConnection({ callId: '005b', device: '100' }), 'clearConnection', { connectionToBeCleared: held }],
  ['clearCall', (c) => c.clearCall({ callId: '005B' }), 'clearCall', { callToBeCleared: { case: 'callID', value: Uint8Array.of(0, 0x5b) } }],
  ['holdCall', (c) => c.holdCall(held), 'holdCall', { callToBeHeld: held }],
  ['retrieveCall', (c) => c.retrieveCall(held), 'retrieveCall', { callToBeRetrieved: held }],
  ['consultationCall', (c) => c.consultationCall(held, '102'), 'consultationCall', { existingCall: held, consultedDevice: d('102') }],
  ['transferCall', (c) => c.transferCall(held, active), 'transferCall', { heldCall: held, activeCall: active }],
  ['conferenceCall', (c) => c.conferenceCall(held, active), 'conferenceCall', { heldCall: held, activeCall: active }],
  ['deflectCall', (c) => c.deflectCall(held, '103'), 'deflectCall', { callToBeDiverted: held, newDestination: d('103') }],
  ['singleStepTransfer', (c) => c.singleStepTransfer(active, '104'), 'singleStepTrans', { activeCall: active, transferredTo: d('104') }],
  ['alternateCall', (c) => c.alternateCall(held, active), 'alternateCall', { heldCall: held, activeCall: active }],
  ['reconnectCall', (c) => c.reconnectCall(active, held), 'reconnectCall', { activeCall: active, heldCall: held }],
  ['setDisplay', (c) => c.setDisplay('100', 'Hello'), 'setDisplay', { device: d('100'), contentsOfDisplay: 'Hello' }],
  ['snapshotDevice', (c) => c.snapshotDevice('100'), 'snapshotDevice', { snapshotObject: d('100') }],
  ['snapshotCall', (c) => c.snapshotCall(held), 'snapshotCall', { snapshotObject: held }],
  ['setForwarding on', (c) => c.setForwarding('100', 'forwardImmediate', '200', true), 'setForwarding', { device: d('100'), forwardingType: 'forwardImmediate', activateForward: true, forwardDN: d('200') }],
  ['setForwarding off', (c) => c.setForwarding('100', 'forwardBusy', undefined, false), 'setForwarding', { device: d('100'), forwardingType: 'forwardBusy', activateForward: false }],
  ['getForwarding', (c) => c.getForwarding('100'), 'getForwarding', { device: d('100') }],
  ['setDoNotDisturb', (c) => c.setDoNotDisturb('100', true), 'setDoNotDisturb', { device: d('100'), doNotDisturbOn: true }],
];

describe('typed services', () => {
  it.each(CASES)('%s sends the generated argument the switch decodes', async (_name, call, op, argument) => {
    const sw = await FakeSwitch.start();
    sw.answer('snapshotDevice', () => ({ crossRefIDorSnapshotData: { case: 'snapshotData', value: [] } }));
    sw.answer('snapshotCall', () => ({ crossRefIDorSnapshotData: { case: 'snapshotData', value: [] } }));
    sw.answer('transferCall', () => ({ transferredCall: active }));
    sw.answer('conferenceCall', () => ({ conferenceCall: active }));
    sw.answer('singleStepTrans', () => ({ transferredCall: active }));
    const client = await clientFor(sw);
    await call(client);
    expect(sw.requests.map((r) => [r.op, r.argument])).toEqual([[op, argument]]);
  });

  it('returns results typed: makeCall gives the ConnectionID of the calling side', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const { callingDevice } = await client.makeCall('100', '101');
    expect(callingDevice).toEqual(connectionId('005b', '100'));
    expect(await client.holdCall(callingDevice)).toEqual({ case: 'noData', value: null });
  });

  it('reaches any operation through the typed generic invoke()', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const result = await client.invoke('setDisplay', { device: deviceId('100'), contentsOfDisplay: 'Hi', offset: 2 });
    expect(result).toEqual({ case: 'noData', value: null });
    expect(sw.of('setDisplay')).toEqual([{ device: deviceId('100'), contentsOfDisplay: 'Hi', offset: 2 }]);
  });
});

describe('service failures', () => {
  it('a ReturnError is a CstaError with the UniversalFailure category and value', async () => {
    const sw = await FakeSwitch.start();
    sw.answer('makeCall', () => {
      throw new CstaError({ operation: 'makeCall', invokeId: 0, errcode: 1, parameter: { case: 'stateIncompatibility', value: 'invalidCallingDeviceState' } });
    });
    const client = await clientFor(sw);
    const failure = client.makeCall('100', '101');
    await expect(failure).rejects.toBeInstanceOf(CstaError);
    await expect(failure).rejects.toMatchObject({ code: 'return-error', operation: 'makeCall', category: 'stateIncompatibility', value: 'invalidCallingDeviceState' });
    expect(client.connected).toBe(true);
  });

  it('an operation the switch does not serve comes back as operation/serviceNotSupported', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    await expect(client.invoke('getDoNotDisturb', { device: deviceId('100') })).rejects.toMatchObject({
      code: 'return-error',
      category: 'operation',
      value: 'serviceNotSupported',
    });
    expect(sw.count('getDoNotDisturb')).toBe(1);
  });

  it('no answer within requestTimeoutMs is request-timeout; the link stays up', async () => {
    const sw = await FakeSwitch.start();
    sw.answer('clearCall', () => new Promise(() => {}));
    const client = await clientFor(sw, { requestTimeoutMs: 100 });
    await expect(client.clearCall(held)).rejects.toMatchObject({ code: 'request-timeout' });
    await expect(client.clearCall(held, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'request-timeout' });
    expect(client.connected).toBe(true);
    expect(sw.count('clearCall')).toBe(2);
  });

  it('an aborted request is request-aborted', async () => {
    const sw = await FakeSwitch.start();
    sw.answer('holdCall', () => new Promise(() => {}));
    const client = await clientFor(sw);
    const controller = new AbortController();
    const hold = client.holdCall(held, { signal: controller.signal });
    await sw.received('holdCall', 1);
    controller.abort();
    await expect(hold).rejects.toMatchObject({ code: 'request-aborted' });
  });
});

describe('inputs', () => {
  it('toDeviceId takes a dialing number or a DeviceID', () => {
    expect(toDeviceId('100')).toEqual({ deviceIdentifier: { case: 'dialingNumber', value: '100' } });
    const other = { deviceIdentifier: { case: 'implicitPublic' as const, value: '0711' } };
    expect(toDeviceId(other)).toBe(other);
    expect(() => toDeviceId('')).toThrow(RangeError);
  });

  it('toConnectionId takes a ConnectionID or { callId, device? }', () => {
    const c: ConnectionID = { case: 'callID', value: Uint8Array.of(1) };
    expect(toConnectionId(c)).toBe(c);
    expect(toConnectionId({ callId: 'b164', device: '7806' })).toEqual(connectionId('b164', '7806'));
    expect(toConnectionId({ callId: 'B164' })).toEqual({ case: 'callID', value: Uint8Array.of(0xb1, 0x64) });
    expect(() => toConnectionId({ callId: 'xyz' })).toThrow(RangeError);
    expect(() => toConnectionId({ callId: 'zz', device: '100' })).toThrow(RangeError);
    expect(() => toConnectionId({ callId: '' })).toThrow(/callId "" is not hex text/);
    expect(() => toConnectionId({ callId: '', device: '100' })).toThrow(/callId "" is not hex text/);
  });
});
