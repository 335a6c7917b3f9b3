/**
 * CstaClient against the switch role (CstaServer) on loopback: the §8 event frames reach the right
 * handlers and iterators with the right fields; every one of the 74 event types arrives typed;
 * unknown cross references are reported, not fatal; events right behind a monitorStart result
 * are not lost; filters; stop; close.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decode, encode, fromHex, type Codec } from '../../src/ber/index.js';
import { EventSpecificInfo, type CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { events } from '../../generated/events.js';
import { operations } from '../../generated/operations.js';
import { CstaClient } from '../../src/session/client.js';
import type { CstaEvent, UnroutedEvent } from '../../src/session/csta-event.js';
import { callIdOf, dialingNumberOf } from '../../src/session/device.js';
import { frameBytes, HIPATH_FRAMING } from '../../src/session/framing.js';
import { HIPATH, monitorFilter } from '../../src/session/profile.js';
import { decodeRose, encodeInvoke, encodeResult } from '../../src/session/rose.js';
import { arbitrary } from '../support/arbitrary.js';
import { vector } from '../support/vectors.js';
import { clientFor, clientTestGuards, FakeSwitch, take, waitFor } from '../seed/switch-harness.js';
import * as tls from '../support/tls.js';

clientTestGuards();

const FRAMES = {
  delivered: vector('Delivered').frame,
  established: vector('Established').frame,
  connectionCleared: vector('ConnectionCleared').frame,
  transferred: vector('Transferred').frame,
};

const { TEST_TLS_KEY: KEY, TEST_TLS_CERT: CERT } = tls;

describe('CstaClient: connecting', () => {
  it('speaks TLS when asked, and reconnects over TLS', async () => {
    const sw = await FakeSwitch.start({ tls: { key: KEY, cert: CERT } });
    const client = await clientFor(sw, { tls: { ca: CERT } });
    const monitor = await client.monitor('100');
    const reconnected = new Promise((resolve) => client.once('reconnected', resolve));
    sw.session.close();
    await reconnected;
    sw.writeRaw(FRAMES.delivered.replace('55020001', '55020002'));
    expect((await take(monitor[Symbol.asyncIterator](), 1))[0]?.name).toBe('delivered');
    expect(sw.sessions.map((s) => s.socket.constructor.name)).toEqual(['TLSSocket', 'TLSSocket']);
  });

  it('refuses a switch certificate nobody vouches for', async () => {
    const sw = await FakeSwitch.start({ tls: { key: KEY, cert: CERT } });
    await expect(clientFor(sw, { tls: true })).rejects.toMatchObject({ code: 'tls-failed' });
  });

  it('associates, answers the switch systemStatus, and is connected', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    expect(client.connected).toBe(true);
    expect(client.state).toBe('connected');
    await sw.sessionCount(1);
    expect(sw.session.clientName).toBe('AMHOST');
  });

  it('rejects with association-rejected for a wrong password, and leaves nothing open', async () => {
    const sw = await FakeSwitch.start();
    await expect(clientFor(sw, { password: 'wrong' })).rejects.toMatchObject({ code: 'association-rejected' });
  });

  it('rejects with a TransportError when nothing listens', async () => {
    const sw = await FakeSwitch.start();
    const port = sw.port;
    await sw.server.close();
    await expect(CstaClient.connect({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'connection-refused' });
  });
});

describe('CstaClient: the §8 event frames', () => {
  it('hands Delivered, Established, ConnectionCleared and Transferred to handlers and to the iterator', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const seen: Record<string, CstaEvent[]> = { delivered: [], established: [], connectionCleared: [], transferred: [], all: [] };
    const monitor = await client.monitor('100', {
      delivered: (ev) => seen.delivered?.push(ev),
      established: (ev) => seen.established?.push(ev),
      connectionCleared: (ev) => seen.connectionCleared?.push(ev),
      transferred: (ev) => seen.transferred?.push(ev),
      event: (ev) => seen.all?.push(ev),
    });
    const iterator = monitor[Symbol.asyncIterator]();
    expect(monitor.crossRefIdentifier).toBe('0001');
    for (const frame of Object.values(FRAMES)) sw.writeRaw(frame);
    const iterated = await take(iterator, 4);
    expect(iterated.map((e) => e.name)).toEqual(['delivered', 'established', 'connectionCleared', 'transferred']);
    expect(seen.all).toEqual(iterated);

    const [d] = seen.delivered as CstaEvent<'delivered'>[];
    expect(d).toMatchObject({ name: 'delivered', category: 'callControlEvents', device: '100', crossRefIdentifier: '0001', invokeId: 5, timestamp: '20100925113510' });
    expect(d?.monitor).toBe(monitor);
    expect(d?.receivedAt).toBeInstanceOf(Date);
    expect(callIdOf(d?.value.connection)).toBe('005b');
    expect(dialingNumberOf(d?.value.alertingDevice)).toBe('100');
    expect(dialingNumberOf(d?.value.callingDevice)).toBe('200');
    expect(dialingNumberOf(d?.value.calledDevice)).toBe('100');
    expect(d?.value.lastRedirectionDevice).toEqual({ case: 'notKnown', value: null });
    expect(d?.value.localConnectionInfo).toBe('alerting');
    expect(d?.value.cause).toBe('newCall');

    const [e] = seen.established as CstaEvent<'established'>[];
    expect(e).toMatchObject({ invokeId: 6, value: { localConnectionInfo: 'connected', cause: 'newCall' } });
    expect(dialingNumberOf(e?.value.answeringDevice)).toBe('100');

    const [c] = seen.connectionCleared as CstaEvent<'connectionCleared'>[];
    expect(c).toMatchObject({ invokeId: 7, value: { localConnectionInfo: 'null', cause: 'normalClearing' } });
    expect(dialingNumberOf(c?.value.releasingDevice)).toBe('200');

    const [t] = seen.transferred as CstaEvent<'transferred'>[];
    expect(t?.invokeId).toBe(0x010203);
    expect(callIdOf(t?.value.primaryOldCall)).toBe('b164');
    expect(callIdOf(t?.value.secondaryOldCall)).toBe('b169');
    expect(dialingNumberOf(t?.value.transferredToDevice)).toBe('257');
    expect(dialingNumberOf(t?.value.transferredConnections[0]?.endpoint)).toBe('01711234567');
    expect(t?.value.cause).toBe('transfer');
  });

  it('delivers every one of the 74 event types, typed, by name', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const byName: CstaEvent[] = [];
    const monitor = await client.monitor('100');
    monitor.on('event', (ev) => byName.push(ev));
    const expected: unknown[] = [];
    for (const [i, info] of events.entries()) {
      const [value] = fc.sample(arbitrary(info.codec as Codec<unknown>, { maxDepth: 2, maxItems: 1 }), { numRuns: 1, seed: 1000 + i });
      const esi = { case: info.category, value: { case: info.name, value } } as EventSpecificInfo;
      const canonical = decode(EventSpecificInfo, encode(EventSpecificInfo, esi));
      expected.push((canonical.value as { value: unknown }).value);
      sw.sendEvent('0001', esi);
    }
    await waitFor(() => byName.length === events.length, `${events.length} events (have ${byName.length})`);
    expect(events.length).toBe(74);
    expect(byName.map((e) => [e.category, e.name])).toEqual(events.map((e) => [e.category, e.name]));
    expect(byName.map((e) => e.value)).toEqual(expected);
  });

  it('emits an event under its own name', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const monitor = await client.monitor('100');
    const got = new Promise<CstaEvent<'established'>>((resolve) => monitor.once('established', resolve));
    sw.writeRaw(FRAMES.established);
    expect((await got).invokeId).toBe(6);
  });
});

describe('CstaClient: routing', () => {
  it('reports an event for an unknown cross reference as unknownEvent and goes on', async () => {
    const sw = await FakeSwitch.start();
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const client = await clientFor(sw, { logger });
    const unknown: UnroutedEvent[] = [];
    client.on('unknownEvent', (ev) => unknown.push(ev));
    const monitor = await client.monitor('100');
    const iterator = monitor[Symbol.asyncIterator]();
    sw.writeRaw(FRAMES.delivered.replace('55020001', '55020009'));
    sw.writeRaw(FRAMES.established);
    const [ev] = await take(iterator, 1);
    expect(ev?.name).toBe('established');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ name: 'delivered', crossRefIdentifier: '0009', invokeId: 5 });
    expect(warnings.some((w) => w.includes('0009'))).toBe(true);
    expect(client.connected).toBe(true);
  });

  it('does not lose events the switch sends right behind the monitorStart result', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    sw.answer('monitorStart', (_argument, session, invokeId) => {
      const result = encodeResult(invokeId, operations.monitorStart, { crossRefIdentifier: Uint8Array.of(0, 7) });
      const delivered = decodeRose(fromHex(vector('Delivered').frame).subarray(3)) as { argument?: CSTAEventReportArgument };
      const eventSpecificInfo = delivered.argument?.eventSpecificInfo as EventSpecificInfo;
      const event = encodeInvoke(40, operations.cSTAEventReport, { crossRefIdentifier: Uint8Array.of(0, 7), eventSpecificInfo });
      session.socket.write(Buffer.concat([frameBytes(HIPATH_FRAMING, result), frameBytes(HIPATH_FRAMING, event)]));
      return new Promise(() => {}); // answered above, in the same write
    });
    const unknown: UnroutedEvent[] = [];
    client.on('unknownEvent', (ev) => unknown.push(ev));
    const handled: CstaEvent[] = [];
    const monitor = await client.monitor('100', { delivered: (ev) => handled.push(ev) });
    const listened: CstaEvent[] = [];
    monitor.on('event', (ev) => listened.push(ev));
    const [ev] = await take(monitor[Symbol.asyncIterator](), 1);
    expect(ev).toMatchObject({ name: 'delivered', crossRefIdentifier: '0007', invokeId: 40 });
    expect(handled).toHaveLength(1);
    expect(listened).toHaveLength(1);
    expect(unknown).toEqual([]);
  });

  it('routes events of several monitors to their own monitor only', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const a = await client.monitor('100');
    const b = await client.monitor('101');
    const ia = a[Symbol.asyncIterator]();
    const ib = b[Symbol.asyncIterator]();
    sw.writeRaw(FRAMES.delivered.replace('55020001', '55020002'));
    sw.writeRaw(FRAMES.established);
    expect((await take(ib, 1))[0]).toMatchObject({ name: 'delivered', device: '101', crossRefIdentifier: '0002' });
    expect((await take(ia, 1))[0]).toMatchObject({ name: 'established', device: '100', crossRefIdentifier: '0001' });
    expect(client.monitors).toEqual([a, b]);
  });
});

describe('CstaClient: monitorStart arguments', () => {
  it('sends the profile filter (HiPath: complete, fixed widths, all zero) unless given one', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    await client.monitor('100');
    const filter = monitorFilter({ callControl: ['held', 'retrieved'] });
    await client.monitor({ deviceIdentifier: { case: 'deviceNumber', value: 4711 } }, undefined, { filter });
    await client.monitor('102', undefined, { filter: null });
    const [first, second, third] = sw.of('monitorStart');
    expect(first?.monitorObject).toEqual({ case: 'deviceObject', value: { deviceIdentifier: { case: 'dialingNumber', value: '100' } } });
    expect(first?.requestedMonitorFilter).toEqual(HIPATH.defaultMonitorFilter);
    const widths = Object.values(first?.requestedMonitorFilter ?? {}).map((b) => (b as { length: number }).length);
    expect(widths).toEqual([18, 5, 2, 11, 14, 3, 7, 1]);
    expect(second?.requestedMonitorFilter).toEqual(filter);
    expect(second?.monitorObject).toEqual({ case: 'deviceObject', value: { deviceIdentifier: { case: 'deviceNumber', value: 4711 } } });
    expect(third?.requestedMonitorFilter).toBeUndefined();
    expect(client.monitors.map((m) => m.device)).toEqual(['100', '4711', '102']);
  });

  it('rejects monitor() with the CstaError the switch returns', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const { CstaError } = await import('../../src/session/errors.js');
    sw.answer('monitorStart', () => {
      throw new CstaError({ operation: 'monitorStart', invokeId: 0, errcode: 1, parameter: { case: 'operation', value: 'invalidDeviceID' } });
    });
    await expect(client.monitor('999')).rejects.toMatchObject({ code: 'return-error', category: 'operation', value: 'invalidDeviceID' });
    expect(client.monitors).toEqual([]);
  });
});

describe('CstaClient: stop, overflow, listener errors, close', () => {
  it('stop() sends monitorStop with the cross reference and ends iteration; later events are unknown', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const monitor = await client.monitor('100');
    const iterator = monitor[Symbol.asyncIterator]();
    sw.writeRaw(FRAMES.delivered);
    await take(iterator, 1);
    const ended = new Promise((resolve) => monitor.once('ended', resolve));
    await monitor.stop();
    expect(sw.of('monitorStop')).toEqual([{ crossRefIdentifier: Uint8Array.of(0, 1) }]);
    expect(await ended).toEqual({ reason: 'stopped' });
    expect(monitor.state).toBe('stopped');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    const unknown = new Promise<UnroutedEvent>((resolve) => client.once('unknownEvent', resolve));
    sw.writeRaw(FRAMES.established);
    expect((await unknown).crossRefIdentifier).toBe('0001');
    expect(client.monitors).toEqual([]);
  });

  it('drops the oldest events of a slow iterator beyond its buffer and says so', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const monitor = await client.monitor('100');
    const overflows: unknown[] = [];
    monitor.on('overflow', (info) => overflows.push(info));
    const iterator = monitor.events({ bufferSize: 2 });
    let n = 0;
    monitor.on('event', () => n++);
    for (const frame of Object.values(FRAMES)) sw.writeRaw(frame);
    await waitFor(() => n === 4, '4 events');
    expect(overflows).toEqual([{ dropped: 1, capacity: 2 }]);
    expect((await take(iterator, 2)).map((e) => e.name)).toEqual(['connectionCleared', 'transferred']);
  });

  it('keeps calling the other listeners when one throws, and reports it as client error', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    const got: string[] = [];
    const monitor = await client.monitor('100', {
      delivered: () => {
        throw new Error('handler bug');
      },
    });
    monitor.on('delivered', (ev) => got.push(ev.name));
    sw.writeRaw(FRAMES.delivered);
    sw.writeRaw(FRAMES.established);
    const iterated = await take(monitor[Symbol.asyncIterator](), 2);
    expect(iterated.map((e) => e.name)).toEqual(['delivered', 'established']);
    expect(got).toEqual(['delivered']);
    expect(errors).toEqual([new Error('handler bug')]);
  });

  it('reports a rejecting async handler as client error, not as an unhandled rejection', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    await client.monitor('100', {
      delivered: async () => {
        throw new Error('async handler bug');
      },
    });
    sw.writeRaw(FRAMES.delivered);
    await waitFor(() => errors.length === 1, 'the handler error');
    expect(errors).toEqual([new Error('async handler bug')]);
  });

  it('reports a rejecting async listener of a client event as client error, not as an unhandled rejection', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    client.on('unknownEvent', async () => {
      throw new Error('async listener bug');
    });
    sw.writeRaw(FRAMES.delivered.replace('55020001', '55020099')); // a crossRef no monitor has
    await waitFor(() => errors.length === 1, 'the listener error');
    expect(errors).toEqual([new Error('async listener bug')]);
  });

  it('close() stops the monitors, releases, ends iteration and refuses requests afterwards', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const monitor = await client.monitor('100');
    const iterator = monitor[Symbol.asyncIterator]();
    const session = await sw.sessionCount(1);
    const sessionClosed = new Promise<{ reason: string }>((resolve) => session.once('close', resolve));
    let closed = 0;
    client.on('close', () => closed++);
    await client.close();
    expect(sw.of('monitorStop')).toEqual([{ crossRefIdentifier: Uint8Array.of(0, 1) }]);
    expect((await sessionClosed).reason).toBe('released');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(monitor.state).toBe('closed');
    expect(closed).toBe(1);
    expect(client.state).toBe('closed');
    await client.close();
    await expect(client.makeCall('100', '101')).rejects.toMatchObject({ code: 'not-connected' });
    expect(sw.count('makeCall')).toBe(0);
  });

  it('close({ abort: true }) sends ABRT without monitorStop', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    await client.monitor('100');
    const session = await sw.sessionCount(1);
    const sessionClosed = new Promise<{ reason: string }>((resolve) => session.once('close', resolve));
    await client.close({ abort: true });
    expect((await sessionClosed).reason).toBe('aborted');
    expect(sw.count('monitorStop')).toBe(0);
  });
});

describe('CLIENT.md', () => {
  it('the CstaClient example runs as written', async () => {
    const sw = await FakeSwitch.start();
    const client = await clientFor(sw);
    const ringing: (string | undefined)[] = [];
    const phone = await client.monitor('100', {
      delivered: (ev) => ringing.push(dialingNumberOf(ev.value.callingDevice)),
    });
    sw.writeRaw(FRAMES.delivered);
    sw.writeRaw(FRAMES.established);
    for await (const ev of phone) {
      if (ev.name === 'established') {
        await client.holdCall(ev.value.establishedConnection);
        break;
      }
    }
    const { callingDevice } = await client.makeCall('100', '101');
    await client.invoke('setDoNotDisturb', { device: { deviceIdentifier: { case: 'dialingNumber', value: '100' } }, doNotDisturbOn: true });
    await client.close();
    expect(ringing).toEqual(['200']);
    expect(callIdOf(callingDevice)).toBe('005b');
    expect(sw.requests.map((r) => r.op)).toEqual(['monitorStart', 'holdCall', 'makeCall', 'setDoNotDisturb', 'monitorStop']);
    expect(sw.of('holdCall')[0]?.callToBeHeld).toEqual({ case: 'both', value: { callID: Uint8Array.of(0, 0x5b), deviceID: { case: 'staticID', value: { deviceIdentifier: { case: 'dialingNumber', value: '100' } } } } });
  });
});
