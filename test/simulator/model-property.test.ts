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
import { operations } from '../../generated/operations.js';
import { isModelError } from '../../src/simulator/errors.js';
import { SwitchModel } from '../../src/simulator/model.js';
import { VirtualScheduler } from '../../src/simulator/scheduler.js';
import { deviceId } from '../../src/simulator/values.js';
import { RESTART, TIME_PASSES, moves, requestFor, stateProblems, type Move, type Request } from './random-services.js';
import { EventLog, T0, monitor } from './support.js';

function play(steps: readonly Move[], withGroup: boolean): string[] {
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

  const service = ({ op, argument }: Request): void => {
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

  for (const move of steps) {
    const [kind, i, j] = move;
    if (kind === TIME_PASSES) scheduler.advance(1000 * (1 + (i % 8)));
    else if (kind === RESTART) {
      model.restart({ dropCalls: j % 2 === 0 });
      monitor(model, model.devices.numbers());
    } else {
      const request = requestFor(model, devices, move);
      if (request) service(request);
      const d = devices[i % devices.length]!;
      if (request?.op === 'snapshotDevice' && model.devices.has(d)) {
        const listed = model.snapshotDevice({ snapshotObject: deviceId(d) }).crossRefIDorSnapshotData;
        const entries = listed.case === 'snapshotData' ? listed.value.length : -1;
        if (entries !== model.connectionsOf(d).length) problems.push(`snapshotDevice ${d}: ${entries} calls listed, in ${model.connectionsOf(d).length}`);
      }
    }
    for (const p of stateProblems(model)) problems.push(`after move ${kind}: ${p}`);
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
    fc.assert(
      fc.property(moves(RESTART + 1, 20, 120), fc.boolean(), (steps, withGroup) => {
        expect(play(steps, withGroup)).toEqual([]);
      }),
      { seed: 20261126, numRuns: Number(process.env.MODEL_RUNS ?? 300) },
    );
  });
});
