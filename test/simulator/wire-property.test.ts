/**
 * Random sequences of requests from a CstaClient to the simulator over TCP, aimed at what the
 * switch has at each moment (random-services.ts). Through the whole stack on both sides (encode,
 * frame, ROSE, decode, the model, the answer, and back), whatever the sequence:
 *
 * - every request is answered: a result, or a ReturnError carrying the model's refusal as the
 *   CSTA error category and value; never a Reject, a timeout, a lost link, or the 'unspecified'
 *   error the server answers a crash of its own with;
 * - every event the simulator wrote reaches the client's monitor of it, in order, and none is
 *   unknown to the client;
 * - nothing is left pending on either side.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CstaError } from '../../src/session/errors.js';
import type { CstaEvent } from '../../src/session/csta-event.js';
import { REQUEST_KINDS, moves, requestFor, stateProblems } from './random-services.js';
import { clientOf, simulatorTestGuards, startSimulator, waitFor } from './server-harness.js';

simulatorTestGuards();

describe('random requests over the wire', () => {
  it('each answered with a result or a CSTA error; every event arrives, in order', async () => {
    const sim = await startSimulator({ devices: '100-105,300', model: { groups: { '300': ['104', '105'] } } });
    const client = await clientOf(sim);
    const sent: string[] = [];
    const received: string[] = [];
    sim.on('eventSent', ({ crossRef, invokeId }) => sent.push(`${crossRef}#${invokeId}`));
    const record = (event: CstaEvent): void => void received.push(`${event.crossRefIdentifier}#${event.invokeId}`);
    const unknown: string[] = [];
    client.on('unknownEvent', (e) => unknown.push(`${e.name}@${e.crossRefIdentifier}`));
    const devices = [...sim.model.devices.numbers(), '999'];
    for (const device of sim.model.devices.numbers()) await client.monitor(device, { event: record });

    await fc.assert(
      fc.asyncProperty(moves(REQUEST_KINDS, 20, 80), async (steps) => {
        for (const move of steps) {
          const request = requestFor(sim.model, devices, move);
          if (request === undefined) continue;
          try {
            await client.invoke(request.op, request.argument as never);
          } catch (e) {
            // The model's refusal, as the UniversalFailure it names; anything else (a Reject, a
            // timeout, the 'unspecified' ReturnError the server answers a crash of its own with) fails.
            if (!(e instanceof CstaError) || e.code !== 'return-error' || e.category === 'unspecified') throw e;
          }
          expect(stateProblems(sim.model)).toEqual([]);
        }
        // Each run starts with no calls (forwarding and do-not-disturb carry over): clear every call left.
        for (const call of sim.model.calls.all()) {
          const [device] = call.connections.keys();
          if (sim.model.calls.get(call.callID) === call) {
            await client.invoke('clearCall', { callToBeCleared: { case: 'both', value: { callID: call.callID, deviceID: { case: 'staticID', value: { deviceIdentifier: { case: 'dialingNumber', value: device! } } } } } });
          }
        }
        expect(sim.model.calls.size).toBe(0);
      }),
      { seed: 20261126, numRuns: Number(process.env.WIRE_RUNS ?? 150) },
    );

    await waitFor(() => received.length === sent.length, `the client to have every event (${received.length} of ${sent.length})`);
    expect(received).toEqual(sent);
    expect(sent.length).toBeGreaterThan(500);
    expect(unknown).toEqual([]);
    expect(client.link?.pendingRequests).toBe(0);
    expect([...sim.sessions].map((session) => session.pendingRequests)).toEqual([0]);
  }, 60_000);
});
