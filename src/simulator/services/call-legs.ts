/**
 * The steps several services share: originating a call from a device, offering it to a destination
 * (forwarding, busy, do-not-disturb), and clearing connections until the call is gone.
 */
import type { EventCause } from '../../../generated/csta-event-causes.js';
import type { Call, Connection } from '../calls.js';
import * as ev from '../events.js';
import type { ForwardingType } from '../../../generated/csta-device-feature-types.js';
import type { DeviceDirectory } from '../devices.js';
import { route, type RoutePlan } from '../routing.js';
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
    ctx.ringing?.(call, plan.destination);
    return;
  }
  if (plan.kind === 'queue') {
    const queue = ctx.devices.get(plan.destination)!.group!.queue;
    ctx.calls.join(call, { device: plan.destination, state: 'queued' });
    queue.push(call);
    ctx.events.report(partiesOf(call), ev.queued(call, plan.destination, queuedAt(ctx, plan.destination).length, plan.hops.length > 0 ? lastCause : 'enteringDistribution', ctx.ts));
    return; // distributed, if a member is free, when the service ends (distribute)
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

const NO_ANSWER: readonly ForwardingType[] = ['forwardNoAns', 'forwardNoAnsInt'];

/** Where `device` forwards calls it does not answer (forwardNoAns, else forwardNoAnsInt), if it does. */
export function noAnswerForwarding(devices: DeviceDirectory, device: string): string | undefined {
  const forwarding = devices.get(device)?.forwarding;
  for (const type of NO_ANSWER) {
    const setting = forwarding?.get(type);
    if (setting?.active && setting.forwardTo !== undefined && setting.forwardTo !== device) return setting.forwardTo;
  }
  return undefined;
}

/** Devices a call has already left on no answer: it is not forwarded back to one of them. */
const leftOnNoAnswer = new WeakMap<Call, Set<string>>();

/**
 * The ring timer of `device` in `call` ran out. If the call still rings there and the device
 * still forwards on no answer, the call is diverted as deflectCall does it, with cause
 * callForwardNoAnswer: Diverted to the parties and the device, which leaves the call, then the
 * call is offered to the forward destination (its own forwarding, do-not-disturb and busy apply;
 * Delivered there, and a ring timer of its own). When the destination cannot take the call (busy
 * or do-not-disturb with nothing to forward to), is already in the call, or has already let this
 * call go unanswered, nothing happens: the call rings on.
 */
export function forwardOnNoAnswer(ctx: ServiceContext, call: Call, device: string): void {
  if (ctx.calls.get(call.callID) !== call || call.connections.get(device)?.state !== 'alerting') return;
  const destination = noAnswerForwarding(ctx.devices, device);
  if (destination === undefined || call.connections.has(destination)) return;
  const left = leftOnNoAnswer.get(call) ?? new Set<string>();
  if (left.has(destination)) return;
  const plan = route(ctx.devices, ctx.calls, destination);
  if (plan.kind === 'blocked' || call.connections.has(plan.destination) || left.has(plan.destination)) return;
  left.add(device);
  leftOnNoAnswer.set(call, left);
  const previous = call.lastRedirectionDevice;
  ctx.calls.leave(call, device);
  call.lastRedirectionDevice = device;
  ctx.events.report([...partiesOf(call), device], ev.diverted(call, device, destination, previous, 'callForwardNoAnswer', ctx.ts));
  offer(ctx, call, plan, 'callForwardNoAnswer', call.callingDevice);
}

/** The calls queued at hunt group `pilot` now, oldest first (the queue less those that left it). */
function queuedAt(ctx: ServiceContext, pilot: string): Call[] {
  const group = ctx.devices.get(pilot)?.group;
  if (group === undefined) return [];
  const live = group.queue.filter((call) => ctx.calls.get(call.callID) === call && call.connections.get(pilot)?.state === 'queued');
  group.queue.splice(0, group.queue.length, ...live);
  return live;
}

/** A member that can take a call of a hunt group: no connection at all (so none in this call either), do-not-disturb off. */
function freeMember(ctx: ServiceContext, members: readonly string[]): string | undefined {
  return members.find((m) => !ctx.calls.hasConnections(m) && !ctx.devices.get(m)?.doNotDisturb);
}

/**
 * Hands queued calls of every hunt group to free members, oldest call first, each to the first
 * free member in the group's order: Diverted (cause distributed) from the group to the member, to
 * the parties and the group, then Delivered (distributed) at the member, which rings. Run by the
 * model after every service and timer, so a call is distributed as soon as a member is free: at
 * once when one is free as it arrives, or when a member's call ends.
 */
export function distribute(ctx: ServiceContext): void {
  for (const pilot of ctx.devices.groups()) {
    const { members } = ctx.devices.get(pilot)!.group!;
    for (const call of queuedAt(ctx, pilot)) {
      const member = freeMember(ctx, members);
      if (member === undefined) break; // members free up for the oldest call first
      const previous = call.lastRedirectionDevice;
      ctx.calls.leave(call, pilot);
      call.lastRedirectionDevice = pilot;
      ctx.events.report([...partiesOf(call), pilot], ev.diverted(call, pilot, member, previous, 'distributed', ctx.ts));
      offer(ctx, call, { kind: 'deliver', hops: [], destination: member }, 'distributed', call.callingDevice);
    }
  }
}
