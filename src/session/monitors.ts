/**
 * MonitorRegistry: cross reference ↔ monitor, and the routing of every cSTAEventReport to the
 * monitor it belongs to.
 *
 * Net::CSTAv3::Client died on an event for a cross reference it did not know ("Can't use an
 * undefined value as a subroutine reference", hipath-protocol.md §9.7). Here such an event is
 * handed to `onUnknown` (the client logs a warning and emits 'unknownEvent') and nothing else
 * happens.
 *
 * One race is handled: the switch may send the first events of a new monitor right behind the
 * monitorStart result, in the same TCP read, before the code awaiting that result has run and
 * registered the new cross reference. So while any monitorStart is waiting for its answer
 * (`startBegan` … `startEnded`), an event for an unknown cross reference is parked, in order, and
 * routed once the answer is in; only when no monitorStart is pending is it declared unknown.
 */
import type { EventReport } from './csta-event.js';
import type { Monitor, MonitorControl } from './monitor.js';

/** At most this many events wait for a pending monitorStart (beyond: the oldest are declared unknown). */
const MAX_PARKED = 1000;

export class MonitorRegistry {
  readonly #byCrossRef = new Map<string, MonitorControl>();
  readonly #controls = new Set<MonitorControl>();
  #pendingStarts = 0;
  #parked: EventReport[] = [];
  readonly #onUnknown: (report: EventReport) => void;

  constructor(onUnknown: (report: EventReport) => void) {
    this.#onUnknown = onUnknown;
  }

  /** Every monitor that has not ended. */
  get controls(): readonly MonitorControl[] {
    return [...this.#controls];
  }

  get monitors(): readonly Monitor[] {
    return this.controls.map((c) => c.monitor);
  }

  /** The monitor whose current cross reference is `crossRef`. */
  byCrossRef(crossRef: string): MonitorControl | undefined {
    return this.#byCrossRef.get(crossRef.toLowerCase());
  }

  controlOf(monitor: Monitor): MonitorControl | undefined {
    for (const c of this.#controls) if (c.monitor === monitor) return c;
    return undefined;
  }

  /** Starts tracking a monitor (it has no cross reference yet). */
  track(control: MonitorControl): void {
    this.#controls.add(control);
  }

  /**
   * `control` is now reached under `crossRef` (its previous cross reference, if any, is dropped).
   * Returns the monitor that held `crossRef` until now, if another did: the switch handed the
   * cross reference out again, so that monitor's is stale (the caller starts it again).
   */
  bind(control: MonitorControl, crossRef: string): MonitorControl | undefined {
    this.unbind(control);
    const other = this.#byCrossRef.get(crossRef);
    this.#byCrossRef.set(crossRef, control);
    return other !== undefined && other !== control ? other : undefined;
  }

  /** `control`'s cross reference is no longer valid (events under it are unknown from now on). */
  unbind(control: MonitorControl): void {
    for (const [ref, c] of this.#byCrossRef) if (c === control) this.#byCrossRef.delete(ref);
  }

  /** Stops tracking a monitor that ended. */
  forget(control: MonitorControl): void {
    this.unbind(control);
    this.#controls.delete(control);
  }

  /** Every cross reference is invalid (link lost, switch restarted): all monitors wait to be re-created. */
  suspendAll(): MonitorControl[] {
    this.#byCrossRef.clear();
    const all = this.controls.slice();
    for (const c of all) c.suspend();
    return all;
  }

  /** A monitorStart was sent: unknown events are parked until it is answered. */
  startBegan(): void {
    this.#pendingStarts++;
  }

  /** A monitorStart was answered (or failed): parked events are routed or declared unknown. */
  startEnded(): void {
    if (this.#pendingStarts > 0) this.#pendingStarts--;
    const parked = this.#parked;
    this.#parked = [];
    for (const report of parked) this.route(report);
  }

  /** Hands an event to its monitor, parks it (a monitorStart is pending) or declares it unknown. */
  route(report: EventReport): void {
    const control = this.#byCrossRef.get(report.crossRefIdentifier);
    if (control !== undefined) {
      control.deliver(report);
      return;
    }
    if (this.#pendingStarts === 0) {
      this.#onUnknown(report);
      return;
    }
    this.#parked.push(report);
    if (this.#parked.length > MAX_PARKED) this.#onUnknown(this.#parked.shift() as EventReport);
  }
}
