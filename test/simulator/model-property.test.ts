/**
 * The call model under random sequences of services, each aimed at what exists at that moment
 * (a connection of a live call, a device, a pair of connections), valid or not, with time passing
 * (no-answer forwarding) and restarts in between. Whatever the sequence:
 *
 * - a service either succeeds or is refused with a ModelError (the CSTA error the server sends);
 *   nothing else is thrown;
 * - every argument, result and event encodes with the generated codec (events also decode to the
 *   same value: EventLog), so the server can always answer;
 * - the call table's index by device agrees with its calls (EventLog checks it after every event,
 *   this test after every service); no call is left without connections; a phone never has two
 *   connections that are not on hold (the switch has no call waiting);
 * - a snapshot of a device lists the calls the device is in.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encode } from '../../src/ber/index.js';
import { operations, type ArgumentOf, type OperationName } from '../../generated/operations.js';
import type { ForwardingType } from '../../generated/csta-device-feature-types.js';
import type { Call } from '../../src/simulator/calls.js';
import { isModelError } from '../../src/simulator/errors.js';
import { SwitchModel } from '../../src/simulator/model.js';
import { VirtualScheduler } from '../../src/simulator/scheduler.js';
import { connectionId, deviceId } from '../../src/simulator/values.js';
import { EventLog, T0, indexProblems, monitor } from './support.js';

const FORWARDINGS: readonly ForwardingType[] = ['forwardImmediate', 'forwardBusy', 'forwardNoAns', 'forwardDND'];

/** One step: which service (or clock / restart), and three numbers that pick its targets. */
type Move = readonly [kind: number, i: number, j: number, k: number];
const KINDS = 19;

