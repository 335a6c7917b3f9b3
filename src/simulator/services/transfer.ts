/**
 * Services that merge calls or hand a call on: Transfer Call, Conference Call, Single Step Transfer
 * Call (ECMA-269 §17.1). The resulting call keeps the callID of the held (primary) call.
 */
import type { ConnectionList, ConnectionList_item } from '../../../generated/csta-connection-states.js';
import type { ArgumentOf, ResultOf } from '../../../generated/operations.js';
import type { Call } from '../calls.js';
import { operationError, resourceError, stateError } from '../errors.js';
import * as ev from '../events.js';
import { hexOf } from '../ids.js';
import { route } from '../routing.js';
import { callLinkageDataList, connectionId, deviceId } from '../values.js';
import { offer } from './call-legs.js';
import { expectState, findConnection, knownDevice, partiesOf, type ServiceContext } from './context.js';
import { heldAndActive } from './hold.js';

/** Most parties a conference of the simulated switch can hold. */
export const MAX_CONFERENCE_PARTIES = 8;

function item(device: string, resulting: Call, old: Call | undefined): ConnectionList_item {
  return {
    newConnection: connectionId(resulting, device),
    ...(old ? { oldConnection: connectionId(old, device) } : {}),
    endpoint: { case: 'deviceID', value: deviceId(device) },
  };
}

/** The other parties of the held and the active call, refused when either is empty or they overlap. */
function partiesToMerge(primary: Call, secondary: Call, device: string, service: string): { fromPrimary: string[]; fromSecondary: string[] } {
  const fromPrimary = partiesOf(primary).filter((d) => d !== device);
  const fromSecondary = partiesOf(secondary).filter((d) => d !== device);
  if (fromPrimary.length === 0 || fromSecondary.length === 0) {
    throw stateError('invalidObjectState', `${service}: call ${hexOf((fromPrimary.length === 0 ? primary : secondary).callID)} has no party besides ${device}`);
  }
  const both = fromSecondary.find((d) => fromPrimary.includes(d));
  if (both !== undefined) throw stateError('invalidObjectState', `${service}: ${both} is a party of both calls`);
  return { fromPrimary, fromSecondary };
}

/** Moves the secondary call's connections (all but `device`'s) into the primary call and ends the secondary. */
function merge(ctx: ServiceContext, primary: Call, secondary: Call, device: string): void {
  for (const [d, connection] of [...secondary.connections]) {
    ctx.calls.leave(secondary, d);
    if (d !== device) ctx.calls.join(primary, connection);
  }
  ctx.calls.remove(secondary);
}

/**
 * Transfer Call: the transferring device leaves both calls, the active call's parties join the held
 * call. Transferred (cause transfer, with transferredConnections and callLinkageDataList) to the
 * transferring device and every party; no ConnectionCleared for the transferring device (ECMA-269:
 * the Transferred event implies it).
 */
export function transferCall(ctx: ServiceContext, arg: ArgumentOf<'transferCall'>): ResultOf<'transferCall'> {
  const { heldOne, activeOne } = heldAndActive(ctx, arg.heldCall, arg.activeCall, 'transferCall');
  const device = heldOne.device;
  const primary = heldOne.call;
  const secondary = activeOne.call;
  const { fromPrimary, fromSecondary } = partiesToMerge(primary, secondary, device, 'transferCall');
  const connections: ConnectionList = [...fromPrimary.map((d) => item(d, primary, primary)), ...fromSecondary.map((d) => item(d, primary, secondary))];
  const transferredTo = fromSecondary[0];
  ctx.calls.leave(primary, device);
  merge(ctx, primary, secondary, device);
  primary.callingDevice = fromPrimary[0];
  primary.calledDevice = transferredTo;
  primary.lastRedirectionDevice = device;
  const report = { resulting: primary, primaryOldCall: primary, secondaryOldCall: secondary, device, otherParty: transferredTo, connections, cause: 'transfer' as const };
  ctx.events.report([device, ...fromPrimary, ...fromSecondary], ev.transferred(report, ctx.ts));
  return { transferredCall: connectionId(primary, transferredTo), connections, callLinkageDataList: callLinkageDataList(primary, secondary) };
}

