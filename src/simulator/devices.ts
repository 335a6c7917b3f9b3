/**
 * The devices of the simulated switch: their dialing numbers (configured as ranges such as
 * '100-199,200,300-310') and the per-device features the services set: forwarding, do-not-disturb,
 * display text.
 */
import type { ForwardingType } from '../../generated/csta-device-feature-types.js';
import type { DeviceID } from '../../generated/csta-device-identifiers.js';
import { dialingNumberOf } from '../session/device.js';
import type { Call } from './calls.js';

/** The device list used when none is configured. */
export const DEFAULT_DEVICES = '100-199';
/** More devices than this in one specification is taken as a mistake. */
export const MAX_DEVICES = 100_000;

export type DeviceSpecErrorCode = 'empty-device-list' | 'bad-device-number' | 'bad-device-range' | 'duplicate-device' | 'too-many-devices' | 'bad-group';

/** A device specification that cannot be used; `at` is the character offset of the bad item. */
export class DeviceSpecError extends Error {
  constructor(
    readonly code: DeviceSpecErrorCode,
    readonly at: number,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceSpecError';
  }
}

const NUMBER = /^[0-9]{1,20}$/;

/**
 * The dialing numbers of a specification like `'100-199,200,300-310'`, in the order given.
 * A range whose ends have the same number of digits keeps that width (`'0100-0102'` gives
 * `0100, 0101, 0102`).
 */
export function parseDeviceRanges(spec: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const rawItem of spec.split(',')) {
    const at = offset + (rawItem.length - rawItem.trimStart().length);
    offset += rawItem.length + 1;
    const item = rawItem.trim();
    if (item === '') {
      if (spec.trim() === '') break;
      throw new DeviceSpecError('bad-device-number', at, `empty item at offset ${at} of device list '${spec}': remove the extra comma`);
    }
    for (const n of expand(item, at, spec)) {
      if (seen.has(n)) throw new DeviceSpecError('duplicate-device', at, `device ${n} is listed twice in '${spec}' (again at offset ${at})`);
      seen.add(n);
      out.push(n);
      if (out.length > MAX_DEVICES) {
        throw new DeviceSpecError('too-many-devices', at, `device list '${spec}' has more than ${MAX_DEVICES} devices`);
      }
    }
  }
  if (out.length === 0) throw new DeviceSpecError('empty-device-list', 0, `device list '${spec}' names no device; give e.g. '100-199'`);
  return out;
}

function expand(item: string, at: number, spec: string): string[] {
  const dash = item.indexOf('-');
  if (dash < 0) {
    if (!NUMBER.test(item)) {
      throw new DeviceSpecError('bad-device-number', at, `'${item}' at offset ${at} of '${spec}' is not a dialing number (1 to 20 digits)`);
    }
    return [item];
  }
  const first = item.slice(0, dash).trim();
  const last = item.slice(dash + 1).trim();
  if (!NUMBER.test(first) || !NUMBER.test(last)) {
    throw new DeviceSpecError('bad-device-range', at, `'${item}' at offset ${at} of '${spec}' is not a range like '100-199'`);
  }
  // BigInt: 20 digits are more than a double holds exactly (past 2^53, n++ stood still and a
  // range like '9007199254740992-9007199254740993' never ended).
  const lo = BigInt(first);
  const hi = BigInt(last);
  if (hi < lo) throw new DeviceSpecError('bad-device-range', at, `range '${item}' at offset ${at} of '${spec}' ends before it starts`);
  if (hi - lo >= BigInt(MAX_DEVICES)) {
    throw new DeviceSpecError('too-many-devices', at, `range '${item}' at offset ${at} of '${spec}' has more than ${MAX_DEVICES} devices`);
  }
  const width = first.length === last.length ? first.length : 0;
  const out: string[] = [];
  for (let n = lo; n <= hi; n++) out.push(String(n).padStart(width, '0'));
  return out;
}

/** One forwarding setting of a device (ECMA-269 Set Forwarding). */
export interface ForwardingSetting {
  readonly forwardingType: ForwardingType;
  readonly active: boolean;
  readonly forwardTo?: string;
  readonly ringCount?: number;
  readonly ringDuration?: number;
}

/** A device of the switch and its feature settings. */
export interface Device {
  readonly number: string;
  displayText: string;
  doNotDisturb: boolean;
  /** By forwarding type; types never set are absent. */
  readonly forwarding: Map<ForwardingType, ForwardingSetting>;
  /**
   * Set for a hunt group's pilot number: the devices a call to it is distributed to, the first
   * free one in this order; calls wait in `queue` (oldest first) while none is free.
   */
  group?: { readonly members: readonly string[]; readonly queue: Call[] };
}

/** The devices of the switch, by dialing number, in configuration order. */
export class DeviceDirectory {
  private readonly byNumber = new Map<string, Device>();
  private readonly pilots: string[] = [];

  constructor(spec: string = DEFAULT_DEVICES) {
    for (const number of parseDeviceRanges(spec)) {
      this.byNumber.set(number, { number, displayText: '', doNotDisturb: false, forwarding: new Map() });
    }
  }

  get(number: string): Device | undefined {
    return this.byNumber.get(number);
  }

  has(number: string): boolean {
    return this.byNumber.has(number);
  }

  /** Dialing numbers in configuration order. */
  numbers(): string[] {
    return [...this.byNumber.keys()];
  }

  get size(): number {
    return this.byNumber.size;
  }

  /**
   * Makes `pilot` a hunt group of `members` (all devices of this switch, the pilot not among
   * them). Throws DeviceSpecError saying which number is wrong.
   */
  setGroup(pilot: string, members: readonly string[]): void {
    const device = this.byNumber.get(pilot);
    if (device === undefined) throw new DeviceSpecError('bad-group', 0, `hunt group ${pilot} is not a device of the switch: add it to the devices`);
    if (members.length === 0) throw new DeviceSpecError('bad-group', 0, `hunt group ${pilot} has no members`);
    for (const member of members) {
      if (member === pilot) throw new DeviceSpecError('bad-group', 0, `hunt group ${pilot} cannot be a member of itself`);
      const m = this.byNumber.get(member);
      if (m === undefined) throw new DeviceSpecError('bad-group', 0, `member ${member} of hunt group ${pilot} is not a device of the switch`);
      if (m.group !== undefined) throw new DeviceSpecError('bad-group', 0, `member ${member} of hunt group ${pilot} is a hunt group itself`);
    }
    if (device.group !== undefined) throw new DeviceSpecError('bad-group', 0, `hunt group ${pilot} is given twice`);
    device.group = { members: [...members], queue: [] };
    this.pilots.push(pilot);
  }

  /** The pilot numbers of the hunt groups, in the order they were set up. */
  groups(): readonly string[] {
    return this.pilots;
  }
}

/**
 * The digits of a DeviceID given as a number (dialingNumber, implicit or explicit public/private);
 * undefined for forms that carry no dialable digits (deviceNumber, other).
 */
export function digitsOf(id: DeviceID): string | undefined {
  // dialingNumberOf also spells a deviceNumber and `other`; a switch cannot dial those.
  const form = id.deviceIdentifier.case;
  return form === 'deviceNumber' || form === 'other' ? undefined : dialingNumberOf(id);
}
