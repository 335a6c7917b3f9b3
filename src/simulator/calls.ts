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
  readonly connections: Map<string, Connection>;
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

/** The live calls, by callID. */
export class CallTable {
  private readonly ids: IdAllocator;
  private readonly byId = new Map<number, Call>();
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
    return call;
  }

  /** The live call with this callID (2 bytes), if any. */
  get(callID: Uint8Array): Call | undefined {
    const id = fromTwoBytes(callID);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Ends the call: its callID becomes free for reuse. */
  remove(call: Call): void {
    this.byId.delete(call.id);
    this.ids.release(call.id);
  }

  /** Drops every call without a trace (a switch restart that loses its calls). */
  clear(): void {
    this.byId.clear();
    this.ids.releaseAll();
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
    const out: { call: Call; connection: Connection }[] = [];
    for (const call of this.byId.values()) {
      const connection = call.connections.get(device);
      if (connection) out.push({ call, connection });
    }
    return out;
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
