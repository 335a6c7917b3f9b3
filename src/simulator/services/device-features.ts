/**
 * Device feature services: Set/Get Display, Set/Get Forwarding, Set/Get Do Not Disturb
 * (ECMA-269 §21, §22), with the DisplayUpdated, Forwarding and DoNotDisturb events to the
 * device's monitors.
 */
import type { EventSpecificInfo } from '../../../generated/csta-event-report-definitions.js';
import type { ForwardList } from '../../../generated/csta-device-feature-types.js';
import type { ArgumentOf, ResultOf } from '../../../generated/operations.js';
import type { Device, ForwardingSetting } from '../devices.js';
import { operationError } from '../errors.js';
import { deviceId, subjectDevice, timestamped } from '../values.js';
import { NO_DATA, knownDevice, type QueryContext, type ServiceContext } from './context.js';

/** The display of every simulated device: 2 rows of 24 characters (an optiPoint-style display). */
export const DISPLAY_ROWS = 2;
export const DISPLAY_COLUMNS = 24;

/** The forwarding types getForwarding always lists, set or not. */
const LISTED_TYPES = ['forwardImmediate', 'forwardBusy', 'forwardNoAns', 'forwardDND'] as const;

function device(ctx: QueryContext, id: ArgumentOf<'setDisplay'>['device']): Device {
  return ctx.devices.get(knownDevice(ctx, id, 'invalidDeviceID', 'device')) as Device;
}

/** Set Display: stores the text; DisplayUpdated to the device's monitors. */
export function setDisplay(ctx: ServiceContext, arg: ArgumentOf<'setDisplay'>): ResultOf<'setDisplay'> {
  const d = device(ctx, arg.device);
  if (arg.contentsOfDisplay.length > DISPLAY_ROWS * DISPLAY_COLUMNS) {
    throw operationError('valueOutOfRange', `setDisplay: ${arg.contentsOfDisplay.length} characters do not fit a ${DISPLAY_ROWS}x${DISPLAY_COLUMNS} display`);
  }
  d.displayText = arg.contentsOfDisplay;
  const info: EventSpecificInfo = {
    case: 'physicalDeviceFeatureEvents',
    value: {
      case: 'displayUpdated',
      value: {
        device: subjectDevice(d.number),
        logicalRows: DISPLAY_ROWS,
        logicalColumns: DISPLAY_COLUMNS,
        contentsOfDisplay: d.displayText,
        extensions: timestamped(ctx.ts),
      },
    },
  };
  ctx.events.report([d.number], () => info);
  return NO_DATA;
}

/** Get Display: the stored text. */
export function getDisplay(ctx: QueryContext, arg: ArgumentOf<'getDisplay'>): ResultOf<'getDisplay'> {
  const d = device(ctx, arg.device);
  return {
    displayList: [{ displayID: new Uint8Array([0]), logicalRows: DISPLAY_ROWS, logicalColumns: DISPLAY_COLUMNS, contentsOfDisplay: d.displayText }],
  };
}

/**
 * Set Forwarding: switches one forwarding type on (with its destination, a device of the switch)
 * or off; Forwarding event to the device's monitors. The type defaults to forwardImmediate.
 */
export function setForwarding(ctx: ServiceContext, arg: ArgumentOf<'setForwarding'>): ResultOf<'setForwarding'> {
  const d = device(ctx, arg.device);
  const forwardingType = arg.forwardingType ?? 'forwardImmediate';
  let forwardTo: string | undefined;
  if (arg.activateForward) {
    if (arg.forwardDN === undefined) throw operationError('invalidForwardingDestination', `setForwarding: activating ${forwardingType} needs a forwardDN`);
    forwardTo = knownDevice(ctx, arg.forwardDN, 'invalidForwardingDestination', 'forwardDN');
    if (forwardTo === d.number) throw operationError('invalidForwardingDestination', `setForwarding: ${d.number} cannot forward to itself`);
  }
  const setting: ForwardingSetting = {
    forwardingType,
    active: arg.activateForward,
    ...(forwardTo === undefined ? {} : { forwardTo }),
    ...(arg.ringCount === undefined ? {} : { ringCount: arg.ringCount }),
    ...(arg.ringDuration === undefined ? {} : { ringDuration: arg.ringDuration }),
  };
  d.forwarding.set(forwardingType, setting);
  const info: EventSpecificInfo = {
    case: 'logicalDeviceFeatureEvents',
    value: {
      case: 'forwarding',
      value: {
        device: subjectDevice(d.number),
        forwardingType,
        forwardStatus: setting.active,
        ...(forwardTo === undefined ? {} : { forwardTo: deviceId(forwardTo) }),
        ...(setting.ringCount === undefined ? {} : { ringCount: setting.ringCount }),
        ...(setting.ringDuration === undefined ? {} : { ringDuration: setting.ringDuration }),
        extensions: timestamped(ctx.ts),
      },
    },
  };
  ctx.events.report([d.number], () => info);
  return NO_DATA;
}

/** Get Forwarding: forwardImmediate, forwardBusy, forwardNoAns and forwardDND, then any other type set. */
export function getForwarding(ctx: QueryContext, arg: ArgumentOf<'getForwarding'>): ResultOf<'getForwarding'> {
  const d = device(ctx, arg.device);
  const types = [...LISTED_TYPES, ...[...d.forwarding.keys()].filter((t) => !(LISTED_TYPES as readonly string[]).includes(t))];
  const forwardingList: ForwardList = types.map((forwardingType) => {
    const s = d.forwarding.get(forwardingType);
    return {
      forwardingType,
      forwardStatus: s?.active ?? false,
      ...(s?.forwardTo === undefined ? {} : { forwardDN: deviceId(s.forwardTo) }),
      ...(s?.ringCount === undefined ? {} : { ringCount: s.ringCount }),
      ...(s?.ringDuration === undefined ? {} : { ringDuration: s.ringDuration }),
    };
  });
  return { forwardingList };
}

/** Set Do Not Disturb: stores the setting; DoNotDisturb event to the device's monitors. */
export function setDoNotDisturb(ctx: ServiceContext, arg: ArgumentOf<'setDoNotDisturb'>): ResultOf<'setDoNotDisturb'> {
  const d = device(ctx, arg.device);
  d.doNotDisturb = arg.doNotDisturbOn;
  const info: EventSpecificInfo = {
    case: 'logicalDeviceFeatureEvents',
    value: { case: 'doNotDisturb', value: { device: subjectDevice(d.number), doNotDisturbOn: d.doNotDisturb, extensions: timestamped(ctx.ts) } },
  };
  ctx.events.report([d.number], () => info);
  return NO_DATA;
}

/** Get Do Not Disturb: the stored setting. */
export function getDoNotDisturb(ctx: QueryContext, arg: ArgumentOf<'getDoNotDisturb'>): ResultOf<'getDoNotDisturb'> {
  return { doNotDisturbOn: device(ctx, arg.device).doNotDisturb };
}
