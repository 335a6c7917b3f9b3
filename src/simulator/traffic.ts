/**
 * Random call traffic for the simulator: calls start between random idle devices at a given rate
 * (Poisson arrivals), most are answered, some are held and retrieved, transferred or conferenced
 * after a consultation, and all end after random durations. Bounded (at most `maxConcurrentCalls`
 * calls in progress) and deterministic for a seed: it uses only the injected scheduler and PRNG.
 *
 * Each call is driven by a small script that owns its devices until it ends (no other script
 * touches them), and acts only on the calls it made, through the model's CSTA services.
 */
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import type { Call } from './calls.js';
import { isModelError } from './errors.js';
import type { SwitchModel } from './model.js';
import { Prng } from './random.js';
import type { ScheduledTask, Scheduler } from './scheduler.js';
import { connectionId, deviceId } from './values.js';

export interface TrafficOptions {
  /** New calls per second (mean of a Poisson process). */
  callsPerSecond: number;
  seed: number;
  /**
   * Calls in progress at most; arrivals beyond it are dropped. Default: half the devices (a call
   * takes two phones), so that by default only a lack of idle phones drops an arrival.
   */
  maxConcurrentCalls?: number;
  /** Devices to use. Default: all of the model's. */
  devices?: readonly string[];
  /** Chance an alerting call is answered. Default 0.85. */
  answerProbability?: number;
  /** Chances an answered call is held and retrieved / transferred / conferenced. Defaults 0.15 / 0.1 / 0.05. */
  holdProbability?: number;
  transferProbability?: number;
  conferenceProbability?: number;
  /** Mean conversation length in ms. Default 30 000. */
  meanTalkMs?: number;
  /** Ringing time range in ms before answer or give-up. Default [1000, 8000]. */
  ringMs?: readonly [number, number];
}

/** What the generator did (for logs and tests). */
export interface TrafficStats {
  started: number;
  /** Arrivals that started no call: `droppedAtLimit` + `droppedNoPhones`. */
  dropped: number;
  /** ... because `maxConcurrentCalls` calls were in progress. */
  droppedAtLimit: number;
  /** ... because no phone was idle (or none but the caller could be called). */
  droppedNoPhones: number;
  answered: number;
  /** Calls the switch could not deliver: the called phone was busy or on do-not-disturb. */
  failed: number;
  /** Calls that rang and were not answered (the caller gave up). */
  abandoned: number;
  held: number;
  transferred: number;
  conferenced: number;
  /** Services the model refused: none are expected; each is kept in `refusals`. */
  refused: number;
}

/** How often a phone tries to take back a held call while another call rings or is connected there. */
const RETRIEVE_TRIES = 5;

export class TrafficGenerator {
  readonly stats: TrafficStats = { started: 0, dropped: 0, droppedAtLimit: 0, droppedNoPhones: 0, answered: 0, failed: 0, abandoned: 0, held: 0, transferred: 0, conferenced: 0, refused: 0 };
  /** The messages of refused services, for diagnosis. */
  readonly refusals: string[] = [];
  private readonly rng: Prng;
  private readonly devices: readonly string[];
  /**
   * Devices the running scripts own, with how many own each. Usually one; but a hunt group hands
   * a waiting call to a free member whatever the scripts think, and the script of that call then
   * owns a member another script has not let go yet (its call over, a hang-up timer still to
   * come). A set forgot the second owner when the first let go.
   */
  private readonly reserved = new Map<string, number>();
  private running = 0;
  private arrival?: ScheduledTask;
  private readonly o: Required<Omit<TrafficOptions, 'devices' | 'seed'>>;

  constructor(
    private readonly model: SwitchModel,
    private readonly scheduler: Scheduler,
    options: TrafficOptions,
  ) {
    if (!(options.callsPerSecond > 0)) throw new RangeError(`callsPerSecond ${options.callsPerSecond} must be > 0`);
    this.rng = new Prng(options.seed);
    this.devices = options.devices ?? model.devices.numbers();
    this.o = {
      callsPerSecond: options.callsPerSecond,
      maxConcurrentCalls: options.maxConcurrentCalls ?? Math.max(1, Math.floor(this.devices.length / 2)),
      answerProbability: options.answerProbability ?? 0.85,
      holdProbability: options.holdProbability ?? 0.15,
      transferProbability: options.transferProbability ?? 0.1,
      conferenceProbability: options.conferenceProbability ?? 0.05,
      meanTalkMs: options.meanTalkMs ?? 30_000,
      ringMs: options.ringMs ?? [1000, 8000],
    };
  }

  /** Starts generating calls. */
  start(): void {
    if (!this.arrival) this.nextArrival();
  }

  /** Stops starting calls; calls in progress go on to their end. */
  stop(): void {
    this.arrival?.cancel();
    this.arrival = undefined;
  }

  /** Calls in progress (scripts not finished). */
  get callsInProgress(): number {
    return this.running;
  }

  /** The settings in force, defaults filled in. */
  get settings(): Readonly<Required<Omit<TrafficOptions, 'devices' | 'seed'>>> & { devices: number } {
    return { ...this.o, devices: this.devices.length };
  }

