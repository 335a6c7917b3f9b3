/**
 * Test helpers for the call model: a model on a fixed clock, monitors on devices, and an event log
 * that round-trips every event through the generated BER codec (encode, decode, compare) and
 * summarises events to the fields a test checks.
 */
import { expect } from '@jest/globals';
import { decode, encode } from '../../src/ber/index.js';
import { hexOf } from '../../src/simulator/ids.js';
import { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { DeviceActions } from '../../src/simulator/actions.js';
import type { MonitorEvent } from '../../src/simulator/events.js';
import { SwitchModel, type SwitchModelOptions } from '../../src/simulator/model.js';
import type { Monitor } from '../../src/simulator/monitors.js';
import { deviceId } from '../../src/simulator/values.js';
import type { MonitorFilter } from '../../generated/csta-status-reporting.js';

/** 2010-09-25 11:35:10 UTC, the time in the §8.2 event vectors. */
export const T0 = Date.UTC(2010, 8, 25, 11, 35, 10);
export const T0_STAMP = '20100925113510';

/** A generic summary of an event value: ConnectionIDs as 'callID@device', devices as digits. */
export type Summary = Record<string, unknown>;

export class EventLog {
  readonly records: { event: MonitorEvent; monitor: Monitor }[] = [];
  encoded = 0;

  constructor(model: SwitchModel) {
    model.onEvent((event, monitor) => {
      const bytes = encode(CSTAEventReportArgument, event);
      expect(decode(CSTAEventReportArgument, bytes)).toEqual(event);
      this.encoded++;
      this.records.push({ event, monitor });
      expect(indexProblems(model)).toEqual([]);
    });
  }

  /** Summaries of the events delivered to the monitors of `device`, in order; then forgets them. */
  of(device: string): Summary[] {
    const mine = this.records.filter((r) => r.monitor.device === device);
    return mine.map((r) => summarize(r.event));
  }

  /** The event names per device, in order, e.g. { '100': ['serviceInitiated', …] }. */
  names(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const { event, monitor } of this.records) (out[monitor.device] ??= []).push(eventName(event));
    return out;
  }

  clear(): void {
    this.records.length = 0;
  }
}

/**
 * Where the call table's index by device disagrees with a scan of every call (the calls each
 * device is in, oldest first, and its connection in each); [] when it agrees.
 */
export function indexProblems(model: SwitchModel): string[] {
  const problems: string[] = [];
  for (const d of model.devices.numbers()) {
    const indexed = model.connectionsOf(d);
    const scanned = model.calls.all().filter((call) => call.connections.has(d));
    const same = indexed.length === scanned.length && indexed.every((c, i) => c.call === scanned[i] && c.connection === scanned[i]!.connections.get(d));
    if (!same || model.calls.hasConnections(d) !== scanned.length > 0) {
      problems.push(`${d}: indexed in ${indexed.map((c) => c.call.id)}, found in ${scanned.map((c) => c.id)}`);
    }
  }
  return problems;
}

export function eventName(event: MonitorEvent): string {
  return event.eventSpecificInfo.value.case;
}

/** `{ event: name, ...fields }` with identifiers flattened and extensions left out. */
export function summarize(event: MonitorEvent): Summary {
  const inner = event.eventSpecificInfo.value;
  const out: Summary = { event: inner.case };
  for (const [k, v] of Object.entries(inner.value as unknown as Record<string, unknown>)) {
    if (k === 'extensions' || k === 'callLinkageDataList') continue;
    out[k] = flatten(v);
  }
  return out;
}

function flatten(v: unknown): unknown {
  if (v instanceof Uint8Array) return hexOf(v);
  if (Array.isArray(v)) return v.map(flatten);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('deviceIdentifier' in o && typeof o.deviceIdentifier === 'object') return flatten(o.deviceIdentifier);
  if ('case' in o && 'value' in o) {
    if (o.case === 'both') {
      const both = o.value as { callID: Uint8Array; deviceID: { value: unknown } };
      return `${flatten(both.callID)}@${String(flatten(both.deviceID.value))}`;
    }
    if (o.value === null) return o.case;
    return flatten(o.value);
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, flatten(x)]));
}

/** A model with devices 100-109 (unless given), the clock at T0 and UTC timestamps. */
export function setup(options: SwitchModelOptions = {}): { model: SwitchModel; log: EventLog; act: DeviceActions } {
  const model = new SwitchModel({ devices: '100-109', clock: () => T0, utcOffsetMinutes: 0, firstCallId: 0xb164, ...options });
  return { model, log: new EventLog(model), act: new DeviceActions(model) };
}

/** Starts a monitor on each device (all-zero HiPath filter unless given); returns the crossRefs as hex. */
export function monitor(model: SwitchModel, devices: string[], filter?: MonitorFilter): string[] {
  return devices.map((d) => {
    const r = model.monitorStart({ monitorObject: { case: 'deviceObject', value: deviceId(d) }, ...(filter ? { requestedMonitorFilter: filter } : {}) });
    return hexOf(r.crossRefIdentifier);
  });
}

/** The thrown error's `code` (fails the test when nothing is thrown). */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code ?? `(no code: ${String(e)})`;
  }
  throw new Error('expected an error, none was thrown');
}

export { deviceId };
