/**
 * What a monitor hands to applications: one CstaEvent per cSTAEventReport (hipath-protocol.md
 * §6), with the event's name and category from the generated event table (all 74 events of
 * ECMA-285 EventSpecificInfo, not the four Net::CSTAv3::Client dispatched, §9.6), its typed value,
 * the monitored device and the cross reference as lowercase hex, and the switch's timestamp.
 *
 * ```ts
 * monitor.on('event', (ev) => {
 *   if (ev.name === 'delivered') console.log(dialingNumberOf(ev.value.callingDevice));   // ev.value: DeliveredEvent
 * });
 * ```
 */
import type { Codec } from '../ber/index.js';
import { resolveRef } from '../ber/index.js';
import { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import {
  AssociatedCalledDevice,
  AssociatedCalledDeviceID,
  AssociatedCallingDevice,
  AssociatedCallingDeviceID,
  CalledDevice,
  CalledDeviceID,
  CallingDevice,
  CallingDeviceID,
  DeviceID,
  ExtendedDeviceID,
  LastRedirectionDevice,
  NetworkCalledDevice,
  NetworkCalledDeviceID,
  NetworkCallingDevice,
  NetworkCallingDeviceID,
  RedirectionDeviceID,
  SubjectDeviceID,
} from '../../generated/csta-device-identifiers.js';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { eventsByName, type EventInfo, type EventName, type EventTypes } from '../../generated/events.js';
import { crossRefHex, dialingNumberOf, type DeviceLike } from './device.js';
import type { Monitor } from './monitor.js';

/** The parts of an event that do not depend on which monitor it belongs to. */
export interface EventReport<N extends EventName = EventName> {
  /** The event: `delivered`, `connectionCleared`, `agentLoggedOn`, … (an EventSpecificInfo alternative's alternative). */
  readonly name: N;
  /** Its category: `callControlEvents`, `logicalDeviceFeatureEvents`, … */
  readonly category: string;
  /** The monitor cross reference the switch sent, lowercase hex (`0001`). */
  readonly crossRefIdentifier: string;
  /** The event value, typed by name (DeliveredEvent for `delivered`, …). */
  readonly value: EventTypes[N];
  /** The switch's invokeId of the cSTAEventReport. */
  readonly invokeId: number;
  /** When this process received it. */
  readonly receivedAt: Date;
  /**
   * `extensions.security.timestamp` as the switch sent it (GeneralizedTime text; HiPath sends
   * 14 characters `YYYYMMDDhhmmss`, local time, §6.2), when present.
   */
  readonly timestamp?: string;
}

/** An event routed to its monitor. Narrow on `name` to get the typed `value`. */
export type CstaEvent<N extends EventName = EventName> = {
  [K in N]: EventReport<K> & {
    /** The monitored device (as given to `client.monitor()`). */
    readonly device: string;
    readonly monitor: Monitor;
  };
}[N];

/** An event whose cross reference belongs to no monitor of this client (client 'unknownEvent'). */
export type UnroutedEvent = { [N in EventName]: EventReport<N> }[EventName];

/** The generated table entry of an event (its codec, for JER output and field walks). */
export function eventInfo(name: EventName): EventInfo {
  const info = eventsByName.get(name);
  if (info === undefined) throw new RangeError(`${name} is not a CSTA event (generated/events.ts)`);
  return info;
}

/** Name, category, value and the common fields of a cSTAEventReport argument. */
export function readEventReport(report: CSTAEventReportArgument, invokeId: number, receivedAt = new Date()): EventReport {
  const esi = report.eventSpecificInfo;
  const inner = esi.value as { case: string; value: unknown };
  const value = inner.value as { extensions?: { security?: { timestamp?: string } } } | undefined;
  const timestamp = value?.extensions?.security?.timestamp;
  const out: {
    name: EventName;
    category: string;
    crossRefIdentifier: string;
    value: unknown;
    invokeId: number;
    receivedAt: Date;
    timestamp?: string;
  } = {
    name: inner.case as EventName,
    category: esi.case,
    crossRefIdentifier: crossRefHex(report.crossRefIdentifier),
    value: inner.value,
    invokeId,
    receivedAt,
  };
  if (typeof timestamp === 'string') out.timestamp = timestamp;
  return out as EventReport;
}

/** The same event, now belonging to `monitor`. */
export function routedEvent(report: EventReport, monitor: Monitor): CstaEvent {
  // Spelled out, not `{ ...report }`: an object spread here cost 18% of the client's time per event.
  const r = report as EventReport & { timestamp?: string };
  const out = {
    name: r.name,
    category: r.category,
    crossRefIdentifier: r.crossRefIdentifier,
    value: r.value,
    invokeId: r.invokeId,
    receivedAt: r.receivedAt,
    timestamp: r.timestamp,
    device: monitor.device,
    monitor,
  };
  if (out.timestamp === undefined) delete (out as { timestamp?: string }).timestamp;
  return out as unknown as CstaEvent;
}

/** The fields of an event type, in ASN.1 order, with their codecs where the type is named. */
export function eventFields(name: EventName): readonly { key: string; codec?: Codec<unknown> }[] {
  const schema = resolveRef(eventInfo(name).codec.schema);
  if (schema.t !== 'sequence' && schema.t !== 'set') return [];
  return schema.fields.map((f) => (typeof f.type === 'function' ? { key: f.key, codec: f.type() } : { key: f.key }));
}

/**
 * The event's first ConnectionID component (`connection` of Delivered, `establishedConnection`,
 * `droppedConnection`, `primaryOldCall` of Transferred, …): the connection the event is about.
 */
export function mainConnection(name: EventName, value: unknown): ConnectionID | undefined {
  const v = value as Record<string, unknown>;
  for (const f of eventFields(name)) {
    if (f.codec === ConnectionID && v[f.key] !== undefined) return v[f.key] as ConnectionID;
  }
  return undefined;
}

/** The codecs of CSTA-device-identifiers that hold a device (a DeviceID, or a CHOICE around one). */
const DEVICE_CODECS: ReadonlySet<Codec<unknown>> = new Set<Codec<any>>([
  DeviceID,
  ExtendedDeviceID,
  SubjectDeviceID,
  CallingDeviceID,
  CallingDevice,
  CalledDeviceID,
  CalledDevice,
  RedirectionDeviceID,
  LastRedirectionDevice,
  AssociatedCallingDeviceID,
  AssociatedCallingDevice,
  AssociatedCalledDeviceID,
  AssociatedCalledDevice,
  NetworkCallingDeviceID,
  NetworkCallingDevice,
  NetworkCalledDeviceID,
  NetworkCalledDevice,
]);

/**
 * The device components an event carries, in ASN.1 order: `{ field: 'callingDevice', number:
 * '200' }`. `number` is the dialing number in whatever form the switch sent the device
 * (dialingNumberOf), undefined for notKnown / restricted / a form without digits.
 */
export function eventDevices(name: EventName, value: unknown): { field: string; number: string | undefined }[] {
  const v = value as Record<string, unknown>;
  const out: { field: string; number: string | undefined }[] = [];
  for (const f of eventFields(name)) {
    if (f.codec === undefined || !DEVICE_CODECS.has(f.codec) || v[f.key] === undefined) continue;
    out.push({ field: f.key, number: dialingNumberOf(v[f.key] as DeviceLike) });
  }
  return out;
}
