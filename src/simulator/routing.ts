/**
 * Where a call offered to a device ends up: forwarding (immediate, busy, do-not-disturb), the
 * device's do-not-disturb setting and whether it is busy. Pure: it reads the switch, changes nothing.
 */
import type { ForwardingType } from '../../generated/csta-device-feature-types.js';
import type { EventCause } from '../../generated/csta-event-causes.js';
import type { CallTable } from './calls.js';
import type { DeviceDirectory } from './devices.js';

/** One forwarding step: the call is diverted from `from` to `to`. */
export interface Hop {
  readonly from: string;
  readonly to: string;
  readonly cause: EventCause;
}

export type RoutePlan =
  /** The call alerts `destination` after the `hops`. */
  | { readonly kind: 'deliver'; readonly hops: readonly Hop[]; readonly destination: string }
  /** `destination` is a hunt group: the call waits in its queue until a member is free. */
  | { readonly kind: 'queue'; readonly hops: readonly Hop[]; readonly destination: string }
  /** `device` (the target or a forward destination) cannot take the call. */
  | { readonly kind: 'blocked'; readonly hops: readonly Hop[]; readonly device: string; readonly cause: 'busy' | 'doNotDisturb' };

/** Forwarding chains longer than this are cut (the device then behaves as if not forwarded). */
export const MAX_FORWARDING_HOPS = 5;

const IMMEDIATE: readonly ForwardingType[] = ['forwardImmediate', 'forwardImmInt'];
const BUSY: readonly ForwardingType[] = ['forwardBusy', 'forwardBusyInt'];
const DND: readonly ForwardingType[] = ['forwardDND', 'forwardDNDInt'];

/**
 * The route of a call offered to `target` (a known device). Calls inside the simulated switch are
 * internal, so the `…Int` forwarding types apply as well as the plain ones and `…Ext` do not.
 * No-answer forwarding is not a routing decision: it diverts a call that has rung too long, by
 * the model's ring timer (services/call-legs.ts, forwardOnNoAnswer).
 */
export function route(devices: DeviceDirectory, calls: CallTable, target: string): RoutePlan {
  const hops: Hop[] = [];
  const visited = new Set<string>([target]);
  let current = target;
  for (;;) {
    if (devices.get(current)?.group !== undefined) return { kind: 'queue', hops, destination: current };
    const canForward = hops.length < MAX_FORWARDING_HOPS;
    const forwardTo = (types: readonly ForwardingType[]): string | undefined => {
      if (!canForward) return undefined;
      for (const type of types) {
        const setting = devices.get(current)?.forwarding.get(type);
        if (setting?.active && setting.forwardTo !== undefined && !visited.has(setting.forwardTo)) return setting.forwardTo;
      }
      return undefined;
    };
    let next: string | undefined;
    let cause: EventCause;
    if ((next = forwardTo(IMMEDIATE)) !== undefined) {
      cause = 'callForwardImmediate';
    } else if (devices.get(current)?.doNotDisturb) {
      if ((next = forwardTo(DND)) === undefined) return { kind: 'blocked', hops, device: current, cause: 'doNotDisturb' };
      cause = 'callForward';
    } else if (calls.isBusy(current)) {
      if ((next = forwardTo(BUSY)) === undefined) return { kind: 'blocked', hops, device: current, cause: 'busy' };
      cause = 'callForwardBusy';
    } else {
      return { kind: 'deliver', hops, destination: current };
    }
    hops.push({ from: current, to: next, cause });
    visited.add(next);
    current = next;
  }
}