function play(moves: readonly Move[], withGroup: boolean): string[] {
  const scheduler = new VirtualScheduler(T0);
  const model = new SwitchModel({
    devices: withGroup ? '100-105,300' : '100-105',
    clock: () => scheduler.now(),
    utcOffsetMinutes: 0,
    scheduler,
    noAnswerMs: 5000,
    ...(withGroup && { groups: { '300': ['103', '104', '105'] } }),
  });
  const log = new EventLog(model);
  monitor(model, model.devices.numbers());
  const devices = [...model.devices.numbers(), '999']; // and a number the switch does not know
  const problems: string[] = [];

  /** Every connection there is now, in a stable order: [call, device]. */
  const connections = (): [Call, string][] => model.calls.all().flatMap((call) => [...call.connections.keys()].map((d): [Call, string] => [call, d]));

  const service = <N extends OperationName>(op: N, argument: ArgumentOf<N>): void => {
    const info = operations[op] as { argument?: unknown; result?: unknown };
    encode(info.argument as never, argument); // a value the client could have sent
    let result: unknown;
    try {
      result = (model[op as keyof SwitchModel] as (a: unknown) => unknown).call(model, argument);
    } catch (e) {
      if (!isModelError(e)) problems.push(`${op}(${JSON.stringify(argument, hex)}) threw ${String((e as Error).stack ?? e)}`);
      return;
    }
    if (info.result !== undefined && result !== undefined) {
      try {
        encode(info.result as never, result);
      } catch (e) {
        problems.push(`${op}: the result does not encode: ${(e as Error).message}`);
      }
    }
  };

  for (const [kind, i, j, k] of moves) {
    const all = connections();
    /** Mostly a connection in one of `states` (what the service expects), sometimes any at all. */
    const id = (n: number, ...states: string[]) => {
      const fitting = all.filter(([call, d]) => states.includes(call.connections.get(d)!.state));
      const from = k % 4 !== 0 && fitting.length > 0 ? fitting : all;
      const c = from[n % Math.max(1, from.length)];
      return c && connectionId(c[0], c[1]);
    };
    /** Mostly a held connection and another of the same device, sometimes any two. */
    const pair = (n: number, m: number) => {
      const held = all.filter(([call, d]) => call.connections.get(d)!.state === 'hold' && model.connectionsOf(d).length > 1);
      if (k % 4 === 0 || held.length === 0) return [id(n), id(m)] as const;
      const [call, d] = held[n % held.length]!;
      const other = model.connectionsOf(d).filter((c) => c.call !== call);
      return [connectionId(call, d), connectionId(other[m % other.length]!.call, d)] as const;
    };
    const device = (n: number): string => devices[n % devices.length]!;
    const [held, active] = pair(i, j);
    switch (kind) {
      case 0: service('makeCall', { callingDevice: deviceId(device(i)), calledDirectoryNumber: deviceId(device(j)) }); break;
      case 1: { const a = id(i, 'alerting'); if (a) service('answerCall', { callToBeAnswered: a }); break; }
      case 2: { const a = id(i, 'connected', 'alerting', 'hold', 'fail', 'initiated', 'queued'); if (a) service('clearConnection', { connectionToBeCleared: a }); break; }
      case 3: { const a = id(i, 'connected'); if (a) service('clearCall', { callToBeCleared: a }); break; }
      case 4: { const a = id(i, 'connected'); if (a) service('holdCall', { callToBeHeld: a }); break; }
      case 5: { const a = id(i, 'hold'); if (a) service('retrieveCall', { callToBeRetrieved: a }); break; }
      case 6: { const a = id(i, 'connected'); if (a) service('consultationCall', { existingCall: a, consultedDevice: deviceId(device(j)) }); break; }
      case 7: if (held && active) service('alternateCall', { heldCall: held, activeCall: active }); break;
      case 8: if (held && active) service('reconnectCall', { heldCall: held, activeCall: active }); break;
      case 9: if (held && active) service('transferCall', { heldCall: held, activeCall: active }); break;
      case 10: if (held && active) service('conferenceCall', { heldCall: held, activeCall: active }); break;
      case 11: { const a = id(i, 'alerting', 'queued'); if (a) service('deflectCall', { callToBeDiverted: a, newDestination: deviceId(device(j)) }); break; }
      case 12: { const a = id(i, 'connected'); if (a) service('singleStepTrans', { activeCall: a, transferredTo: deviceId(device(j)) }); break; }
      case 13:
        service('setForwarding', { device: deviceId(device(i)), forwardingType: FORWARDINGS[k % FORWARDINGS.length]!, activateForward: j % 3 !== 0, forwardDN: deviceId(device(j)) });
        break;
      case 14: service('setDoNotDisturb', { device: deviceId(device(i)), doNotDisturbOn: j % 2 === 0 }); break;
      case 15: {
        service('snapshotDevice', { snapshotObject: deviceId(device(i)) });
        const d = device(i);
        if (model.devices.has(d)) {
          const listed = model.snapshotDevice({ snapshotObject: deviceId(d) }).crossRefIDorSnapshotData;
          const entries = listed.case === 'snapshotData' ? listed.value.length : -1;
          if (entries !== model.connectionsOf(d).length) problems.push(`snapshotDevice ${d}: ${entries} calls listed, in ${model.connectionsOf(d).length}`);
        }
        break;
      }
      case 16: { const a = id(i); if (a) service('snapshotCall', { snapshotObject: a }); break; }
      case 17: scheduler.advance(1000 * (1 + (i % 8))); break;
      case 18:
        model.restart({ dropCalls: j % 2 === 0 });
        monitor(model, model.devices.numbers());
        break;
    }
    for (const p of indexProblems(model)) problems.push(`after move ${kind}: ${p}`);
    for (const call of model.calls.all()) if (call.connections.size === 0) problems.push(`after move ${kind}: call ${call.id} has no connection`);
    for (const d of model.devices.numbers()) {
      if (model.devices.get(d)?.group !== undefined) continue;
      const active = model.connectionsOf(d).filter((c) => c.connection.state !== 'hold');
      if (active.length > 1) problems.push(`after move ${kind}: ${d} has ${active.map((c) => `${c.connection.state} in ${c.call.id}`).join(', ')}`);
    }
    if (problems.length > 0) break;
  }
  if (log.encoded !== log.records.length) problems.push('an event was not encoded');
  return problems;
}

function hex(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value;
}

describe('the call model under random services', () => {
  it('refuses with a CSTA error or succeeds, and stays consistent, whatever the sequence', () => {
    // makeCall, answerCall and consultationCall more often than the rest: calls to act on, and
    // devices with a held call and another (for alternate, reconnect, transfer, conference).
    const kind = fc.oneof({ arbitrary: fc.integer({ min: 0, max: KINDS - 1 }), weight: 3 }, { arbitrary: fc.constantFrom(0, 1, 1, 6), weight: 1 });
    const move = fc.tuple(kind, fc.nat(50), fc.nat(50), fc.nat(50));
    fc.assert(
      fc.property(fc.array(move, { minLength: 20, maxLength: 120 }), fc.boolean(), (moves, withGroup) => {
        expect(play(moves, withGroup)).toEqual([]);
      }),
      { seed: 20261126, numRuns: Number(process.env.MODEL_RUNS ?? 300) },
    );
  });
});
