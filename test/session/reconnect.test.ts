/**
 * Recovery (issue item 8): backoff arithmetic; the switch drops the link mid-stream → the client
 * reconnects, starts the monitors again and keeps delivering to the SAME handlers and iterators;
 * `systemStatus enabled` → monitors started again on the same link; requests in flight at the
 * loss fail with link-lost and are never re-sent; closing while reconnecting.
 */
import { describe, expect, it } from '@jest/globals';
import { vector } from '../support/vectors.js';
import type { CstaEvent, UnroutedEvent } from '../../src/session/csta-event.js';
import { CstaError } from '../../src/session/errors.js';
import type { Recreation } from '../../src/session/client.js';
import { backoffDelay, DEFAULT_RECONNECT, reconnectOptions, sleep, type ReconnectAttempt } from '../../src/session/reconnect.js';
import { fromHex } from '../../src/ber/index.js';
import { operations } from '../../generated/operations.js';
import type { SnapshotDeviceData } from '../../generated/csta-status-reporting.js';
import type { MonitorResync } from '../../src/session/monitor.js';
import { connectionId } from '../../src/session/device.js';
import { encodeResult } from '../../src/session/rose.js';
import { frame } from './link-harness.js';
import { clientFor, clientTestGuards, FakeSwitch, take, waitFor } from '../seed/switch-harness.js';

clientTestGuards();

const DELIVERED = vector('Delivered').frame;
const ESTABLISHED = vector('Established').frame;
/** A §8 frame with another 2-byte cross reference (hex). */
const withCrossRef = (frame: string, crossRef: string): string => frame.replace('55020001', `5502${crossRef}`);

describe('backoff', () => {
  it('grows by the factor from initialDelayMs and stops at maxDelayMs', () => {
    const noJitter = { ...DEFAULT_RECONNECT, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffDelay(n, noJitter))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads by ±jitter and never exceeds the cap', () => {
    expect(backoffDelay(1, DEFAULT_RECONNECT, () => 0)).toBe(400);
    expect(backoffDelay(1, DEFAULT_RECONNECT, () => 0.999999)).toBe(600);
    expect(backoffDelay(3, DEFAULT_RECONNECT, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, DEFAULT_RECONNECT, () => 0.999999)).toBe(30000);
  });

  it('checks its options', () => {
    expect(reconnectOptions(false).enabled).toBe(false);
    expect(reconnectOptions({ factor: 3 })).toMatchObject({ enabled: true, factor: 3, initialDelayMs: 500 });
    expect(() => reconnectOptions({ jitter: 2 })).toThrow(RangeError);
    expect(() => reconnectOptions({ initialDelayMs: 100, maxDelayMs: 50 })).toThrow(RangeError);
  });

  it('sleep() ends early, with false, when its signal fires', async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    expect(await slept).toBe(false);
    expect(await sleep(1)).toBe(true);
  });
});

