/**
 * `SwitchSimulator`: the call model (SwitchModel) on the wire, as a HiPath-like switch that CSTA
 * clients connect to (CstaServer, the switch role of the session layer).
 *
 * - Every service the model implements is answered through `session.handle`: a refusal
 *   (ModelError) becomes a ROSE ReturnError universalFailure with the model's UniversalFailure;
 *   anything the model does not implement is answered by the session layer (ReturnError
 *   operation/serviceNotSupported, or Reject for operations without that error).
 * - monitorStart records the session as the monitor's owner: a session's monitors end with it, and
 *   monitorStop / changeMonitorFilter accept only the session's own cross references.
 * - Events go to the session owning the monitor's crossRefIdentifier. The model reports the events
 *   of a service before the service returns; they are queued and written after the service's
 *   ReturnResult (ECMA-269: the positive acknowledgement comes before the events it causes). Event
 *   reports and the systemStatus invokes of a restart share one queue, so they keep their order.
 * - `restart()` = the model forgets every monitor, and every session gets systemStatus `enabled`
 *   (hipath-protocol.md §4.5: clients must monitor again).
 * - Random traffic (TrafficGenerator) and scenario files run on real timers that `close()` cancels.
 *
 * ```ts
 * const sim = await SwitchSimulator.start({ port: 0, traffic: 2, seed: 7 });
 * // connect a CstaClient to sim.address().port …
 * await sim.close();
 * ```
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type * as tls from 'node:tls';
import { errors, type OperationName } from '../../generated/operations.js';
import type { InvokeHandler } from '../session/association.js';
import { CstaError } from '../session/errors.js';
import { silentLogger, type Logger } from '../session/logger.js';
import type { Credentials, DialectProfile } from '../session/profile.js';
import { CstaServer, ServerSession } from '../session/server.js';
import { isModelError, operationError, type ModelError } from './errors.js';
import type { MonitorEvent } from './events.js';
import { hexOf } from './ids.js';
import { SwitchModel, type RestartOptions, type SwitchModelOptions } from './model.js';
import type { Monitor } from './monitors.js';
import { loadScenarioFile, runScenario, type LocatedStep, type Scenario } from './scenario.js';
import { TimerScheduler } from './timers.js';
import { TrafficGenerator, type TrafficOptions } from './traffic.js';

/** The model's services a client may invoke (monitorStart / monitorStop / changeMonitorFilter are added per session). */
export const MODEL_SERVICES = [
  'makeCall', 'consultationCall', 'answerCall', 'deflectCall', 'clearConnection', 'clearCall',
  'holdCall', 'retrieveCall', 'alternateCall', 'reconnectCall', 'transferCall', 'conferenceCall', 'singleStepTrans',
  'setDisplay', 'getDisplay', 'setForwarding', 'getForwarding', 'setDoNotDisturb', 'getDoNotDisturb',
  'snapshotDevice', 'snapshotCall', 'systemStatus',
] as const satisfies readonly (OperationName & keyof SwitchModel)[];

export type TrafficSettings = Omit<TrafficOptions, 'seed' | 'callsPerSecond'>;

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  readonly host?: string;
  /** Default 0 (any free port; see address()). The `csta sim` command defaults to 8800. */
  readonly port?: number;
  /** Serve TLS instead of plain TCP (at least `key` and `cert`), as an OpenScape switch set up for TLS does. */
  readonly tls?: tls.TlsOptions;
  /** Dialing numbers, e.g. '100-199,200'. Default '100-199'. */
  readonly devices?: string;
  /** Accepted credentials. Default the profile's (HiPath: AMHOST / 77777). */
  readonly credentials?: Credentials;
  /** Default HIPATH. */
  readonly profile?: DialectProfile;
  /** Send systemStatus normal to every client this often (ms); 0 = never (default). */
  readonly systemStatusIntervalMs?: number;
  /** Random calls per second, started at once; 0 / absent = none (see startTraffic). */
  readonly traffic?: number;
  /** How the random traffic behaves (devices, probabilities, durations). */
  readonly trafficSettings?: TrafficSettings;
  /** A scenario (or the path of a .json/.yaml file) run once the first client has associated. */
  readonly scenario?: Scenario | string;
  /** Delay between the first association and the scenario's first step (ms). Default 1000. */
  readonly scenarioDelayMs?: number;
  /**
   * Run the traffic's and scenarios' time this many times faster than real time (every delay divided
   * by it; event timestamps stay real). Default 1. For load tests: speed 20 turns a few calls a second into a hundred.
   */
  readonly speed?: number;
  /** Seed of the random traffic. Default: a random one (see `seed`). */
  readonly seed?: number;
  /** Further model options (monitor limit, first callID / crossRef, clock, UTC offset). */
  readonly model?: Omit<SwitchModelOptions, 'devices'>;
  readonly logger?: Logger;
}