  /**
   * Arrivals lie on one timeline (each due an exponential gap after the one before, on the
   * scheduler's clock), and a timer that fires starts every call that has fallen due since. A
   * timer per gap, each waiting its gap from when the last one fired, lost the timers' lateness
   * on every arrival: `--traffic 200` made 159 calls a second.
   */
  private nextArrival(): void {
    const clock = (): number => (this.scheduler.clock ? this.scheduler.clock() : this.scheduler.now());
    let due = clock() + this.gap();
    const fire = (): void => {
      const now = clock();
      while (due <= now && this.arrival !== undefined) {
        this.startCall();
        due += this.gap();
      }
      if (this.arrival !== undefined) this.arrival = this.scheduler.schedule(Math.max(0, due - now), fire);
    };
    this.arrival = this.scheduler.schedule(due - clock(), fire);
  }

  private gap(): number {
    return this.rng.exponential(1000 / this.o.callsPerSecond);
  }

  private later(ms: number, task: () => void): void {
    this.scheduler.schedule(Math.round(ms), task);
  }

  private ring(): number {
    return this.rng.int(this.o.ringMs[0], this.o.ringMs[1]);
  }

  /** No script owns the device and no call uses it (a hunt group's number is never idle: it cannot call). */
  private isIdle(device: string): boolean {
    return !this.reserved.has(device) && !this.model.calls.hasConnections(device) && this.model.devices.get(device)?.group === undefined;
  }

  /**
   * A device for which `ok` holds, at random (each such device alike): a few random tries first,
   * which nearly always succeed while phones are free, then the list of all that qualify. A list
   * per arrival cost a pass over every device (and each check a pass over every call): with
   * 9,000 phones at 200 calls/s that was most of a CPU.
   */
  private pickWhere(ok: (device: string) => boolean): string | undefined {
    for (let tries = 0; tries < 8; tries++) {
      const device = this.rng.pick(this.devices);
      if (ok(device)) return device;
    }
    const all = this.devices.filter(ok);
    return all.length === 0 ? undefined : this.rng.pick(all);
  }

  private startCall(): void {
    if (this.running >= this.o.maxConcurrentCalls) {
      this.stats.dropped++;
      this.stats.droppedAtLimit++;
      return;
    }
    const caller = this.pickWhere((d) => this.isIdle(d));
    // Busy devices may be called too: the caller then gets Failed (they are not touched).
    const called = caller === undefined ? undefined : this.pickWhere((d) => d !== caller && (!this.reserved.has(d) || this.model.calls.isBusy(d)));
    if (caller === undefined || called === undefined) {
      this.stats.dropped++;
      this.stats.droppedNoPhones++;
      return;
    }
    const result = this.act(() => this.model.makeCall({ callingDevice: deviceId(caller), calledDirectoryNumber: deviceId(called) }));
    const mine = result && this.callOf(result.callingDevice);
    if (!mine) return;
    this.stats.started++;
    this.running++;
    const script = new Set<string>([caller]);
    this.reserve(script);
    if (!this.offered(mine, caller)) {
      this.stats.failed++;
      this.later(this.rng.int(1000, 3000), () => this.end(script, () => this.clear(mine, caller)));
      return;
    }
    this.claimRinging(script, mine, caller);
    this.later(this.ring(), () => {
      const answers = this.rng.next() < this.o.answerProbability;
      // Who rings now: the call may have been forwarded on no answer, or handed from a hunt group's queue to a member.
      const ringing = this.alive(mine) ? this.claimRinging(script, mine, caller) : undefined;
      if (answers && ringing !== undefined) {
        this.answer(mine, ringing);
        this.talk(script, mine, caller, ringing);
      } else {
        this.stats.abandoned++;
        this.end(script, () => this.clear(mine, caller));
      }
    });
  }

  /** Whether the call reached a device beyond `from`: one rings, or it waits in a hunt group's queue. */
  private offered(call: Call, from: string): boolean {
    for (const c of call.connections.values()) if (c.device !== from && (c.state === 'alerting' || c.state === 'queued')) return true;
    return false;
  }

  /** The device ringing in the call (not `from`), now claimed by the script; undefined when none rings. */
  private claimRinging(script: Set<string>, call: Call, from: string): string | undefined {
    for (const c of call.connections.values()) {
      if (c.device !== from && c.state === 'alerting') {
        this.claim(script, c.device);
        return c.device;
      }
    }
    return undefined;
  }

  private talk(script: Set<string>, call: Call, a: string, b: string): void {
    const r = this.rng.next();
    const { holdProbability: hold, transferProbability: transfer, conferenceProbability: conference } = this.o;
    if (r < hold) {
      this.later(this.rng.int(2000, 10_000), () => {
        this.stats.held++;
        this.act(() => this.model.holdCall({ callToBeHeld: connectionId(call, b) }), call);
        this.later(this.rng.int(1000, 8000), () => this.retrieve(script, call, a, b));
      });
    } else if (r < hold + transfer + conference) {
      const merge = r < hold + transfer ? 'transfer' : 'conference';
      this.later(this.rng.int(2000, 10_000), () => this.consult(script, call, a, b, merge));
    } else {
      this.hangUpLater(script, call, [a, b]);
    }
  }

