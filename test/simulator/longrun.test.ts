/**
 * The long run: the session layer's client, unmodified, against the simulator under fast
 * seeded random traffic for a few seconds, with a switch restart in the middle. Per cross reference
 * the test compares the invokeIds the simulator wrote with those the client's monitors received:
 * every event after the monitors were re-created arrives, in order (and so does every event before
 * the restart), nothing is left pending, no event is unknown to the client.
 */
import { describe, expect, it } from '@jest/globals';
import type { CstaEvent } from '../../src/session/csta-event.js';
import { clientOf, simulatorTestGuards, startSimulator, waitFor } from './server-harness.js';

simulatorTestGuards();

/** 100-179 are phones; 180 is a hunt group of 170-179, so queued and distributed calls are in the run too. */
const DEVICES = Array.from({ length: 81 }, (_, i) => String(100 + i));
const GROUPS = { '180': DEVICES.slice(70, 80) };
const PHASE_MS = 2500;

/** Simulated time runs 20× faster: 20 calls per simulated second are 400 a second, ringing 25–100 ms, talking ~100 ms. */
const SPEED = 20;
const TRAFFIC = { meanTalkMs: 2000, ringMs: [500, 2000] as const, maxConcurrentCalls: 36, holdProbability: 0.2, transferProbability: 0.15, conferenceProbability: 0.1 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('long random-traffic run with a restart in the middle', () => {
  it('every event the simulator sent arrives at the client, in order, per cross reference; nothing is left pending', async () => {
    const sim = await startSimulator({ devices: '100-180', seed: 20240611, speed: SPEED, model: { groups: GROUPS } });
    const client = await clientOf(sim, { requestTimeoutMs: 5000 });
    const sent = new Map<string, number[]>();
    const received = new Map<string, number[]>();
    let queued = 0;
    sim.on('eventSent', ({ crossRef, invokeId, event }) => {
      if (event.eventSpecificInfo.value.case === 'queued') queued++;
      const list = sent.get(crossRef) ?? [];
      list.push(invokeId);
      sent.set(crossRef, list);
    });
    const record = (event: CstaEvent): void => {
      const list = received.get(event.crossRefIdentifier) ?? [];
      list.push(event.invokeId);
      received.set(event.crossRefIdentifier, list);
    };
    const unknown: string[] = [];
    client.on('unknownEvent', (e) => unknown.push(`${e.name}@${e.crossRefIdentifier}`));
    for (const device of DEVICES) await client.monitor(device, { event: record });
    const before = new Set(client.monitors.map((m) => m.crossRefIdentifier as string));

    const traffic = sim.startTraffic(20, TRAFFIC);
    await sleep(PHASE_MS);
    const recreated = new Promise<readonly { crossRefIdentifier: string }[]>((resolve) => client.once('monitorsRecreated', (r) => resolve(r.recreated)));
    sim.restart();
    const after = new Set((await recreated).map((r) => r.crossRefIdentifier));
    await sleep(PHASE_MS);
    sim.stopTraffic();

    // Quiesce: everything written has been read (the traffic's calls in progress may go on: compare a snapshot).
    const count = (m: Map<string, number[]>): number => [...m.values()].reduce((n, l) => n + l.length, 0);
    await waitFor(() => count(received) === count(sent), `the client to catch up (${count(received)} of ${count(sent)})`, 5000);
    expect(client.link?.pendingRequests).toBe(0);
    expect([...sim.sessions].map((session) => session.pendingRequests)).toEqual([0]);
    await sim.close(); // no more events from here on
    const sentAfter = [...after].map((ref) => sent.get(ref) ?? []);

    expect(after.size).toBe(DEVICES.length);
    expect([...after].filter((ref) => before.has(ref))).toEqual([]); // fresh cross references after the restart
    for (const ref of new Set([...sent.keys(), ...received.keys()])) {
      expect({ ref, ids: received.get(ref) ?? [] }).toEqual({ ref, ids: sent.get(ref) ?? [] });
    }
    expect(sentAfter.reduce((n, l) => n + l.length, 0)).toBeGreaterThan(1000);
    expect(count(sent)).toBeGreaterThan(2500);
    expect(unknown).toEqual([]);
    expect(traffic.refusals).toEqual([]);
    expect(traffic.stats.started).toBeGreaterThan(100);
    expect(traffic.stats.transferred + traffic.stats.conferenced + traffic.stats.held).toBeGreaterThan(0);
    expect(queued).toBeGreaterThan(0);
  }, 20_000);
});