/** A service a client invoked, as the 'service' event reports it. */
export interface ServiceRecord {
  readonly session: ServerSession;
  readonly operation: string;
  readonly invokeId: number;
  /** Set when the model refused (the client got a ReturnError with `failure.failure`). */
  readonly failure?: ModelError;
}

/** An event report written to a session ('eventSent'). */
export interface SentEvent {
  readonly session: ServerSession;
  readonly crossRef: string;
  readonly invokeId: number;
  readonly event: MonitorEvent;
}

type Outgoing =
  | { readonly session: ServerSession; readonly event: MonitorEvent; readonly monitor: Monitor }
  | { readonly session: ServerSession; readonly status: 'enabled' };

export interface SwitchSimulator {
  on(event: 'session', listener: (session: ServerSession) => void): this;
  on(event: 'sessionClosed', listener: (session: ServerSession, info: { reason: string; monitorsStopped: number }) => void): this;
  on(event: 'service', listener: (record: ServiceRecord) => void): this;
  on(event: 'monitorStarted' | 'monitorStopped', listener: (info: { session: ServerSession; device: string; crossRef: string }) => void): this;
  on(event: 'eventSent', listener: (sent: SentEvent) => void): this;
  on(event: 'restart', listener: () => void): this;
  on(event: 'scenarioStep', listener: (step: LocatedStep) => void): this;
  on(event: 'scenarioDone', listener: (name: string) => void): this;
  on(event: 'scenarioFailed', listener: (error: Error) => void): this;
  on(event: string, listener: (...args: any[]) => void): this;
}

export class SwitchSimulator extends EventEmitter {
  readonly model: SwitchModel;
  readonly server: CstaServer;
  /** The seed the random traffic uses (given or drawn), so a run can be repeated. */
  readonly seed: number;
  readonly #options: SimulatorOptions;
  readonly #logger: Logger;
  readonly #timers: TimerScheduler;
  readonly #queue: Outgoing[] = [];
  #flushing: NodeJS.Immediate | undefined;
  #traffic: TrafficGenerator | undefined;
  #scenarioPending: boolean;
  #closed: Promise<void> | undefined;

