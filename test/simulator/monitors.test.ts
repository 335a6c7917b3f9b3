/**
 * Monitor Start/Stop, Change Monitor Filter and restart: crossRefIdentifiers, the filter applied,
 * and ECMA-269 filter semantics (a set bit is an event NOT reported; all zero reports all).
 */
import { describe, expect, it } from '@jest/globals';
import { bitString, decode, encode, fromHex } from '../../src/ber/index.js';
import { MonitorFilter } from '../../generated/csta-status-reporting.js';
import { MonitorStartArgument } from '../../generated/csta-monitor-start.js';
import { HIPATH } from '../../src/session/profile.js';
import { hexOf } from '../../src/simulator/ids.js';
import { actualFilter } from '../../src/simulator/monitors.js';
import { codeOf, deviceId, monitor, setup } from './support.js';

const HIPATH_ALL_ZERO = '80 04 06 00 00 00 86 02 03 00 87 02 06 00 88 03 05 00 00 89 03 02 00 00 83 02 05 00 85 02 01 00 84 02 07 00';

describe('monitorStart', () => {
  it('hands out 2-byte crossRefs in order and returns the all-zero HiPath filter it applies', () => {
    const { model } = setup();
    // The MonitorStart argument of §8.2 (S1's all-zero filter on 100).
    const arg = decode(MonitorStartArgument, fromHex(`30 2D 30 05 80 03 31 30 30 A0 24 ${HIPATH_ALL_ZERO}`));
    const first = model.monitorStart(arg);
    expect(hexOf(first.crossRefIdentifier)).toBe('0001');
    expect(encode(MonitorFilter, first.actualmonitorFilter!)).toEqual(fromHex(`30 24 ${HIPATH_ALL_ZERO}`));
    const second = model.monitorStart({ monitorObject: { case: 'deviceObject', value: deviceId('101') } });
    expect(hexOf(second.crossRefIdentifier)).toBe('0002');
    expect(encode(MonitorFilter, second.actualmonitorFilter!)).toEqual(fromHex(`30 24 ${HIPATH_ALL_ZERO}`));
  });

  it('applies, for no requested filter, exactly the filter the HiPath profile sends', () => {
    expect(actualFilter(undefined)).toEqual(HIPATH.defaultMonitorFilter);
  });

  it('never reuses a live crossRef, wrapping after FFFF', () => {
    const { model } = setup({ firstCrossRef: 0xfffe });
    expect(monitor(model, ['100', '101', '102'])).toEqual(['fffe', 'ffff', '0001']);
    model.monitorStop({ crossRefIdentifier: new Uint8Array([0xff, 0xff]) });
    expect(monitor(model, ['103'])).toEqual(['0002']);
  });

  it('refuses unknown devices, call objects, call-type monitors and monitors past the limit', () => {
    const { model } = setup({ maxMonitors: 2 });
    expect(codeOf(() => monitor(model, ['999']))).toBe('operation.invalidMonitorObject');
    const call = { case: 'callID' as const, value: new Uint8Array([0xb1, 0x64]) };
    expect(codeOf(() => model.monitorStart({ monitorObject: { case: 'callObject', value: call } }))).toBe('operation.invalidMonitorObjectType');
    expect(codeOf(() => model.monitorStart({ monitorObject: { case: 'deviceObject', value: deviceId('100') }, monitorType: 'call' }))).toBe(
      'operation.monitorTypeNotSupported',
    );
    monitor(model, ['100', '100']);
    expect(codeOf(() => monitor(model, ['101']))).toBe('systemResourceAvailability.overallMonitorLimitExceeded');
  });
});

describe('monitorStop', () => {
  it('stops the events of that monitor only; a stopped crossRef is invalid', () => {
    const { model, log, act } = setup();
    const [a] = monitor(model, ['100', '100']);
    model.monitorStop({ crossRefIdentifier: fromHex(a) });
    act.makeCall('100', '101');
    expect(new Set(log.records.map((r) => hexOf(r.event.crossRefIdentifier)))).toEqual(new Set(['0002']));
    expect(codeOf(() => model.monitorStop({ crossRefIdentifier: fromHex(a) }))).toBe('operation.invalidMonitorCrossRefID');
    expect(codeOf(() => model.monitorStop({ crossRefIdentifier: new Uint8Array([1]) }))).toBe('operation.invalidMonitorCrossRefID');
  });
});

