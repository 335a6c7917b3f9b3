/**
 * `SwitchModel`: the pure call model of the PBX simulator. No sockets, and no timers of its own:
 * it is given a clock (and, for what happens after a time, a scheduler), takes CSTA service
 * arguments (the generated types), changes its devices, calls and monitors, returns the generated
 * result types, and hands the events each monitor gets to its listeners. Refused services throw
 * `ModelError { failure: UniversalFailure }` and change nothing.
 *
 * Method names are the ECMA-285 operation names, so the server layer can route
 * `session.handle(op, (arg) => model[op](arg))`.
 */
import type { ArgumentOf, ResultOf } from '../../generated/operations.js';
import { CallTable, type Call, type Connection } from './calls.js';
import { hipathTimestamp, hostUtcOffsetMinutes, type Clock } from './clock.js';
import { DEFAULT_DEVICES, DeviceDirectory } from './devices.js';
import { isModelError } from './errors.js';
import { EventBatch, type EventListener, type MonitorEvent } from './events.js';
import { MonitorTable, type Monitor } from './monitors.js';
import type { ScheduledTask, Scheduler } from './scheduler.js';
import { distribute, forwardOnNoAnswer, noAnswerForwarding } from './services/call-legs.js';
import * as setup from './services/call-setup.js';
import * as clearing from './services/clearing.js';
import type { QueryContext, ServiceContext } from './services/context.js';
import * as features from './services/device-features.js';
import * as hold from './services/hold.js';
import * as status from './services/status.js';
import * as transfer from './services/transfer.js';

export interface SwitchModelOptions {
  /** Dialing numbers, e.g. '100-199,200,300-310'. Default '100-199'. */
  devices?: string;
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: Clock;
  /** The switch's local offset from UTC in minutes, for event timestamps. Default: the host's. */
  utcOffsetMinutes?: number;
  /** The first callID handed out (1..0xFFFF). Default 1. */
  firstCallId?: number;
  /** The first crossRefIdentifier handed out (1..0xFFFF). Default 1. */
  firstCrossRef?: number;
  /** How many monitors may be live at once. Default 1000. */
  maxMonitors?: number;
  /**
   * Runs what happens after a time: with it, a call that rings at a device with forwarding on no
   * answer (forwardNoAns / forwardNoAnsInt) active is diverted after `noAnswerMs`. Without it the
   * model has no ring timer and a call rings until something is done to it. The simulator gives
   * its own (real time, or faster with `speed`); tests give a VirtualScheduler.
   */
  scheduler?: Scheduler;
  /** How long a call rings before forwarding on no answer diverts it. Default 15 000 ms. */
  noAnswerMs?: number;
  /**
   * Hunt groups: pilot number → member devices (all of them devices of the switch). A call to a
   * pilot is queued there (Queued, connection state queued) and handed to the first free member
   * (Diverted and Delivered, cause distributed) at once or as soon as one is free.
   */
  groups?: Readonly<Record<string, readonly string[]>>;
}

/** Options of `restart()`. */
export interface RestartOptions {
  /** Also drop every call, silently (a switch that lost its state). Default false: calls go on. */
  dropCalls?: boolean;
}

export class SwitchModel {
  readonly devices: DeviceDirectory;
  readonly calls: CallTable;
  readonly monitors: MonitorTable;
  private readonly clock: Clock;
  private readonly utcOffsetMinutes?: number;
  private readonly listeners = new Set<EventListener>();
  private readonly restartListeners = new Set<() => void>();
  /** What the services that only read are given (the tables never change identity). */
  private readonly query: QueryContext;
  private readonly scheduler?: Scheduler;
  private readonly noAnswerMs: number;
  /** Ring timers not yet fired (cancelled by a restart that drops the calls). */
  private readonly ringTimers = new Set<ScheduledTask>();

  constructor(options: SwitchModelOptions = {}) {
    this.devices = new DeviceDirectory(options.devices ?? DEFAULT_DEVICES);
    this.calls = new CallTable(options.firstCallId ?? 1);
    this.monitors = new MonitorTable(options.firstCrossRef ?? 1, options.maxMonitors ?? 1000);
    this.clock = options.clock ?? Date.now;
    this.utcOffsetMinutes = options.utcOffsetMinutes;
    this.query = { devices: this.devices, calls: this.calls, monitors: this.monitors };
    for (const [pilot, members] of Object.entries(options.groups ?? {})) this.devices.setGroup(pilot, members);
    this.scheduler = options.scheduler;
    this.noAnswerMs = options.noAnswerMs ?? 15_000;
    if (!(this.noAnswerMs >= 0) || !Number.isFinite(this.noAnswerMs)) throw new RangeError(`noAnswerMs ${options.noAnswerMs} is not a duration in milliseconds`);
  }

