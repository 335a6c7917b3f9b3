/**
 * The steps several services share: originating a call from a device, offering it to a destination
 * (forwarding, busy, do-not-disturb), and clearing connections until the call is gone.
 */
import type { EventCause } from '../../../generated/csta-event-causes.js';
import type { Call, Connection } from '../calls.js';
import * as ev from '../events.js';
import type { RoutePlan } from '../routing.js';
import { partiesOf, type ServiceContext } from './context.js';

/**
 * Starts a call made with `calls.create` (creating it first means a refusal for lack of callIDs
 * comes before anything changed): ServiceInitiated (initiated) then Originated (connected) to the
 * caller's monitors. The call is then offered with `offer`.
 */
export function originate(ctx: ServiceContext, call: Call, cause: EventCause): void {
  const caller = call.callingDevice;
  const connection: Connection = { device: caller, state: 'initiated' };
  ctx.calls.join(call, connection);
  ctx.events.report([caller], ev.serviceInitiated(call, caller, cause, ctx.ts));
  connection.state = 'connected';
  ctx.events.report([caller], ev.originated(call, cause, ctx.ts));
}

/**
 * Offers the call along a route: a Diverted for each forwarding hop, then Delivered at the
 * destination (now alerting), or, when the route is blocked, Failed with the connection of
 * `failingParty` (the caller) put in the fail state. Every event goes to every party of the call
 * and to the device the call is diverted from.
 */
export function offer(ctx: ServiceContext, call: Call, plan: RoutePlan, cause: EventCause, failingParty: string): void {
  for (const hop of plan.hops) {
    const previous = call.lastRedirectionDevice;
    call.lastRedirectionDevice = hop.from;
    ctx.events.report([...partiesOf(call), hop.from], ev.diverted(call, hop.from, hop.to, previous, hop.cause, ctx.ts));
  }
  const lastCause = plan.hops.length > 0 ? plan.hops[plan.hops.length - 1].cause : cause;
  if (plan.kind === 'deliver') {
    ctx.calls.join(call, { device: plan.destination, state: 'alerting' });
    ctx.events.report(partiesOf(call), ev.delivered(call, plan.destination, lastCause, ctx.ts));
    return;
  }
  const connection = call.connections.get(failingParty);
  if (connection) connection.state = 'fail';
  ctx.events.report(partiesOf(call), ev.failed(call, failingParty, plan.device, plan.cause, ctx.ts));
}

/**
 * Clears `device`'s connection: ConnectionCleared to everyone in the call (the device included).
 * A call left with a single connection cannot go on, so that one is cleared too; when no
 * connection is left, CallCleared goes to every device cleared here and the callID is freed.
 */
export function dropConnection(ctx: ServiceContext, call: Call, device: string, cause: EventCause): void {
  const clearedHere = partiesOf(call);
  removeConnection(ctx, call, device, cause);
  while (call.connections.size === 1) removeConnection(ctx, call, partiesOf(call)[0], cause);
  if (call.connections.size === 0) endCall(ctx, call, clearedHere, cause);
}

/** Clears every connection of the call (ConnectionCleared each, in order) and then the call. */
export function clearWholeCall(ctx: ServiceContext, call: Call, cause: EventCause): void {
  const parties = partiesOf(call);
  for (const device of parties) removeConnection(ctx, call, device, cause);
  endCall(ctx, call, parties, cause);
}

function removeConnection(ctx: ServiceContext, call: Call, device: string, cause: EventCause): void {
  const audience = partiesOf(call);
  ctx.calls.leave(call, device);
  ctx.events.report(audience, ev.connectionCleared(call, device, cause, ctx.ts));
}

function endCall(ctx: ServiceContext, call: Call, audience: readonly string[], cause: EventCause): void {
  ctx.events.report(audience, ev.callCleared(call, cause, ctx.ts));
  ctx.calls.remove(call);
}
