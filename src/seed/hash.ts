/**
 * The "hash" Net::CSTAv3::Client handed to its callbacks (hipath-protocol.md §6.3), as a plain
 * object with the same keys and value forms, built from the decoded event.
 *
 * The seed read each key from a fixed tag path of the captured packet shape, so a key came out
 * undefined (or wrong) whenever the switch used another valid encoding (§6.3 caveat, §9.8). Here
 * every value comes from the typed event: devices in any DeviceID form (dialingNumber,
 * deviceNumber, implicitPublic, …), ConnectionIDs in callID-only or deviceID-only form, optional
 * elements present or not. A key whose value the event does not carry is left out (undefined),
 * never filled with something else.
 *
 * | key | value | events |
 * | --- | --- | --- |
 * | `invoke-id` | the switch's invokeId (number) | all |
 * | `operation-value` | 21 (cSTAEventReport) | all |
 * | `cross-ref-identifier` | the monitor's cross reference, lowercase hex (`0001`) | all |
 * | `call-id` | callID of the event's connection, lowercase hex (`005b`) | all with a connection |
 * | `dialing-number` | the device of the event's connection | all with a connection |
 * | `timestamp` | `YYYY-MM-DD hh:mm:ss`, as the seed's S2 decode_timestamp turned `YYYYMMDDhhmmss` | when sent |
 * | `timestamp-raw` | the GeneralizedTime text as sent (`20100925113510`) | when sent |
 * | `connection-info` | LocalConnectionState as a number (alerting = 2) | when sent |
 * | `cause` | EventCause as a number (newCall = 22) | when sent |
 * | `<field>-device` | the dialing number of each device component, field name in kebab case: `alerting-device`, `calling-device`, `called-device`, `answering-device`, `releasing-device`, `transferring-device`, `transferred-to-device`, `last-redirection-device`, … | per event |
 * | `old-call-id`, `old-call-dialing-number` | secondaryOldCall's callID and device | transferred |
 * | `endpoint` | the first transferredConnections item's endpoint (as the seed took it) | transferred |
 * | `transferred-call-id` | that item's newConnection callID | transferred |
 * | `event` | the event name (`delivered`), an addition for `any_cb` | all |
 *
 * "The event's connection" is its first ConnectionID component: `connection` (delivered),
 * `establishedConnection`, `droppedConnection`, `primaryOldCall` (transferred), … Reading
 * `call-id` / `dialing-number` of the seed's Transferred template as primaryOldCall and
 * `old-call-*` as secondaryOldCall is our inference from its variable names.
 */
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import { LocalConnectionState, type ConnectionList } from '../../generated/csta-connection-states.js';
import { EventCause } from '../../generated/csta-event-causes.js';
import { operations } from '../../generated/operations.js';
import type { CstaEvent } from '../session/csta-event.js';
import { eventDevices, mainConnection } from '../session/csta-event.js';
import { callIdOf, dialingNumberOf, type DeviceLike } from '../session/device.js';

/** The callback argument: keys as in the table above; absent keys are simply not there. */
export type SeedHash = Record<string, string | number>;

/** `20100925113510` → `2010-09-25 11:35:10` (a fraction or zone after the seconds is kept); undefined when not in that form. */
export function seedTimestamp(raw: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(.*)$/.exec(raw);
  if (m === null) return undefined;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${m[7]}`;
}

/** `transferredToDevice` → `transferred-to-device`. */
export function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function seedHash(event: CstaEvent): SeedHash {
  const hash: SeedHash = {
    'invoke-id': event.invokeId,
    'operation-value': operations.cSTAEventReport.code,
    'cross-ref-identifier': event.crossRefIdentifier,
    event: event.name,
  };
  const put = (key: string, value: string | number | undefined): void => {
    if (value !== undefined) hash[key] = value;
  };
  const v = event.value as unknown as Record<string, unknown>;
  const connection = mainConnection(event.name, event.value);
  put('call-id', callIdOf(connection));
  put('dialing-number', dialingNumberOf(connection));
  if (event.timestamp !== undefined) {
    put('timestamp', seedTimestamp(event.timestamp));
    put('timestamp-raw', event.timestamp);
  }
  const state = v.localConnectionInfo;
  if (typeof state === 'string') put('connection-info', (LocalConnectionState.values as Record<string, number>)[state]);
  const cause = v.cause;
  if (typeof cause === 'string') put('cause', (EventCause.values as Record<string, number>)[cause]);
  for (const { field, number } of eventDevices(event.name, event.value)) put(kebab(field), number);
  if (event.name === 'transferred') {
    const t = event.value;
    put('old-call-id', callIdOf(t.secondaryOldCall));
    put('old-call-dialing-number', dialingNumberOf(t.secondaryOldCall));
    const first = (t.transferredConnections as ConnectionList)[0];
    put('endpoint', dialingNumberOf(first?.endpoint as DeviceLike));
    put('transferred-call-id', callIdOf(first?.newConnection as ConnectionID | undefined));
  }
  return hash;
}
