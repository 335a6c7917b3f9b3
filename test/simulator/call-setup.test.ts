/**
 * Make Call, Answer Call, Deflect Call and the ways a call cannot be delivered (busy,
 * do-not-disturb, unknown number, forwarding, forwarding on no answer): the event sequence each
 * monitor sees, field by field.
 */
import { describe, expect, it } from '@jest/globals';
import { encode, fromHex } from '../../src/ber/index.js';
import { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { MakeCallResult } from '../../generated/csta-make-call.js';
import { connectionId } from '../../src/simulator/values.js';
import { VirtualScheduler } from '../../src/simulator/scheduler.js';
import { codeOf, deviceId, monitor, setup, T0, type EventLog } from './support.js';

/**
 * The Diverted and Delivered of call b164 (100 calls 101) taken from 101 to `to` with `cause`, as
 * summaries field by field (localConnectionInfo is each receiver's own).
 */
function diversion(to: string, cause: string): { diverted: Record<string, unknown>; delivered: Record<string, unknown> } {
  const call = { callingDevice: '100', calledDevice: '101' };
  return {
    diverted: { event: 'diverted', connection: 'b164@101', divertingDevice: '101', newDestination: to, ...call, lastRedirectionDevice: 'notKnown', cause },
    delivered: { event: 'delivered', connection: `b164@${to}`, alertingDevice: to, ...call, lastRedirectionDevice: '101', cause },
  };
}

/** What the monitors of 100 (the caller), 101 and `to` saw of that diversion, and nothing else. */
function expectDiversion(log: EventLog, to: string, cause: string): void {
  const { diverted, delivered } = diversion(to, cause);
  expect(log.of('100')).toEqual([
    { ...diverted, localConnectionInfo: 'connected' },
    { ...delivered, localConnectionInfo: 'connected' },
  ]);
  expect(log.of('101')).toEqual([{ ...diverted, localConnectionInfo: 'null' }]);
  expect(log.of(to)).toEqual([{ ...delivered, localConnectionInfo: 'alerting' }]);
}

describe('makeCall', () => {
  it('reports ServiceInitiated, Originated and Delivered at the caller and Delivered at the callee', () => {
    const { model, log } = setup();
    monitor(model, ['100', '101', '102']);
    const result = model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    expect(result).toEqual({ callingDevice: { case: 'both', value: { callID: new Uint8Array([0xb1, 0x64]), deviceID: { case: 'staticID', value: deviceId('100') } } } });
    expect(log.of('100')).toEqual([
      { event: 'serviceInitiated', initiatedConnection: 'b164@100', initiatingDevice: '100', localConnectionInfo: 'initiated', cause: 'makeCall' },
      { event: 'originated', originatedConnection: 'b164@100', callingDevice: '100', calledDevice: '101', localConnectionInfo: 'connected', cause: 'makeCall' },
      {
        event: 'delivered',
        connection: 'b164@101',
        alertingDevice: '101',
        callingDevice: '100',
        calledDevice: '101',
        lastRedirectionDevice: 'notKnown',
        localConnectionInfo: 'connected',
        cause: 'newCall',
      },
    ]);
    expect(log.of('101')).toEqual([
      {
        event: 'delivered',
        connection: 'b164@101',
        alertingDevice: '101',
        callingDevice: '100',
        calledDevice: '101',
        lastRedirectionDevice: 'notKnown',
        localConnectionInfo: 'alerting',
        cause: 'newCall',
      },
    ]);
    expect(log.of('102')).toEqual([]);
  });

  it('gives the MakeCall result and Delivered/Established exactly as the HiPath vectors of §8.2', () => {
    const { model } = setup({ devices: '100,101,200', firstCallId: 0x005b });
    expect(encode(MakeCallResult, model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') }))).toEqual(
      fromHex('30 11 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03 31 30 30'),
    );
    const { model: pbx } = setup({ devices: '100,200', firstCallId: 0x005b });
    const bytes: Uint8Array[] = [];
    pbx.onEvent((e) => bytes.push(encode(CSTAEventReportArgument, e)));
    monitor(pbx, ['100']);
    pbx.makeCall({ callingDevice: deviceId('200'), calledDirectoryNumber: deviceId('100') });
    pbx.answerCall({ callToBeAnswered: { case: 'both', value: { callID: new Uint8Array([0x00, 0x5b]), deviceID: { case: 'staticID', value: deviceId('100') } } } });
    const delivered = `30 52 55 02 00 01 A0 4C A4 4A 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03 31 30 30 63 07 30 05 80 03 31 30 30
      61 07 30 05 80 03 32 30 30 62 07 30 05 80 03 31 30 30 64 02 87 00 4E 01 02 0A 01 16
      7E 12 A0 10 18 0E 32 30 31 30 30 39 32 35 31 31 33 35 31 30`;
    const established = delivered.replace('A0 4C A4 4A', 'A0 4C A7 4A').replace('4E 01 02', '4E 01 03');
    expect(bytes).toEqual([fromHex(delivered), fromHex(established)]);
  });

  it('fails at the caller with cause busy when the callee is in a connected call', () => {
    const { model, log, act } = setup();
    act.makeCall('101', '102');
    act.answer('102');
    monitor(model, ['100', '101']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    expect(log.of('100').map((e) => e.event)).toEqual(['serviceInitiated', 'originated', 'failed']);
    expect(log.of('100')[2]).toEqual({
      event: 'failed',
      failedConnection: 'b165@100',
      failingDevice: '101',
      callingDevice: '100',
      calledDevice: '101',
      lastRedirectionDevice: 'notKnown',
      localConnectionInfo: 'fail',
      cause: 'busy',
    });
    expect(log.of('101')).toEqual([]);
    expect(model.connectionsOf('100').map((c) => c.connection.state)).toEqual(['fail']);
  });

  it('fails at the caller with cause doNotDisturb when the callee has do-not-disturb on', () => {
    const { model, log } = setup();
    model.setDoNotDisturb({ device: deviceId('101'), doNotDisturbOn: true });
    monitor(model, ['100']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    expect(log.of('100')[2]).toMatchObject({ event: 'failed', failedConnection: 'b164@100', failingDevice: '101', localConnectionInfo: 'fail', cause: 'doNotDisturb' });
  });

  it('refuses unknown numbers, unknown callers, calling oneself and a caller already in a call', () => {
    const { model, log, act } = setup();
    monitor(model, ['100']);
    const call = (from: string, to: string) => () => model.makeCall({ callingDevice: deviceId(from), calledDirectoryNumber: deviceId(to) });
    expect(codeOf(call('100', '999'))).toBe('operation.invalidDestination');
    expect(codeOf(call('999', '100'))).toBe('operation.invalidCallingDeviceID');
    expect(codeOf(call('100', '100'))).toBe('operation.notDifferentDevices');
    expect(codeOf(() => model.makeCall({ callingDevice: { deviceIdentifier: { case: 'deviceNumber', value: 100 } }, calledDirectoryNumber: deviceId('101') }))).toBe(
      'operation.invalidCallingDeviceID',
    );
    expect(log.records).toHaveLength(0);
    expect(model.calls.size).toBe(0);
    act.makeCall('100', '101');
    expect(codeOf(call('100', '102'))).toBe('stateIncompatibility.invalidCallingDeviceState');
  });

  it('diverts a call to a device forwarding immediately: Diverted then Delivered at the destination', () => {
    const { model, log } = setup();
    model.setForwarding({ device: deviceId('101'), forwardingType: 'forwardImmediate', activateForward: true, forwardDN: deviceId('102') });
    monitor(model, ['100', '101', '102']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    const { diverted, delivered } = diversion('102', 'callForwardImmediate');
    expect(log.of('100').slice(2)).toEqual([
      { ...diverted, localConnectionInfo: 'connected' },
      { ...delivered, localConnectionInfo: 'connected' },
    ]);
    expect(log.of('101')).toEqual([{ ...diverted, localConnectionInfo: 'null' }]);
    expect(log.of('102')).toEqual([{ ...delivered, localConnectionInfo: 'alerting' }]);
  });

  it('forwards on busy and on do-not-disturb, and stops at a forwarding loop', () => {
    const { model, log, act } = setup();
    act.makeCall('101', '105');
    act.answer('105');
    model.setForwarding({ device: deviceId('101'), forwardingType: 'forwardBusy', activateForward: true, forwardDN: deviceId('102') });
    model.setDoNotDisturb({ device: deviceId('102'), doNotDisturbOn: true });
    model.setForwarding({ device: deviceId('102'), forwardingType: 'forwardDND', activateForward: true, forwardDN: deviceId('103') });
    model.setForwarding({ device: deviceId('103'), forwardingType: 'forwardImmediate', activateForward: true, forwardDN: deviceId('101') });
    monitor(model, ['100']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    // 101 busy → 102 (dnd) → 103, whose forward back to 101 would loop: 103 rings.
    expect(log.of('100').slice(2).map((e) => [e.event, e.divertingDevice ?? e.alertingDevice, e.cause])).toEqual([
      ['diverted', '101', 'callForwardBusy'],
      ['diverted', '102', 'callForward'],
      ['delivered', '103', 'callForward'],
    ]);
  });
});

describe('answerCall', () => {
  it('reports Established to both parties with cause newCall', () => {
    const { model, log, act } = setup();
    monitor(model, ['100', '101']);
    act.makeCall('100', '101');
    log.clear();
    model.answerCall({ callToBeAnswered: connectionId(model.connectionsOf('101')[0].call, '101') });
    const established = {
      event: 'established',
      establishedConnection: 'b164@101',
      answeringDevice: '101',
      callingDevice: '100',
      calledDevice: '101',
      lastRedirectionDevice: 'notKnown',
      localConnectionInfo: 'connected',
      cause: 'newCall',
    };
    expect(log.of('100')).toEqual([established]);
    expect(log.of('101')).toEqual([established]);
  });

  it('refuses a connection that is not alerting, an unknown call and a device not in the call', () => {
    const { model, act } = setup();
    act.makeCall('100', '101');
    const call = model.connectionsOf('100')[0].call;
    expect(codeOf(() => model.answerCall({ callToBeAnswered: connectionId(call, '100') }))).toBe('stateIncompatibility.invalidConnectionState');
    expect(codeOf(() => model.answerCall({ callToBeAnswered: connectionId(call, '102') }))).toBe('operation.invalidConnectionID');
    const gone = { case: 'both' as const, value: { callID: new Uint8Array([0, 1]), deviceID: { case: 'staticID' as const, value: deviceId('101') } } };
    expect(codeOf(() => model.answerCall({ callToBeAnswered: gone }))).toBe('operation.invalidCallID');
  });
});

describe('deflectCall', () => {
  it('reports Diverted (cause redirected) to the parties and the deflecting device, then Delivered at the new destination', () => {
    const { model, log, act } = setup();
    monitor(model, ['100', '101', '103']);
    act.makeCall('100', '101');
    log.clear();
    model.deflectCall({ callToBeDiverted: connectionId(model.connectionsOf('101')[0].call, '101'), newDestination: deviceId('103') });
    expectDiversion(log, '103', 'redirected');
    expect(model.connectionsOf('101')).toEqual([]);
  });

  it('refuses a connected call, an unknown destination and a busy destination, changing nothing', () => {
    const { model, act, log } = setup();
    act.makeCall('104', '105');
    act.answer('105');
    act.makeCall('100', '101');
    monitor(model, ['100', '101', '105']);
    const call = model.connectionsOf('101')[0].call;
    const deflect = (at: string, to: string) => () => model.deflectCall({ callToBeDiverted: connectionId(call, at), newDestination: deviceId(to) });
    expect(codeOf(deflect('100', '103'))).toBe('stateIncompatibility.invalidConnectionState');
    expect(codeOf(deflect('101', '999'))).toBe('operation.invalidDestination');
    expect(codeOf(deflect('101', '105'))).toBe('stateIncompatibility.invalidDestinationDeviceState');
    expect(codeOf(deflect('101', '101'))).toBe('operation.notDifferentDevices');
    expect(model.connectionsOf('101').map((c) => c.connection.state)).toEqual(['alerting']);
    expect(log.records).toEqual([]);
  });
});

describe('forwarding on no answer (the ring timer)', () => {
  /** A model with a ring timer of 15 s on simulated time. */
  function timed() {
    const scheduler = new VirtualScheduler(T0);
    const parts = setup({ scheduler, clock: () => scheduler.now() });
    return { ...parts, scheduler };
  }
  const noAnswer = (to: string, type: 'forwardNoAns' | 'forwardNoAnsInt' = 'forwardNoAns') => ({ device: deviceId('101'), forwardingType: type, activateForward: true, forwardDN: deviceId(to) });

  it('diverts a call 101 leaves unanswered for 15 s: Diverted (callForwardNoAnswer), then Delivered at the destination', () => {
    const { model, log, scheduler } = timed();
    model.setForwarding(noAnswer('102'));
    monitor(model, ['100', '101', '102']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    log.clear();
    scheduler.advance(14_999);
    expect(log.records).toEqual([]);
    scheduler.advance(1);
    expectDiversion(log, '102', 'callForwardNoAnswer');
    expect(model.connectionsOf('101')).toEqual([]);
    expect(model.connectionsOf('102').map((c) => c.connection.state)).toEqual(['alerting']);
    // The events carry the time the timer ran out: T0 + 15 s.
    for (const { event } of log.records) expect(JSON.stringify(event)).toContain('"20100925113525"');
  });

  it('does nothing when the call was answered, cleared or deflected in time, or the forwarding switched off', () => {
    for (const before of ['answer', 'hangUp', 'deflect', 'off', 'none'] as const) {
      const { model, log, act, scheduler } = timed();
      if (before !== 'none') model.setForwarding(noAnswer('102'));
      monitor(model, ['100', '101', '102', '103']);
      act.makeCall('100', '101');
      scheduler.advance(5_000);
      if (before === 'answer') act.answer('101');
      if (before === 'hangUp') act.hangUp('100');
      if (before === 'deflect') act.deflect('101', '103');
      if (before === 'off') model.setForwarding({ device: deviceId('101'), forwardingType: 'forwardNoAns', activateForward: false });
      log.clear();
      scheduler.advance(60_000);
      expect([before, log.records.map((r) => r.event.eventSpecificInfo.value.case)]).toEqual([before, []]);
    }
  });

  it('forwardNoAnsInt applies as forwardNoAns does (every call here is internal)', () => {
    const { model, log, scheduler } = timed();
    model.setForwarding(noAnswer('102', 'forwardNoAnsInt'));
    monitor(model, ['102']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    scheduler.advance(15_000);
    expect(log.of('102').map((e) => [e.event, e.cause])).toEqual([['delivered', 'callForwardNoAnswer']]);
  });

  it('rings on when the destination is busy, and follows the destination\'s own forwarding', () => {
    const busy = timed();
    busy.act.makeCall('102', '105');
    busy.act.answer('105');
    busy.model.setForwarding(noAnswer('102'));
    monitor(busy.model, ['100']);
    busy.act.makeCall('100', '101');
    busy.log.clear();
    busy.scheduler.advance(60_000);
    expect(busy.log.records).toEqual([]);
    expect(busy.model.connectionsOf('101').map((c) => c.connection.state)).toEqual(['alerting']);

    const chained = timed();
    chained.model.setForwarding(noAnswer('102'));
    chained.model.setForwarding({ device: deviceId('102'), forwardingType: 'forwardImmediate', activateForward: true, forwardDN: deviceId('103') });
    monitor(chained.model, ['100']);
    chained.act.makeCall('100', '101');
    chained.log.clear();
    chained.scheduler.advance(15_000);
    expect(chained.log.of('100').map((e) => [e.event, e.divertingDevice ?? e.alertingDevice, e.cause])).toEqual([
      ['diverted', '101', 'callForwardNoAnswer'],
      ['diverted', '102', 'callForwardImmediate'],
      ['delivered', '103', 'callForwardImmediate'],
    ]);
  });

  it('goes on to the next device that does not answer, but never back to one that already did not', () => {
    const { model, log, scheduler } = timed();
    model.setForwarding(noAnswer('102'));
    model.setForwarding({ device: deviceId('102'), forwardingType: 'forwardNoAns', activateForward: true, forwardDN: deviceId('101') });
    monitor(model, ['100']);
    model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    log.clear();
    scheduler.advance(120_000);
    // 101 → 102 after 15 s; 102 would send it back to 101, which already let it ring out: 102 rings on.
    expect(log.of('100').map((e) => [e.event, e.divertingDevice ?? e.alertingDevice])).toEqual([
      ['diverted', '101'],
      ['delivered', '102'],
    ]);
    expect(scheduler.pending).toBe(0);
  });

  it('has no ring timer without a scheduler, and a restart that drops the calls cancels the timers', () => {
    const plain = setup();
    plain.model.setForwarding(noAnswer('102'));
    plain.act.makeCall('100', '101');
    expect(plain.model.connectionsOf('101').map((c) => c.connection.state)).toEqual(['alerting']);

    const { model, act, scheduler } = timed();
    model.setForwarding(noAnswer('102'));
    act.makeCall('100', '101');
    expect(scheduler.pending).toBe(1);
    model.restart({ dropCalls: true });
    scheduler.advance(60_000);
    expect(model.calls.size).toBe(0);
  });
});
