/**
 * Monitor: one monitored device, as the application sees it. It outlives the association it was
 * started on: after a reconnect (or a `systemStatus enabled`) the client starts it again on the
 * switch and the same object keeps delivering, under its new cross reference.
 *
 * Two ways to read events, usable together:
 * - EventEmitter: each event is emitted under its name (`'delivered'`, `'connectionCleared'`, …,
 *   all 74) and as `'event'`; handlers given to `client.monitor(device, handlers)` are listeners.
 *   Lifecycle: `'recreated'` ({ previous, crossRefIdentifier }), `'resync'` (what the device has
 *   going on after a re-creation, see MonitorResync), `'overflow'` ({ dropped, capacity }),
 *   `'ended'` ({ reason: 'stopped' | 'lost' | 'closed', error? }). None of these collides with an
 *   event name.
 * - async iteration: `for await (const ev of monitor)`. Each iterator buffers from the moment it
 *   is created (start iterating right after `await client.monitor(...)`; events of that first
 *   turn are held back until then), at most `bufferSize` events (default 10 000): beyond that the
 *   oldest are dropped and `'overflow'` is emitted. Iteration ends (after the buffer is drained)
 *   when the monitor is stopped or lost, or the client is closed. `break` ends only that iterator.
 *
 * A listener that throws does not stop the other listeners or the session: the client reports
 * it (client 'error' when someone listens for it, else it is rethrown asynchronously, as Node does
 * for an unhandled 'error').
 */
import { EventEmitter } from 'node:events';
import type { DeviceID } from '../../generated/csta-device-identifiers.js';
import type { EventName } from '../../generated/events.js';
import type { MonitorFilter, SnapshotDeviceData } from '../../generated/csta-status-reporting.js';
import type { SnapshotDeviceResult } from '../../generated/csta-snapshot-device.js';
import { routedEvent, type CstaEvent, type EventReport } from './csta-event.js';
import { EventQueue, DEFAULT_EVENT_BUFFER } from './event-queue.js';

/** `{ delivered(ev) {…}, connectionCleared(ev) {…}, event(ev) {…} }`, typed by event name. */
export type MonitorHandlers = { [N in EventName]?: (event: CstaEvent<N>) => void } & { event?: (event: CstaEvent) => void };

/**
 * - starting: monitorStart sent, no answer yet
 * - active: the switch confirmed it; `crossRefIdentifier` is current
 * - recreating: the link was lost or the switch restarted; it is started again as soon as possible
 * - stopped / lost: ended by `stop()` / because the switch refused to start it again
 * - closed: the client was closed
 */
export type MonitorState = 'starting' | 'active' | 'recreating' | 'stopped' | 'lost' | 'closed';
export type MonitorEndReason = 'stopped' | 'lost' | 'closed';

/** What a Monitor needs from its client. */
export interface MonitorOwner {
  stopMonitor(monitor: Monitor): Promise<void>;
  listenerFailed(error: unknown, monitor: Monitor, event: string): void;
  overflow(monitor: Monitor, dropped: number, capacity: number): void;
}

/**
 * What a monitor's device had going on when it was started again (after a reconnect or a switch
 * restart, events may have been missed): the snapshotDevice the client took then (`calls`: each
 * call of the device with its connection and the states of all its connections, own first;
 * undefined when the switch answered with a cross reference instead of the data), or why there
 * is none. It is emitted at the point of the event stream where the switch took the snapshot:
 * every event the switch sent before it has been delivered, none sent after it. So a consumer
 * that keeps call state can replace it with `calls` and go on applying events.
 */
export type MonitorResync = { readonly calls: SnapshotDeviceData | undefined; readonly result: SnapshotDeviceResult } | { readonly error: Error };

/** The client's side of a Monitor: what only the client may do to it. */
export interface MonitorControl {
  readonly monitor: Monitor;
  /** A monitorStart for it is waiting for its answer. */
  starting: boolean;
  /** The switch gave it this cross reference (first start or re-creation). */
  activate(crossRef: string): void;
  /** Its cross reference is no longer valid; it waits to be started again. */
  suspend(): void;
  /** Emits 'resync' (when it has not ended). */
  resynced(info: MonitorResync): void;
  /** Routes one event to listeners and iterators (held back until `release()`). */
  deliver(report: EventReport): void;
  /** Delivers what was held back since creation, and everything from now on directly. */
  release(): void;
  end(reason: MonitorEndReason, error?: Error): void;
}

export interface Monitor {
  on(event: 'event', listener: (event: CstaEvent) => void): this;
  on<N extends EventName>(event: N, listener: (event: CstaEvent<N>) => void): this;
  on(event: 'recreated', listener: (info: { previous: string | undefined; crossRefIdentifier: string }) => void): this;
  on(event: 'resync', listener: (info: MonitorResync) => void): this;
  on(event: 'overflow', listener: (info: { dropped: number; capacity: number }) => void): this;
  on(event: 'ended', listener: (info: { reason: MonitorEndReason; error?: Error }) => void): this;
  once(event: 'ended', listener: (info: { reason: MonitorEndReason; error?: Error }) => void): this;
  once<N extends EventName | 'event'>(event: N, listener: (event: N extends EventName ? CstaEvent<N> : CstaEvent) => void): this;
}

