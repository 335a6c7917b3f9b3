/**
 * Services that move connections between hold and active: Hold Call, Retrieve Call, Alternate
 * Call, Reconnect Call (ECMA-269 §17.1), and the held/active pair Transfer and Conference use too.
 */
import type { ArgumentOf, ResultOf } from '../../../generated/operations.js';
import { operationError, stateError } from '../errors.js';
import * as ev from '../events.js';
import { dropConnection } from './call-legs.js';
import { NO_DATA, expectState, findConnection, partiesOf, type Found, type ServiceContext } from './context.js';

/** Hold Call: the connected connection goes on hold; Held to every party (cause normal). */
export function holdCall(ctx: ServiceContext, arg: ArgumentOf<'holdCall'>): ResultOf<'holdCall'> {
  const found = findConnection(ctx, arg.callToBeHeld, 'connection', 'callToBeHeld');
  expectState(found, ['connected'], 'connection', 'holdCall');
  found.connection.state = 'hold';
  ctx.events.report(partiesOf(found.call), ev.held(found.call, found.device, 'normal', ctx.ts));
  return NO_DATA;
}

/** Retrieve Call: the held connection is connected again; Retrieved to every party (cause normal). */
export function retrieveCall(ctx: ServiceContext, arg: ArgumentOf<'retrieveCall'>): ResultOf<'retrieveCall'> {
  const found = findConnection(ctx, arg.callToBeRetrieved, 'connection', 'callToBeRetrieved');
  expectState(found, ['hold'], 'connection', 'retrieveCall');
  refuseIfActiveElsewhere(ctx, found, 'retrieveCall');
  found.connection.state = 'connected';
  ctx.events.report(partiesOf(found.call), ev.retrieved(found.call, found.device, 'normal', ctx.ts));
  return NO_DATA;
}

/** Alternate Call: Held on the active call, then Retrieved on the held one (cause alternate). */
export function alternateCall(ctx: ServiceContext, arg: ArgumentOf<'alternateCall'>): ResultOf<'alternateCall'> {
  const { heldOne, activeOne } = heldAndActive(ctx, arg.heldCall, arg.activeCall, 'alternateCall');
  activeOne.connection.state = 'hold';
  ctx.events.report(partiesOf(activeOne.call), ev.held(activeOne.call, activeOne.device, 'alternate', ctx.ts));
  heldOne.connection.state = 'connected';
  ctx.events.report(partiesOf(heldOne.call), ev.retrieved(heldOne.call, heldOne.device, 'alternate', ctx.ts));
  return NO_DATA;
}

/**
 * Reconnect Call: the active connection is cleared as Clear Connection does it (ConnectionCleared,
 * CallCleared if the call ends), then the held one is retrieved (Retrieved, cause normal).
 */
export function reconnectCall(ctx: ServiceContext, arg: ArgumentOf<'reconnectCall'>): ResultOf<'reconnectCall'> {
  const { heldOne, activeOne } = heldAndActive(ctx, arg.heldCall, arg.activeCall, 'reconnectCall', ['connected', 'alerting', 'fail', 'initiated']);
  dropConnection(ctx, activeOne.call, activeOne.device, 'normalClearing');
  heldOne.connection.state = 'connected';
  ctx.events.report(partiesOf(heldOne.call), ev.retrieved(heldOne.call, heldOne.device, 'normal', ctx.ts));
  return NO_DATA;
}

/**
 * The held and the active connection of one device in two different calls, as Alternate,
 * Reconnect, Transfer and Conference Call need them.
 */
export function heldAndActive(
  ctx: ServiceContext,
  heldCall: ArgumentOf<'alternateCall'>['heldCall'],
  activeCall: ArgumentOf<'alternateCall'>['activeCall'],
  service: string,
  activeStates: Parameters<typeof expectState>[1] = ['connected'],
): { heldOne: Found; activeOne: Found } {
  const heldOne = findConnection(ctx, heldCall, 'held', 'heldCall');
  const activeOne = findConnection(ctx, activeCall, 'active', 'activeCall');
  if (heldOne.device !== activeOne.device) {
    throw operationError('notSameDevice', `${service}: heldCall is at ${heldOne.device} but activeCall is at ${activeOne.device}; both must be the same device`);
  }
  if (heldOne.call === activeOne.call) {
    throw operationError('invalidActiveCallID', `${service}: heldCall and activeCall name the same call`);
  }
  expectState(heldOne, ['hold'], 'held', service);
  expectState(activeOne, activeStates, 'active', service);
  return { heldOne, activeOne };
}

function refuseIfActiveElsewhere(ctx: ServiceContext, found: Found, service: string): void {
  const active = ctx.calls.connectionsOf(found.device).find(({ call, connection }) => call !== found.call && connection.state !== 'hold');
  if (active) {
    throw stateError('connectedCallExists', `${service}: device ${found.device} is ${active.connection.state} in another call; hold or clear it first`);
  }
}
