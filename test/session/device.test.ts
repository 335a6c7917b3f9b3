/**
 * device.ts: the devices and connections of the HiPath event vectors (§8.2), then every DeviceID
 * form and every device-bearing CHOICE, the forms Net::CSTAv3::Client could not read (§6.3).
 */
import { describe, expect, it } from '@jest/globals';
import { decode, encode, fromHex, toHex } from '../../src/ber/index.js';
import { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import { DeviceID } from '../../generated/csta-device-identifiers.js';
import { operations } from '../../generated/operations.js';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { callIdOf, connectionId, crossRefBytes, crossRefHex, deviceId, dialingNumberOf } from '../../src/session/device.js';
import { decodeRose } from '../../src/session/rose.js';
import { apduOf, vector } from '../support/vectors.js';

const hex = (u: Uint8Array): string => toHex(u, ' ');

function eventOf(prefix: string): { crossRef: Uint8Array; name: string; event: Record<string, unknown> } {
  const m = decodeRose(apduOf(vector(prefix)));
  if (m.kind !== 'invoke') throw new Error('not an invoke');
  const arg = m.argument as CSTAEventReportArgument;
  const esi = arg.eventSpecificInfo as unknown as { value: { case: string; value: Record<string, unknown> } };
  return { crossRef: arg.crossRefIdentifier, name: esi.value.case, event: esi.value.value };
}

describe('the HiPath event vectors', () => {
  it('Delivered: connection both{005b,100}, alerting 100, calling 200, called 100, lastRedirection notKnown', () => {
    const { crossRef, event } = eventOf('Delivered');
    expect(crossRefHex(crossRef)).toBe('0001');
    expect(callIdOf(event.connection as ConnectionID)).toBe('005b');
    expect(dialingNumberOf(event.connection as ConnectionID)).toBe('100');
    expect(dialingNumberOf(event.alertingDevice as never)).toBe('100');
    expect(dialingNumberOf(event.callingDevice as never)).toBe('200');
    expect(dialingNumberOf(event.calledDevice as never)).toBe('100');
    expect(dialingNumberOf(event.lastRedirectionDevice as never)).toBeUndefined();
  });

  it('ConnectionCleared: releasing 200', () => {
    const { event } = eventOf('ConnectionCleared');
    expect(dialingNumberOf(event.releasingDevice as never)).toBe('200');
    expect(callIdOf(event.droppedConnection as ConnectionID)).toBe('005b');
  });

  it('Transferred: old calls b164/b169, endpoint and associatedNID inside the ConnectionList', () => {
    const { event } = eventOf('Transferred');
    expect(callIdOf(event.primaryOldCall as ConnectionID)).toBe('b164');
    expect(callIdOf(event.secondaryOldCall as ConnectionID)).toBe('b169');
    expect(dialingNumberOf(event.transferredToDevice as never)).toBe('257');
    const [first, second] = event.transferredConnections as Record<string, never>[];
    expect(callIdOf(first!.newConnection)).toBe('b16b');
    expect(dialingNumberOf(first!.newConnection)).toBe('7807');
    expect(dialingNumberOf(first!.endpoint)).toBe('01711234567');
    expect(dialingNumberOf(first!.associatedNID)).toBe('7806');
    expect(dialingNumberOf(second!.endpoint)).toBe('257');
  });

  it('connectionId builds the MakeCall result ConnectionID byte for byte: 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03 31 30 30', () => {
    const c = connectionId('005B', '100');
    expect(hex(encode(ConnectionID, c))).toBe('6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03 31 30 30');
    const m = decodeRose(apduOf(vector('MakeCall result')));
    if (m.kind !== 'result') throw new Error('not a result');
    expect(m.result).toEqual({ callingDevice: c });
    expect(m.operation).toBe(operations.makeCall);
  });
});

describe('deviceId', () => {
  it('is SEQUENCE { dialingNumber [0] } (§5.5)', () => {
    expect(hex(encode(DeviceID, deviceId('100')))).toBe('30 05 80 03 31 30 30');
  });
});

describe('dialingNumberOf every form', () => {
  const id = (deviceIdentifier: DeviceID['deviceIdentifier']): DeviceID => ({ deviceIdentifier });

  it.each([
    ['dialingNumber', id({ case: 'dialingNumber', value: '100' }), '100'],
    ['deviceNumber', id({ case: 'deviceNumber', value: 4711 }), '4711'],
    ['implicitPublic', id({ case: 'implicitPublic', value: '498912345' }), '498912345'],
    ['implicitPrivate', id({ case: 'implicitPrivate', value: '7806' }), '7806'],
    ['explicitPublic', id({ case: 'explicitPublic', value: { case: 'international', value: '498912345' } }), '498912345'],
    ['explicitPrivate', id({ case: 'explicitPrivate', value: { case: 'localNumber', value: '257' } }), '257'],
    ['other', id({ case: 'other', value: fromHex('0A0B') }), '0a0b'],
  ] as const)('DeviceID %s', (_, device, digits) => {
    expect(dialingNumberOf(device)).toBe(digits);
    // the same after a trip through the codec
    expect(dialingNumberOf(decode(DeviceID, encode(DeviceID, device)))).toBe(digits);
  });

  it('device CHOICEs: deviceIdentifier / numberdialed / deviceID give the digits, the rest undefined', () => {
    const d = deviceId('100');
    expect(dialingNumberOf({ case: 'deviceIdentifier', value: d })).toBe('100');
    expect(dialingNumberOf({ case: 'numberdialed', value: d })).toBe('100');
    expect(dialingNumberOf({ case: 'deviceID', value: d })).toBe('100');
    for (const form of ['notKnown', 'restricted', 'notRequired', 'notSpecified']) {
      expect(dialingNumberOf({ case: form, value: null })).toBeUndefined();
    }
  });

  it('LocalDeviceID and ConnectionID forms', () => {
    expect(dialingNumberOf({ case: 'staticID', value: deviceId('101') })).toBe('101');
    expect(dialingNumberOf({ case: 'dynamicID', value: fromHex('00FF') })).toBe('00ff');
    expect(dialingNumberOf({ case: 'deviceID', value: { case: 'staticID', value: deviceId('102') } })).toBe('102');
    expect(dialingNumberOf({ case: 'callID', value: fromHex('005B') })).toBeUndefined();
    expect(dialingNumberOf({ case: 'both', value: { callID: fromHex('005B'), deviceID: { case: 'dynamicID', value: fromHex('01') } } })).toBe('01');
  });

  it('nothing in, nothing out', () => {
    expect(dialingNumberOf(undefined)).toBeUndefined();
    expect(dialingNumberOf(null)).toBeUndefined();
  });
});

describe('callIdOf, crossRefHex', () => {
  it('callID-only and both give lowercase hex; deviceID-only gives undefined', () => {
    expect(callIdOf({ case: 'callID', value: fromHex('B164') })).toBe('b164');
    expect(callIdOf(connectionId('b169', '100'))).toBe('b169');
    expect(callIdOf({ case: 'deviceID', value: { case: 'staticID', value: deviceId('100') } })).toBeUndefined();
    expect(callIdOf(undefined)).toBeUndefined();
  });

  it('cross references keep null bytes: 00 00 → "0000" and back', () => {
    expect(crossRefHex(fromHex('0000'))).toBe('0000');
    expect(hex(crossRefBytes('00Ab'))).toBe('00 AB');
  });

  it('refuses hex that is not whole bytes (RangeError)', () => {
    expect(() => connectionId('5b0', '100')).toThrow(RangeError);
    expect(() => crossRefBytes('zz')).toThrow(RangeError);
  });
});
