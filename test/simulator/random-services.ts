/**
 * Random CSTA requests aimed at what a switch model has at that moment, for the property tests
 * that drive the model directly (model-property.test.ts) and over the wire (wire-property.test.ts).
 * A move is four numbers: which request, and three that pick its targets. Most requests are aimed
 * at a connection in the state the service expects; one in four at any connection at all, so
 * refusals are exercised too.
 */
import fc from 'fast-check';
import type { ArgumentOf, OperationName } from '../../generated/operations.js';
import type { ForwardingType } from '../../generated/csta-device-feature-types.js';
import type { Call } from '../../src/simulator/calls.js';
import type { SwitchModel } from '../../src/simulator/model.js';
import { connectionId, deviceId } from '../../src/simulator/values.js';
import { indexProblems } from './support.js';

export type Move = readonly [kind: number, i: number, j: number, k: number];

/** Requests 0-16; 17 lets time pass, 18 restarts the switch (what each test makes of those). */
export const REQUEST_KINDS = 17;
export const TIME_PASSES = 17;
export const RESTART = 18;

const FORWARDINGS: readonly ForwardingType[] = ['forwardImmediate', 'forwardBusy', 'forwardNoAns', 'forwardDND'];

/**
 * Moves of `kinds` kinds; makeCall, answerCall and consultationCall more often than the rest:
 * calls to act on, and devices with a held call and another (for alternate, reconnect, transfer,
 * conference).
 */
export function moves(kinds: number, minLength: number, maxLength: number): fc.Arbitrary<Move[]> {
  const kind = fc.oneof({ arbitrary: fc.integer({ min: 0, max: kinds - 1 }), weight: 3 }, { arbitrary: fc.constantFrom(0, 1, 1, 6), weight: 1 });
  return fc.array(fc.tuple(kind, fc.nat(50), fc.nat(50), fc.nat(50)), { minLength, maxLength });
}

export type Request = { [N in OperationName]: { op: N; argument: ArgumentOf<N> } }[OperationName];

/**
 * The request a move (kind below REQUEST_KINDS) makes of the model as it is now; undefined when
 * there is nothing to aim it at. `devices` are the numbers to pick from (unknown ones welcome).
 */
export function requestFor(model: SwitchModel, devices: readonly string[], [kind, i, j, k]: Move): Request | undefined {
  const all: [Call, string][] = model.calls.all().flatMap((call) => [...call.connections.keys()].map((d): [Call, string] => [call, d]));
  /** Mostly a connection in one of `states` (what the service expects), sometimes any at all. */
  const id = (n: number, ...states: string[]) => {
    const fitting = all.filter(([call, d]) => states.includes(call.connections.get(d)!.state));
    const from = k % 4 !== 0 && fitting.length > 0 ? fitting : all;
    const c = from[n % Math.max(1, from.length)];
    return c && connectionId(c[0], c[1]);
  };
  /** Mostly a held connection and another of the same device, sometimes any two. */
  const pair = () => {
    const held = all.filter(([call, d]) => call.connections.get(d)!.state === 'hold' && model.connectionsOf(d).length > 1);
    if (k % 4 === 0 || held.length === 0) {
      const heldCall = id(i);
      const activeCall = id(j);
      return heldCall && activeCall && { heldCall, activeCall };
    }
    const [call, d] = held[i % held.length]!;
    const other = model.connectionsOf(d).filter((c) => c.call !== call);
    return { heldCall: connectionId(call, d), activeCall: connectionId(other[j % other.length]!.call, d) };
  };
  const device = (n: number) => deviceId(devices[n % devices.length]!);
  const on = <N extends OperationName, C>(op: N, target: C | undefined, argument: (t: C) => ArgumentOf<N>): Request | undefined =>
    target === undefined ? undefined : ({ op, argument: argument(target) } as Request);
  switch (kind) {
    case 0: return { op: 'makeCall', argument: { callingDevice: device(i), calledDirectoryNumber: device(j) } };
    case 1: return on('answerCall', id(i, 'alerting'), (a) => ({ callToBeAnswered: a }));
    case 2: return on('clearConnection', id(i, 'connected', 'alerting', 'hold', 'fail', 'initiated', 'queued'), (a) => ({ connectionToBeCleared: a }));
    case 3: return on('clearCall', id(i, 'connected'), (a) => ({ callToBeCleared: a }));
    case 4: return on('holdCall', id(i, 'connected'), (a) => ({ callToBeHeld: a }));
    case 5: return on('retrieveCall', id(i, 'hold'), (a) => ({ callToBeRetrieved: a }));
    case 6: return on('consultationCall', id(i, 'connected'), (a) => ({ existingCall: a, consultedDevice: device(j) }));
    case 7: return on('alternateCall', pair(), (p) => p);
    case 8: return on('reconnectCall', pair(), (p) => p);
    case 9: return on('transferCall', pair(), (p) => p);
    case 10: return on('conferenceCall', pair(), (p) => p);
    case 11: return on('deflectCall', id(i, 'alerting', 'queued'), (a) => ({ callToBeDiverted: a, newDestination: device(j) }));
    case 12: return on('singleStepTrans', id(i, 'connected'), (a) => ({ activeCall: a, transferredTo: device(j) }));
    case 13: return { op: 'setForwarding', argument: { device: device(i), forwardingType: FORWARDINGS[k % FORWARDINGS.length]!, activateForward: j % 3 !== 0, forwardDN: device(j) } };
    case 14: return { op: 'setDoNotDisturb', argument: { device: device(i), doNotDisturbOn: j % 2 === 0 } };
    case 15: return { op: 'snapshotDevice', argument: { snapshotObject: device(i) } };
    case 16: return on('snapshotCall', id(i), (a) => ({ snapshotObject: a }));
    default: throw new RangeError(`move kind ${kind} is no request`);
  }
}

/** What is wrong with the model's state: the device index, calls without connections, a phone with two calls not on hold. */
export function stateProblems(model: SwitchModel): string[] {
  const problems = [...indexProblems(model)];
  for (const call of model.calls.all()) if (call.connections.size === 0) problems.push(`call ${call.id} has no connection`);
  for (const d of model.devices.numbers()) {
    if (model.devices.get(d)?.group !== undefined) continue;
    const active = model.connectionsOf(d).filter((c) => c.connection.state !== 'hold');
    if (active.length > 1) problems.push(`${d} has ${active.map((c) => `${c.connection.state} in ${c.call.id}`).join(', ')}`);
  }
  return problems;
}