describe('link lost mid-stream', () => {
  it('reconnects, starts the monitors again and keeps the same handlers and iterators', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const log: string[] = [];
    client.on('linkLost', (e) => log.push(`linkLost ${e.reason}`));
    client.on('reconnecting', (r: ReconnectAttempt) => log.push(`reconnecting ${r.attempt}`));
    const reconnected = new Promise<Recreation & { attempt: number }>((resolve) => client.once('reconnected', resolve));
    const handled: CstaEvent[] = [];
    const monitor = await client.monitor('100', { event: (ev) => handled.push(ev) });
    const iterator = monitor[Symbol.asyncIterator]();
    sw.writeRaw(DELIVERED);
    expect((await take(iterator, 1))[0]?.crossRefIdentifier).toBe('0001');

    sw.session.close(); // TCP closed without ACSE, as a switch restart looks
    const info = await reconnected;
    expect(log).toEqual(['linkLost closed', 'reconnecting 1']);
    expect(info.attempt).toBe(1);
    expect(info.recreated).toEqual([{ monitor, device: '100', previous: '0001', crossRefIdentifier: '0002' }]);
    expect(info.lost).toEqual([]);
    expect(monitor.crossRefIdentifier).toBe('0002');
    expect(monitor.state).toBe('active');
    const starts = sw.requests.filter((r) => r.op === 'monitorStart');
    expect(starts.map((r) => r.connection)).toEqual([0, 1]);
    expect(starts[1]?.argument).toEqual(starts[0]?.argument);

    sw.writeRaw(withCrossRef(ESTABLISHED, '0002'));
    const [after] = await take(iterator, 1);
    expect(after).toMatchObject({ name: 'established', crossRefIdentifier: '0002', device: '100' });
    expect(after?.monitor).toBe(monitor);
    expect(handled.map((e) => `${e.name} ${e.crossRefIdentifier}`)).toEqual(['delivered 0001', 'established 0002']);
  });

  it('reconnects after an ABRT from the switch, and after a dead keep-alive', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw, { deadLinkMs: 100, requestTimeoutMs: 100 });
    await client.monitor('100');
    const reasons: string[] = [];
    client.on('linkLost', (e) => reasons.push(e.reason));
    const second = new Promise((resolve) => client.once('reconnected', resolve));
    sw.session.abort();
    await second;
    const third = new Promise((resolve) => client.once('reconnected', resolve));
    sw.session.socket.pause(); // the switch stops reading: the client's probe goes unanswered
    await third;
    expect(reasons).toEqual(['aborted', 'keepalive']);
    expect(sw.count('monitorStart')).toBe(3);
    expect(client.monitors[0]?.crossRefIdentifier).toBe('0003');
  });

  it('fails requests in flight with link-lost and never sends them again', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    await client.monitor('100');
    sw.answer('makeCall', () => new Promise(() => {})); // the switch never answers
    const call = client.makeCall('100', '101');
    await sw.received('makeCall', 1);
    const reconnected = new Promise((resolve) => client.once('reconnected', resolve));
    sw.session.close();
    await expect(call).rejects.toMatchObject({ code: 'link-lost', reason: 'closed' });
    await reconnected;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sw.count('makeCall')).toBe(1);
    // only the client's own bookkeeping: the monitor started again and its snapshot (resync)
    expect(sw.requests.filter((r) => r.connection === 1).map((r) => r.op)).toEqual(['monitorStart', 'snapshotDevice']);
  });

  it('refuses requests while reconnecting, without sending them', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw, { reconnect: { initialDelayMs: 200, maxDelayMs: 200, jitter: 0 } });
    const lost = new Promise((resolve) => client.once('linkLost', resolve));
    sw.session.close();
    await lost;
    expect(client.state).toBe('reconnecting');
    await expect(client.makeCall('100', '101')).rejects.toMatchObject({ code: 'not-connected' });
    await expect(client.monitor('100')).rejects.toMatchObject({ code: 'not-connected' });
    await new Promise((resolve) => client.once('reconnected', resolve));
    expect(sw.count('makeCall')).toBe(0);
    expect(sw.count('monitorStart')).toBe(0);
  });

  it('reports a monitor the switch refuses to start again as monitorLost, and ends it', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const kept = await client.monitor('100');
    const refused = await client.monitor('101');
    const iterator = refused[Symbol.asyncIterator]();
    sw.answer('monitorStart', (argument: { monitorObject: { value: { deviceIdentifier: { value: string } } } }) => {
      if (argument.monitorObject.value.deviceIdentifier.value === '101') {
        throw new CstaError({ operation: 'monitorStart', invokeId: 0, errcode: 1, parameter: { case: 'operation', value: 'invalidDeviceID' } });
      }
      return { crossRefIdentifier: sw.nextCrossRef() };
    });
    const lost: unknown[] = [];
    client.on('monitorLost', (monitor, error) => lost.push([monitor.device, (error as CstaError).value]));
    const reconnected = new Promise<Recreation>((resolve) => client.once('reconnected', resolve));
    sw.session.close();
    const info = await reconnected;
    expect(info.recreated.map((r) => r.device)).toEqual(['100']);
    expect(info.lost.map((r) => r.device)).toEqual(['101']);
    expect(lost).toEqual([['101', 'invalidDeviceID']]);
    expect(refused.state).toBe('lost');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(client.monitors).toEqual([kept]);
  });

  it('closes with the error when reconnecting is off', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw, { reconnect: false });
    const monitor = await client.monitor('100');
    const iterator = monitor[Symbol.asyncIterator]();
    const closed = new Promise<Error | undefined>((resolve) => client.once('close', resolve));
    sw.session.close();
    expect(await closed).toMatchObject({ code: 'link-lost' });
    expect(client.state).toBe('closed');
    expect(monitor.state).toBe('closed');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('gives up after maxAttempts and closes', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw, { reconnect: { initialDelayMs: 5, maxDelayMs: 5, jitter: 0, maxAttempts: 2 } });
    const attempts: ReconnectAttempt[] = [];
    client.on('reconnecting', (r) => attempts.push(r));
    const closed = new Promise<Error | undefined>((resolve) => client.once('close', resolve));
    await sw.server.close(); // stops listening and drops the session
    expect(await closed).toMatchObject({ code: 'connection-refused' });
    expect(attempts.map((a) => [a.attempt, a.delayMs, a.error?.constructor.name])).toEqual([
      [1, 5, undefined],
      [2, 5, 'TransportError'],
    ]);
  });

  it('close() while reconnecting stops the attempts and resolves', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw, { reconnect: { initialDelayMs: 30, maxDelayMs: 30, jitter: 0 } });
    const monitor = await client.monitor('100');
    let attempts = 0;
    client.on('reconnecting', () => attempts++);
    await sw.server.close();
    await waitFor(() => attempts >= 2, 'two reconnect attempts');
    await client.close();
    expect(client.state).toBe('closed');
    expect(monitor.state).toBe('closed');
    const seen = attempts;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(attempts).toBe(seen);
  });
});