  private constructor(server: CstaServer, model: SwitchModel, timers: TimerScheduler, options: SimulatorOptions) {
    super();
    this.server = server;
    this.model = model;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#timers = timers;
    this.seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
    this.#scenarioPending = options.scenario !== undefined;
    model.onEvent((event, monitor) => this.#modelEvent(event, monitor));
    model.onRestart(() => this.#restarted());
    server.on('session', (session) => this.#accept(session));
  }

  /** Builds the model, listens, starts the traffic if asked; rejects with TransportError (address-in-use, …). */
  static async start(options: SimulatorOptions = {}): Promise<SwitchSimulator> {
    const timers = new TimerScheduler(options.speed ?? 1);
    // The model's ring timer (forwarding on no answer) runs on the simulator's timers: `speed`
    // applies to it, and close() cancels it.
    const model = new SwitchModel({ scheduler: timers, ...options.model, ...(options.devices !== undefined && { devices: options.devices }) });
    const scenario = typeof options.scenario === 'string' ? await loadScenarioFile(options.scenario) : options.scenario;
    const server = await CstaServer.listen({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      ...(options.profile && { profile: options.profile }),
      ...(options.credentials && { credentials: options.credentials }),
      ...(options.systemStatusIntervalMs !== undefined && { systemStatusIntervalMs: options.systemStatusIntervalMs }),
      ...(options.tls && { tls: options.tls }),
      ...(options.logger && { logger: options.logger }),
    });
    const sim = new SwitchSimulator(server, model, timers, { ...options, ...(scenario && { scenario }) });
    if (options.traffic !== undefined && options.traffic > 0) sim.startTraffic(options.traffic, options.trafficSettings);
    return sim;
  }

  address(): AddressInfo {
    return this.server.address();
  }

  /** Sessions with an open connection. */
  get sessions(): ReadonlySet<ServerSession> {
    return this.server.sessions;
  }

  /** The running traffic generator (its stats), if any. */
  get traffic(): TrafficGenerator | undefined {
    return this.#traffic;
  }

  /** Starts random calls at `callsPerSecond` (replacing running traffic; its calls in progress go on). */
  startTraffic(callsPerSecond: number, settings: TrafficSettings = this.#options.trafficSettings ?? {}): TrafficGenerator {
    this.#traffic?.stop();
    const seed = this.#traffic === undefined ? this.seed : (this.seed + this.#traffic.stats.started + 1) | 0;
    this.#traffic = new TrafficGenerator(this.model, this.#timers, { ...settings, callsPerSecond, seed });
    this.#traffic.start();
    return this.#traffic;
  }

  /** Stops starting random calls; calls in progress go on to their end. */
  stopTraffic(): void {
    this.#traffic?.stop();
  }

  /**
   * Runs a scenario (or a .json/.yaml file of one) on real time; rejects with ScenarioError. Emits
   * 'scenarioStep' before each step; 'scenarioDone' / 'scenarioFailed' are for the `scenario`
   * option's run only (this promise tells the caller).
   */
  async runScenario(scenario: Scenario | string): Promise<void> {
    const steps = typeof scenario === 'string' ? await loadScenarioFile(scenario) : scenario;
    await runScenario(this.model, steps, { sleep: this.#timers.sleep, onStep: (step) => this.emit('scenarioStep', step) });
  }

  /**
   * A switch restart: every monitor and crossRefIdentifier is void and every client gets systemStatus
   * `enabled` (after the events already queued). Calls go on unless `dropCalls`.
   */
  restart(options: RestartOptions = {}): void {
    this.model.restart(options);
  }

  /** Stops traffic and scenario, closes every connection (TCP close, as a switch going down) and the listener. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#traffic?.stop();
      this.#timers.cancelAll();
      if (this.#flushing) clearImmediate(this.#flushing);
      this.#queue.length = 0;
      await this.server.close();
    })();
    return this.#closed;
  }

  // ---------------------------------------------------------------------------------------------
  // Sessions and services

  #accept(session: ServerSession): void {
    for (const op of MODEL_SERVICES) {
      const service = this.model[op].bind(this.model) as (argument: unknown) => unknown;
      const handler = (argument: unknown, invokeId: number): unknown => this.#serve(session, op, invokeId, service, argument);
      session.handle(op, handler as InvokeHandler<typeof op>);
    }
    session.handle('monitorStart', (argument, invokeId) =>
      this.#serve(session, 'monitorStart', invokeId, () => {
        const result = this.model.monitorStart(argument, session);
        const monitor = this.model.monitors.get(result.crossRefIdentifier);
        this.emit('monitorStarted', { session, device: monitor.device, crossRef: hexOf(result.crossRefIdentifier) });
        return result;
      }),
    );
    session.handle('monitorStop', (argument, invokeId) =>
      this.#serve(session, 'monitorStop', invokeId, () => {
        const monitor = this.#ownMonitor(session, argument.crossRefIdentifier);
        const result = this.model.monitorStop(argument);
        this.#unqueue(monitor);
        this.emit('monitorStopped', { session, device: monitor.device, crossRef: hexOf(argument.crossRefIdentifier) });
        return result;
      }),
    );
    session.handle('changeMonitorFilter', (argument, invokeId) =>
      this.#serve(session, 'changeMonitorFilter', invokeId, () => {
        this.#ownMonitor(session, argument.crossRefIdentifier);
        return this.model.changeMonitorFilter(argument);
      }),
    );
    session.once('close', (error) => {
      const stopped = this.model.stopMonitorsOf(session);
      this.emit('sessionClosed', session, { reason: error.reason, monitorsStopped: stopped.length });
    });
    this.emit('session', session);
    if (this.#scenarioPending) this.#startScenario();
  }

  /**
   * Runs one service for `session` (`run(argument)`: no closure per request for the model's
   * services); a ModelError becomes the CstaError the dispatcher answers with.
   */
  #serve<A, T>(session: ServerSession, operation: OperationName, invokeId: number, run: (argument?: A) => T, argument?: A): T {
    try {
      const result = run(argument);
      if (this.listenerCount('service') > 0) this.emit('service', { session, operation, invokeId });
      return result;
    } catch (e) {
      if (!isModelError(e)) throw e;
      this.emit('service', { session, operation, invokeId, failure: e });
      const universalFailure = errors.universalFailure;
      throw new CstaError({ operation, invokeId, errcode: universalFailure.code, error: universalFailure, parameter: e.failure });
    }
  }

  /** The session's own monitor with this cross reference (another session's is as good as none). */
  #ownMonitor(session: ServerSession, crossRef: Uint8Array): Monitor {
    const monitor = this.model.monitors.get(crossRef);
    if (monitor.owner !== session) {
      throw operationError('invalidMonitorCrossRefID', `crossRefIdentifier ${hexOf(crossRef)} belongs to another CSTA link`);
    }
    return monitor;
  }

  #startScenario(): void {
    this.#scenarioPending = false;
    const scenario = this.#options.scenario as Scenario;
    this.#timers.schedule(this.#options.scenarioDelayMs ?? 1000, () => {
      this.runScenario(scenario).then(
        () => this.emit('scenarioDone', scenario.name ?? 'scenario'),
        (e: Error) => {
          this.#logger.error(`scenario stopped: ${e.message}`);
          this.emit('scenarioFailed', e);
        },
      );
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Events out, in order

  #modelEvent(event: MonitorEvent, monitor: Monitor): void {
    const session = monitor.owner;
    if (session instanceof ServerSession) this.#enqueue({ session, event, monitor });
  }

  /**
   * Drops the queued events of a monitor just stopped: they would reach the client after the
   * monitorStop ReturnResult, under a crossRefIdentifier that is no longer valid.
   */
  #unqueue(monitor: Monitor): void {
    const kept = this.#queue.filter((item) => !('monitor' in item) || item.monitor !== monitor);
    this.#queue.splice(0, this.#queue.length, ...kept);
  }

  #restarted(): void {
    this.#logger.info(`switch restarted: every monitor is gone; systemStatus enabled to ${this.server.sessions.size} client(s)`);
    for (const session of this.server.sessions) if (session.state === 'up') this.#enqueue({ session, status: 'enabled' });
    this.emit('restart');
  }

