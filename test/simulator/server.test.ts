/**
 * SwitchSimulator on loopback, driven by the real CstaClient: services end to end with their
 * events at every monitor, the ReturnResult on the wire before the events it causes, refusals as
 * ReturnErrors with the model's UniversalFailure, unmodelled operations answered with
 * serviceNotSupported, monitors owned by their link, restart → systemStatus enabled and monitors
 * re-created, periodic systemStatus.
 */
import { describe, expect, it } from '@jest/globals';
import type { CstaClient } from '../../src/session/client.js';
import type { CstaEvent } from '../../src/session/csta-event.js';
import { callIdOf, crossRefBytes, deviceId, dialingNumberOf } from '../../src/session/device.js';
import type { CstaError } from '../../src/session/errors.js';
import type { Monitor } from '../../src/session/monitor.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { clientOf, simulatorTestGuards, startSimulator, waitFor, wireLog } from './server-harness.js';

simulatorTestGuards();

/** Monitors each device; returns the events per device, as `name state` strings, and the monitors. */
async function watch(client: CstaClient, devices: string[]): Promise<{ seen: Record<string, string[]>; events: CstaEvent[]; monitors: Monitor[] }> {
  const seen: Record<string, string[]> = {};
  const events: CstaEvent[] = [];
  const monitors: Monitor[] = [];
  for (const device of devices) {
    seen[device] = [];
    monitors.push(
      await client.monitor(device, {
        event: (e) => {
          events.push(e);
          const state = (e.value as { localConnectionInfo?: string }).localConnectionInfo;
          seen[device].push(state === undefined ? e.name : `${e.name} ${state}`);
        },
      }),
    );
  }
  return { seen, events, monitors };
}

const total = (seen: Record<string, string[]>): number => Object.values(seen).reduce((n, list) => n + list.length, 0);

describe('SwitchSimulator: call control end to end', () => {
  it('makeCall: the result names the caller connection; both monitors get their events, result first on the wire', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const { seen, events } = await watch(client, ['100', '101']);
    const wire = wireLog(client);
    const result = await client.makeCall('100', '101');
    expect(dialingNumberOf(result.callingDevice)).toBe('100');
    await waitFor(() => total(seen) === 4, 'the makeCall events');
    expect(seen).toEqual({
      '100': ['serviceInitiated initiated', 'originated connected', 'delivered connected'],
      '101': ['delivered alerting'],
    });
    const delivered = events.find((e) => e.device === '101' && e.name === 'delivered') as CstaEvent<'delivered'>;
    expect(dialingNumberOf(delivered.value.callingDevice)).toBe('100');
    expect(callIdOf(delivered.value.connection)).toBe(callIdOf(result.callingDevice));
    expect(delivered.timestamp).toMatch(/^\d{14}$/);
    expect(wire.filter((w) => w !== 'result monitorStart')).toEqual([
      'result makeCall',
      'event serviceInitiated',
      'event originated',
      'event delivered',
      'event delivered',
    ]);
  });

  it('answerCall, consultationCall, transferCall: each result before its events; Transferred at all three', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const { seen } = await watch(client, ['100', '101', '102']);
    const callId = callIdOf((await client.makeCall('100', '101')).callingDevice) as string;
    await client.answerCall({ callId, device: '101' });
    await waitFor(() => seen['101'].includes('established connected'), 'Established at 101');
    const consultation = callIdOf((await client.consultationCall({ callId, device: '101' }, '102')).initiatedCall) as string;
    await client.answerCall({ callId: consultation, device: '102' });
    await waitFor(() => seen['102'].includes('established connected') && seen['101'].filter((s) => s.startsWith('established')).length === 2, 'Established at 101 and 102');
    const wire = wireLog(client);
    await client.transferCall({ callId, device: '101' }, { callId: consultation, device: '101' });
    await waitFor(() => wire.length === 4, 'the transfer result and events');
    expect(wire).toEqual(['result transferCall', 'event transferred', 'event transferred', 'event transferred']);
    expect(seen['100'].at(-1)).toBe('transferred connected');
    expect(seen['101'].at(-1)).toBe('transferred null');
    expect(seen['102'].at(-1)).toBe('transferred connected');
    // 100 and 102 are now in the held call; 100 hangs up and the call ends for both.
    await client.clearConnection({ callId, device: '100' });
    await waitFor(() => seen['102'].at(-1) === 'callCleared', 'CallCleared at 102');
    expect(sim.model.calls.isBusy('102')).toBe(false);
  });

  it('a refused service is a ReturnError with the model failure, and changes nothing', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const failed = (await client.makeCall('100', '999').catch((e: unknown) => e)) as CstaError;
    expect(failed).toMatchObject({ code: 'return-error', operation: 'makeCall', category: 'operation', value: 'invalidDestination' });
    expect(failed.failure).toEqual({ case: 'operation', value: 'invalidDestination' });
    await expect(client.answerCall({ callId: '0999', device: '100' })).rejects.toMatchObject({ code: 'return-error', category: 'operation' });
    expect(sim.model.calls.isBusy('100')).toBe(false);
  });

  it('an operation the model does not implement gets ReturnError operation/serviceNotSupported', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const services: string[] = [];
    sim.on('service', (r) => services.push(r.operation));
    await expect(client.invoke('getAutoAnswer', { device: deviceId('100') })).rejects.toMatchObject({
      code: 'return-error',
      category: 'operation',
      value: 'serviceNotSupported',
    });
    expect(services).toEqual([]);
    // the association is still fine
    await expect(client.snapshotDevice('100')).resolves.toMatchObject({ crossRefIDorSnapshotData: { case: 'snapshotData', value: [] } });
  });

  it('forwarding on no answer set by a client diverts a call that rang out, on the simulator\'s timers', async () => {
    const sim = await startSimulator({ model: { noAnswerMs: 200 } });
    const client = await clientOf(sim);
    const { seen } = await watch(client, ['100', '101', '102']);
    await client.setForwarding('101', 'forwardNoAns', '102', true);
    const started = Date.now();
    await client.makeCall('100', '101');
    await waitFor(() => seen['102'].includes('delivered alerting'), 'Delivered at 102 after the ring timer');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(seen['101']).toEqual(['forwarding', 'delivered alerting', 'diverted null']);
    expect(seen['100'].slice(-2)).toEqual(['diverted connected', 'delivered connected']);
  });
});

