/**
 * The options and results of CstaClient (client.ts): what `connect()`, `monitor()` and `close()`
 * take, and what the recovery events ('reconnected', 'monitorsRecreated') report.
 */
import type * as tls from 'node:tls';
import type { MonitorFilter } from '../../generated/csta-status-reporting.js';
import type { Logger } from './logger.js';
import type { Monitor } from './monitor.js';
import type { DialectProfile } from './profile.js';
import type { ReconnectOptions } from './reconnect.js';

export interface ClientOptions {
  readonly host: string;
  /** Default: the profile's (HiPath: 8800, OpenScape Business). */
  readonly port?: number;
  /** TLS: true for Node's defaults (system CAs, SNI = host), or tls.connect options (ca, cert, …). */
  readonly tls?: boolean | tls.ConnectionOptions;
  /** Default: the profile's (HiPath: AMHOST / 77777). */
  readonly user?: string;
  readonly password?: string;
  /** Default HIPATH. */
  readonly profile?: DialectProfile;
  /** Default: the profile's (10 000 ms). */
  readonly requestTimeoutMs?: number;
  /** Silence before a systemStatus probe; 0 = no probing. Default: the profile's (60 000 ms). */
  readonly deadLinkMs?: number;
  /** TCP (+TLS) connect limit. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** AARQ → AARE → first systemStatus limit. Default: the profile's (10 000 ms). */
  readonly associationTimeoutMs?: number;
  /** false: no reconnecting (the client closes when the link is lost). */
  readonly reconnect?: Partial<ReconnectOptions> | boolean;
  /**
   * After a monitor was started again (reconnect, or the switch's systemStatus enabled), take a
   * snapshotDevice of its device and emit it on the monitor as 'resync', in order with its events,
   * so that call state missed meanwhile can be rebuilt. Default true; false sends no snapshot.
   */
  readonly resync?: boolean;
  readonly logger?: Logger;
}

export interface MonitorOptions {
  /** The MonitorFilter to send; default the profile's (HiPath: complete, all zero = every event); null: send none. */
  readonly filter?: MonitorFilter | null;
  /** Events each async iterator buffers for a slow consumer. Default 10 000. */
  readonly bufferSize?: number;
}

export interface CloseOptions {
  /** Send ABRT at once (what Net::CSTAv3::Client did) instead of monitorStop for each monitor and an orderly release. */
  readonly abort?: boolean;
}

export interface RecreatedMonitor {
  readonly monitor: Monitor;
  readonly device: string;
  readonly previous: string | undefined;
  readonly crossRefIdentifier: string;
}
export interface LostMonitor {
  readonly monitor: Monitor;
  readonly device: string;
  readonly error: Error;
}
export interface Recreation {
  readonly recreated: readonly RecreatedMonitor[];
  readonly lost: readonly LostMonitor[];
}

export type ClientState = 'connected' | 'reconnecting' | 'closing' | 'closed';
