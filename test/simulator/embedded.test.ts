/**
 * The embedded switch: listens on 127.0.0.1 and a free port, aims its random calls at the devices
 * clients monitor (plus a few partners), makes none while nothing is monitored, closes cleanly;
 * `csta monitor` without --host connects to it (the CLI hook).
 */
import { describe, expect, it } from '@jest/globals';
import { connectClient } from '../../src/cli/monitor.js';
import type { CstaEvent } from '../../src/session/csta-event.js';
import { startEmbeddedSwitch, trafficDevices } from '../../src/simulator/embedded.js';
import { clientOf, onCleanup, simulatorTestGuards, waitFor } from './server-harness.js';

simulatorTestGuards();

/** Short two-party calls only (the generator's hold and consultation pauses are seconds long). */
const FAST = { meanTalkMs: 300, ringMs: [50, 150] as const, holdProbability: 0, transferProbability: 0, conferenceProbability: 0 };

describe('startEmbeddedSwitch', () => {
  it('serves on 127.0.0.1 and aims random calls at the monitored devices', async () => {
    const embedded = await startEmbeddedSwitch({ traffic: 20, seed: 11, trafficSettings: FAST });
    onCleanup(() => embedded.close());
    expect(embedded.host).toBe('127.0.0.1');
    expect(embedded.port).toBeGreaterThan(0);
    const client = await clientOf(embedded.simulator);
    const seen: Record<string, CstaEvent[]> = { '150': [], '151': [] };
    await client.monitor('150', { event: (e) => seen['150'].push(e) });
    await client.monitor('151', { event: (e) => seen['151'].push(e) });
    expect(trafficDevices(embedded.simulator, 3)).toEqual(['100', '101', '102', '150', '151']);
    await waitFor(() => seen['150'].length > 0 && seen['151'].length > 0, 'random calls at 150 and 151', 4000);
    const traffic = embedded.simulator.traffic;
    expect(traffic?.stats.started).toBeGreaterThan(0);
    expect(traffic?.stats.refused).toBe(0);
    // Only the chosen devices take part.
    const busy = embedded.simulator.model.devices.numbers().filter((d) => embedded.simulator.model.connectionsOf(d).length > 0);
    expect(busy.every((d) => ['100', '101', '102', '150', '151'].includes(d))).toBe(true);
  });

  it('makes no calls while nothing is monitored, and stops when the monitors go', async () => {
    const embedded = await startEmbeddedSwitch({ traffic: 50, seed: 2, trafficSettings: FAST });
    onCleanup(() => embedded.close());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(embedded.simulator.traffic).toBeUndefined();
    const client = await clientOf(embedded.simulator);
    const monitor = await client.monitor('120');
    await waitFor(() => (embedded.simulator.traffic?.stats.started ?? 0) > 0, 'traffic once 120 is monitored');
    await monitor.stop();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const started = embedded.simulator.traffic?.stats.started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(embedded.simulator.traffic?.stats.started).toBe(started);
  });

  it('close() ends every client connection and the listener', async () => {
    const embedded = await startEmbeddedSwitch({ traffic: 0 });
    const client = await clientOf(embedded.simulator);
    const port = embedded.port;
    const closed = new Promise((resolve) => client.once('close', resolve));
    await embedded.close();
    await closed;
    expect(embedded.simulator.sessions.size).toBe(0);
    await expect(clientOf({ address: () => ({ port }) })).rejects.toMatchObject({ code: 'connection-refused' });
  });
});

describe('csta monitor without --host', () => {
  it('connects to an embedded switch (the CLI hook)', async () => {
    const { client, embedded } = await connectClient({}, { reconnect: false, deadLinkMs: 0 });
    onCleanup(async () => {
      await client.close();
      await embedded?.close();
    });
    expect(embedded?.host).toBe('127.0.0.1');
    expect(client.connected).toBe(true);
    await expect(client.monitor('100')).resolves.toMatchObject({ device: '100' });
  });
});
