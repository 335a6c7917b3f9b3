/**
 * What a person at a phone does, turned into the CSTA services a client would invoke for it:
 * "answer at 101" is Answer Call on 101's alerting connection, and so on. The scenario runner and
 * the traffic generator drive the model through these, so their events are exactly the services'.
 */
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import type { LocalConnectionState } from '../../generated/csta-connection-states.js';
import type { Call, Connection } from './calls.js';
import type { SwitchModel } from './model.js';
import { connectionId, deviceId } from './values.js';

export type ActionErrorCode = 'unknown-device' | 'no-such-connection';

/** A device action that has nothing to act on (no alerting call to answer, no held call…). */
export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

type Leg = { call: Call; connection: Connection };

export class DeviceActions {
  constructor(private readonly model: SwitchModel) {}

  /** Make Call from `from` to `to`; returns the caller's connection. */
  makeCall(from: string, to: string): ConnectionID {
    this.known(from);
    return this.model.makeCall({ callingDevice: deviceId(from), calledDirectoryNumber: deviceId(to) }).callingDevice;
  }

  /** Answer Call on the device's alerting connection. */
  answer(device: string): void {
    this.model.answerCall({ callToBeAnswered: this.leg(device, ['alerting'], 'alerting call to answer') });
  }

  /** Clear Connection on the device's current connection (any state but hold), else on its held one. */
  hangUp(device: string): void {
    const current = this.find(device, ['connected', 'alerting', 'initiated', 'fail', 'queued']) ?? this.find(device, ['hold']);
    if (!current) throw new ActionError('no-such-connection', `${device} has no call to hang up`);
    this.model.clearConnection({ connectionToBeCleared: connectionId(current.call, device) });
  }

  /** Hold Call on the device's connected call. */
  hold(device: string): void {
    this.model.holdCall({ callToBeHeld: this.leg(device, ['connected'], 'connected call to hold') });
  }

  /** Retrieve Call on the device's held call (of several, the newest call). */
  retrieve(device: string): void {
    this.model.retrieveCall({ callToBeRetrieved: this.leg(device, ['hold'], 'held call to retrieve') });
  }

  /** Consultation Call from the device's connected call to `to`; returns the new call's connection. */
  consult(from: string, to: string): ConnectionID {
    const existingCall = this.leg(from, ['connected'], 'connected call to consult from');
    return this.model.consultationCall({ existingCall, consultedDevice: deviceId(to) }).initiatedCall;
  }

  /** Transfer Call of the device's held call to its active one. */
  transfer(device: string): void {
    this.model.transferCall(this.heldAndActive(device));
  }

  /** Conference Call of the device's held and active calls. */
  conference(device: string): void {
    this.model.conferenceCall(this.heldAndActive(device));
  }

  /** Alternate Call: hold the active call, retrieve the held one. */
  alternate(device: string): void {
    this.model.alternateCall(this.heldAndActive(device));
  }

  /** Reconnect Call: clear the active call, retrieve the held one. */
  reconnect(device: string): void {
    this.model.reconnectCall(this.heldAndActive(device, ['connected', 'alerting', 'fail', 'initiated']));
  }

  /** Deflect Call of the alerting call at `at` to `to`. */
  deflect(at: string, to: string): void {
    this.model.deflectCall({ callToBeDiverted: this.leg(at, ['alerting'], 'alerting call to deflect'), newDestination: deviceId(to) });
  }

  /** Single Step Transfer of the device's connected call to `to`. */
  singleStepTransfer(device: string, to: string): void {
    this.model.singleStepTrans({ activeCall: this.leg(device, ['connected'], 'connected call to transfer'), transferredTo: deviceId(to) });
  }

  private heldAndActive(device: string, activeStates: LocalConnectionState[] = ['connected']): { heldCall: ConnectionID; activeCall: ConnectionID } {
    return {
      heldCall: this.leg(device, ['hold'], 'held call'),
      activeCall: this.leg(device, activeStates, `active (${activeStates.join('/')}) call`),
    };
  }

  private leg(device: string, states: LocalConnectionState[], what: string): ConnectionID {
    const found = this.find(device, states);
    if (!found) {
      const have = this.model.connectionsOf(device).map(({ connection }) => connection.state);
      throw new ActionError('no-such-connection', `${device} has no ${what} (its connections: ${have.length ? have.join(', ') : 'none'})`);
    }
    return connectionId(found.call, device);
  }

  /** The device's newest connection in one of `states`. */
  private find(device: string, states: LocalConnectionState[]): Leg | undefined {
    this.known(device);
    return this.model
      .connectionsOf(device)
      .filter(({ connection }) => states.includes(connection.state))
      .pop();
  }

  private known(device: string): void {
    if (!this.model.devices.has(device)) throw new ActionError('unknown-device', `${device} is not a device of the simulated switch`);
  }
}