  /** Calls `listener` for every event, in order, after the service that caused it succeeded. Returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` after every `restart()` (the server layer then sends systemStatus enabled). Returns an unsubscribe function. */
  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** The timestamp the next event would carry. */
  timestamp(): string {
    const now = this.clock();
    // Every service asks (even a snapshot); the text changes once a second. Building it and
    // asking for the host's offset was a sixth of the simulator's time under load.
    const second = Math.floor(now / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = hipathTimestamp(now, this.utcOffsetMinutes ?? hostUtcOffsetMinutes(now));
    }
    return this.stamp;
  }
  private stampSecond = Number.NaN;
  private stamp = '';

  // Call control (ECMA-269 §17)
  makeCall(arg: ArgumentOf<'makeCall'>): ResultOf<'makeCall'> {
    return this.run((ctx) => setup.makeCall(ctx, arg));
  }
  consultationCall(arg: ArgumentOf<'consultationCall'>): ResultOf<'consultationCall'> {
    return this.run((ctx) => setup.consultationCall(ctx, arg));
  }
  answerCall(arg: ArgumentOf<'answerCall'>): ResultOf<'answerCall'> {
    return this.run((ctx) => setup.answerCall(ctx, arg));
  }
  deflectCall(arg: ArgumentOf<'deflectCall'>): ResultOf<'deflectCall'> {
    return this.run((ctx) => setup.deflectCall(ctx, arg));
  }
  clearConnection(arg: ArgumentOf<'clearConnection'>): ResultOf<'clearConnection'> {
    return this.run((ctx) => clearing.clearConnection(ctx, arg));
  }
  clearCall(arg: ArgumentOf<'clearCall'>): ResultOf<'clearCall'> {
    return this.run((ctx) => clearing.clearCall(ctx, arg));
  }
  holdCall(arg: ArgumentOf<'holdCall'>): ResultOf<'holdCall'> {
    return this.run((ctx) => hold.holdCall(ctx, arg));
  }
  retrieveCall(arg: ArgumentOf<'retrieveCall'>): ResultOf<'retrieveCall'> {
    return this.run((ctx) => hold.retrieveCall(ctx, arg));
  }
  alternateCall(arg: ArgumentOf<'alternateCall'>): ResultOf<'alternateCall'> {
    return this.run((ctx) => hold.alternateCall(ctx, arg));
  }
  reconnectCall(arg: ArgumentOf<'reconnectCall'>): ResultOf<'reconnectCall'> {
    return this.run((ctx) => hold.reconnectCall(ctx, arg));
  }
  transferCall(arg: ArgumentOf<'transferCall'>): ResultOf<'transferCall'> {
    return this.run((ctx) => transfer.transferCall(ctx, arg));
  }
  conferenceCall(arg: ArgumentOf<'conferenceCall'>): ResultOf<'conferenceCall'> {
    return this.run((ctx) => transfer.conferenceCall(ctx, arg));
  }
  singleStepTrans(arg: ArgumentOf<'singleStepTrans'>): ResultOf<'singleStepTrans'> {
    return this.run((ctx) => transfer.singleStepTrans(ctx, arg));
  }

  // Device features (ECMA-269 §21, §22)
  setDisplay(arg: ArgumentOf<'setDisplay'>): ResultOf<'setDisplay'> {
    return this.run((ctx) => features.setDisplay(ctx, arg));
  }
  getDisplay(arg: ArgumentOf<'getDisplay'>): ResultOf<'getDisplay'> {
    return features.getDisplay(this.query, arg);
  }
  setForwarding(arg: ArgumentOf<'setForwarding'>): ResultOf<'setForwarding'> {
    return this.run((ctx) => features.setForwarding(ctx, arg));
  }
  getForwarding(arg: ArgumentOf<'getForwarding'>): ResultOf<'getForwarding'> {
    return features.getForwarding(this.query, arg);
  }
  setDoNotDisturb(arg: ArgumentOf<'setDoNotDisturb'>): ResultOf<'setDoNotDisturb'> {
    return this.run((ctx) => features.setDoNotDisturb(ctx, arg));
  }
  getDoNotDisturb(arg: ArgumentOf<'getDoNotDisturb'>): ResultOf<'getDoNotDisturb'> {
    return features.getDoNotDisturb(this.query, arg);
  }

