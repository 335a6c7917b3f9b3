/**
 * The Net::CSTAv3::Client API (seed-net-cstav3-client.txt) over CstaClient, so programs written
 * against the Perl module port line by line:
 *
 * ```js
 * import Client from 'csta3/seed';            // or: import { NetCstav3Client } from 'csta3'
 * const csta = Client.new();
 * await csta.csta_connect({ host: 'siemens-pbx', port: 18000 });
 * const crossRef = await csta.csta_setup_monitoring({
 *   'dialing-number': '100',
 *   cleared_cb: async (hash) => {
 *     console.log(hash['releasing-device']);
 *     await csta.csta_destroy_monitoring({ 'cross-ref-identifier': crossRef });
 *     await csta.csta_disconnect();
 *   },
 * });
 * await csta.main_loop();
 * ```
 *
 * Differences, all because JavaScript does not block:
 * - csta_connect, csta_setup_monitoring, csta_destroy_monitoring and csta_disconnect return
 *   Promises (Perl blocked); `await` them. Errors reject (the seed never read ReturnErrors, §9.5).
 * - main_loop() returns a Promise that resolves when the client is disconnected (csta_disconnect)
 *   and rejects with the error when the link is lost for good (the seed's never returned, §9.11).
 *   Events are delivered whether or not main_loop() was called.
 * - The link is re-established on its own after a loss and the monitors started again (the seed
 *   died); their callbacks keep being called. A re-created monitor has a new cross reference:
 *   the hash carries the current one, and csta_destroy_monitoring accepts the old or the new one.
 *   Pass `reconnect: false` to csta_connect to close instead (main_loop then rejects).
 *
 * Callbacks get one argument, the hash (hash.ts for the keys). Besides the seed's delivered_cb,
 * cleared_cb, established_cb and transferred_cb, any `<event>_cb` of the 74 events (diverted_cb,
 * originated_cb, held_cb, …) and `any_cb` (every event) are accepted.
 *
 * debug_on(): debug lines on stdout, each prefixed `[DEBUG] ` as the seed's; passwords never
 * appear. With debugging off, only warnings and errors are written, to stderr.
 */
import type * as tls from 'node:tls';
import { eventsByName, type EventName } from '../../generated/events.js';
import { CstaClient } from '../session/client.js';
import type { CstaEvent } from '../session/csta-event.js';
import { crossRefBytes } from '../session/device.js';
import { formatLine, type Logger, type LogLevel } from '../session/logger.js';
import type { Monitor, MonitorHandlers } from '../session/monitor.js';
import type { DialectProfile } from '../session/profile.js';
import type { ReconnectOptions } from '../session/reconnect.js';
import { seedHash, type SeedHash } from './hash.js';

export type SeedCallback = (hash: SeedHash) => unknown;

export interface SeedConnectParams {
  readonly host: string;
  /** The seed required it; here the profile's default (8800) applies when absent. */
  readonly port?: number;
  /** Default AMHOST. */
  readonly authname?: string;
  /** Default 77777. */
  readonly password?: string;
  // Additions:
  readonly tls?: boolean | tls.ConnectionOptions;
  readonly profile?: DialectProfile;
  readonly reconnect?: Partial<ReconnectOptions> | boolean;
  readonly requestTimeoutMs?: number;
  readonly deadLinkMs?: number;
}

export type SeedMonitoringParams = { readonly 'dialing-number': string } & { readonly [callback: `${string}_cb`]: SeedCallback | undefined };

export interface SeedOptions {
  /** Where lines go; default process.stdout / process.stderr. */
  readonly write?: (stream: 'stdout' | 'stderr', line: string) => void;
}

/** The seed's callback names for the events it knew (§6.3); every other `<event>_cb` maps to its event. */
const SEED_CALLBACKS: Readonly<Record<string, EventName>> = {
  delivered_cb: 'delivered',
  cleared_cb: 'connectionCleared',
  established_cb: 'established',
  transferred_cb: 'transferred',
};

export class NetCstav3Client {
  #client: CstaClient | undefined;
  #debug = false;
  /** Cross references as csta_setup_monitoring returned them → their monitors. */
  readonly #returned = new Map<string, Monitor>();
  readonly #write: (stream: 'stdout' | 'stderr', line: string) => void;
  readonly #logger: Logger;

  constructor(options: SeedOptions = {}) {
    this.#write = options.write ?? ((stream, line) => process[stream].write(line + '\n'));
    const at =
      (level: LogLevel) =>
      (message: string, fields?: Record<string, unknown>): void => {
        if (this.#debug) this.#write('stdout', `[DEBUG] ${formatLine(message, fields)}`);
        else if (level === 'warn' || level === 'error') this.#write('stderr', `${level}: ${formatLine(message, fields)}`);
      };
    const seed = this;
    this.#logger = {
      get debugEnabled() {
        return seed.#debug;
      },
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    };
  }

  /** `Net::CSTAv3::Client->new()`. */
  static new(options?: SeedOptions): NetCstav3Client {
    return new NetCstav3Client(options);
  }

  /** The CstaClient underneath (typed services, every operation, reconnect events), once connected. */
  get client(): CstaClient | undefined {
    return this.#client;
  }

