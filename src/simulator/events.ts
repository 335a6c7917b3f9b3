/**
 * Event reports of the simulated switch. A service produces events into an `EventBatch`; each
 * event is built once per device of its audience (localConnectionInfo is the state of *that*
 * device's connection) and delivered to every monitor of that device whose filter lets it through.
 */
import type { ConnectionList } from '../../generated/csta-connection-states.js';
import type { CallControlEvents, CSTAEventReportArgument, EventSpecificInfo } from '../../generated/csta-event-report-definitions.js';
import type { EventCause } from '../../generated/csta-event-causes.js';
import type { Call } from './calls.js';
import { isReported, type Monitor, type MonitorTable } from './monitors.js';
import { callLinkageDataList, connectionId, localState, redirectionDevice, subjectDevice, timestamped } from './values.js';

/** An event for one monitor: exactly the argument of a cSTAEventReport invoke. */
export type MonitorEvent = CSTAEventReportArgument;

/** Called for every event, in order, with the monitor it is for. */
export type EventListener = (event: MonitorEvent, monitor: Monitor) => void;

/** Builds the event as seen by one device of the audience. */
export type EventBuilder = (device: string) => EventSpecificInfo;

/** The events one service produced, in order; delivered only when the service succeeds. */
export class EventBatch {
  readonly deliveries: { event: MonitorEvent; monitor: Monitor }[] = [];

  constructor(
    private readonly monitors: MonitorTable,
    /** The 14-character local timestamp every event of this batch carries. */
    readonly timestamp: string,
  ) {}

  /** Reports the event to each device of `audience` (duplicates ignored, order kept). */
  report(audience: Iterable<string>, build: EventBuilder): void {
    const done = new Set<string>();
    for (const device of audience) {
      if (done.has(device)) continue;
      done.add(device);
      const monitors = this.monitors.onDevice(device);
      if (monitors.length === 0) continue;
      const info = build(device);
      for (const monitor of monitors) {
        if (isReported(monitor.filter, info)) {
          this.deliveries.push({ event: { crossRefIdentifier: monitor.crossRefIdentifier.slice(), eventSpecificInfo: info }, monitor });
        }
      }
    }
  }
}

function callControl(event: CallControlEvents): EventSpecificInfo {
  return { case: 'callControlEvents', value: event };
}