  /**
   * `b` takes its held call back, then both hang up in time. A phone with a call on hold is free
   * for new calls (forwarding may send it one), and while another call rings or is connected
   * there the switch refuses the retrieve: `b` tries again after a while, as a person would, and
   * after RETRIEVE_TRIES the two hang up instead.
   */
  private retrieve(script: Set<string>, call: Call, a: string, b: string, tries = 1): void {
    const busyElsewhere = this.model.connectionsOf(b).some((c) => c.call !== call && c.connection.state !== 'hold');
    if (busyElsewhere && tries < RETRIEVE_TRIES) {
      this.later(this.rng.int(1000, 3000), () => this.retrieve(script, call, a, b, tries + 1));
      return;
    }
    if (!busyElsewhere && this.alive(call) && call.connections.get(b)?.state === 'hold') {
      this.act(() => this.model.retrieveCall({ callToBeRetrieved: connectionId(call, b) }), call);
    }
    this.hangUpLater(script, call, [a, b]);
  }

  private consult(script: Set<string>, primary: Call, a: string, b: string, merge: 'transfer' | 'conference'): void {
    const c = this.pickWhere((d) => this.isIdle(d));
    if (c === undefined) return this.hangUpLater(script, primary, [a, b]);
    this.claim(script, c);
    const result = this.act(() => this.model.consultationCall({ existingCall: connectionId(primary, b), consultedDevice: deviceId(c) }), primary);
    const consultation = result && this.callOf(result.initiatedCall);
    if (!consultation) return this.hangUpLater(script, primary, [a, b]);
    const back = (): void => {
      this.act(() => this.model.reconnectCall({ activeCall: connectionId(consultation, b), heldCall: connectionId(primary, b) }), consultation, primary);
      this.hangUpLater(script, primary, [a, b]);
    };
    if (!this.offered(consultation, b)) return this.later(this.rng.int(1000, 3000), back);
    this.later(this.ring(), () => {
      const answers = this.rng.next() < this.o.answerProbability;
      const ringing = this.alive(consultation) ? this.claimRinging(script, consultation, b) : undefined;
      if (!answers || ringing === undefined) return back();
      this.answer(consultation, ringing);
      this.later(this.rng.int(2000, 10_000), () => {
        const args = { heldCall: connectionId(primary, b), activeCall: connectionId(consultation, b) };
        if (merge === 'transfer') {
          if (this.act(() => this.model.transferCall(args), primary, consultation)) this.stats.transferred++;
          this.hangUpLater(script, primary, [a, ringing]);
        } else {
          if (this.act(() => this.model.conferenceCall(args), primary, consultation)) this.stats.conferenced++;
          this.hangUpLater(script, primary, [a, b, ringing]);
        }
      });
    });
  }

  /** After a random conversation, the parties hang up one by one (each after its own delay). */
  private hangUpLater(script: Set<string>, call: Call, parties: string[]): void {
    let left = parties.length;
    for (const party of parties) {
      this.later(this.rng.exponential(this.o.meanTalkMs), () => {
        if (this.alive(call) && call.connections.has(party)) this.clear(call, party);
        if (--left === 0) this.end(script, () => undefined);
      });
    }
  }

  private answer(call: Call, device: string): void {
    if (this.act(() => this.model.answerCall({ callToBeAnswered: connectionId(call, device) }), call)) this.stats.answered++;
  }

  private clear(call: Call, device: string): void {
    this.act(() => this.model.clearConnection({ connectionToBeCleared: connectionId(call, device) }), call);
  }

  private end(script: Set<string>, last: () => void): void {
    last();
    for (const d of script) {
      const owners = (this.reserved.get(d) ?? 1) - 1;
      if (owners > 0) this.reserved.set(d, owners);
      else this.reserved.delete(d);
    }
    this.running--;
  }

  private reserve(script: Set<string>): void {
    for (const d of script) this.reserved.set(d, (this.reserved.get(d) ?? 0) + 1);
  }

  private claim(script: Set<string>, device: string): void {
    if (script.has(device)) return;
    script.add(device);
    this.reserved.set(device, (this.reserved.get(device) ?? 0) + 1);
  }

  /** The live call a result's ConnectionID (always the `both` form here) names. */
  private callOf(id: ConnectionID): Call | undefined {
    return id.case === 'both' ? this.model.calls.get(id.value.callID) : undefined;
  }

  private alive(call: Call): boolean {
    return this.model.calls.get(call.callID) === call;
  }

  /**
   * Runs a service; a refusal is counted and kept, not thrown (the traffic goes on). Not run when
   * one of `calls` is gone: a switch restarted with `dropCalls` forgot it, and the script's later
   * steps find nothing to act on.
   */
  private act<T>(service: () => T, ...calls: Call[]): T | undefined {
    for (const call of calls) if (!this.alive(call)) return undefined;
    try {
      return service();
    } catch (e) {
      if (!isModelError(e)) throw e;
      this.stats.refused++;
      this.refusals.push(e.message);
      return undefined;
    }
  }
}
