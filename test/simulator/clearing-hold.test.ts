/**
 * Clear Connection, Clear Call, Hold Call and Retrieve Call: the event sequence each monitor sees,
 * field by field, and the errors for connections in the wrong state.
 */
import { describe, expect, it } from '@jest/globals';
import { connectionId } from '../../src/simulator/values.js';
import { codeOf, monitor, setup } from './support.js';

function connectedCall() {
  const s = setup();
  monitor(s.model, ['100', '101', '102']);
  s.act.makeCall('100', '101');
  s.act.answer('101');
  s.log.clear();
  return { ...s, call: s.model.connectionsOf('100')[0].call };
}

const cleared = (device: string, lcs: string) => ({
  event: 'connectionCleared',
  droppedConnection: `b164@${device}`,
  releasingDevice: device,
  localConnectionInfo: lcs,
  cause: 'normalClearing',
});
const callCleared = (device: string) => ({ event: 'callCleared', clearedCall: `b164@${device}`, cause: 'normalClearing' });

describe('clearConnection', () => {
  it('clears a two-party call: ConnectionCleared for each party, then CallCleared', () => {
    const { model, log, call } = connectedCall();
    model.clearConnection({ connectionToBeCleared: connectionId(call, '100') });
    expect(log.of('100')).toEqual([cleared('100', 'null'), callCleared('100')]);
    expect(log.of('101')).toEqual([cleared('100', 'connected'), cleared('101', 'null'), callCleared('101')]);
    expect(model.calls.size).toBe(0);
    expect(model.connectionsOf('101')).toEqual([]);
  });

  it('lets a conference go on when one of three parties leaves (no CallCleared)', () => {
    const { model, log, act, call } = connectedCall();
    act.consult('100', '102');
    act.answer('102');
    act.conference('100');
    log.clear();
    model.clearConnection({ connectionToBeCleared: connectionId(call, '102'), reason: 'normal' });
    const left = (lcs: string) => ({ ...cleared('102', lcs), cause: 'normal' });
    expect(log.of('100')).toEqual([left('connected')]);
    expect(log.of('101')).toEqual([left('connected')]);
    expect(log.of('102')).toEqual([left('null')]);
    expect([...call.connections.keys()]).toEqual(['100', '101']);
  });

  it('clears an alerting call the caller gives up on, and a failed call', () => {
    const { model, log, act } = setup();
    monitor(model, ['100', '101']);
    act.makeCall('100', '101');
    log.clear();
    act.hangUp('100');
    expect(log.of('101')).toEqual([cleared('100', 'alerting'), cleared('101', 'null'), callCleared('101')]);
    model.setDoNotDisturb({ device: { deviceIdentifier: { case: 'dialingNumber', value: '101' } }, doNotDisturbOn: true });
    act.makeCall('100', '101');
    log.clear();
    act.hangUp('100');
    expect(log.of('100')).toEqual([{ ...cleared('100', 'null'), droppedConnection: 'b165@100' }, { ...callCleared('100'), clearedCall: 'b165@100' }]);
    expect(model.calls.size).toBe(0);
  });

  it('refuses a connection that does not exist', () => {
    const { model, call } = connectedCall();
    expect(codeOf(() => model.clearConnection({ connectionToBeCleared: connectionId(call, '105') }))).toBe('operation.invalidConnectionID');
    expect(codeOf(() => model.clearConnection({ connectionToBeCleared: { case: 'deviceID', value: { case: 'staticID', value: { deviceIdentifier: { case: 'dialingNumber', value: '105' } } } } }))).toBe(
      'operation.invalidConnectionID',
    );
  });
});

describe('clearCall', () => {
  it('reports ConnectionCleared for every connection and then CallCleared to every party', () => {
    const { model, log, act, call } = connectedCall();
    act.consult('100', '102');
    act.answer('102');
    act.conference('100');
    log.clear();
    model.clearCall({ callToBeCleared: { case: 'callID', value: call.callID } });
    expect(log.of('100')).toEqual([cleared('100', 'null'), callCleared('100')]);
    expect(log.of('101')).toEqual([cleared('100', 'connected'), cleared('101', 'null'), callCleared('101')]);
    expect(log.of('102')).toEqual([cleared('100', 'connected'), cleared('101', 'connected'), cleared('102', 'null'), callCleared('102')]);
    expect(model.calls.size).toBe(0);
    expect(codeOf(() => model.clearCall({ callToBeCleared: { case: 'callID', value: call.callID } }))).toBe('operation.invalidCallID');
  });
});

describe('holdCall and retrieveCall', () => {
  it('report Held and Retrieved (cause normal) to both parties', () => {
    const { model, log, call } = connectedCall();
    model.holdCall({ callToBeHeld: connectionId(call, '100') });
    model.retrieveCall({ callToBeRetrieved: connectionId(call, '100') });
    const heldEvent = { event: 'held', heldConnection: 'b164@100', holdingDevice: '100', cause: 'normal' };
    const retrievedEvent = { event: 'retrieved', retrievedConnection: 'b164@100', retrievingDevice: '100', localConnectionInfo: 'connected', cause: 'normal' };
    expect(log.of('100')).toEqual([{ ...heldEvent, localConnectionInfo: 'hold' }, retrievedEvent]);
    expect(log.of('101')).toEqual([{ ...heldEvent, localConnectionInfo: 'connected' }, retrievedEvent]);
  });

  it('refuses to hold what is not connected, to retrieve what is not held, and to retrieve beside an active call', () => {
    const { model, act } = setup();
    act.makeCall('100', '101');
    const call = model.connectionsOf('100')[0].call;
    expect(codeOf(() => model.holdCall({ callToBeHeld: connectionId(call, '101') }))).toBe('stateIncompatibility.invalidConnectionState');
    expect(codeOf(() => model.retrieveCall({ callToBeRetrieved: connectionId(call, '100') }))).toBe('stateIncompatibility.invalidConnectionState');
    act.answer('101');
    act.hold('100');
    act.makeCall('100', '102');
    expect(codeOf(() => model.retrieveCall({ callToBeRetrieved: connectionId(call, '100') }))).toBe('stateIncompatibility.connectedCallExists');
  });
});