  /** Connects and associates (AARQ with authname/password, AARE checked, systemStatus answered). */
  async csta_connect(params: SeedConnectParams): Promise<void> {
    if (this.#client !== undefined && this.#client.state !== 'closed') {
      throw new Error('csta_connect: already connected; call csta_disconnect() first');
    }
    this.#logger.debug(`connecting to ${params.host}:${params.port ?? 'default port'}`);
    this.#client = await CstaClient.connect({
      host: params.host,
      ...(params.port !== undefined && { port: params.port }),
      ...(params.authname !== undefined && { user: params.authname }),
      ...(params.password !== undefined && { password: params.password }),
      ...(params.tls !== undefined && { tls: params.tls }),
      ...(params.profile !== undefined && { profile: params.profile }),
      ...(params.reconnect !== undefined && { reconnect: params.reconnect }),
      ...(params.requestTimeoutMs !== undefined && { requestTimeoutMs: params.requestTimeoutMs }),
      ...(params.deadLinkMs !== undefined && { deadLinkMs: params.deadLinkMs }),
      logger: this.#logger,
      resync: false, // the seed's callbacks have nowhere to put a snapshot: none is taken
    });
    this.#returned.clear();
  }

  /** Starts monitoring a device; resolves with its cross reference as lowercase hex (`0001`). */
  async csta_setup_monitoring(params: SeedMonitoringParams): Promise<string> {
    const client = this.#connected('csta_setup_monitoring');
    const device = params['dialing-number'];
    if (typeof device !== 'string' || device === '') throw new TypeError("csta_setup_monitoring: give the device as { 'dialing-number': '100' }");
    const monitor = await client.monitor(device, callbackHandlers(params));
    const crossRef = monitor.crossRefIdentifier ?? '';
    this.#returned.set(crossRef, monitor);
    this.#logger.debug(`monitoring ${device}`, { crossRef });
    return crossRef;
  }

  /**
   * Stops the monitor with this cross reference (as csta_setup_monitoring returned it, or its
   * current one after a re-creation). One this client does not know is sent to the switch as is.
   */
  async csta_destroy_monitoring(params: { readonly 'cross-ref-identifier': string }): Promise<void> {
    const client = this.#connected('csta_destroy_monitoring');
    const crossRef = String(params['cross-ref-identifier'] ?? '').toLowerCase();
    const monitor = client.monitors.find((m) => m.crossRefIdentifier === crossRef) ?? this.#returned.get(crossRef);
    for (const [ref, m] of this.#returned) if (m === monitor || ref === crossRef) this.#returned.delete(ref);
    if (monitor !== undefined) {
      await monitor.stop();
      return;
    }
    await client.invoke('monitorStop', { crossRefIdentifier: crossRefBytes(crossRef) });
  }

  /** Aborts the association (ABRT, as the seed did) and closes the connection. */
  async csta_disconnect(): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    this.#logger.debug('disconnecting (ABRT)');
    await client.close({ abort: true });
  }

  /** Resolves when disconnected; rejects with the reason when the link is lost for good. */
  main_loop(): Promise<void> {
    const client = this.#client;
    if (client === undefined || client.state === 'closed') return Promise.resolve();
    return new Promise((resolve, reject) => {
      client.once('close', (error?: Error) => (error === undefined ? resolve() : reject(error)));
    });
  }

  debug_on(): void {
    this.#debug = true;
  }

  debug_off(): void {
    this.#debug = false;
  }

  #connected(what: string): CstaClient {
    const client = this.#client;
    if (client === undefined || client.state === 'closed') throw new Error(`${what}: not connected; call csta_connect() first`);
    return client;
  }
}

/** `{ delivered_cb, cleared_cb, …, any_cb }` → monitor handlers that pass the seed hash. */
function callbackHandlers(params: SeedMonitoringParams): MonitorHandlers {
  const handlers: Record<string, (event: CstaEvent) => unknown> = {};
  for (const [key, callback] of Object.entries(params)) {
    if (!key.endsWith('_cb') || callback === undefined) continue;
    if (typeof callback !== 'function') throw new TypeError(`csta_setup_monitoring: ${key} is not a function`);
    const name = key === 'any_cb' ? 'event' : (SEED_CALLBACKS[key] ?? key.slice(0, -3));
    if (name !== 'event' && !eventsByName.has(name)) {
      throw new TypeError(
        `csta_setup_monitoring: ${key} names no CSTA event; use delivered_cb, cleared_cb, established_cb, transferred_cb, any_cb or <event>_cb (e.g. diverted_cb)`,
      );
    }
    // The callback's value is returned: an async callback's rejection then reaches the client's
    // 'error' (monitor.ts) instead of becoming an unhandled rejection.
    const previous = handlers[name];
    const call = (event: CstaEvent): unknown => (callback as SeedCallback)(seedHash(event));
    handlers[name] = previous === undefined ? call : (event) => Promise.all([previous(event), call(event)]);
  }
  return handlers as unknown as MonitorHandlers;
}

export { NetCstav3Client as Client };
export default NetCstav3Client;
