/**
 * Calls and connections of the simulated switch. A call has a 2-byte callID and at most one
 * connection per device; each connection has an ECMA-269 LocalConnectionState.
 */
import type { LocalConnectionState } from '../../generated/csta-connection-states.js';
import { resourceError } from './errors.js';
import { IdAllocator, fromTwoBytes, twoBytes } from './ids.js';

/** A device's part in a call. */
export interface Connection {
  readonly device: string;
  state: LocalConnectionState;
}

/** A call: its identifier, its connections (in the order the devices joined) and who called whom. */
export interface Call {
  /** The callID as a number 1..0xFFFF. */
  readonly id: number;
  /** The callID as it goes on the wire (2 bytes). */
  readonly callID: Uint8Array;
  /** Changed only through the CallTable (`join`, `leave`, `remove`), which keeps its index by device. */
  readonly connections: ReadonlyMap<string, Connection>;
  /** The device that placed the call (after a single-step transfer: the party left in it). */
  callingDevice: string;
  /** The number that was dialled (stays the original number when the call is diverted). */
  calledDevice: string;
  /** The device the call was last redirected from, if it was. */
  lastRedirectionDevice?: string;
  /** 16-byte globally unique call linkage ID (hipath-protocol.md §7.9). */
  readonly globalLinkageID: Uint8Array;
  /** 16-byte thread linkage ID: shared by a call and the consultation calls made from it. */
  readonly threadLinkageID: Uint8Array;
}

/**
 * The constant "system part" seen in every HiPath linkage ID (§7.9, INFER): bytes 5-14 of the
 * 16-byte ID; bytes 1-4 vary per call and the last 2 are the local callID.
 */
const LINKAGE_SYSTEM_PART = [0x50, 0xf7, 0x07, 0x88, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00];

/** The live calls, by callID, and by device. */
export class CallTable {
  private readonly ids: IdAllocator;
  private readonly byId = new Map<number, Call>();
  /**
   * The live calls each device has a connection in, oldest call first. Without it, every
   * snapshot, busy check and routing decision scanned all calls: with 2,000 calls in progress,
   * most of the simulator's time.
   */
  private readonly byDevice = new Map<string, Call[]>();
  /** When each call was created (a count), for the by-device lists' order. */
  private readonly order = new WeakMap<Call, number>();
  private created = 0;
  private linkageSerial = 0;

  constructor(firstCallId = 1) {
    this.ids = new IdAllocator(firstCallId, 'callID');
  }

  /** A new call with no connections yet; a consultation call passes the call it consults from as `thread`. */
  create(callingDevice: string, calledDevice: string, thread?: Call): Call {
    const id = this.ids.allocate();
    if (id === undefined) throw resourceError('resourceLimitExceeded', 'all 65535 callIDs are in use: clear some calls first');
    const callID = twoBytes(id);
    this.linkageSerial = (this.linkageSerial + 1) >>> 0;
    const globalLinkageID = new Uint8Array([...serialBytes(this.linkageSerial), ...LINKAGE_SYSTEM_PART, ...callID]);
    const call: Call = {
      id,
      callID,
      connections: new Map(),
      callingDevice,
      calledDevice,
      globalLinkageID,
      threadLinkageID: thread?.threadLinkageID ?? globalLinkageID,
    };
    this.byId.set(id, call);
    this.order.set(call, this.created++);
    return call;
  }

  /** The live call with this callID (2 bytes), if any. */
  get(callID: Uint8Array): Call | undefined {
    const id = fromTwoBytes(callID);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Ends the call (with any connections it still has): its callID becomes free for reuse. */
  remove(call: Call): void {
    for (const device of [...call.connections.keys()]) this.leave(call, device);
    this.byId.delete(call.id);
    this.ids.release(call.id);
  }

  /** Drops every call without a trace (a switch restart that loses its calls). */
  clear(): void {
    this.byId.clear();
    this.byDevice.clear();
    this.ids.releaseAll();
  }

  /** Gives `connection.device` a connection in `call` (replacing one it had there). */
  join(call: Call, connection: Connection): void {
    const device = connection.device;
    const had = call.connections.has(device);
    (call.connections as Map<string, Connection>).set(device, connection);
    if (had) return;
    const calls = this.byDevice.get(device);
    if (calls === undefined) this.byDevice.set(device, [call]);
    else this.insertInOrder(calls, call);
  }

  /** Takes `device`'s connection out of `call` (nothing when it has none). */
  leave(call: Call, device: string): void {
    if (!(call.connections as Map<string, Connection>).delete(device)) return;
    const calls = this.byDevice.get(device);
    if (calls === undefined) return;
    const at = calls.indexOf(call);
    if (at >= 0) calls.splice(at, 1);
    if (calls.length === 0) this.byDevice.delete(device);
  }

  /**
   * Puts `call` into a device's list (oldest call first, as `all()`) at its place: nearly always
   * the end, since a device joins its newest call; a search from the end otherwise (a device has
   * few calls).
   */
  private insertInOrder(calls: Call[], call: Call): void {
    const created = this.order.get(call) ?? Infinity;
    let at = calls.length;
    while (at > 0 && (this.order.get(calls[at - 1]!) ?? Infinity) > created) at--;
    calls.splice(at, 0, call);
  }

  /** Whether the device has a connection in any live call. */
  hasConnections(device: string): boolean {
    return this.byDevice.has(device);
  }

  /** Live calls in creation order. */
  all(): Call[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** The device's connections in all live calls, oldest call first. */
  connectionsOf(device: string): { call: Call; connection: Connection }[] {
    const calls = this.byDevice.get(device);
    if (calls === undefined) return [];
    return calls.map((call) => ({ call, connection: call.connections.get(device)! }));
  }

  /**
   * Whether the device cannot take another call: it has a connection in any state but hold
   * (connected, alerting, initiated, queued or fail). The simulated switch has no call waiting.
   */
  isBusy(device: string): boolean {
    return this.connectionsOf(device).some(({ connection }) => connection.state !== 'hold');
  }
}

function serialBytes(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
