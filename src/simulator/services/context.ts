/**
 * What every service of the call model works on, and the lookups they share: devices and
 * connections named in a request, resolved or refused with the ECMA-269 error that fits.
 */
import type { ConnectionID } from '../../../generated/csta-call-connection-identifiers.js';
import type { LocalConnectionState } from '../../../generated/csta-connection-states.js';
import type { DeviceID } from '../../../generated/csta-device-identifiers.js';
import type { OperationErrors, StateIncompatibilityErrors } from '../../../generated/csta-error-definition.js';
import type { Call, CallTable, Connection } from '../calls.js';
import { digitsOf, type DeviceDirectory } from '../devices.js';
import { operationError, stateError } from '../errors.js';
import type { EventBatch } from '../events.js';
import { hexOf } from '../ids.js';
import type { MonitorTable } from '../monitors.js';

/** The switch state a service reads: all a query (a snapshot, a get…) is given. */
export interface QueryContext {
  readonly devices: DeviceDirectory;
  readonly calls: CallTable;
  readonly monitors: MonitorTable;
}

/** The switch state a service reads and changes, and the batch its events go to. */
export interface ServiceContext extends QueryContext {
  readonly events: EventBatch;
  /** The timestamp of this service's events. */
  readonly ts: string;
  /** Told when a call starts ringing at a device (the model's ring timer); absent without a scheduler. */
  readonly ringing?: ((call: Call, device: string) => void) | undefined;
}

/** The result most services return (`CHOICE { extensions, noData NULL }`). */
export const NO_DATA = { case: 'noData', value: null } as const;

/** The dialing number of a configured device named in a request, or `error`. */
export function knownDevice(ctx: QueryContext, id: DeviceID, error: OperationErrors, what: string): string {
  const number = digitsOf(id);
  if (number === undefined) {
    throw operationError(error, `${what} is given as ${id.deviceIdentifier.case}; the simulated switch knows devices by their dialing number`);
  }
  if (!ctx.devices.has(number)) throw operationError(error, `${what} ${number} is not a device of the simulated switch`);
  return number;
}

/** Which connection of a request: each has its own ECMA-269 error values. */
export type ConnectionRole = 'connection' | 'active' | 'held';

const ROLE_ERRORS: Record<ConnectionRole, { call: OperationErrors; connection: OperationErrors; state: StateIncompatibilityErrors }> = {
  connection: { call: 'invalidCallID', connection: 'invalidConnectionID', state: 'invalidConnectionState' },
  active: { call: 'invalidActiveCallID', connection: 'invalidActiveConnectionID', state: 'invalidActiveConnectionState' },
  held: { call: 'invalidHeldCallID', connection: 'invalidHeldConnectionID', state: 'invalidHeldConnectionState' },
};

/** A live connection found from a ConnectionID of a request. */
export interface Found {
  readonly call: Call;
  readonly connection: Connection;
  readonly device: string;
}

/**
 * The live connection a ConnectionID names. The `both` form is what HiPath uses; a `deviceID`-only
 * form is accepted when the device has exactly one connection, a `callID`-only form when the call
 * has exactly one.
 */
export function findConnection(ctx: QueryContext, id: ConnectionID, role: ConnectionRole, what: string): Found {
  const errors = ROLE_ERRORS[role];
  if (id.case === 'deviceID') {
    const device = localDevice(id.value, errors.connection, what);
    const mine = ctx.calls.connectionsOf(device);
    if (mine.length !== 1) {
      throw operationError(errors.connection, `${what} names only device ${device}, which has ${mine.length} connections: give the callID too`);
    }
    return { call: mine[0].call, connection: mine[0].connection, device };
  }
  const callID = id.case === 'both' ? id.value.callID : id.value;
  const call = ctx.calls.get(callID);
  if (!call) throw operationError(errors.call, `${what}: there is no call with callID ${hexOf(callID) || '(empty)'}`);
  if (id.case === 'callID') {
    if (call.connections.size !== 1) {
      throw operationError(errors.connection, `${what} names only call ${hexOf(callID)}, which has ${call.connections.size} connections: give the device too`);
    }
    const [connection] = call.connections.values();
    return { call, connection, device: connection.device };
  }
  const device = localDevice(id.value.deviceID, errors.connection, what);
  const connection = call.connections.get(device);
  if (!connection) throw operationError(errors.connection, `${what}: device ${device} has no connection in call ${hexOf(callID)}`);
  return { call, connection, device };
}

/** The live call a ConnectionID names (any form that carries a callID). */
export function findCall(ctx: QueryContext, id: ConnectionID, what: string): Call {
  if (id.case === 'deviceID') return findConnection(ctx, id, 'connection', what).call;
  const callID = id.case === 'both' ? id.value.callID : id.value;
  const call = ctx.calls.get(callID);
  if (!call) throw operationError('invalidCallID', `${what}: there is no call with callID ${hexOf(callID) || '(empty)'}`);
  return call;
}

/** Refuses the service unless the connection is in one of `states`. */
export function expectState(found: Found, states: readonly LocalConnectionState[], role: ConnectionRole, service: string): void {
  if (!states.includes(found.connection.state)) {
    throw stateError(
      ROLE_ERRORS[role].state,
      `${service}: the connection of ${found.device} in call ${hexOf(found.call.callID)} is ${found.connection.state}, it must be ${states.join(' or ')}`,
    );
  }
}

/** The devices with a connection in the call, in the order they joined. */
export function partiesOf(call: Call): string[] {
  return [...call.connections.keys()];
}

function localDevice(id: { case: 'staticID'; value: DeviceID } | { case: 'dynamicID'; value: Uint8Array }, error: OperationErrors, what: string): string {
  const number = id.case === 'staticID' ? digitsOf(id.value) : undefined;
  if (number === undefined) throw operationError(error, `${what} gives its device as ${id.case === 'staticID' ? id.value.deviceIdentifier.case : 'dynamicID'}; use a dialing number`);
  return number;
}
