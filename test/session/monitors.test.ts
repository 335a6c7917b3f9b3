/**
 * The pieces under Monitor, without sockets: the per-iterator EventQueue (bound, overflow
 * episodes, end, return), the MonitorRegistry (routing, parking behind a pending monitorStart,
 * unknown cross references, re-binding), and Monitor's hold-until-released and listener isolation.
 */
import { describe, expect, it } from '@jest/globals';
import type { EventReport } from '../../src/session/csta-event.js';
import { deviceId } from '../../src/session/device.js';
import { EventQueue } from '../../src/session/event-queue.js';
import { Monitor, type MonitorOwner } from '../../src/session/monitor.js';
import { MonitorRegistry } from '../../src/session/monitors.js';

function report(crossRef: string, invokeId: number): EventReport {
  return {
    name: 'held',
    category: 'callControlEvents',
    crossRefIdentifier: crossRef,
    value: {} as never,
    invokeId,
    receivedAt: new Date(0),
  } as EventReport;
}

function owner(): MonitorOwner & { failures: unknown[]; overflows: number[] } {
  const failures: unknown[] = [];
  const overflows: number[] = [];
  return {
    failures,
    overflows,
    stopMonitor: async () => {},
    listenerFailed: (e) => failures.push(e),
    overflow: (_m, dropped) => overflows.push(dropped),
  };
}

function monitorOf(o: MonitorOwner, device = '100') {
  return Monitor.create(o, { device, deviceId: deviceId(device) });
}

describe('EventQueue', () => {
  it('hands out in order and waits for the next push', async () => {
    const q = new EventQueue<number>();
    q.push(1);
    expect(await q.next()).toEqual({ value: 1, done: false });
    const waiting = q.next();
    q.push(2);
    expect(await waiting).toEqual({ value: 2, done: false });
  });

  it('keeps the newest `capacity` items and reports the first drop of each overflow episode', async () => {
    const drops: number[] = [];
    const q = new EventQueue<number>({ capacity: 3, onOverflow: (n) => drops.push(n) });
    for (let i = 1; i <= 6; i++) q.push(i);
    expect(drops).toEqual([1]);
    expect(q.dropped).toBe(3);
    const out = [await q.next(), await q.next(), await q.next()].map((r) => r.value);
    expect(out).toEqual([4, 5, 6]);
    for (let i = 7; i <= 11; i++) q.push(i); // a new episode after catching up
    expect(drops).toEqual([1, 1]);
    expect(q.size).toBe(3);
  });

  it('end(): buffered items first, then done; return(): done at once', async () => {
    const q = new EventQueue<string>();
    q.push('a');
    q.end();
    q.push('ignored');
    expect(await q.next()).toEqual({ value: 'a', done: false });
    expect(await q.next()).toEqual({ value: undefined, done: true });
    let returned = 0;
    const r = new EventQueue<string>({ onReturn: () => returned++ });
    r.push('x');
    await r.return();
    await r.return();
    expect(await r.next()).toEqual({ value: undefined, done: true });
    expect(returned).toBe(1);
  });

  it('wakes a waiting consumer on end() and stays bounded over many items', async () => {
    const q = new EventQueue<number>({ capacity: 10 });
    const waiting = q.next();
    q.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
    const big = new EventQueue<number>({ capacity: 5000 });
    for (let i = 0; i < 100_000; i++) big.push(i);
    expect(big.size).toBe(5000);
    expect((await big.next()).value).toBe(95_000);
    expect(() => new EventQueue({ capacity: 0 })).toThrow(RangeError);
  });
});