describe('SwitchSimulator: monitors belong to their link', () => {
  it('monitorStop of another link’s crossRef is refused; a closed link’s monitors are stopped', async () => {
    const sim = await startSimulator();
    const a = await clientOf(sim);
    const b = await clientOf(sim);
    const mine = await a.monitor('100');
    await expect(b.invoke('monitorStop', { crossRefIdentifier: crossRefBytes(mine.crossRefIdentifier as string) })).rejects.toMatchObject({
      code: 'return-error',
      value: 'invalidMonitorCrossRefID',
    });
    await b.monitor('100');
    expect(sim.model.monitors.size).toBe(2);
    const gone = new Promise((resolve) => sim.once('sessionClosed', (_s, info) => resolve(info)));
    await a.close({ abort: true });
    expect(await gone).toEqual({ reason: 'aborted', monitorsStopped: 1 });
    expect(sim.model.monitors.all().map((m) => m.device)).toEqual(['100']);
  });

  it('sends no event under a crossRef after the ReturnResult of its monitorStop', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const [monitor] = (await watch(client, ['100'])).monitors;
    const crossRef = monitor.crossRefIdentifier as string;
    const wire: string[] = [];
    sim.on('monitorStopped', () => wire.push('monitorStop answered'));
    sim.on('eventSent', (sent) => void (sent.crossRef === crossRef && wire.push(sent.event.eventSpecificInfo.value.case)));
    // Written in one turn, so the switch reads both before it writes the events makeCall caused.
    const link = client.link!;
    const call = link.invoke('makeCall', { callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    const stop = link.invoke('monitorStop', { crossRefIdentifier: crossRefBytes(crossRef) });
    await Promise.all([call, stop]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(wire.slice(wire.indexOf('monitorStop answered'))).toEqual(['monitorStop answered']);
  });

  it('events go only to the link that owns the monitor', async () => {
    const sim = await startSimulator();
    const a = await clientOf(sim);
    const b = await clientOf(sim);
    const seenA = await watch(a, ['100']);
    const seenB = await watch(b, ['101']);
    let unknown = 0;
    a.on('unknownEvent', () => unknown++);
    b.on('unknownEvent', () => unknown++);
    await a.makeCall('100', '101');
    await waitFor(() => total(seenA.seen) === 3 && total(seenB.seen) === 1, 'the events at both links');
    expect(unknown).toBe(0);
  });
});

describe('SwitchSimulator: restart and system status', () => {
  it('restart(): every client gets systemStatus enabled, re-creates its monitors, and events flow again', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const { seen, monitors } = await watch(client, ['100', '101']);
    const before = monitors.map((m) => m.crossRefIdentifier);
    const statuses: string[] = [];
    client.on('systemStatus', (status) => statuses.push(status));
    const recreated = new Promise<{ recreated: readonly { device: string }[] }>((resolve) => client.once('monitorsRecreated', resolve));
    sim.restart();
    expect(sim.model.monitors.size).toBe(0);
    expect((await recreated).recreated.map((r) => r.device).sort()).toEqual(['100', '101']);
    expect(statuses).toEqual(['enabled']);
    expect(sim.model.monitors.size).toBe(2);
    const after = monitors.map((m) => m.crossRefIdentifier);
    expect(after).not.toEqual(before);
    await client.makeCall('100', '101');
    await waitFor(() => total(seen) === 4, 'events under the new cross references');
  });

  it('after the restart each monitor gets a resync: the call still going on, as the switch has it', async () => {
    const sim = await startSimulator();
    const client = await clientOf(sim);
    const { monitors } = await watch(client, ['100', '101', '102']);
    const resyncs: string[] = [];
    for (const m of monitors) {
      m.on('resync', (r) => {
        if ('error' in r) return void resyncs.push(`${m.device} error ${r.error.message}`);
        const calls = r.calls ?? [];
        if (calls.length === 0) resyncs.push(`${m.device} no calls`);
        for (const { connectionIdentifier, localCallState: state } of calls) {
          resyncs.push(`${m.device} ${callIdOf(connectionIdentifier)} ${state.case === 'compoundCallState' ? state.value.join('/') : state.case}`);
        }
      });
    }
    const { callingDevice } = await client.makeCall('100', '101');
    await client.answerCall({ callId: callIdOf(callingDevice) as string, device: '101' });
    sim.restart(); // calls go on; every monitor is gone
    await waitFor(() => resyncs.length === 3, 'a resync per monitor');
    const call = callIdOf(callingDevice);
    expect(resyncs.sort()).toEqual([`100 ${call} connected/connected`, `101 ${call} connected/connected`, '102 no calls']);
  });

  it('sends systemStatus normal periodically when configured', async () => {
    const sim = await startSimulator({ systemStatusIntervalMs: 40 });
    const client = await clientOf(sim);
    const statuses: string[] = [];
    client.on('systemStatus', (status) => statuses.push(status));
    await waitFor(() => statuses.length >= 3, 'three periodic systemStatus', 2000);
    expect(new Set(statuses)).toEqual(new Set(['normal']));
  });

  it('refuses a client with the wrong password (association-rejected)', async () => {
    const sim = await startSimulator({ credentials: { name: 'APP', password: 'secret' } });
    await expect(clientOf(sim)).rejects.toMatchObject({ code: 'association-rejected' });
    await expect(clientOf(sim, { user: 'APP', password: 'secret' })).resolves.toMatchObject({ connected: true });
  });
});

describe('SwitchSimulator: scenario and traffic', () => {
  it('runs the scenario once the first client has associated; its events reach the client', async () => {
    const scenario = parseScenario('- makeCall: { from: "100", to: "101" }\n- wait: 20\n- answer: "101"\n- hangUp: "100"\n', 'yaml', 'story.yaml');
    const sim = await startSimulator({ scenario, scenarioDelayMs: 150 });
    const done = new Promise((resolve) => sim.once('scenarioDone', resolve));
    const client = await clientOf(sim);
    const { seen } = await watch(client, ['101']);
    await done;
    await waitFor(() => seen['101'].at(-1) === 'callCleared', 'the scenario call to end at 101');
    expect(seen['101']).toEqual(['delivered alerting', 'established connected', 'connectionCleared connected', 'connectionCleared null', 'callCleared']);
  });

  it('random traffic on real timers: calls come and go, close() cancels what is left', async () => {
    const sim = await startSimulator({ devices: '100-109', traffic: 50, speed: 10, trafficSettings: { meanTalkMs: 500, ringMs: [100, 300] } });
    const client = await clientOf(sim);
    const { seen } = await watch(client, ['100', '101', '102', '103', '104', '105', '106', '107', '108', '109']);
    await waitFor(() => (sim.traffic?.stats.answered ?? 0) >= 3 && Object.values(seen).flat().includes('callCleared'), 'answered and cleared calls', 5000);
    expect(sim.traffic?.stats.refused).toBe(0);
    await sim.close();
    const stats = JSON.stringify(sim.traffic?.stats);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(JSON.stringify(sim.traffic?.stats)).toBe(stats); // no call script runs after close
  });
});

