/**
 * Services that set up or redirect a call: Make Call, Consultation Call, Answer Call, Deflect Call
 * (ECMA-269 §17.1). Each validates everything first, then changes the switch and reports events.
 */
import type { ArgumentOf, ResultOf } from '../../../generated/operations.js';
import { operationError, stateError } from '../errors.js';
import * as ev from '../events.js';
import { hexOf } from '../ids.js';
import { route } from '../routing.js';
import { connectionId } from '../values.js';
import { offer, originate } from './call-legs.js';
import { NO_DATA, expectState, findConnection, knownDevice, partiesOf, type ServiceContext } from './context.js';

/**
 * Make Call: ServiceInitiated (initiated) and Originated (connected) at the caller, then Delivered
 * to caller and callee (callee alerting, cause newCall), or Diverted + Delivered when the callee
 * forwards, or Failed at the caller (fail state, cause busy / doNotDisturb).
 */
export function makeCall(ctx: ServiceContext, arg: ArgumentOf<'makeCall'>): ResultOf<'makeCall'> {
  const caller = knownDevice(ctx, arg.callingDevice, 'invalidCallingDeviceID', 'callingDevice');
  const called = knownDevice(ctx, arg.calledDirectoryNumber, 'invalidDestination', 'calledDirectoryNumber');
  if (caller === called) throw operationError('notDifferentDevices', `makeCall: device ${caller} cannot call itself`);
  if (ctx.devices.get(caller)?.group !== undefined) throw operationError('invalidCallingDeviceID', `makeCall: ${caller} is a hunt group; a group cannot place calls`);
  if (ctx.calls.isBusy(caller)) {
    throw stateError('invalidCallingDeviceState', `makeCall: device ${caller} is already in a call that is not on hold; clear or hold it first`);
  }
  const call = ctx.calls.create(caller, called);
  originate(ctx, call, 'makeCall');
  offer(ctx, call, route(ctx.devices, ctx.calls, called), 'newCall', caller);
  return { callingDevice: connectionId(call, caller) };
}

/**
 * Consultation Call: Held on the existing call, then a new call from the same device as Make Call
 * does it; every event has cause consultation (forwarding hops keep their forwarding cause).
 */
export function consultationCall(ctx: ServiceContext, arg: ArgumentOf<'consultationCall'>): ResultOf<'consultationCall'> {
  const existing = findConnection(ctx, arg.existingCall, 'connection', 'existingCall');
  expectState(existing, ['connected'], 'connection', 'consultationCall');
  const consulted = knownDevice(ctx, arg.consultedDevice, 'invalidDestination', 'consultedDevice');
  if (consulted === existing.device) throw operationError('notDifferentDevices', `consultationCall: device ${consulted} cannot consult itself`);
  const call = ctx.calls.create(existing.device, consulted, existing.call);
  existing.connection.state = 'hold';
  ctx.events.report(partiesOf(existing.call), ev.held(existing.call, existing.device, 'consultation', ctx.ts));
  originate(ctx, call, 'consultation');
  offer(ctx, call, route(ctx.devices, ctx.calls, consulted), 'consultation', existing.device);
  return { initiatedCall: connectionId(call, existing.device) };
}

/** Answer Call: the alerting connection becomes connected; Established to every party (cause newCall). */
export function answerCall(ctx: ServiceContext, arg: ArgumentOf<'answerCall'>): ResultOf<'answerCall'> {
  const found = findConnection(ctx, arg.callToBeAnswered, 'connection', 'callToBeAnswered');
  expectState(found, ['alerting'], 'connection', 'answerCall');
  found.connection.state = 'connected';
  ctx.events.report(partiesOf(found.call), ev.established(found.call, found.device, 'newCall', ctx.ts));
  return NO_DATA;
}

/**
 * Deflect Call: the alerting connection leaves the call, Diverted to every party and the deflecting
 * device (cause redirected), then the call is offered to the new destination (Delivered there).
 * A destination that cannot take the call is refused before anything changes.
 */
export function deflectCall(ctx: ServiceContext, arg: ArgumentOf<'deflectCall'>): ResultOf<'deflectCall'> {
  const found = findConnection(ctx, arg.callToBeDiverted, 'connection', 'callToBeDiverted');
  expectState(found, ['alerting', 'queued'], 'connection', 'deflectCall');
  const destination = knownDevice(ctx, arg.newDestination, 'invalidDestination', 'newDestination');
  if (destination === found.device) throw operationError('notDifferentDevices', `deflectCall: cannot deflect ${found.device}'s call to itself`);
  if (found.call.connections.has(destination)) {
    throw stateError('invalidDestinationDeviceState', `deflectCall: ${destination} is already in call ${hexOf(found.call.callID)}`);
  }
  const plan = route(ctx.devices, ctx.calls, destination);
  if (plan.kind === 'blocked') {
    throw stateError('invalidDestinationDeviceState', `deflectCall: ${plan.device} cannot take the call (${plan.cause})`);
  }
  const { call, device } = found;
  const previous = call.lastRedirectionDevice;
  ctx.calls.leave(call, device);
  call.lastRedirectionDevice = device;
  ctx.events.report([...partiesOf(call), device], ev.diverted(call, device, destination, previous, 'redirected', ctx.ts));
  offer(ctx, call, plan, 'redirected', device);
  return NO_DATA;
}
