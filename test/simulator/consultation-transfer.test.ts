/**
 * Consultation Call, Alternate Call, Reconnect Call, Transfer Call, Conference Call and Single Step
 * Transfer: 100 calls 101, 101 answers, then 101 consults 102. The event sequence each monitor
 * sees, field by field.
 */
import { describe, expect, it } from '@jest/globals';
import type { TransferredEvent } from '../../generated/csta-transferred-event.js';
import { hexOf } from '../../src/simulator/ids.js';
import { connectionId } from '../../src/simulator/values.js';
import { codeOf, deviceId, monitor, setup } from './support.js';

/** 100 ⇄ 101 connected (b164); monitors on 100..103; the log starts empty. */
function talking() {
  const s = setup();
  monitor(s.model, ['100', '101', '102', '103']);
  s.act.makeCall('100', '101');
  s.act.answer('101');
  s.log.clear();
  return { ...s, primary: s.model.connectionsOf('100')[0].call };
}

/** …and 101 consulted 102 (b165), 102 answered. */
function consulted() {
  const s = talking();
  s.act.consult('101', '102');
  s.act.answer('102');
  s.log.clear();
  return { ...s, secondary: s.model.connectionsOf('102')[0].call };
}

describe('consultationCall', () => {
  it('holds the existing call and reports ServiceInitiated, Originated and Delivered for the new one (cause consultation)', () => {
    const { model, log, primary } = talking();
    const result = model.consultationCall({ existingCall: connectionId(primary, '101'), consultedDevice: deviceId('102') });
    expect(hexOf((result.initiatedCall as { value: { callID: Uint8Array } }).value.callID)).toBe('b165');
    const held = { event: 'held', heldConnection: 'b164@101', holdingDevice: '101', cause: 'consultation' };
    const delivered = {
      event: 'delivered',
      connection: 'b165@102',
      alertingDevice: '102',
      callingDevice: '101',
      calledDevice: '102',
      lastRedirectionDevice: 'notKnown',
      cause: 'consultation',
    };
    expect(log.of('100')).toEqual([{ ...held, localConnectionInfo: 'connected' }]);
    expect(log.of('101')).toEqual([
      { ...held, localConnectionInfo: 'hold' },
      { event: 'serviceInitiated', initiatedConnection: 'b165@101', initiatingDevice: '101', localConnectionInfo: 'initiated', cause: 'consultation' },
      { event: 'originated', originatedConnection: 'b165@101', callingDevice: '101', calledDevice: '102', localConnectionInfo: 'connected', cause: 'consultation' },
      { ...delivered, localConnectionInfo: 'connected' },
    ]);
    expect(log.of('102')).toEqual([{ ...delivered, localConnectionInfo: 'alerting' }]);
  });

  it('reports Failed (cause busy) when the consulted device is busy; Reconnect Call then goes back', () => {
    const { model, log, act, primary } = talking();
    act.makeCall('103', '104');
    act.answer('104');
    log.clear();
    model.consultationCall({ existingCall: connectionId(primary, '101'), consultedDevice: deviceId('103') });
    expect(log.of('101').map((e) => [e.event, e.cause, e.localConnectionInfo])).toEqual([
      ['held', 'consultation', 'hold'],
      ['serviceInitiated', 'consultation', 'initiated'],
      ['originated', 'consultation', 'connected'],
      ['failed', 'busy', 'fail'],
    ]);
    log.clear();
    act.reconnect('101');
    expect(log.of('101')).toEqual([
      { event: 'connectionCleared', droppedConnection: 'b166@101', releasingDevice: '101', localConnectionInfo: 'null', cause: 'normalClearing' },
      { event: 'callCleared', clearedCall: 'b166@101', cause: 'normalClearing' },
      { event: 'retrieved', retrievedConnection: 'b164@101', retrievingDevice: '101', localConnectionInfo: 'connected', cause: 'normal' },
    ]);
  });

  it('refuses a connection that is not connected and consulting oneself', () => {
    const { model, act } = setup();
    act.makeCall('100', '101');
    const call = model.connectionsOf('100')[0].call;
    expect(codeOf(() => model.consultationCall({ existingCall: connectionId(call, '101'), consultedDevice: deviceId('102') }))).toBe(
      'stateIncompatibility.invalidConnectionState',
    );
    expect(codeOf(() => model.consultationCall({ existingCall: connectionId(call, '100'), consultedDevice: deviceId('100') }))).toBe('operation.notDifferentDevices');
  });
});