describe('filter semantics', () => {
  const callControl = (...bits: number[]) => ({ callControl: bitString(18, bits) });

  it('does not report an event whose bit is set, and reports everything for an all-zero filter', () => {
    const { model, log, act } = setup();
    monitor(model, ['100'], callControl(3 /* delivered */, 9 /* originated */));
    monitor(model, ['100'], callControl());
    act.makeCall('100', '101');
    const by = (x: string) => log.records.filter((r) => hexOf(r.event.crossRefIdentifier) === x).map((r) => r.event.eventSpecificInfo.value.case);
    expect(by('0001')).toEqual(['serviceInitiated']);
    expect(by('0002')).toEqual(['serviceInitiated', 'originated', 'delivered']);
  });

  it("applies S4's 'Service Initiated and Connection Cleared only' preset (callControl 5F F4 00)", () => {
    const { model, log, act } = setup();
    monitor(model, ['100'], { callControl: { length: 18, bytes: new Uint8Array([0x5f, 0xf4, 0x00]) } });
    act.makeCall('100', '101');
    act.answer('101');
    act.hold('100');
    act.retrieve('100');
    act.hangUp('101');
    expect(log.names()).toEqual({ '100': ['serviceInitiated', 'connectionCleared', 'connectionCleared', 'callCleared'] });
  });

  it('filters device feature events by their own category', () => {
    const { model, log } = setup();
    monitor(model, ['100'], { physicalDeviceFeature: bitString(11, [2 /* displayUpdated */]) });
    model.setDisplay({ device: deviceId('100'), contentsOfDisplay: 'hidden' });
    model.setDoNotDisturb({ device: deviceId('100'), doNotDisturbOn: true });
    expect(log.names()).toEqual({ '100': ['doNotDisturb'] });
  });

  it('changeMonitorFilter replaces the filter from the next event on', () => {
    const { model, log, act } = setup();
    const [x] = monitor(model, ['101']);
    const result = model.changeMonitorFilter({ crossRefIdentifier: fromHex(x), requestedFilterList: callControl(3) });
    expect(result.actualFilterList?.callControl).toEqual(bitString(18, [3]));
    act.makeCall('100', '101');
    act.answer('101');
    expect(log.names()).toEqual({ '101': ['established'] });
    expect(codeOf(() => model.changeMonitorFilter({ crossRefIdentifier: fromHex('0999'), requestedFilterList: {} }))).toBe('operation.invalidMonitorCrossRefID');
  });
});

describe('restart', () => {
  it('drops every monitor and tells its listeners; calls go on unless dropped too', () => {
    const { model, log, act } = setup();
    const [x] = monitor(model, ['100', '101']);
    let restarts = 0;
    model.onRestart(() => restarts++);
    act.makeCall('100', '101');
    log.clear();
    model.restart();
    expect(restarts).toBe(1);
    expect(model.monitors.size).toBe(0);
    act.answer('101');
    expect(log.records).toEqual([]);
    expect(codeOf(() => model.monitorStop({ crossRefIdentifier: fromHex(x) }))).toBe('operation.invalidMonitorCrossRefID');
    expect(model.calls.size).toBe(1);
    model.restart({ dropCalls: true });
    expect(model.calls.size).toBe(0);
    expect(model.connectionsOf('100')).toEqual([]);
  });

  it('stopMonitorsOf stops only the monitors of that owner', () => {
    const { model } = setup();
    const session = {};
    model.monitorStart({ monitorObject: { case: 'deviceObject', value: deviceId('100') } }, session);
    model.monitorStart({ monitorObject: { case: 'deviceObject', value: deviceId('101') } });
    expect(model.stopMonitorsOf(session).map((m) => m.device)).toEqual(['100']);
    expect(model.monitors.all().map((m) => m.device)).toEqual(['101']);
  });
});
