/**
 * Every service the simulator answers, given any argument its ASN.1 type allows (drawn from the
 * generated codec's schema), steered toward what exists (the switch's own numbers, the callIDs
 * and cross references of its live calls and monitors) so that the values reach past the first
 * lookup. Whatever the value, the model either carries the service out, with a result that
 * encodes, or refuses it with a ModelError (answered as the CSTA error it names); never a
 * TypeError, which the server could only answer as a generic failure.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encode } from '../../src/ber/index.js';
import type { Codec } from '../../src/ber/codec.js';
import { operations } from '../../generated/operations.js';
import { isModelError } from '../../src/simulator/errors.js';
import { DeviceActions } from '../../src/simulator/actions.js';
import { SwitchModel } from '../../src/simulator/model.js';
import { MODEL_SERVICES } from '../../src/simulator/server.js';
import { arbitrary } from '../support/arbitrary.js';
import { connectionId } from '../../src/simulator/values.js';
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import { T0, monitor } from './support.js';

/** A switch with calls in every state: connected, alerting, held with a consultation, failed, queued at a hunt group; 111 idle. */
function busySwitch(): { model: SwitchModel; known: Known } {
  const model = new SwitchModel({ devices: '100-111,300', groups: { '300': ['108', '109'] }, clock: () => T0, utcOffsetMinutes: 0 });
  const act = new DeviceActions(model);
  const crossRefs = monitor(model, model.devices.numbers()).map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
  act.makeCall('100', '101');
  act.answer('101');
  act.consult('101', '102'); // 101: held + consultation ringing at 102
  act.makeCall('103', '104'); // ringing
  act.makeCall('105', '100'); // 100 is busy: failed
  act.makeCall('106', '300'); // rings at 108
  act.makeCall('107', '300'); // rings at 109
  act.makeCall('110', '300'); // both members ring: queued at 300
  const calls = model.calls.all();
  const connections = calls.flatMap((call) => [...call.connections.keys()].map((d) => connectionId(call, d)));
  return { model, known: { callIDs: calls.map((call) => call.callID), crossRefs, connections } };
}

const NUMBERS = ['100', '101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '300'];

interface Known {
  callIDs: Uint8Array[];
  crossRefs: Uint8Array[];
  /** Every connection of the switch, as a ConnectionID (`both` form). */
  connections: ConnectionID[];
}

const CONNECTION_CASES = new Set(['callID', 'deviceID', 'both']);

/**
 * The value with, at random places (three in four), a DeviceID made one of the switch's numbers,
 * a ConnectionID one of its connections (or a live callID with one of its numbers), a callID one
 * of its live calls', a cross reference one of its monitors'. `pick` draws the choices.
 */
function steer(value: unknown, pick: () => number, known: Known): unknown {
  if (Array.isArray(value)) return value.map((x) => steer(x, pick, known));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const o = value as Record<string, unknown>;
  const n = pick();
  if ('deviceIdentifier' in o && n % 4 !== 0) return { ...o, deviceIdentifier: { case: 'dialingNumber', value: NUMBERS[pick() % NUMBERS.length] } };
  if (typeof o.case === 'string' && CONNECTION_CASES.has(o.case) && 'value' in o && n % 4 !== 0 && known.connections.length > 0) {
    if (n % 4 !== 3) return known.connections[pick() % known.connections.length];
    const callID = known.callIDs[pick() % known.callIDs.length];
    return { case: 'both', value: { callID, deviceID: { case: 'staticID', value: { deviceIdentifier: { case: 'dialingNumber', value: NUMBERS[pick() % NUMBERS.length] } } } } };
  }
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(o)) {
    const m = pick();
    if (key === 'callID' && x instanceof Uint8Array && m % 4 !== 0) out[key] = known.callIDs[m % known.callIDs.length];
    else if (key === 'crossRefIdentifier' && x instanceof Uint8Array && m % 4 !== 0) out[key] = known.crossRefs[m % known.crossRefs.length];
    else out[key] = steer(x, pick, known);
  }
  return out;
}

describe('the model given any argument of each service', () => {
  for (const op of MODEL_SERVICES) {
    it(`${op}: carried out, or refused with a CSTA error`, () => {
      const info = operations[op] as { argument: Codec<unknown>; result?: Codec<unknown> };
      fc.assert(
        fc.property(arbitrary(info.argument, { maxDepth: 3, maxItems: 2 }), fc.infiniteStream(fc.nat(1000)), (drawn, numbers) => {
          const { model, known } = busySwitch();
          const draws = numbers[Symbol.iterator]();
          const argument = steer(drawn, () => draws.next().value as number, known);
          let result: unknown;
          try {
            result = (model[op] as (a: unknown) => unknown).call(model, argument);
          } catch (e) {
            if (isModelError(e)) return;
            throw new Error(`${op} threw ${(e as Error).stack ?? String(e)}`);
          }
          if (info.result !== undefined && result !== undefined) expect(() => encode(info.result!, result)).not.toThrow();
        }),
        { seed: 20261126, numRuns: Number(process.env.ARGUMENT_RUNS ?? 150) },
      );
    });
  }
});