export class Monitor extends EventEmitter implements AsyncIterable<CstaEvent> {
  /** The monitored device as a dialing number (or as the caller named it). */
  readonly device: string;
  /** The DeviceID sent in monitorStart. */
  readonly deviceId: DeviceID;
  /** The MonitorFilter sent in monitorStart (undefined: none sent). */
  readonly filter: MonitorFilter | undefined;
  /** Default buffer of each iterator. */
  readonly bufferSize: number;
  readonly #owner: MonitorOwner;
  #state: MonitorState = 'starting';
  #crossRef: string | undefined;
  #endReason: { reason: MonitorEndReason; error?: Error } | undefined;
  /** The open iterators; created with the first (most monitors are read through listeners only). */
  #queues: Set<EventQueue<CstaEvent>> | undefined;
  #held: EventReport[] | undefined = [];

  private constructor(owner: MonitorOwner, device: string, deviceId: DeviceID, filter: MonitorFilter | undefined, bufferSize: number) {
    super();
    this.#owner = owner;
    this.device = device;
    this.deviceId = deviceId;
    this.filter = filter;
    this.bufferSize = bufferSize;
  }

  /** For the client: a Monitor and the control only the client holds. */
  static create(
    owner: MonitorOwner,
    init: { device: string; deviceId: DeviceID; filter?: MonitorFilter; bufferSize?: number; handlers?: MonitorHandlers },
  ): MonitorControl {
    const m = new Monitor(owner, init.device, init.deviceId, init.filter, init.bufferSize ?? DEFAULT_EVENT_BUFFER);
    for (const [name, handler] of Object.entries(init.handlers ?? {})) {
      if (typeof handler !== 'function') throw new TypeError(`monitor handler ${name} is not a function`);
      (m as EventEmitter).on(name, handler as (event: CstaEvent) => void);
    }
    return new Monitor.#Control(m);
  }

  /**
   * The client's side of one monitor. A class, so its methods are shared: as an object of six
   * arrow functions it took ~380 bytes per monitor (heap snapshot with 10,000 monitors), a third
   * of what a monitor cost. (A class in the class body, so it may reach the private fields.)
   */
  static readonly #Control = class implements MonitorControl {
    starting = false;

    constructor(readonly monitor: Monitor) {}

    activate(crossRef: string): void {
      const m = this.monitor;
      if (m.#ended()) return;
      const previous = m.#crossRef;
      const wasRecreating = m.#state === 'recreating';
      m.#crossRef = crossRef;
      m.#state = 'active';
      if (wasRecreating) m.#emitSafely('recreated', { previous, crossRefIdentifier: crossRef });
    }

    suspend(): void {
      const m = this.monitor;
      if (!m.#ended()) m.#state = 'recreating';
    }

    resynced(info: MonitorResync): void {
      const m = this.monitor;
      if (!m.#ended()) m.#emitSafely('resync', info);
    }

    deliver(report: EventReport): void {
      const m = this.monitor;
      if (m.#ended()) return;
      if (m.#held !== undefined) m.#held.push(report);
      else m.#dispatch(report);
    }

    release(): void {
      const m = this.monitor;
      const held = m.#held ?? [];
      m.#held = undefined;
      for (const report of held) m.#dispatch(report);
      if (m.#endReason !== undefined) m.#finish();
    }

    end(reason: MonitorEndReason, error?: Error): void {
      const m = this.monitor;
      if (m.#ended()) return;
      m.#state = reason;
      m.#endReason = error === undefined ? { reason } : { reason, error };
      if (m.#held === undefined) m.#finish();
    }
  };

  get state(): MonitorState {
    return this.#state;
  }

  /** The current cross reference, lowercase hex (`0001`); it changes when the monitor is re-created. */
  get crossRefIdentifier(): string | undefined {
    return this.#crossRef;
  }

  /** Sends monitorStop (when connected) and ends the monitor; its iterators finish. */
  stop(): Promise<void> {
    return this.#owner.stopMonitor(this);
  }

  /** An iterator with its own buffer size (the default iterator uses `bufferSize`). */
  events(options: { bufferSize?: number } = {}): AsyncIterableIterator<CstaEvent> {
    const queue: EventQueue<CstaEvent> = new EventQueue<CstaEvent>({
      capacity: options.bufferSize ?? this.bufferSize,
      onOverflow: (dropped, capacity) => {
        this.#owner.overflow(this, dropped, capacity);
        this.#emitSafely('overflow', { dropped, capacity });
      },
      onReturn: () => this.#queues?.delete(queue),
    });
    if (this.#ended() && this.#held === undefined) queue.end();
    else (this.#queues ??= new Set()).add(queue);
    return queue;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<CstaEvent> {
    return this.events();
  }

  #ended(): boolean {
    return this.#endReason !== undefined;
  }

  #dispatch(report: EventReport): void {
    const event = routedEvent(report, this);
    if (this.#queues !== undefined) for (const queue of this.#queues) queue.push(event);
    this.#emitSafely(event.name, event);
    this.#emitSafely('event', event);
  }

  /**
   * Calls each listener on its own, so one that throws does not starve the others. An async
   * listener's rejection is reported the same way (not left as an unhandled rejection).
   */
  #emitSafely(name: string, arg: unknown): void {
    for (const listener of this.rawListeners(name)) {
      try {
        const result: unknown = (listener as (a: unknown) => unknown).call(this, arg);
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
          (result as PromiseLike<unknown>).then(undefined, (e: unknown) => this.#owner.listenerFailed(e, this, name));
        }
      } catch (e) {
        this.#owner.listenerFailed(e, this, name);
      }
    }
  }

  #finish(): void {
    if (this.#queues !== undefined) for (const queue of this.#queues) queue.end();
    this.#queues = undefined;
    this.#emitSafely('ended', this.#endReason);
  }
}
