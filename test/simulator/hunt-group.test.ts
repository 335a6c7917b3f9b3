/**
 * Hunt groups: a call to a group's pilot number is queued there (Queued, connection state queued)
 * and handed to the first free member (Diverted then Delivered, cause distributed), at once or as
 * soon as a member is free, oldest call first. The event sequence each monitor sees, field by field.
 */
import { describe, expect, it } from '@jest/globals';
import { DeviceSpecError } from '../../src/simulator/devices.js';
import { SwitchModel } from '../../src/simulator/model.js';
import { connectionId } from '../../src/simulator/values.js';
import { codeOf, deviceId, monitor, setup } from './support.js';

/** Devices 100-109 and 300, the group of 101 and 102. */
const group = () => setup({ devices: '100-109,300', groups: { '300': ['101', '102'] } });
const call = { callingDevice: '100', calledDevice: '300' };

/** The group with both members talking: 101 with 105 (101 called), 102 with 106 (106 called). */
function busyGroup(): ReturnType<typeof group> {
  const parts = group();
  parts.act.makeCall('101', '105');
  parts.act.answer('105');
  parts.act.makeCall('106', '102');
  parts.act.answer('102');
  return parts;
}

describe('hunt groups', () => {
  it('a call to the group with a member free: Queued, then Diverted and Delivered (distributed) at the first free member', () => {
    const { model, log } = group();
    monitor(model, ['100', '300', '101', '102']);
    const result = model.makeCall({ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('300') });
    expect(result.callingDevice).toEqual(connectionId(model.connectionsOf('100')[0].call, '100'));
    const queued = { event: 'queued', queuedConnection: 'b164@300', queue: '300', ...call, lastRedirectionDevice: 'notKnown', numberQueued: 1, cause: 'enteringDistribution' };
    const diverted = { event: 'diverted', connection: 'b164@300', divertingDevice: '300', newDestination: '101', ...call, lastRedirectionDevice: 'notKnown', cause: 'distributed' };
    const delivered = { event: 'delivered', connection: 'b164@101', alertingDevice: '101', ...call, lastRedirectionDevice: '300', cause: 'distributed' };
    expect(log.of('100').slice(2)).toEqual([
      { ...queued, localConnectionInfo: 'connected' },
      { ...diverted, localConnectionInfo: 'connected' },
      { ...delivered, localConnectionInfo: 'connected' },
    ]);
    expect(log.of('300')).toEqual([
      { ...queued, localConnectionInfo: 'queued' },
      { ...diverted, localConnectionInfo: 'null' },
    ]);
    expect(log.of('101')).toEqual([{ ...delivered, localConnectionInfo: 'alerting' }]);
    expect(log.of('102')).toEqual([]);
    expect(model.connectionsOf('300')).toEqual([]);
  });

  it('queues while every member is busy and hands the calls out oldest first as members free up', () => {
    const { model, log, act } = busyGroup();
    monitor(model, ['300', '103', '104']);
    act.makeCall('103', '300');
    act.makeCall('104', '300');
    expect(log.of('300').map((e) => [e.event, e.numberQueued, e.localConnectionInfo])).toEqual([
      ['queued', 1, 'queued'],
      ['queued', 2, 'queued'],
    ]);
    const snapshot = model.snapshotDevice({ snapshotObject: deviceId('300') });
    expect(snapshot.crossRefIDorSnapshotData.case === 'snapshotData' && snapshot.crossRefIDorSnapshotData.value.map((c) => c.localCallState)).toEqual([
      { case: 'compoundCallState', value: ['queued', 'connected'] },
      { case: 'compoundCallState', value: ['queued', 'connected'] },
    ]);
    // An answer is for alerting connections; a queued one cannot be answered.
    expect(codeOf(() => model.answerCall({ callToBeAnswered: connectionId(model.connectionsOf('300')[0].call, '300') }))).toBe('stateIncompatibility.invalidConnectionState');

    log.clear();
    act.hangUp('105'); // 101 is free: 103's call (the older) goes to 101
    expect(log.of('103').map((e) => [e.event, e.divertingDevice ?? e.alertingDevice ?? e.droppedConnection, e.cause])).toEqual([
      ['diverted', '300', 'distributed'],
      ['delivered', '101', 'distributed'],
    ]);
    expect(log.of('104')).toEqual([]);
    act.hangUp('106'); // 102 is free: 104's call goes to 102
    expect(log.of('104').map((e) => [e.event, e.divertingDevice ?? e.alertingDevice, e.cause])).toEqual([
      ['diverted', '300', 'distributed'],
      ['delivered', '102', 'distributed'],
    ]);
    expect(model.connectionsOf('300')).toEqual([]);
  });

  it('a caller who hangs up leaves the queue: the next free member gets nothing', () => {
    const { model, log, act } = busyGroup();
    monitor(model, ['300', '103']);
    act.makeCall('103', '300');
    log.clear();
    act.hangUp('103');
    expect(log.of('300').map((e) => [e.event, e.localConnectionInfo])).toEqual([
      ['connectionCleared', 'queued'],
      ['connectionCleared', 'null'],
      ['callCleared', undefined],
    ]);
    log.clear();
    act.hangUp('105');
    expect(log.of('103')).toEqual([]);
    expect(model.connectionsOf('101')).toEqual([]);
  });

  it('deflectCall takes a waiting call out of the queue to another number', () => {
    const { model, log, act } = busyGroup();
    act.makeCall('103', '300');
    monitor(model, ['300', '104']);
    model.deflectCall({ callToBeDiverted: connectionId(model.connectionsOf('300')[0].call, '300'), newDestination: deviceId('104') });
    expect(log.of('300').map((e) => [e.event, e.cause, e.localConnectionInfo])).toEqual([['diverted', 'redirected', 'null']]);
    expect(log.of('104').map((e) => [e.event, e.cause, e.localConnectionInfo])).toEqual([['delivered', 'redirected', 'alerting']]);
    act.hangUp('105'); // 101 is free, and the queue is empty
    expect(model.connectionsOf('101')).toEqual([]);
  });

  it('skips members on do-not-disturb or in any call, on hold too', () => {
    const { model, act } = group();
    model.setDoNotDisturb({ device: deviceId('101'), doNotDisturbOn: true });
    act.makeCall('102', '105');
    act.answer('105');
    act.hold('102');
    act.makeCall('100', '300');
    expect(model.connectionsOf('300').map((c) => c.connection.state)).toEqual(['queued']);
    // Every service that changes the switch ends with a look at the queues: 101 is free now.
    model.setDoNotDisturb({ device: deviceId('101'), doNotDisturbOn: false });
    expect(model.connectionsOf('101').map((c) => c.connection.state)).toEqual(['alerting']);
    expect(model.connectionsOf('300')).toEqual([]);
  });

  it('a group cannot place calls, and its set-up is checked', () => {
    const { model } = group();
    expect(codeOf(() => model.makeCall({ callingDevice: deviceId('300'), calledDirectoryNumber: deviceId('101') }))).toBe('operation.invalidCallingDeviceID');
    const bad = (groups: Record<string, string[]>): string => {
      try {
        new SwitchModel({ devices: '100-109,300', groups });
        return 'accepted';
      } catch (e) {
        return e instanceof DeviceSpecError ? `${e.code}: ${e.message}` : String(e);
      }
    };
    expect(bad({ '301': ['101'] })).toBe('bad-group: hunt group 301 is not a device of the switch: add it to the devices');
    expect(bad({ '300': ['101', '199'] })).toBe('bad-group: member 199 of hunt group 300 is not a device of the switch');
    expect(bad({ '300': ['300'] })).toBe('bad-group: hunt group 300 cannot be a member of itself');
    expect(bad({ '300': [] })).toBe('bad-group: hunt group 300 has no members');
  });
});