/** ServiceInitiated: `device` went off-hook / was made to start a call (connection initiated). */
export function serviceInitiated(call: Call, device: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'serviceInitiated',
      value: {
        initiatedConnection: connectionId(call, device),
        initiatingDevice: subjectDevice(device),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Originated: the call left `call.callingDevice` towards `call.calledDevice`. */
export function originated(call: Call, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'originated',
      value: {
        originatedConnection: connectionId(call, call.callingDevice),
        callingDevice: subjectDevice(call.callingDevice),
        calledDevice: subjectDevice(call.calledDevice),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Delivered: `alerting` is ringing (HiPath field set, §6.2). */
export function delivered(call: Call, alerting: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'delivered',
      value: {
        connection: connectionId(call, alerting),
        alertingDevice: subjectDevice(alerting),
        callingDevice: subjectDevice(call.callingDevice),
        calledDevice: subjectDevice(call.calledDevice),
        lastRedirectionDevice: redirectionDevice(call.lastRedirectionDevice),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Queued: the call waits at hunt group `queue`, `numberQueued` calls there now (this one included). */
export function queued(call: Call, queue: string, numberQueued: number, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'queued',
      value: {
        queuedConnection: connectionId(call, queue),
        queue: subjectDevice(queue),
        callingDevice: subjectDevice(call.callingDevice),
        calledDevice: subjectDevice(call.calledDevice),
        lastRedirectionDevice: redirectionDevice(call.lastRedirectionDevice),
        numberQueued,
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Established: `answering` answered (same field set as Delivered, §6.2). */
export function established(call: Call, answering: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'established',
      value: {
        establishedConnection: connectionId(call, answering),
        answeringDevice: subjectDevice(answering),
        callingDevice: subjectDevice(call.callingDevice),
        calledDevice: subjectDevice(call.calledDevice),
        lastRedirectionDevice: redirectionDevice(call.lastRedirectionDevice),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Failed: the call could not reach `failing`; the connection of `device` is now in the fail state. */
export function failed(call: Call, device: string, failing: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'failed',
      value: {
        failedConnection: connectionId(call, device),
        failingDevice: subjectDevice(failing),
        callingDevice: subjectDevice(call.callingDevice),
        calledDevice: subjectDevice(call.calledDevice),
        lastRedirectionDevice: redirectionDevice(call.lastRedirectionDevice),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Diverted: the call left `from` for `to`; `previousRedirection` is the redirection before this one. */
export function diverted(call: Call, from: string, to: string, previousRedirection: string | undefined, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'diverted',
      value: {
        connection: connectionId(call, from),
        divertingDevice: subjectDevice(from),
        newDestination: subjectDevice(to),
        callingDevice: subjectDevice(call.callingDevice),
        calledDevice: subjectDevice(call.calledDevice),
        lastRedirectionDevice: redirectionDevice(previousRedirection),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** ConnectionCleared: `device`'s connection left the call (HiPath field set, §6.2). */
export function connectionCleared(call: Call, device: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'connectionCleared',
      value: {
        droppedConnection: connectionId(call, device),
        releasingDevice: subjectDevice(device),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** CallCleared: the call is gone; clearedCall names the call with the receiving device. */
export function callCleared(call: Call, cause: EventCause, ts: string): EventBuilder {
  return (at) => callControl({ case: 'callCleared', value: { clearedCall: connectionId(call, at), cause, extensions: timestamped(ts) } });
}

/** Held: `device` put its connection on hold. */
export function held(call: Call, device: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'held',
      value: {
        heldConnection: connectionId(call, device),
        holdingDevice: subjectDevice(device),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** Retrieved: `device` took its connection off hold. */
export function retrieved(call: Call, device: string, cause: EventCause, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'retrieved',
      value: {
        retrievedConnection: connectionId(call, device),
        retrievingDevice: subjectDevice(device),
        localConnectionInfo: localState(call, at),
        cause,
        extensions: timestamped(ts),
      },
    });
}

/** What Transferred and Conferenced share: the calls before, the resulting call and its connections. */
export interface MergeReport {
  /** The call that remains (states are read from it). */
  readonly resulting: Call;
  /** The device's connection in the primary (held) old call. */
  readonly primaryOldCall: Call;
  /** The device's connection in the secondary (active) old call; absent for a single-step transfer. */
  readonly secondaryOldCall?: Call;
  /** The device that transferred / conferenced. */
  readonly device: string;
  /** transferredToDevice / addedParty. */
  readonly otherParty: string;
  readonly connections: ConnectionList;
  readonly cause: EventCause;
}

/** Transferred (HiPath field order, §6.2 / §8.2). */
export function transferred(m: MergeReport, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'transferred',
      value: {
        primaryOldCall: connectionId(m.primaryOldCall, m.device),
        ...(m.secondaryOldCall ? { secondaryOldCall: connectionId(m.secondaryOldCall, m.device) } : {}),
        transferringDevice: subjectDevice(m.device),
        transferredToDevice: subjectDevice(m.otherParty),
        transferredConnections: m.connections,
        localConnectionInfo: localState(m.resulting, at),
        cause: m.cause,
        ...(m.secondaryOldCall ? { callLinkageDataList: callLinkageDataList(m.resulting, m.secondaryOldCall) } : {}),
        extensions: timestamped(ts),
      },
    });
}

/** Conferenced: the secondary call was merged into the primary one. */
export function conferenced(m: MergeReport & { readonly secondaryOldCall: Call }, ts: string): EventBuilder {
  return (at) =>
    callControl({
      case: 'conferenced',
      value: {
        primaryOldCall: connectionId(m.primaryOldCall, m.device),
        secondaryOldCall: connectionId(m.secondaryOldCall, m.device),
        conferencingDevice: subjectDevice(m.device),
        addedParty: subjectDevice(m.otherParty),
        conferenceConnections: m.connections,
        localConnectionInfo: localState(m.resulting, at),
        cause: m.cause,
        callLinkageDataList: callLinkageDataList(m.resulting, m.secondaryOldCall),
        extensions: timestamped(ts),
      },
    });
}