  // Monitoring, snapshots, system status (ECMA-269 §12-§14)
  /** `owner` tags the monitor (e.g. with the session that asked) for `stopMonitorsOf`. */
  monitorStart(arg: ArgumentOf<'monitorStart'>, owner?: unknown): ResultOf<'monitorStart'> {
    return this.run((ctx) => status.monitorStart(ctx, arg, owner));
  }
  monitorStop(arg: ArgumentOf<'monitorStop'>): ResultOf<'monitorStop'> {
    return this.run((ctx) => status.monitorStop(ctx, arg));
  }
  changeMonitorFilter(arg: ArgumentOf<'changeMonitorFilter'>): ResultOf<'changeMonitorFilter'> {
    return this.run((ctx) => status.changeMonitorFilter(ctx, arg));
  }
  snapshotDevice(arg: ArgumentOf<'snapshotDevice'>): ResultOf<'snapshotDevice'> {
    return status.snapshotDevice(this.query, arg);
  }
  snapshotCall(arg: ArgumentOf<'snapshotCall'>): ResultOf<'snapshotCall'> {
    return status.snapshotCall(this.query, arg);
  }
  systemStatus(arg: ArgumentOf<'systemStatus'>): ResultOf<'systemStatus'> {
    return status.systemStatus(this.query, arg);
  }

  /** Stops every monitor tagged with `owner` (its session closed); returns them. */
  stopMonitorsOf(owner: unknown): Monitor[] {
    return this.monitors.stopOwnedBy(owner);
  }

  /**
   * A switch restart: every monitor and crossRefIdentifier is gone (the server layer then sends
   * systemStatus enabled, hipath-protocol.md §4). Calls go on unless `dropCalls`.
   */
  restart(options: RestartOptions = {}): void {
    this.monitors.clear();
    if (options.dropCalls) {
      this.calls.clear();
      for (const timer of this.ringTimers) timer.cancel();
      this.ringTimers.clear();
    }
    for (const listener of [...this.restartListeners]) listener();
  }

  /** The device's connections, oldest call first (for device-level actions and tests). */
  connectionsOf(device: string): { call: Call; connection: Connection }[] {
    return this.calls.connectionsOf(device);
  }

  /**
   * Runs a service that may change the switch and report events: its events get one timestamp,
   * and go to the listeners once it has succeeded. Services that only read (snapshots, gets,
   * systemStatus) are called with `query` instead: no event batch, no clock reading, no closure
   * (a snapshotDevice took 50 ns instead of 95 ns in the model, measured in-process).
   */
  private run<T>(service: (ctx: ServiceContext) => T): T {
    const events = new EventBatch(this.monitors, this.timestamp());
    const ctx: ServiceContext = { devices: this.devices, calls: this.calls, monitors: this.monitors, events, ts: events.timestamp, ringing: this.ringingHook };
    const result = service(ctx);
    if (this.devices.groups().length > 0) distribute(ctx);
    for (const { event, monitor } of events.deliveries) this.emit(event, monitor);
    return result;
  }

  /**
   * A call has started to ring at `device`: with forwarding on no answer active there, a timer.
   * When it fires the call is diverted if it still rings there and the forwarding is still on
   * (services/call-legs.ts, forwardOnNoAnswer); an answer, a clear or a deflection before it
   * leaves nothing to do.
   */
  private get ringingHook(): ((call: Call, device: string) => void) | undefined {
    return this.scheduler === undefined ? undefined : this.ringing;
  }

  private readonly ringing = (call: Call, device: string): void => {
    if (noAnswerForwarding(this.devices, device) === undefined) return;
    const timer = this.scheduler!.schedule(this.noAnswerMs, () => {
      this.ringTimers.delete(timer);
      try {
        this.run((ctx) => forwardOnNoAnswer(ctx, call, device));
      } catch (e) {
        if (!isModelError(e)) throw e; // a refusal leaves the call ringing; anything else is a bug
      }
    });
    this.ringTimers.add(timer);
  };

  private emit(event: MonitorEvent, monitor: Monitor): void {
    for (const listener of [...this.listeners]) listener(event, monitor);
  }
}
