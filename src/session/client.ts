/**
 * CstaClient: a CSTA client that stays connected (issue items 6 and 8). It owns one CstaLink at
 * a time, and across link losses it keeps the monitors and their listeners:
 *
 * - on link loss (socket closed, ABRT, dead keep-alive, framing error) it emits 'linkLost',
 *   reconnects with capped, jittered exponential backoff (reconnect.ts), associates again,
 *   starts every monitor again (monitorStart, same device and filter) and keeps delivering to the
 *   SAME Monitor objects under their new cross references ('reconnected' tells old → new), and
 *   takes a snapshot of each device ('resync' on the monitor, in order with its events; option
 *   `resync`);
 * - on `systemStatus enabled` (the switch restarted: every cross reference is void,
 *   hipath-protocol.md §4.5) it starts the monitors again on the same link ('monitorsRecreated');
 * - requests waiting when the link drops fail with LinkLostError (`link-lost`) and are never sent
 *   again; requests made while the link is down fail at once with `not-connected`. Only the
 *   client's own monitorStarts are repeated, which is bookkeeping, not a user request;
 * - an event for a cross reference no monitor has is logged (warn) and emitted as
 *   'unknownEvent', never fatal (Net::CSTAv3::Client died, §9.7).
 *
 * `connect()` rejects when the first connection fails (TransportError: refused, unreachable, …;
 * AssociationRejectedError: wrong user/password; …): reconnecting starts only once connected.
 *
 * Client events: 'systemStatus' (status, argument), 'linkLost' (LinkLostError), 'reconnecting'
 * ({ attempt, delayMs, error? }), 'reconnected' ({ attempt, recreated, lost }),
 * 'monitorsRecreated' ({ reason: 'systemStatus', recreated, lost }), 'monitorLost' (monitor,
 * error), 'unknownEvent' (event), 'error' (an exception thrown by one of your listeners),
 * 'close' (error?: why it closed when it was not close()).
 */
import type { SystemStatus } from '../../generated/csta-device-feature-types.js';
import type { SystemStatusArg } from '../../generated/csta-system-status.js';
import type { ArgumentOf, OperationName, ResultOf } from '../../generated/operations.js';
import type { RequestOptions } from './association.js';
import type { ClientOptions, ClientState, CloseOptions, LostMonitor, MonitorOptions, RecreatedMonitor, Recreation } from './client-options.js';
import { readEventReport, type EventReport, type UnroutedEvent } from './csta-event.js';
import { crossRefBytes, crossRefHex, dialingNumberOf } from './device.js';
import { isSessionError, SessionError, type LinkLostError } from './errors.js';
import { CstaLink } from './link.js';
import { silentLogger, type Logger } from './logger.js';
import { Monitor, type MonitorControl, type MonitorHandlers, type MonitorOwner } from './monitor.js';
import { MonitorRegistry } from './monitors.js';
import { HIPATH, type DialectProfile } from './profile.js';
import { reconnectLoop, reconnectOptions, type ReconnectAttempt, type ReconnectOptions } from './reconnect.js';
import { CstaServices, toDeviceId, type DeviceInput } from './services.js';
import { connect as connectTransport } from './transport.js';

export type { ClientOptions, ClientState, CloseOptions, LostMonitor, MonitorOptions, RecreatedMonitor, Recreation } from './client-options.js';

export interface CstaClient {
  on(event: 'systemStatus', listener: (status: SystemStatus, argument: SystemStatusArg) => void): this;
  on(event: 'linkLost', listener: (error: LinkLostError) => void): this;
  on(event: 'reconnecting', listener: (info: ReconnectAttempt) => void): this;
  on(event: 'reconnected', listener: (info: Recreation & { attempt: number }) => void): this;
  on(event: 'monitorsRecreated', listener: (info: Recreation & { reason: 'systemStatus' }) => void): this;
  on(event: 'monitorLost', listener: (monitor: Monitor, error: Error) => void): this;
  on(event: 'unknownEvent', listener: (event: UnroutedEvent) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'close', listener: (error?: Error) => void): this;
  once(event: 'close', listener: (error?: Error) => void): this;
  once(event: 'reconnected', listener: (info: Recreation & { attempt: number }) => void): this;
  once(event: string, listener: (...args: any[]) => void): this;
}