  #enqueue(item: Outgoing): void {
    this.#queue.push(item);
    // A service's ReturnResult is written as soon as its handler returns (or, for a handler that
    // returns a promise, in the microtasks after); an immediate runs after all of them, so the
    // events it caused follow it on the wire.
    this.#flushing ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushing = undefined;
    // Each session gathers the frames sent here and writes them once at the end of the tick (FrameOutbox).
    this.#write(this.#queue.splice(0));
  }

  #write(items: readonly Outgoing[]): void {
    for (const item of items) {
      const { session } = item;
      if (session.state !== 'up') continue;
      if ('status' in item) {
        session.systemStatus(item.status).catch((e: Error) => {
          if (session.state === 'up') this.#logger.warn(`the client did not answer systemStatus enabled: ${e.message}`);
        });
        continue;
      }
      let invokeId: number;
      try {
        invokeId = session.sendEvent(item.event.crossRefIdentifier, item.event.eventSpecificInfo);
      } catch (e) {
        this.#logger.warn(`event report not sent: ${(e as Error).message}`);
        continue;
      }
      if (this.listenerCount('eventSent') > 0) {
        this.emit('eventSent', { session, crossRef: hexOf(item.event.crossRefIdentifier), invokeId, event: item.event });
      }
    }
  }
}
