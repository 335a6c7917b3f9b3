/**
 * The random traffic generator on simulated time: bounded, deterministic for a seed, and leaving a
 * consistent model (every call ends, every event names a call that was started).
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { encode } from '../../src/ber/index.js';
import { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { hexOf } from '../../src/simulator/ids.js';
import { SwitchModel } from '../../src/simulator/model.js';
import { VirtualScheduler, type Scheduler } from '../../src/simulator/scheduler.js';
import { TrafficGenerator, type TrafficOptions } from '../../src/simulator/traffic.js';
import { deviceId } from '../../src/simulator/values.js';
import { EventLog, T0, monitor } from './support.js';

/** Every ConnectionID (`both` form) anywhere in a value, as [callID hex, device]. */
function connections(v: unknown, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(v)) v.forEach((x) => connections(x, out));
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const o = v as Record<string, unknown>;
    if (o.case === 'both' && typeof o.value === 'object' && o.value !== null && 'callID' in o.value) {
      const both = o.value as { callID: Uint8Array; deviceID: { value: { deviceIdentifier: { value: string } } } };
      out.push([hexOf(both.callID), both.deviceID.value.deviceIdentifier.value]);
    } else Object.values(o).forEach((x) => connections(x, out));
  }
  return out;
}

/** What else the switch does in a run: its settings before the traffic starts, a restart during it. */
interface Setting {
  /** Forward calls that ring this long unanswered (the model's ring timers). */
  noAnswerMs?: number;
  /** Forwarding and do-not-disturb, set through the model's services before the traffic starts. */
  before?: (model: SwitchModel) => void;
  /** A switch restart this far into the run (monitors are started again at once). */
  restart?: { atMs: number; dropCalls: boolean };
}

function run(options: TrafficOptions, seconds: number, devices = '100-119', groups?: Record<string, string[]>, setting: Setting = {}) {
  const scheduler = new VirtualScheduler(T0);
  const model = new SwitchModel({
    devices,
    clock: () => scheduler.now(),
    utcOffsetMinutes: 0,
    ...(groups && { groups }),
    ...(setting.noAnswerMs !== undefined && { scheduler, noAnswerMs: setting.noAnswerMs }),
  });
  const log = new EventLog(model);
  monitor(model, model.devices.numbers());
  setting.before?.(model);
  const traffic = new TrafficGenerator(model, scheduler, options);
  const started = new Set<string>();
  const problems: string[] = [];
  const digest = createHash('sha256');
  let peakCalls = 0;
  let peakInProgress = 0;
  model.onEvent((event) => {
    digest.update(encode(CSTAEventReportArgument, event));
    const info = event.eventSpecificInfo.value;
    if (info.case === 'serviceInitiated') started.add(connections(info.value)[0][0]);
    for (const [callID, device] of connections(info.value)) {
      if (!started.has(callID)) problems.push(`${info.case} names call ${callID}, which no ServiceInitiated started`);
      if (!model.devices.has(device)) problems.push(`${info.case} names unknown device ${device}`);
    }
    for (const d of model.devices.numbers()) {
      const active = model.connectionsOf(d).filter((c) => c.connection.state !== 'hold' && c.connection.state !== 'queued'); // a hunt group queues many
      if (active.length > 1) problems.push(`${d} has ${active.length} connections that are not on hold`);
    }
    for (const call of model.calls.all()) if (call.connections.size === 0) problems.push(`call ${hexOf(call.callID)} has no connection`);
    peakCalls = Math.max(peakCalls, model.calls.size);
    peakInProgress = Math.max(peakInProgress, traffic.callsInProgress);
  });
  traffic.start();
  const restart = setting.restart;
  if (restart !== undefined) {
    scheduler.advance(restart.atMs);
    model.restart({ dropCalls: restart.dropCalls });
    monitor(model, model.devices.numbers());
  }
  scheduler.advance(seconds * 1000 - (restart?.atMs ?? 0));
  traffic.stop();
  scheduler.runUntilIdle();
  return { model, log, traffic, scheduler, problems, peakCalls, peakInProgress, digest: digest.digest('hex') };
}