/** Time allowed for each monitorStop and for the RLRE when closing. */
const CLOSE_STEP_MS = 2000;

export class CstaClient extends CstaServices {
  readonly profile: DialectProfile;
  readonly host: string;
  readonly port: number;
  readonly requestTimeoutMs: number;
  readonly #options: ClientOptions;
  readonly #reconnect: ReconnectOptions;
  readonly #resync: boolean;
  readonly #logger: Logger;
  readonly #registry: MonitorRegistry;
  readonly #owner: MonitorOwner;
  readonly #closer = new AbortController();
  #link: CstaLink | undefined;
  #state: ClientState = 'connected';
  #attempt = 0;
  #reconnecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: ClientOptions) {
    super();
    this.profile = options.profile ?? HIPATH;
    const port = options.port ?? this.profile.defaultPort;
    if (port === undefined) throw new RangeError(`no port given, and the ${this.profile.name} profile has no default port: pass { port }`);
    if (typeof options.host !== 'string' || options.host === '') throw new RangeError('no host given: pass { host } (the switch address)');
    this.host = options.host;
    this.port = port;
    this.requestTimeoutMs = options.requestTimeoutMs ?? this.profile.timings.requestTimeoutMs;
    this.#options = options;
    this.#reconnect = reconnectOptions(options.reconnect);
    this.#resync = options.resync ?? true;
    this.#logger = options.logger ?? silentLogger;
    this.#registry = new MonitorRegistry((report) => this.#unknownEvent(report));
    this.#owner = {
      stopMonitor: (monitor) => this.#stopMonitor(monitor),
      listenerFailed: (error, monitor, event) => this.#listenerFailed(error, `a '${event}' listener of the monitor of ${monitor.device}`),
      overflow: (monitor, _dropped, capacity) =>
        this.#logger.warn(`monitor ${monitor.device}: an iterator fell ${capacity} events behind; the oldest are being dropped`),
    };
  }

  /** Connects and associates; resolves when the switch is ready for requests. */
  static async connect(options: ClientOptions): Promise<CstaClient> {
    const client = new CstaClient(options);
    client.#install(await client.#open());
    return client;
  }

  get state(): ClientState {
    return this.#state;
  }

  get connected(): boolean {
    return this.#state === 'connected' && this.#link?.state === 'up';
  }

  /** The current association (undefined while reconnecting or closed). */
  get link(): CstaLink | undefined {
    return this.#link;
  }

  /** Monitors that have not ended. */
  get monitors(): readonly Monitor[] {
    return this.#registry.monitors;
  }

  invoke<N extends OperationName>(op: N, argument: ArgumentOf<N>, options?: RequestOptions): Promise<ResultOf<N>> {
    const link = this.#link;
    if (link === undefined || this.#state !== 'connected') return Promise.reject(this.#notConnected(op));
    return link.invoke(op, argument, options);
  }

  /**
   * Starts monitoring `device` and resolves with its Monitor once the switch confirmed it (rejects
   * with CstaError when the switch refuses, e.g. operation/invalidDeviceID). `handlers` are
   * attached before any event can arrive.
   */
  async monitor(device: DeviceInput, handlers?: MonitorHandlers, options: MonitorOptions = {}): Promise<Monitor> {
    const deviceId = toDeviceId(device);
    const name = typeof device === 'string' ? device : (dialingNumberOf(deviceId) ?? JSON.stringify(deviceId.deviceIdentifier.case));
    const link = this.#link;
    if (link === undefined || this.#state !== 'connected') throw this.#notConnected('monitorStart');
    const filter = options.filter === null ? undefined : (options.filter ?? this.profile.defaultMonitorFilter);
    const init = { device: name, deviceId, ...(filter && { filter }), ...(options.bufferSize !== undefined && { bufferSize: options.bufferSize }), ...(handlers && { handlers }) };
    const control = Monitor.create(this.#owner, init);
    this.#registry.track(control);
    control.starting = true;
    this.#registry.startBegan();
    try {
      const crossRef = crossRefHex((await link.invoke('monitorStart', startArgument(control.monitor))).crossRefIdentifier);
      if (this.#ended(control)) {
        this.#stopQuietly(link, crossRef);
        if (control.monitor.state === 'closed') throw this.#notConnected('monitorStart');
      } else if (link === this.#link && link.state === 'up') {
        this.#bind(control, crossRef);
      }
      // else: the link went down right behind the answer; the monitor is re-created after the reconnect.
    } catch (e) {
      this.#registry.forget(control);
      control.end('lost', e as Error);
      throw e;
    } finally {
      control.starting = false;
      this.#registry.startEnded();
    }
    setImmediate(() => control.release());
    return control.monitor;
  }

  /**
   * Stops reconnecting, stops every monitor (monitorStop, best effort), releases the association
   * (RLRQ; ABRT when no RLRE comes) and ends every monitor's iteration. `{ abort: true }`: ABRT at
   * once. Resolves when the socket is closed. A connection attempt in progress is waited for
   * (at most the connect and association timeouts) so nothing is left open.
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    if (this.#state === 'closed') return Promise.resolve();
    this.#closing = this.#shutdown(options);
    return this.#closing;
  }

  // ---------------------------------------------------------------------------------------------
  // Links

  async #open(): Promise<CstaLink> {
    const o = this.#options;
    const socket = await connectTransport({
      host: this.host,
      port: this.port,
      ...(o.tls !== undefined && o.tls !== false && { tls: o.tls }),
      ...(o.connectTimeoutMs !== undefined && { timeoutMs: o.connectTimeoutMs }),
    });
    const defaults = this.profile.defaultCredentials;
    const name = o.user ?? defaults?.name;
    const password = o.password ?? defaults?.password;
    return CstaLink.open(socket, {
      profile: this.profile,
      ...(name !== undefined && password !== undefined && { credentials: { name, password } }),
      requestTimeoutMs: this.requestTimeoutMs,
      ...(o.deadLinkMs !== undefined && { deadLinkMs: o.deadLinkMs }),
      ...(o.associationTimeoutMs !== undefined && { associationTimeoutMs: o.associationTimeoutMs }),
      logger: this.#logger,
    });
  }

  #install(link: CstaLink): void {
    this.#link = link;
    this.#state = 'connected';
    link.on('event', (report, invokeId) => this.#registry.route(readEventReport(report, invokeId)));
    link.on('systemStatus', (status, argument) => this.#systemStatus(link, status, argument));
    link.on('invoke', (invoke) => this.#logger.debug(`the switch invoked ${invoke.operation?.name ?? `operation ${invoke.opcode}`}, which this client does not serve`));
    link.once('close', (error) => this.#linkClosed(link, error));
    this.#logger.info(`connected to ${this.host}:${this.port}`);
  }

  #linkClosed(link: CstaLink, error: LinkLostError): void {
    if (link !== this.#link) return;
    this.#link = undefined;
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#logger.warn(`link to ${this.host}:${this.port} lost: ${error.message}`);
    this.#emit('linkLost', error);
    this.#registry.suspendAll();
    if (!this.#reconnect.enabled) {
      this.#finish(error);
      return;
    }
    this.#state = 'reconnecting';
    this.#reconnecting = this.#runReconnect().catch((e: unknown) => this.#logger.error(`reconnecting failed unexpectedly: ${String(e)}`));
  }

  async #runReconnect(): Promise<void> {
    const outcome = await reconnectLoop({
      options: this.#reconnect,
      signal: this.#closer.signal,
      attempt: () => this.#open(),
      discard: (link) => link.abort(),
      onWait: (info) => {
        this.#attempt = info.attempt;
        this.#logger.info(`reconnecting to ${this.host}:${this.port} in ${info.delayMs} ms (attempt ${info.attempt})`, { error: info.error });
        this.#emit('reconnecting', info);
      },
    });
    if (outcome.kind === 'cancelled') return;
    if (outcome.kind === 'gave-up') {
      this.#logger.error(`gave up reconnecting to ${this.host}:${this.port} after ${outcome.attempts} attempts: ${outcome.error.message}`);
      this.#finish(outcome.error);
      return;
    }
    const link = outcome.value;
    if (this.#state !== 'reconnecting') {
      link.abort(); // close() came while the attempt was finishing
      return;
    }
    this.#install(link);
    // Not awaited: close() must not wait for these answers (a release fails them as link-lost).
    void this.#recreate(link).then((recreation) => {
      if (link === this.#link && link.state === 'up') this.#emit('reconnected', { attempt: outcome.attempt, ...recreation });
    });
  }

  #systemStatus(link: CstaLink, status: SystemStatus, argument: SystemStatusArg): void {
    this.#emit('systemStatus', status, argument);
    if (status !== 'enabled' || link !== this.#link || this.#state !== 'connected') return;
    // Monitors confirmed before this point are void; those whose answer is still to come were
    // started after the restart (TCP keeps the order) and stay.
    const stale = this.#registry.controls.filter((c) => c.monitor.state === 'active');
    if (stale.length === 0) return;
    this.#logger.info(`the switch reports systemStatus enabled (restarted): starting ${stale.length} monitor(s) again`);
    for (const c of stale) {
      this.#registry.unbind(c);
      c.suspend();
    }
    void this.#recreate(link).then((recreation) => this.#emit('monitorsRecreated', { reason: 'systemStatus', ...recreation }));
  }

  /** monitorStart again for every monitor waiting for it; never rejects. */
  async #recreate(link: CstaLink): Promise<Recreation> {
    const recreated: RecreatedMonitor[] = [];
    const lost: LostMonitor[] = [];
    const targets = this.#registry.controls.filter((c) => c.monitor.state === 'recreating' && !c.starting);
    await Promise.all(
      targets.map(async (control) => {
        const { monitor } = control;
        control.starting = true;
        this.#registry.startBegan();
        try {
          const crossRef = crossRefHex((await link.invoke('monitorStart', startArgument(monitor))).crossRefIdentifier);
          if (this.#ended(control)) this.#stopQuietly(link, crossRef);
          else if (link === this.#link && link.state === 'up') {
            const previous = monitor.crossRefIdentifier;
            this.#bind(control, crossRef);
            recreated.push({ monitor, device: monitor.device, previous, crossRefIdentifier: crossRef });
            if (this.#resync) this.#resyncOf(link, control);
          }
        } catch (e) {
          // Link gone again: it stays waiting and is started after the next reconnect.
          if (linkGone(e) || this.#ended(control)) return;
          const error = e as Error;
          this.#registry.forget(control);
          control.end('lost', error);
          lost.push({ monitor, device: monitor.device, error });
          this.#logger.warn(`could not start the monitor of ${monitor.device} again: ${error.message}`);
          this.#emit('monitorLost', monitor, error);
        } finally {
          control.starting = false;
          this.#registry.startEnded();
        }
      }),
    );
    return { recreated, lost };
  }

  /**
   * snapshotDevice of a monitor's device, just started again, handed to its 'resync' listeners.
   * Through invokeWith: its callback runs while the answer is read, so the events the switch sent
   * before the snapshot have been delivered and none sent after it (a promise's continuation
   * would run after the rest of what arrived with the answer).
   */
  #resyncOf(link: CstaLink, control: MonitorControl): void {
    const { monitor } = control;
    const crossRef = monitor.crossRefIdentifier;
    // Started again once more, or ended, before the answer: that start takes its own snapshot.
    const current = (): boolean => monitor.state === 'active' && monitor.crossRefIdentifier === crossRef;
    link.invokeWith(
      'snapshotDevice',
      { snapshotObject: monitor.deviceId },
      (result) => {
        if (!current()) return;
        const data = result.crossRefIDorSnapshotData;
        control.resynced({ calls: data.case === 'snapshotData' ? data.value : undefined, result });
      },
      (error) => {
        if (!current() || linkGone(error)) return;
        this.#logger.warn(`could not take a snapshot of ${monitor.device} after starting its monitor again: ${error.message}`);
        control.resynced({ error });
      },
    );
  }

  #bind(control: MonitorControl, crossRef: string): void {
    const displaced = this.#registry.bind(control, crossRef);
    control.activate(crossRef);
    if (displaced !== undefined && this.#link !== undefined) {
      this.#logger.warn(`the switch gave cross reference ${crossRef} to a new monitor while ${displaced.monitor.device} still had it: starting that one again`);
      displaced.suspend();
      void this.#recreate(this.#link);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Monitors, closing, helpers

  async #stopMonitor(monitor: Monitor): Promise<void> {
    const control = this.#registry.controlOf(monitor);
    if (control === undefined) return;
    const wasActive = monitor.state === 'active';
    const crossRef = monitor.crossRefIdentifier;
    this.#registry.forget(control);
    control.end('stopped');
    const link = this.#link;
    if (!wasActive || crossRef === undefined || link === undefined || this.#state !== 'connected') return;
    try {
      await link.invoke('monitorStop', { crossRefIdentifier: crossRefBytes(crossRef) });
    } catch (e) {
      // The link is gone: so is the monitor on the switch.
      if (!linkGone(e)) throw e;
    }
  }

  #stopQuietly(link: CstaLink, crossRef: string): void {
    link.invoke('monitorStop', { crossRefIdentifier: crossRefBytes(crossRef) }).catch((e: Error) => this.#logger.debug(`monitorStop ${crossRef}: ${e.message}`));
  }

  #ended(control: MonitorControl): boolean {
    const s = control.monitor.state;
    return s === 'stopped' || s === 'lost' || s === 'closed';
  }

  async #shutdown(options: CloseOptions): Promise<void> {
    this.#state = 'closing';
    this.#closer.abort();
    await this.#reconnecting;
    const link = this.#link;
    if (link !== undefined && link.state === 'up' && options.abort !== true) {
      const step = Math.min(this.requestTimeoutMs, CLOSE_STEP_MS);
      const active = this.#registry.controls.filter((c) => c.monitor.state === 'active');
      await Promise.allSettled(
        active.map((c) => link.invoke('monitorStop', { crossRefIdentifier: crossRefBytes(c.monitor.crossRefIdentifier as string) }, { timeoutMs: step })),
      );
      await releaseWithin(link, step);
    }
    link?.abort();
    this.#finish(undefined);
  }

  #finish(error: Error | undefined): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#closer.abort();
    for (const control of this.#registry.controls) {
      this.#registry.forget(control);
      control.end('closed', error);
    }
    this.#logger.info(`client for ${this.host}:${this.port} closed${error ? `: ${error.message}` : ''}`);
    this.#emit('close', error);
  }

  #unknownEvent(report: EventReport): void {
    this.#logger.warn(`${report.name} event for cross reference ${report.crossRefIdentifier}, which belongs to no monitor of this client; ignored`, {
      invokeId: report.invokeId,
    });
    this.#emit('unknownEvent', report);
  }

  /** Emits, keeping a throwing listener from breaking the session. */
  #emit(event: string, ...args: unknown[]): void {
    for (const listener of this.rawListeners(event)) {
      const where = `a '${event}' listener of the client`;
      try {
        const result: unknown = (listener as (...a: unknown[]) => unknown).apply(this, args);
        // An async listener's rejection goes where a throw goes, not to 'unhandledRejection'.
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
          (result as PromiseLike<unknown>).then(undefined, (e: unknown) => this.#listenerFailed(e, where));
        }
      } catch (e) {
        this.#listenerFailed(e, where);
      }
    }
  }

  #listenerFailed(error: unknown, where: string): void {
    this.#logger.error(`${where} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (this.listenerCount('error') > 0) this.emit('error', error);
    else
      process.nextTick(() => {
        throw error;
      });
  }

  #notConnected(op: string): SessionError {
    const why =
      this.#state === 'reconnecting'
        ? `the link to ${this.host}:${this.port} is down; reconnecting (attempt ${this.#attempt})`
        : this.#state === 'connected'
          ? `the link to ${this.host}:${this.port} is down`
          : 'the client is closed';
    return new SessionError('not-connected', `cannot send ${op}: ${why}; nothing was sent`);
  }
}

/** The request failed because there is no link (it went down, or was down): nothing to report. */
function linkGone(e: unknown): boolean {
  return isSessionError(e, 'link-lost') || isSessionError(e, 'not-connected');
}

function startArgument(monitor: Monitor): ArgumentOf<'monitorStart'> {
  const argument: ArgumentOf<'monitorStart'> = { monitorObject: { case: 'deviceObject', value: monitor.deviceId } };
  if (monitor.filter !== undefined) argument.requestedMonitorFilter = monitor.filter;
  return argument;
}

/** RLRQ → RLRE, or ABRT after `ms` without one. */
async function releaseWithin(link: CstaLink, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([link.release(), timeout]);
  clearTimeout(timer);
  if (link.state !== 'closed') link.abort();
}
