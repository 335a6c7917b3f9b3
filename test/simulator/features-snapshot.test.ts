/**
 * Set/Get Display, Set/Get Forwarding, Set/Get Do Not Disturb (with their events), Snapshot Device,
 * Snapshot Call, System Status, and event timestamps.
 */
import { describe, expect, it } from '@jest/globals';
import { decode, fromHex } from '../../src/ber/index.js';
import { SetDisplayArgument } from '../../generated/csta-set-display.js';
import { connectionId } from '../../src/simulator/values.js';
import { T0, codeOf, deviceId, monitor, setup, summarize } from './support.js';

describe('setDisplay / getDisplay', () => {
  it('stores the text of the §8.2 SetDisplay and reports DisplayUpdated', () => {
    const { model, log } = setup();
    monitor(model, ['100']);
    const arg = decode(SetDisplayArgument, fromHex('30 0E 30 05 80 03 31 30 30 16 05 48 65 6C 6C 6F'));
    expect(model.setDisplay(arg)).toEqual({ case: 'noData', value: null });
    expect(log.of('100')).toEqual([{ event: 'displayUpdated', device: '100', logicalRows: 2, logicalColumns: 24, contentsOfDisplay: 'Hello' }]);
    expect(model.getDisplay({ device: deviceId('100') }).displayList[0].contentsOfDisplay).toBe('Hello');
  });

  it('refuses unknown devices and text longer than the display', () => {
    const { model } = setup();
    expect(codeOf(() => model.setDisplay({ device: deviceId('999'), contentsOfDisplay: 'x' }))).toBe('operation.invalidDeviceID');
    expect(codeOf(() => model.setDisplay({ device: deviceId('100'), contentsOfDisplay: 'x'.repeat(49) }))).toBe('operation.valueOutOfRange');
  });
});

describe('setForwarding / getForwarding', () => {
  it('reports Forwarding on and off, and lists the settings', () => {
    const { model, log } = setup();
    monitor(model, ['100']);
    model.setForwarding({ device: deviceId('100'), forwardingType: 'forwardBusy', activateForward: true, forwardDN: deviceId('105') });
    model.setForwarding({ device: deviceId('100'), forwardingType: 'forwardBusy', activateForward: false });
    model.setForwarding({ device: deviceId('100'), activateForward: true, forwardDN: deviceId('106') });
    expect(log.of('100')).toEqual([
      { event: 'forwarding', device: '100', forwardingType: 'forwardBusy', forwardStatus: true, forwardTo: '105' },
      { event: 'forwarding', device: '100', forwardingType: 'forwardBusy', forwardStatus: false },
      { event: 'forwarding', device: '100', forwardingType: 'forwardImmediate', forwardStatus: true, forwardTo: '106' },
    ]);
    expect(model.getForwarding({ device: deviceId('100') }).forwardingList).toEqual([
      { forwardingType: 'forwardImmediate', forwardStatus: true, forwardDN: deviceId('106') },
      { forwardingType: 'forwardBusy', forwardStatus: false },
      { forwardingType: 'forwardNoAns', forwardStatus: false },
      { forwardingType: 'forwardDND', forwardStatus: false },
    ]);
  });

  it('refuses activation without a destination, to an unknown number, or to the device itself', () => {
    const { model } = setup();
    const set = (to?: string) => () =>
      model.setForwarding({ device: deviceId('100'), activateForward: true, ...(to === undefined ? {} : { forwardDN: deviceId(to) }) });
    expect(codeOf(set())).toBe('operation.invalidForwardingDestination');
    expect(codeOf(set('999'))).toBe('operation.invalidForwardingDestination');
    expect(codeOf(set('100'))).toBe('operation.invalidForwardingDestination');
  });
});

describe('setDoNotDisturb / getDoNotDisturb', () => {
  it('reports DoNotDisturb and keeps the setting', () => {
    const { model, log } = setup();
    monitor(model, ['101']);
    model.setDoNotDisturb({ device: deviceId('101'), doNotDisturbOn: true });
    expect(log.of('101')).toEqual([{ event: 'doNotDisturb', device: '101', doNotDisturbOn: true }]);
    expect(model.getDoNotDisturb({ device: deviceId('101') })).toEqual({ doNotDisturbOn: true });
  });
});