describe('MonitorRegistry', () => {
  it('routes by cross reference and declares the rest unknown', () => {
    const unknown: EventReport[] = [];
    const registry = new MonitorRegistry((r) => unknown.push(r));
    const o = owner();
    const a = monitorOf(o);
    a.release();
    registry.track(a);
    registry.bind(a, '0001');
    a.activate('0001');
    const got: number[] = [];
    a.monitor.on('event', (ev) => got.push(ev.invokeId));
    registry.route(report('0001', 1));
    registry.route(report('0002', 2));
    expect(got).toEqual([1]);
    expect(unknown.map((r) => r.invokeId)).toEqual([2]);
  });

  it('parks unknown events while a monitorStart is pending and routes them, in order, once it is answered', () => {
    const unknown: EventReport[] = [];
    const registry = new MonitorRegistry((r) => unknown.push(r));
    const o = owner();
    const a = monitorOf(o);
    a.release();
    const got: number[] = [];
    a.monitor.on('event', (ev) => got.push(ev.invokeId));
    registry.track(a);
    registry.startBegan();
    registry.startBegan();
    registry.route(report('0007', 1));
    registry.route(report('0009', 2));
    registry.route(report('0007', 3));
    expect(got).toEqual([]);
    registry.bind(a, '0007');
    registry.startEnded(); // one start answered: 0007 known, 0009 still waits for the other
    expect(got).toEqual([1, 3]);
    expect(unknown).toEqual([]);
    registry.startEnded(); // none pending: 0009 is unknown
    expect(unknown.map((r) => r.invokeId)).toEqual([2]);
  });

  it('re-binding drops the old cross reference and returns a displaced holder', () => {
    const registry = new MonitorRegistry(() => {});
    const o = owner();
    const a = monitorOf(o, '100');
    const b = monitorOf(o, '101');
    registry.track(a);
    registry.track(b);
    expect(registry.bind(a, '0001')).toBeUndefined();
    expect(registry.bind(a, '0002')).toBeUndefined();
    expect(registry.byCrossRef('0001')).toBeUndefined();
    expect(registry.bind(b, '0002')).toBe(a);
    expect(registry.byCrossRef('0002')).toBe(b);
    expect(registry.suspendAll()).toEqual([a, b]);
    expect(registry.byCrossRef('0002')).toBeUndefined();
    registry.forget(a);
    expect(registry.monitors).toEqual([b.monitor]);
  });
});

describe('Monitor', () => {
  it('holds events until released, then delivers them before newer ones', () => {
    const o = owner();
    const m = monitorOf(o);
    const got: number[] = [];
    m.monitor.on('event', (ev) => got.push(ev.invokeId));
    m.deliver(report('0001', 1));
    expect(got).toEqual([]);
    m.release();
    m.deliver(report('0001', 2));
    expect(got).toEqual([1, 2]);
  });

  it('isolates a throwing listener and reports it to the owner', () => {
    const o = owner();
    const m = monitorOf(o);
    m.release();
    const got: string[] = [];
    m.monitor.on('held', () => {
      throw new Error('bug');
    });
    m.monitor.on('held', (ev) => got.push(ev.name));
    m.deliver(report('0001', 1));
    expect(got).toEqual(['held']);
    expect(o.failures).toEqual([new Error('bug')]);
  });

  it('ends: iterators finish after their buffer, later deliveries are ignored, recreated is announced', async () => {
    const o = owner();
    const m = monitorOf(o);
    m.release();
    m.activate('0001');
    const recreated: unknown[] = [];
    m.monitor.on('recreated', (info) => recreated.push(info));
    m.suspend();
    expect(m.monitor.state).toBe('recreating');
    m.activate('0005');
    expect(recreated).toEqual([{ previous: '0001', crossRefIdentifier: '0005' }]);
    const it1 = m.monitor[Symbol.asyncIterator]();
    m.deliver(report('0005', 1));
    m.end('lost', new Error('refused'));
    m.deliver(report('0005', 2));
    expect((await it1.next()).value?.invokeId).toBe(1);
    expect((await it1.next()).done).toBe(true);
    expect(m.monitor.state).toBe('lost');
    expect((await m.monitor.events().next()).done).toBe(true);
  });
});