describe('systemStatus enabled (the switch restarted)', () => {
  it('starts every monitor again on the same link; old cross references become unknown', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const statuses: string[] = [];
    client.on('systemStatus', (status) => statuses.push(status));
    const a = await client.monitor('100');
    const b = await client.monitor('101');
    const ia = a[Symbol.asyncIterator]();
    const recreated = new Promise<Recreation & { reason: string }>((resolve) => client.once('monitorsRecreated', resolve));
    let linkLost = 0;
    client.on('linkLost', () => linkLost++);
    await sw.session.systemStatus('enabled');
    const info = await recreated;
    expect(info.reason).toBe('systemStatus');
    expect(info.recreated.map((r) => [r.device, r.previous, r.crossRefIdentifier]).sort()).toEqual([
      ['100', '0001', '0003'],
      ['101', '0002', '0004'],
    ].sort());
    expect(statuses).toEqual(['normal', 'enabled']); // the opening one (§2.3), then the restart
    expect(linkLost).toBe(0);
    expect(sw.sessions).toHaveLength(1);
    expect(sw.requests.filter((r) => r.op === 'monitorStart').map((r) => r.connection)).toEqual([0, 0, 0, 0]);
    expect(b.crossRefIdentifier).toBe('0004');

    const unknown = new Promise<UnroutedEvent>((resolve) => client.once('unknownEvent', resolve));
    sw.writeRaw(DELIVERED); // old cross reference 0001
    expect((await unknown).crossRefIdentifier).toBe('0001');
    sw.writeRaw(withCrossRef(ESTABLISHED, a.crossRefIdentifier as string));
    expect((await take(ia, 1))[0]).toMatchObject({ name: 'established', crossRefIdentifier: '0003' });
  });

  it('leaves alone what is still being started when the restart is announced', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    await client.monitor('100');
    let release: (() => void) | undefined;
    sw.answer('monitorStart', () => new Promise((resolve) => (release = () => resolve({ crossRefIdentifier: sw.nextCrossRef() }))));
    const pending = client.monitor('101');
    await sw.received('monitorStart', 2);
    sw.answer('monitorStart', () => ({ crossRefIdentifier: sw.nextCrossRef() }));
    const recreated = new Promise<Recreation>((resolve) => client.once('monitorsRecreated', resolve));
    await sw.session.systemStatus('enabled');
    const info = await recreated;
    release?.();
    const late = await pending;
    expect(info.recreated.map((r) => r.device)).toEqual(['100']);
    expect(sw.count('monitorStart')).toBe(3);
    expect(late.state).toBe('active');
  });
});