describe('alternateCall', () => {
  it('reports Held on the active call, then Retrieved on the held one (cause alternate)', () => {
    const { model, log, primary, secondary } = consulted();
    model.alternateCall({ heldCall: connectionId(primary, '101'), activeCall: connectionId(secondary, '101') });
    const held = { event: 'held', heldConnection: 'b165@101', holdingDevice: '101', cause: 'alternate' };
    const retrieved = { event: 'retrieved', retrievedConnection: 'b164@101', retrievingDevice: '101', localConnectionInfo: 'connected', cause: 'alternate' };
    expect(log.of('100')).toEqual([retrieved]);
    expect(log.of('101')).toEqual([{ ...held, localConnectionInfo: 'hold' }, retrieved]);
    expect(log.of('102')).toEqual([{ ...held, localConnectionInfo: 'connected' }]);
  });

  it('refuses connections of different devices and a held call that is not held', () => {
    const { model, primary, secondary } = consulted();
    expect(codeOf(() => model.alternateCall({ heldCall: connectionId(primary, '101'), activeCall: connectionId(secondary, '102') }))).toBe('operation.notSameDevice');
    expect(codeOf(() => model.alternateCall({ heldCall: connectionId(secondary, '101'), activeCall: connectionId(primary, '101') }))).toBe(
      'stateIncompatibility.invalidHeldConnectionState',
    );
    expect(codeOf(() => model.alternateCall({ heldCall: connectionId(primary, '101'), activeCall: connectionId(primary, '101') }))).toBe('operation.invalidActiveCallID');
  });
});

describe('reconnectCall', () => {
  it('clears the active call (ConnectionCleared, CallCleared) and reports Retrieved on the held one', () => {
    const { model, log, primary, secondary } = consulted();
    model.reconnectCall({ activeCall: connectionId(secondary, '101'), heldCall: connectionId(primary, '101') });
    const retrieved = { event: 'retrieved', retrievedConnection: 'b164@101', retrievingDevice: '101', localConnectionInfo: 'connected', cause: 'normal' };
    const cleared = (d: string, lcs: string) => ({ event: 'connectionCleared', droppedConnection: `b165@${d}`, releasingDevice: d, localConnectionInfo: lcs, cause: 'normalClearing' });
    expect(log.of('101')).toEqual([cleared('101', 'null'), { event: 'callCleared', clearedCall: 'b165@101', cause: 'normalClearing' }, retrieved]);
    expect(log.of('102')).toEqual([cleared('101', 'connected'), cleared('102', 'null'), { event: 'callCleared', clearedCall: 'b165@102', cause: 'normalClearing' }]);
    expect(log.of('100')).toEqual([retrieved]);
  });
});

describe('transferCall', () => {
  it('reports Transferred (cause transfer) to the transferring device and both parties, with the connection list and call linkage', () => {
    const { model, log, primary, secondary } = consulted();
    const result = model.transferCall({ heldCall: connectionId(primary, '101'), activeCall: connectionId(secondary, '101') });
    const transferred = {
      event: 'transferred',
      primaryOldCall: 'b164@101',
      secondaryOldCall: 'b165@101',
      transferringDevice: '101',
      transferredToDevice: '102',
      transferredConnections: [
        { newConnection: 'b164@100', oldConnection: 'b164@100', endpoint: '100' },
        { newConnection: 'b164@102', oldConnection: 'b165@102', endpoint: '102' },
      ],
      cause: 'transfer',
    };
    expect(log.of('101')).toEqual([{ ...transferred, localConnectionInfo: 'null' }]);
    expect(log.of('100')).toEqual([{ ...transferred, localConnectionInfo: 'connected' }]);
    expect(log.of('102')).toEqual([{ ...transferred, localConnectionInfo: 'connected' }]);
    const event = log.records[0].event.eventSpecificInfo.value.value as TransferredEvent;
    const linkage = event.callLinkageDataList!;
    expect(hexOf(linkage.newCallLinkageData.globalCallData.globalCallLinkageID.value)).toMatch(/^[0-9a-f]{8}50f70788010080000000b164$/);
    expect(hexOf(linkage.oldCallLinkageData.globalCallData.globalCallLinkageID.value)).toMatch(/b165$/);
    expect(linkage.oldCallLinkageData.threadData?.threadLinkageID.value).toEqual(linkage.newCallLinkageData.threadData?.threadLinkageID.value);
    expect(hexOf(result.transferredCall.case === 'both' ? result.transferredCall.value.callID : new Uint8Array())).toBe('b164');
    expect(model.connectionsOf('101')).toEqual([]);
    expect([...primary.connections.values()].map((c) => [c.device, c.state])).toEqual([['100', 'connected'], ['102', 'connected']]);
    expect(model.calls.size).toBe(1);
  });

  it('transfers onto a consulted device that is still ringing; its answer is Established in the resulting call', () => {
    const { model, log, act, primary } = talking();
    act.consult('101', '102');
    act.transfer('101');
    log.clear();
    act.answer('102');
    expect(log.of('100')).toEqual([
      {
        event: 'established',
        establishedConnection: 'b164@102',
        answeringDevice: '102',
        callingDevice: '100',
        calledDevice: '102',
        lastRedirectionDevice: '101',
        localConnectionInfo: 'connected',
        cause: 'newCall',
      },
    ]);
    expect(primary.connections.size).toBe(2);
    expect(model.calls.size).toBe(1);
  });
});

