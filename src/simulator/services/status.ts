/**
 * Monitoring and snapshot services: Monitor Start/Stop, Change Monitor Filter, Snapshot Device,
 * Snapshot Call, System Status (ECMA-269 §12, §13, §14).
 */
import type { SnapshotCallData, SnapshotDeviceData } from '../../../generated/csta-status-reporting.js';
import type { ArgumentOf, ResultOf } from '../../../generated/operations.js';
import { operationError } from '../errors.js';
import { actualFilter } from '../monitors.js';
import { connectionId, subjectDevice } from '../values.js';
import { NO_DATA, findCall, knownDevice, partiesOf, type QueryContext, type ServiceContext } from './context.js';

/**
 * Monitor Start on a device: a new 2-byte crossRefIdentifier and the filter applied (requested
 * bits kept, HiPath widths). Call-type monitors and call objects are not supported.
 */
export function monitorStart(ctx: ServiceContext, arg: ArgumentOf<'monitorStart'>, owner?: unknown): ResultOf<'monitorStart'> {
  if (arg.monitorObject.case !== 'deviceObject') {
    throw operationError('invalidMonitorObjectType', 'monitorStart: the simulated switch monitors devices only, not calls');
  }
  if (arg.monitorType === 'call') {
    throw operationError('monitorTypeNotSupported', 'monitorStart: monitorType call is not supported; use a device-type monitor');
  }
  const device = knownDevice(ctx, arg.monitorObject.value, 'invalidMonitorObject', 'monitorObject');
  const filter = actualFilter(arg.requestedMonitorFilter);
  const monitor = ctx.monitors.start(device, filter, owner);
  return { crossRefIdentifier: monitor.crossRefIdentifier.slice(), actualmonitorFilter: actualFilter(filter) };
}

/** Monitor Stop: the crossRefIdentifier is no longer valid. */
export function monitorStop(ctx: ServiceContext, arg: ArgumentOf<'monitorStop'>): ResultOf<'monitorStop'> {
  ctx.monitors.stop(arg.crossRefIdentifier);
  return NO_DATA;
}

/** Change Monitor Filter: the monitor's filter is replaced; the filter applied is returned. */
export function changeMonitorFilter(ctx: ServiceContext, arg: ArgumentOf<'changeMonitorFilter'>): ResultOf<'changeMonitorFilter'> {
  const monitor = ctx.monitors.get(arg.crossRefIdentifier);
  monitor.filter = actualFilter(arg.requestedFilterList);
  return { actualFilterList: actualFilter(monitor.filter) };
}

/** Snapshot Device: each call of the device, its connection and the states of all connections (own first). */
export function snapshotDevice(ctx: QueryContext, arg: ArgumentOf<'snapshotDevice'>): ResultOf<'snapshotDevice'> {
  const device = knownDevice(ctx, arg.snapshotObject, 'invalidDeviceID', 'snapshotObject');
  const data: SnapshotDeviceData = ctx.calls.connectionsOf(device).map(({ call, connection }) => ({
    connectionIdentifier: connectionId(call, device),
    localCallState: {
      case: 'compoundCallState',
      value: [connection.state, ...[...call.connections.values()].filter((c) => c.device !== device).map((c) => c.state)],
    },
  }));
  return { crossRefIDorSnapshotData: { case: 'snapshotData', value: data } };
}

/** Snapshot Call: every connection of the call with its state, and who called whom. */
export function snapshotCall(ctx: QueryContext, arg: ArgumentOf<'snapshotCall'>): ResultOf<'snapshotCall'> {
  const call = findCall(ctx, arg.snapshotObject, 'snapshotObject');
  const data: SnapshotCallData = partiesOf(call).map((device) => ({
    deviceOnCall: subjectDevice(device),
    callIdentifier: connectionId(call, device),
    localConnectionState: call.connections.get(device)?.state ?? 'null',
  }));
  return {
    crossRefIDorSnapshotData: { case: 'snapshotData', value: data },
    callingDevice: subjectDevice(call.callingDevice),
    calledDevice: subjectDevice(call.calledDevice),
  };
}

/** System Status from the client: accepted, nothing to report back (§4). */
export function systemStatus(_ctx: QueryContext, _arg: ArgumentOf<'systemStatus'>): ResultOf<'systemStatus'> {
  return NO_DATA;
}