describe('resync: a snapshot of each device after its monitor was started again', () => {
  /** What 100 has going on: one call, connected, with 101 alerting. */
  const calls: SnapshotDeviceData = [
    { connectionIdentifier: connectionId('b164', '100'), localCallState: { case: 'compoundCallState', value: ['connected', 'alerting'] } },
  ];
  const describeResync = (r: MonitorResync): string => ('error' in r ? `resync error ${(r.error as { code?: string }).code}` : `resync ${r.calls?.length} call(s)`);

  it('comes as the monitor\'s resync after a reconnect, between the events sent before the snapshot and those sent after it', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const order: string[] = [];
    const monitor = await client.monitor('100', { delivered: () => order.push('delivered'), established: () => order.push('established') });
    let resync: MonitorResync | undefined;
    monitor.on('resync', (r) => {
      resync = r;
      order.push(describeResync(r));
    });
    // the switch answers the snapshot in the same write as two events of the new cross reference,
    // one before the answer and one after it
    sw.answer('snapshotDevice', (_arg, session, invokeId) => {
      session.socket.write(
        Buffer.concat([
          fromHex(withCrossRef(DELIVERED, '0002')),
          frame(encodeResult(invokeId, operations.snapshotDevice, { crossRefIDorSnapshotData: { case: 'snapshotData', value: calls } })),
          fromHex(withCrossRef(ESTABLISHED, '0002')),
        ]),
      );
      return new Promise(() => {}); // (answered above)
    });
    sw.session.close();
    await waitFor(() => order.length === 3, 'the events and the resync');
    expect(order).toEqual(['delivered', 'resync 1 call(s)', 'established']);
    expect(resync).toMatchObject({ calls });
    expect(sw.of('snapshotDevice')).toEqual([{ snapshotObject: monitor.deviceId }]);
  });

  it('comes after a systemStatus enabled too, for each monitor', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const a = await client.monitor('100');
    const b = await client.monitor('101');
    const seen: string[] = [];
    a.on('resync', (r) => seen.push(`100 ${describeResync(r)}`));
    b.on('resync', (r) => seen.push(`101 ${describeResync(r)}`));
    await sw.session.systemStatus('enabled');
    await waitFor(() => seen.length === 2, 'two resyncs');
    expect(seen.sort()).toEqual(['100 resync 0 call(s)', '101 resync 0 call(s)']);
    expect(sw.count('snapshotDevice')).toBe(2);
  });

  it('a snapshot the switch refuses is a resync with the error; the monitor goes on', async () => {
    const sw = await FakeSwitch.start();
    const warnings: string[] = [];
    const client = await clientFor(sw, { logger: { debug: () => {}, info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} } });
    const monitor = await client.monitor('100');
    const seen: MonitorResync[] = [];
    monitor.on('resync', (r) => seen.push(r));
    sw.answer('snapshotDevice', (_argument, _session, invokeId) => {
      throw new CstaError({ operation: 'snapshotDevice', invokeId, errcode: 1, parameter: { case: 'operation', value: 'invalidDeviceID' } });
    });
    sw.session.close();
    await waitFor(() => seen.length === 1, 'the resync');
    expect(seen[0]).toMatchObject({ error: { code: 'return-error', category: 'operation', value: 'invalidDeviceID' } });
    expect(warnings.some((w) => w.startsWith('could not take a snapshot of 100 after starting its monitor again'))).toBe(true);
    expect(monitor.state).toBe('active');
    const next = monitor[Symbol.asyncIterator]();
    sw.writeRaw(withCrossRef(ESTABLISHED, monitor.crossRefIdentifier as string));
    expect((await take(next, 1))[0]).toMatchObject({ name: 'established' });
  });

  it('a snapshot answered after the monitor was stopped is dropped, and no error reaches it for a lost link', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const monitor = await client.monitor('100');
    const seen: MonitorResync[] = [];
    monitor.on('resync', (r) => seen.push(r));
    let answer: ((value: unknown) => void) | undefined;
    sw.answer('snapshotDevice', () => new Promise((resolve) => (answer = resolve)));
    sw.session.close();
    await sw.received('snapshotDevice', 1);
    await monitor.stop();
    answer?.({ crossRefIDorSnapshotData: { case: 'snapshotData', value: calls } });
    // and a second monitor whose snapshot is cut off by the link going down again
    const other = await client.monitor('101');
    other.on('resync', (r) => seen.push(r));
    sw.answer('snapshotDevice', () => new Promise(() => {}));
    const back = new Promise((resolve) => client.once('reconnected', resolve));
    sw.session.close();
    await back;
    await sw.received('snapshotDevice', 2);
    sw.session.close(); // the snapshot in flight fails with link-lost
    await new Promise((resolve) => client.once('reconnected', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
  });

  it('resync: false sends no snapshot', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw, { resync: false });
    const monitor = await client.monitor('100');
    let resyncs = 0;
    monitor.on('resync', () => resyncs++);
    const reconnected = new Promise((resolve) => client.once('reconnected', resolve));
    sw.session.close();
    await reconnected;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([sw.count('snapshotDevice'), resyncs]).toEqual([0, 0]);
  });
});