describe('TrafficGenerator', () => {
  const options: TrafficOptions = { callsPerSecond: 0.5, seed: 7, maxConcurrentCalls: 6, meanTalkMs: 20_000 };

  it('runs ten simulated minutes with every service succeeding and every call ending', () => {
    const r = run(options, 600);
    expect(r.traffic.refusals).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.model.calls.size).toBe(0);
    expect(r.model.devices.numbers().filter((d) => r.model.connectionsOf(d).length > 0)).toEqual([]);
    expect(r.traffic.callsInProgress).toBe(0);
    expect(r.scheduler.pending).toBe(0);
    const s = r.traffic.stats;
    expect(s.started).toBeGreaterThan(100);
    for (const k of ['answered', 'failed', 'abandoned', 'held', 'transferred', 'conferenced', 'dropped'] as const) expect([k, s[k] > 0]).toEqual([k, true]);
    expect(r.peakInProgress).toBeLessThanOrEqual(6);
    expect(r.peakCalls).toBeLessThanOrEqual(12);
    expect(r.log.encoded).toBe(r.log.records.length);
  });

  it('is deterministic for a seed', () => {
    const a = run(options, 120);
    const b = run(options, 120);
    const c = run({ ...options, seed: 8 }, 120);
    expect(a.log.records.length).toBeGreaterThan(100);
    expect(b.digest).toBe(a.digest);
    expect(b.traffic.stats).toEqual(a.traffic.stats);
    expect(c.digest).not.toBe(a.digest);
  });

  it('counts why each dropped arrival started no call', () => {
    const limited = run(options, 600);
    expect(limited.traffic.stats.droppedAtLimit).toBeGreaterThan(0);
    expect(limited.traffic.stats.droppedAtLimit + limited.traffic.stats.droppedNoPhones).toBe(limited.traffic.stats.dropped);
    // Four phones and room for ten calls: only a lack of idle phones can drop an arrival.
    const few = run({ callsPerSecond: 1, seed: 3, maxConcurrentCalls: 10 }, 300, '100-103');
    expect(few.traffic.stats.droppedNoPhones).toBeGreaterThan(0);
    expect(few.traffic.stats.droppedAtLimit).toBe(0);
    expect(few.problems).toEqual([]);
  });

  it('by default starts the calls asked for while phones are idle: the limit is half the phones', () => {
    // 100 phones, 2 calls/s of 30 s: about 40 calls in progress. A fixed default limit of 10 calls
    // dropped 9 arrivals in 10 (`csta sim --traffic 2` made 0.3 calls/s).
    const r = run({ callsPerSecond: 2, seed: 5 }, 300, '100-199');
    expect(r.traffic.settings.maxConcurrentCalls).toBe(50);
    const arrivals = r.traffic.stats.started + r.traffic.stats.dropped;
    expect(arrivals).toBeGreaterThan(500);
    expect(r.traffic.stats.started / arrivals).toBeGreaterThan(0.98);
    expect(r.peakInProgress).toBeGreaterThan(20);
    expect(r.traffic.refusals).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.model.calls.size).toBe(0);
  });

  it('keeps its rate when every timer fires late: arrivals lie on one timeline', () => {
    // Each task runs 2 ms after it was due, as host timers do under load; the clock tells the truth.
    const inner = new VirtualScheduler(T0);
    const late: Scheduler = {
      now: () => inner.now(),
      clock: () => inner.now(),
      schedule: (delayMs, task) => inner.schedule(delayMs + 2, task),
    };
    const model = new SwitchModel({ devices: '1000-2999', clock: () => inner.now(), utcOffsetMinutes: 0 });
    const traffic = new TrafficGenerator(model, late, { callsPerSecond: 200, seed: 9, meanTalkMs: 2000 });
    traffic.start();
    inner.advance(60_000);
    traffic.stop();
    const arrivals = traffic.stats.started + traffic.stats.dropped;
    // 12,000 expected (Poisson: ±110 is one standard deviation); a timer per gap, each 2 ms late, gave ~8,600.
    expect(arrivals).toBeGreaterThan(11_500);
    expect(arrivals).toBeLessThan(12_500);
  });

  it('runs among hunt groups too: calls to a group are queued and distributed, a group never calls', () => {
    const r = run({ ...options, maxConcurrentCalls: 8 }, 600, '100-119,300', { '300': ['110', '111', '112'] });
    expect(r.traffic.refusals).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.model.calls.size).toBe(0);
    const names = r.log.records.map((x) => x.event.eventSpecificInfo.value.case);
    expect(names).toContain('queued');
    expect(r.log.records.some((x) => x.event.eventSpecificInfo.value.case === 'diverted' && (x.event.eventSpecificInfo.value.value as { cause?: string }).cause === 'distributed')).toBe(true);
  });

  it('has every service accepted whatever the switch does: forwarding, do-not-disturb, hunt groups, restarts', () => {
    // Found this way: a call forwarded on no answer was answered at the phone it had left, a
    // phone with a call on hold rung by a forwarded call could not retrieve it, and after a
    // restart that dropped the calls every script's next step named a call the switch had forgotten.
    const forwardings = ['forwardImmediate', 'forwardBusy', 'forwardNoAns', 'forwardDND'] as const;
    const phone = fc.integer({ min: 0, max: 9 });
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e9 }),
          phones: fc.integer({ min: 3, max: 10 }),
          group: fc.boolean(),
          forwards: fc.array(fc.tuple(phone, fc.constantFrom(...forwardings), phone), { maxLength: 4 }),
          dnd: fc.array(phone, { maxLength: 2 }),
          callsPerSecond: fc.integer({ min: 1, max: 5 }),
          probability: fc.double({ min: 0, max: 0.5, noNaN: true }),
          noAnswerMs: fc.option(fc.integer({ min: 300, max: 9000 }), { nil: undefined }),
          restart: fc.option(fc.record({ atMs: fc.integer({ min: 1000, max: 59_000 }), dropCalls: fc.boolean() }), { nil: undefined }),
        }),
        (c) => {
          const phones = Array.from({ length: c.phones }, (_, i) => String(100 + i));
          const groups = c.group ? { '300': phones.slice(0, Math.ceil(c.phones / 2)) } : undefined;
          const before = (model: SwitchModel): void => {
            for (const [from, forwardingType, to] of c.forwards) {
              if (from < c.phones && to < c.phones && from !== to) {
                model.setForwarding({ device: deviceId(phones[from]!), forwardingType, activateForward: true, forwardDN: deviceId(phones[to]!) });
              }
            }
            for (const d of c.dnd) if (d < c.phones) model.setDoNotDisturb({ device: deviceId(phones[d]!), doNotDisturbOn: true });
          };
          const p = c.probability;
          const r = run(
            { callsPerSecond: c.callsPerSecond, seed: c.seed, meanTalkMs: 5000, ringMs: [500, 10_000], holdProbability: p, transferProbability: p, conferenceProbability: p },
            60,
            `100-${99 + c.phones}${c.group ? ',300' : ''}`,
            groups,
            { before, ...(c.noAnswerMs !== undefined && { noAnswerMs: c.noAnswerMs }), ...(c.restart && { restart: c.restart }) },
          );
          expect(r.traffic.refusals).toEqual([]);
          expect(r.problems).toEqual([]);
          expect(r.model.calls.size).toBe(0);
          expect(r.traffic.callsInProgress).toBe(0);
          expect(r.scheduler.pending).toBe(0);
        },
      ),
      {
        seed: 20261126,
        numRuns: 60,
        examples: [
          // Forwarded on no answer: answered at the phone the call had left.
          [{ seed: 4, phones: 4, group: false, forwards: [[0, 'forwardNoAns', 3]], dnd: [], callsPerSecond: 1, probability: 0, noAnswerMs: 300, restart: undefined }],
          // Forwarded to a phone with a call on hold: its retrieve refused while the new call rang.
          [{ seed: 9, phones: 4, group: false, forwards: [[3, 'forwardImmediate', 1]], dnd: [], callsPerSecond: 1, probability: 0.3, noAnswerMs: undefined, restart: undefined }],
        ],
      },
    );
  });

  it('refuses a rate that is not positive', () => {
    const scheduler = new VirtualScheduler();
    expect(() => new TrafficGenerator(new SwitchModel(), scheduler, { callsPerSecond: 0, seed: 1 })).toThrow(RangeError);
  });
});