describe('snapshots', () => {
  it('snapshotDevice lists each call of the device with its own state first', () => {
    const { model, act } = setup();
    act.makeCall('100', '101');
    act.answer('101');
    act.consult('101', '102');
    const [primary, consultation] = model.connectionsOf('101').map((c) => c.call);
    const r = model.snapshotDevice({ snapshotObject: deviceId('101') });
    expect(r.crossRefIDorSnapshotData).toEqual({
      case: 'snapshotData',
      value: [
        { connectionIdentifier: connectionId(primary, '101'), localCallState: { case: 'compoundCallState', value: ['hold', 'connected'] } },
        { connectionIdentifier: connectionId(consultation, '101'), localCallState: { case: 'compoundCallState', value: ['connected', 'alerting'] } },
      ],
    });
    expect(model.snapshotDevice({ snapshotObject: deviceId('105') }).crossRefIDorSnapshotData).toEqual({ case: 'snapshotData', value: [] });
    expect(codeOf(() => model.snapshotDevice({ snapshotObject: deviceId('999') }))).toBe('operation.invalidDeviceID');
  });

  it('snapshotCall lists every connection of the call and who called whom', () => {
    const { model, act } = setup();
    act.makeCall('100', '101');
    const call = model.connectionsOf('100')[0].call;
    const r = model.snapshotCall({ snapshotObject: { case: 'callID', value: call.callID } });
    expect(r).toEqual({
      crossRefIDorSnapshotData: {
        case: 'snapshotData',
        value: [
          { deviceOnCall: { case: 'deviceIdentifier', value: deviceId('100') }, callIdentifier: connectionId(call, '100'), localConnectionState: 'connected' },
          { deviceOnCall: { case: 'deviceIdentifier', value: deviceId('101') }, callIdentifier: connectionId(call, '101'), localConnectionState: 'alerting' },
        ],
      },
      callingDevice: { case: 'deviceIdentifier', value: deviceId('100') },
      calledDevice: { case: 'deviceIdentifier', value: deviceId('101') },
    });
    expect(codeOf(() => model.snapshotCall({ snapshotObject: { case: 'callID', value: new Uint8Array([9, 9]) } }))).toBe('operation.invalidCallID');
  });
});

describe('systemStatus and timestamps', () => {
  it('accepts systemStatus with noData', () => {
    const { model } = setup();
    expect(model.systemStatus({ systemStatus: 'normal' })).toEqual({ case: 'noData', value: null });
  });

  it('stamps every event with the clock in local time, 14 characters, at the time of the service', () => {
    let now = T0;
    const { model, log, act } = setup({ clock: () => now, utcOffsetMinutes: 120 });
    monitor(model, ['100']);
    act.makeCall('100', '101');
    now += 61_500;
    act.hangUp('100');
    const stamps = log.records.map((r) => (r.event.eventSpecificInfo.value.value as { extensions?: { security?: { timestamp?: string } } }).extensions?.security?.timestamp);
    expect(stamps).toEqual(['20100925133510', '20100925133510', '20100925133510', '20100925133611', '20100925133611']);
    expect(summarize(log.records[0].event).event).toBe('serviceInitiated');
  });

  it('answers the services that only read without reading the clock or reporting events', () => {
    let readings = 0;
    const { model, log, act } = setup({
      clock: () => {
        readings++;
        return T0;
      },
    });
    monitor(model, ['100', '101']);
    act.makeCall('100', '101');
    const [before, events] = [readings, log.records.length];
    expect(before).toBeGreaterThan(0);
    model.snapshotDevice({ snapshotObject: deviceId('100') });
    model.snapshotCall({ snapshotObject: { case: 'callID', value: model.connectionsOf('100')[0].call.callID } });
    model.getDisplay({ device: deviceId('100') });
    model.getForwarding({ device: deviceId('100') });
    model.getDoNotDisturb({ device: deviceId('100') });
    model.systemStatus({ systemStatus: 'normal' });
    expect([readings, log.records.length]).toEqual([before, events]);
    model.setDoNotDisturb({ device: deviceId('100'), doNotDisturbOn: true }); // a service that changes: stamped, reported
    expect([readings > before, log.records.length > events]).toEqual([true, true]);
  });
});