describe('conferenceCall', () => {
  it('reports Conferenced (cause conference) to all three parties, with the connection list', () => {
    const { model, log, primary, secondary } = consulted();
    const result = model.conferenceCall({ heldCall: connectionId(primary, '101'), activeCall: connectionId(secondary, '101') });
    const conferenced = {
      event: 'conferenced',
      primaryOldCall: 'b164@101',
      secondaryOldCall: 'b165@101',
      conferencingDevice: '101',
      addedParty: '102',
      conferenceConnections: [
        { newConnection: 'b164@101', oldConnection: 'b164@101', endpoint: '101' },
        { newConnection: 'b164@100', oldConnection: 'b164@100', endpoint: '100' },
        { newConnection: 'b164@102', oldConnection: 'b165@102', endpoint: '102' },
      ],
      localConnectionInfo: 'connected',
      cause: 'conference',
    };
    for (const d of ['100', '101', '102']) expect(log.of(d)).toEqual([conferenced]);
    expect(result.conferenceCall).toEqual(connectionId(primary, '101'));
    expect([...primary.connections.values()].map((c) => c.state)).toEqual(['connected', 'connected', 'connected']);
  });
});

describe('singleStepTrans', () => {
  it('reports Transferred (cause singleStepTransfer) to the transferring device and the party left, then Delivered at the new destination', () => {
    const { model, log, primary } = talking();
    const result = model.singleStepTrans({ activeCall: connectionId(primary, '101'), transferredTo: deviceId('103') });
    const transferred = {
      event: 'transferred',
      primaryOldCall: 'b164@101',
      transferringDevice: '101',
      transferredToDevice: '103',
      transferredConnections: [{ newConnection: 'b164@100', oldConnection: 'b164@100', endpoint: '100' }],
      cause: 'singleStepTransfer',
    };
    const delivered = {
      event: 'delivered',
      connection: 'b164@103',
      alertingDevice: '103',
      callingDevice: '100',
      calledDevice: '103',
      lastRedirectionDevice: '101',
      cause: 'singleStepTransfer',
    };
    expect(log.of('101')).toEqual([{ ...transferred, localConnectionInfo: 'null' }]);
    expect(log.of('100')).toEqual([
      { ...transferred, localConnectionInfo: 'connected' },
      { ...delivered, localConnectionInfo: 'connected' },
    ]);
    expect(log.of('103')).toEqual([{ ...delivered, localConnectionInfo: 'alerting' }]);
    expect(result.transferredCall).toEqual(connectionId(primary, '103'));
  });

  it('refuses an unknown or busy destination and a call that is not connected, changing nothing', () => {
    const { model, act, log, primary } = talking();
    act.makeCall('104', '105');
    log.clear();
    const sst = (at: string, to: string) => () => model.singleStepTrans({ activeCall: connectionId(primary, at), transferredTo: deviceId(to) });
    expect(codeOf(sst('101', '999'))).toBe('operation.invalidDestination');
    expect(codeOf(sst('101', '105'))).toBe('stateIncompatibility.invalidDestinationDeviceState');
    expect(codeOf(sst('101', '100'))).toBe('stateIncompatibility.invalidDestinationDeviceState');
    act.hold('101');
    expect(codeOf(sst('101', '103'))).toBe('stateIncompatibility.invalidActiveConnectionState');
    expect(log.records.map((r) => r.event.eventSpecificInfo.value.case)).toEqual(['held', 'held']);
  });
});
