/**
 * Device monitors of the simulated switch: crossRefIdentifiers, filters, and which monitor gets
 * which event. Filter semantics are ECMA-269 §12.2.23 as HiPath applies them (hipath-protocol.md
 * §5.2): a SET bit means the event is NOT reported, so an all-zero (or absent) filter reports all.
 */
import { bitString, hasBit, setBits, type BitString } from '../ber/index.js';
import {
  CallAssociatedEvents,
  CallControlEvents,
  DeviceMaintenanceEvents,
  LogicalDeviceFeatureEvents,
  MediaAttachmentEvents,
  PhysicalDeviceFeatureEvents,
  VendorSpecEvents,
  VoiceUnitEvents,
} from '../../generated/csta-application-context-information-csta3.js';
import type { EventSpecificInfo } from '../../generated/csta-event-report-definitions.js';
import type { MonitorFilter } from '../../generated/csta-status-reporting.js';
import { HIPATH_FILTER_WIDTHS } from '../session/profile.js';
import { operationError, resourceError } from './errors.js';
import { IdAllocator, fromTwoBytes, twoBytes } from './ids.js';

type FilterField = Exclude<keyof MonitorFilter, '$unknown'>;

/** Per event category: its MonitorFilter field and the bit of each event (widths: the HiPath profile's, §7.6). */
const CATEGORIES: Record<EventSpecificInfo['case'], { field: FilterField; bits: Readonly<Record<string, number>> }> = {
  callControlEvents: { field: 'callControl', bits: CallControlEvents.bits },
  // The ASN.1 names bits 2 and 3 after the Phase II events (dTMFDigitsDetected, telephonyTonesDetected);
  // the events in those places are now digitsGenerated and telephonyTonesGenerated.
  callAssociatedEvents: { field: 'callAssociated', bits: { ...CallAssociatedEvents.bits, digitsGeneratedEvent: 2, telephonyTonesGeneratedEvent: 3 } },
  mediaAttachmentEvents: { field: 'mediaAttachment', bits: MediaAttachmentEvents.bits },
  physicalDeviceFeatureEvents: { field: 'physicalDeviceFeature', bits: PhysicalDeviceFeatureEvents.bits },
  logicalDeviceFeatureEvents: { field: 'logicalDeviceFeature', bits: LogicalDeviceFeatureEvents.bits },
  deviceMaintenanceEvents: { field: 'maintenance', bits: DeviceMaintenanceEvents.bits },
  voiceUnitEvents: { field: 'voiceUnit', bits: VoiceUnitEvents.bits },
  vendorSpecEvents: { field: 'private', bits: VendorSpecEvents.bits },
};

/** Whether a monitor with this filter gets the event (its bit is not set; events without a bit always pass). */
export function isReported(filter: MonitorFilter, info: EventSpecificInfo): boolean {
  const category = CATEGORIES[info.case];
  const bits = filter[category.field];
  if (bits === undefined) return true;
  const bit = category.bits[info.value.case];
  return bit === undefined || !hasBit(bits, bit);
}

/**
 * The filter the switch applies for a requested one, in HiPath's shape: all eight fields present,
 * each at least HiPath's width (18/5/2/11/14/3/7/1 bits), the requested bits kept. An absent
 * request or field means "report everything" (all zero).
 */
export function actualFilter(requested: MonitorFilter | undefined): MonitorFilter {
  const out: MonitorFilter = {};
  for (const { field } of Object.values(CATEGORIES)) {
    const given: BitString | undefined = requested?.[field];
    out[field] = bitString(Math.max(HIPATH_FILTER_WIDTHS[field], given?.length ?? 0), given ? setBits(given) : []);
  }
  return out;
}

/** A device-type monitor. `owner` is whatever the server layer passed (e.g. its session), untouched. */
export interface Monitor {
  readonly crossRefIdentifier: Uint8Array;
  readonly device: string;
  filter: MonitorFilter;
  readonly owner?: unknown;
}

/** The live monitors by crossRefIdentifier (2 bytes, unique among live monitors). */
export class MonitorTable {
  private readonly ids: IdAllocator;
  private readonly byId = new Map<number, Monitor>();

  constructor(
    firstCrossRef = 1,
    private readonly limit = 1000,
  ) {
    this.ids = new IdAllocator(firstCrossRef, 'crossRefIdentifier');
  }

  /** A new monitor on `device`. Throws overallMonitorLimitExceeded past the configured limit. */
  start(device: string, filter: MonitorFilter, owner?: unknown): Monitor {
    if (this.byId.size >= this.limit) {
      throw resourceError('overallMonitorLimitExceeded', `the simulated switch allows ${this.limit} monitor${this.limit === 1 ? '' : 's'} and all are in use: stop one first, or raise the limit (csta sim --max-monitors, SwitchModelOptions.maxMonitors)`);
    }
    const id = this.ids.allocate();
    if (id === undefined) throw resourceError('overallMonitorLimitExceeded', 'all 65535 crossRefIdentifiers are in use');
    const monitor: Monitor = { crossRefIdentifier: twoBytes(id), device, filter, ...(owner === undefined ? {} : { owner }) };
    this.byId.set(id, monitor);
    return monitor;
  }

  /** The live monitor with this crossRefIdentifier; throws invalidMonitorCrossRefID if there is none. */
  get(crossRef: Uint8Array): Monitor {
    const id = fromTwoBytes(crossRef);
    const monitor = id === undefined ? undefined : this.byId.get(id);
    if (!monitor) {
      throw operationError('invalidMonitorCrossRefID', `no monitor has crossRefIdentifier ${hex(crossRef)}: it was never started, was stopped, or the switch restarted`);
    }
    return monitor;
  }

  /** Stops the monitor; throws invalidMonitorCrossRefID if there is none. */
  stop(crossRef: Uint8Array): Monitor {
    const monitor = this.get(crossRef);
    const id = fromTwoBytes(crossRef) as number;
    this.byId.delete(id);
    this.ids.release(id);
    return monitor;
  }

  /** Stops every monitor whose owner is `owner` (a session that went away); returns them. */
  stopOwnedBy(owner: unknown): Monitor[] {
    const gone = [...this.byId.values()].filter((m) => m.owner === owner);
    for (const m of gone) this.stop(m.crossRefIdentifier);
    return gone;
  }

  /** Drops every monitor (switch restart). */
  clear(): void {
    this.byId.clear();
    this.ids.releaseAll();
  }

  /** The device's monitors, oldest first. */
  onDevice(device: string): Monitor[] {
    return [...this.byId.values()].filter((m) => m.device === device);
  }

  all(): Monitor[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
}