/**
 * Conference Call: the active call's parties join the held call and the conferencing device is
 * connected again. Conferenced (cause conference, with conferenceConnections) to every party.
 */
export function conferenceCall(ctx: ServiceContext, arg: ArgumentOf<'conferenceCall'>): ResultOf<'conferenceCall'> {
  const { heldOne, activeOne } = heldAndActive(ctx, arg.heldCall, arg.activeCall, 'conferenceCall');
  const device = heldOne.device;
  const primary = heldOne.call;
  const secondary = activeOne.call;
  const { fromPrimary, fromSecondary } = partiesToMerge(primary, secondary, device, 'conferenceCall');
  if (1 + fromPrimary.length + fromSecondary.length > MAX_CONFERENCE_PARTIES) {
    throw resourceError('conferenceMemberLimitExceeded', `conferenceCall: a conference of the simulated switch holds at most ${MAX_CONFERENCE_PARTIES} parties`);
  }
  const connections: ConnectionList = [
    item(device, primary, primary),
    ...fromPrimary.map((d) => item(d, primary, primary)),
    ...fromSecondary.map((d) => item(d, primary, secondary)),
  ];
  heldOne.connection.state = 'connected';
  merge(ctx, primary, secondary, device);
  const report = { resulting: primary, primaryOldCall: primary, secondaryOldCall: secondary, device, otherParty: fromSecondary[0], connections, cause: 'conference' as const };
  ctx.events.report(partiesOf(primary), ev.conferenced(report, ctx.ts));
  return { conferenceCall: connectionId(primary, device), connections, callLinkageDataList: callLinkageDataList(primary, secondary) };
}

/**
 * Single Step Transfer Call: the transferring device leaves the call and the call is offered to
 * `transferredTo`. Transferred (cause singleStepTransfer) to the transferring device and the parties
 * left, then Delivered at the new destination (Diverted first if it forwards).
 */
export function singleStepTrans(ctx: ServiceContext, arg: ArgumentOf<'singleStepTrans'>): ResultOf<'singleStepTrans'> {
  const found = findConnection(ctx, arg.activeCall, 'active', 'activeCall');
  expectState(found, ['connected'], 'active', 'singleStepTrans');
  const { call, device } = found;
  const target = knownDevice(ctx, arg.transferredTo, 'invalidDestination', 'transferredTo');
  if (target === device) throw operationError('notDifferentDevices', `singleStepTrans: ${device} cannot transfer its call to itself`);
  if (call.connections.has(target)) throw stateError('invalidDestinationDeviceState', `singleStepTrans: ${target} is already in call ${hexOf(call.callID)}`);
  const others = partiesOf(call).filter((d) => d !== device);
  if (others.length === 0) throw stateError('invalidObjectState', `singleStepTrans: call ${hexOf(call.callID)} has no party to transfer`);
  const plan = route(ctx.devices, ctx.calls, target);
  if (plan.kind === 'blocked') throw stateError('invalidDestinationDeviceState', `singleStepTrans: ${plan.device} cannot take the call (${plan.cause})`);
  const connections: ConnectionList = others.map((d) => item(d, call, call));
  ctx.calls.leave(call, device);
  call.callingDevice = others[0];
  call.calledDevice = target;
  call.lastRedirectionDevice = device;
  const report = { resulting: call, primaryOldCall: call, device, otherParty: target, connections, cause: 'singleStepTransfer' as const };
  ctx.events.report([device, ...others], ev.transferred(report, ctx.ts));
  offer(ctx, call, plan, 'singleStepTransfer', others[0]);
  return { transferredCall: connectionId(call, plan.destination), connections };
}
