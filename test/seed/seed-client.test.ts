/**
 * The Net::CSTAv3::Client API against the switch role on loopback: the §8 frames reach the seed's
 * callbacks with the seed's hash keys and values; other valid encodings (devices as deviceNumber /
 * implicitPublic / notKnown, ConnectionIDs callID-only or deviceID-only, optional parts absent)
 * fill the keys they can and leave the others out; destroy, disconnect (ABRT), main_loop, debug
 * output without credentials, extension callbacks, and callbacks surviving a reconnect.
 */
import { describe, expect, it } from '@jest/globals';
import type { ConnectionID } from '../../generated/csta-call-connection-identifiers.js';
import type { DeliveredEvent } from '../../generated/csta-delivered-event.js';
import type { EstablishedEvent } from '../../generated/csta-established-event.js';
import DefaultClient, { Client, NetCstav3Client, type SeedHash } from '../../src/seed/index.js';
import { vector } from '../support/vectors.js';
import { clientTestGuards, FakeSwitch, onCleanup, waitFor } from './switch-harness.js';

clientTestGuards();

const FRAME = {
  delivered: vector('Delivered').frame,
  established: vector('Established').frame,
  cleared: vector('ConnectionCleared').frame,
  transferred: vector('Transferred').frame,
};

async function connected(sw: FakeSwitch, extra: Record<string, unknown> = {}, lines: string[] = []): Promise<NetCstav3Client> {
  const csta = NetCstav3Client.new({ write: (stream, line) => lines.push(`${stream}: ${line}`) });
  await csta.csta_connect({ host: '127.0.0.1', port: sw.port, reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0 }, ...extra });
  onCleanup(() => csta.csta_disconnect());
  return csta;
}

/** Callbacks that record their hashes. */
function recorder() {
  const calls: [string, SeedHash][] = [];
  const cb = (name: string) => (hash: SeedHash) => void calls.push([name, hash]);
  return { calls, cbs: { delivered_cb: cb('delivered'), established_cb: cb('established'), cleared_cb: cb('cleared'), transferred_cb: cb('transferred') } };
}

const TIME = { timestamp: '2010-09-25 11:35:10', 'timestamp-raw': '20100925113510' };

describe('Net::CSTAv3::Client: the §8 frames', () => {
  it('calls each callback with one hash holding the seed keys and values', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const { calls, cbs } = recorder();
    const crossRef = await csta.csta_setup_monitoring({ 'dialing-number': '100', ...cbs });
    expect(crossRef).toBe('0001');
    for (const frame of Object.values(FRAME)) sw.writeRaw(frame);
    await waitFor(() => calls.length === 4, 'four callbacks');
    const common = { 'operation-value': 21, 'cross-ref-identifier': '0001', ...TIME };
    expect(calls).toEqual([
      ['delivered', { ...common, event: 'delivered', 'invoke-id': 5, 'call-id': '005b', 'dialing-number': '100', 'connection-info': 2, cause: 22,
        'alerting-device': '100', 'calling-device': '200', 'called-device': '100' }],
      ['established', { ...common, event: 'established', 'invoke-id': 6, 'call-id': '005b', 'dialing-number': '100', 'connection-info': 3, cause: 22,
        'answering-device': '100', 'calling-device': '200', 'called-device': '100' }],
      ['cleared', { ...common, event: 'connectionCleared', 'invoke-id': 7, 'call-id': '005b', 'dialing-number': '100', 'connection-info': 0, cause: 48,
        'releasing-device': '200' }],
      ['transferred', { ...common, event: 'transferred', 'invoke-id': 0x010203, 'call-id': 'b164', 'dialing-number': '100', 'connection-info': 0, cause: 32,
        'old-call-id': 'b169', 'old-call-dialing-number': '100', 'transferring-device': '100', 'transferred-to-device': '257',
        endpoint: '01711234567', 'transferred-call-id': 'b16b' }],
    ]);
  });

  it('calls only the callbacks given (the seed ignored the other events)', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const got: SeedHash[] = [];
    await csta.csta_setup_monitoring({ 'dialing-number': '100', cleared_cb: (h) => void got.push(h) });
    sw.writeRaw(FRAME.delivered);
    sw.writeRaw(FRAME.cleared);
    await waitFor(() => got.length === 1, 'the cleared callback');
    expect(got[0]?.['releasing-device']).toBe('200');
  });
});

describe('Net::CSTAv3::Client: other valid encodings', () => {
  const dn = (form: 'deviceNumber' | 'implicitPublic' | 'dialingNumber', value: string) => ({
    case: 'deviceIdentifier' as const,
    value: { deviceIdentifier: form === 'deviceNumber' ? { case: form, value: Number(value) } : { case: form, value } },
  });

  it('fills what the event carries in any form and leaves the rest out', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const { calls, cbs } = recorder();
    await csta.csta_setup_monitoring({ 'dialing-number': '100', ...cbs });
    const callIdOnly: ConnectionID = { case: 'callID', value: Uint8Array.of(0x12, 0x34) };
    const delivered = {
      connection: callIdOnly,
      alertingDevice: dn('implicitPublic', '100'),
      callingDevice: dn('deviceNumber', '200'),
      calledDevice: { case: 'notKnown', value: null },
      lastRedirectionDevice: { case: 'numberdialed', value: { deviceIdentifier: { case: 'explicitPublic', value: { case: 'international', value: '4930123' } } } },
      cause: 'redirected',
    } as unknown as DeliveredEvent;
    sw.sendEvent('0001', { case: 'callControlEvents', value: { case: 'delivered', value: delivered } });
    const deviceOnly: ConnectionID = { case: 'deviceID', value: { case: 'staticID', value: { deviceIdentifier: { case: 'dialingNumber', value: '100' } } } };
    const established = {
      establishedConnection: deviceOnly,
      answeringDevice: dn('dialingNumber', '100'),
      callingDevice: { case: 'restricted', value: null },
      calledDevice: dn('implicitPublic', '100'),
      lastRedirectionDevice: { case: 'notRequired', value: null },
      localConnectionInfo: 'connected',
      cause: 'newCall',
      extensions: { security: { timestamp: '20240229235959.5Z' } },
    } as unknown as EstablishedEvent;
    sw.sendEvent('0001', { case: 'callControlEvents', value: { case: 'established', value: established } });
    await waitFor(() => calls.length === 2, 'two callbacks');
    const [[, d], [, e]] = calls as [[string, SeedHash], [string, SeedHash]];
    expect(d).toEqual({
      'invoke-id': d['invoke-id'], 'operation-value': 21, 'cross-ref-identifier': '0001', event: 'delivered',
      'call-id': '1234', cause: 28, 'alerting-device': '100', 'calling-device': '200', 'last-redirection-device': '4930123',
    });
    expect(d).not.toHaveProperty('dialing-number');
    expect(d).not.toHaveProperty('called-device');
    expect(d).not.toHaveProperty('timestamp');
    expect(d).not.toHaveProperty('connection-info');
    expect(e).toEqual({
      'invoke-id': e['invoke-id'], 'operation-value': 21, 'cross-ref-identifier': '0001', event: 'established',
      'dialing-number': '100', 'connection-info': 3, cause: 22, 'answering-device': '100', 'called-device': '100',
      timestamp: '2024-02-29 23:59:59.5Z', 'timestamp-raw': '20240229235959.5Z',
    });
    expect(typeof d['invoke-id']).toBe('number');
  });
});

describe('Net::CSTAv3::Client: the rest of the API', () => {
  it('new(), the default export and Client are the same class', () => {
    expect(DefaultClient).toBe(NetCstav3Client);
    expect(Client).toBe(NetCstav3Client);
    expect(NetCstav3Client.new()).toBeInstanceOf(NetCstav3Client);
  });

  it('csta_destroy_monitoring sends monitorStop for the cross reference; later events are not delivered', async () => {
    const sw = await FakeSwitch.start();
    const lines: string[] = [];
    const csta = await connected(sw, {}, lines);
    const got: SeedHash[] = [];
    const crossRef = await csta.csta_setup_monitoring({ 'dialing-number': '100', delivered_cb: (h) => void got.push(h) });
    await csta.csta_destroy_monitoring({ 'cross-ref-identifier': crossRef });
    expect(sw.of('monitorStop')).toEqual([{ crossRefIdentifier: Uint8Array.of(0, 1) }]);
    sw.writeRaw(FRAME.delivered); // an unknown cross reference now: a warning, not fatal (§9.7)
    await waitFor(() => lines.length > 0, 'the warning');
    expect(lines[0]).toMatch(/^stderr: warn: delivered event for cross reference 0001, which belongs to no monitor/);
    await csta.csta_destroy_monitoring({ 'cross-ref-identifier': 'ABCD' });
    expect(sw.of('monitorStop')[1]).toEqual({ crossRefIdentifier: Uint8Array.of(0xab, 0xcd) });
    expect(got).toEqual([]);
  });

  it('csta_disconnect aborts (ABRT) and main_loop resolves', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const session = await sw.sessionCount(1);
    const ended = new Promise<{ reason: string }>((resolve) => session.once('close', resolve));
    let cross = '';
    cross = await csta.csta_setup_monitoring({
      'dialing-number': '100',
      cleared_cb: () => {
        void csta.csta_destroy_monitoring({ 'cross-ref-identifier': cross }).then(() => csta.csta_disconnect());
      },
    });
    const loop = csta.main_loop();
    sw.writeRaw(FRAME.cleared);
    await loop;
    expect((await ended).reason).toBe('aborted');
    expect(sw.count('monitorStop')).toBe(1);
    await expect(csta.csta_setup_monitoring({ 'dialing-number': '100' })).rejects.toThrow(/not connected/);
  });

  it('main_loop rejects with the link error when reconnecting is off', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw, { reconnect: false });
    const loop = csta.main_loop();
    sw.session.close();
    await expect(loop).rejects.toMatchObject({ code: 'link-lost' });
  });

  it('keeps calling the callbacks after a reconnect; the old cross reference still destroys', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const got: SeedHash[] = [];
    const crossRef = await csta.csta_setup_monitoring({ 'dialing-number': '100', established_cb: (h) => void got.push(h) });
    const reconnected = new Promise((resolve) => csta.client?.once('reconnected', resolve));
    sw.session.close();
    await reconnected;
    sw.writeRaw(FRAME.established.replace('55020001', '55020002'));
    await waitFor(() => got.length === 1, 'the callback after the reconnect');
    expect(got[0]).toMatchObject({ 'cross-ref-identifier': '0002', 'answering-device': '100' });
    await csta.csta_destroy_monitoring({ 'cross-ref-identifier': crossRef });
    expect(sw.of('monitorStop')).toEqual([{ crossRefIdentifier: Uint8Array.of(0, 2) }]);
  });

  it('takes <event>_cb for any event and any_cb for all; refuses unknown callback names', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const names: string[] = [];
    await csta.csta_setup_monitoring({
      'dialing-number': '100',
      connectionCleared_cb: (h) => void names.push(`cleared ${h['releasing-device']}`),
      any_cb: (h) => void names.push(`any ${h.event}`),
    });
    sw.writeRaw(FRAME.delivered);
    sw.writeRaw(FRAME.cleared);
    await waitFor(() => names.length === 3, 'three callbacks');
    expect(names).toEqual(['any delivered', 'cleared 200', 'any connectionCleared']);
    await expect(csta.csta_setup_monitoring({ 'dialing-number': '100', ringing_cb: () => {} })).rejects.toThrow(TypeError);
    expect(sw.count('monitorStart')).toBe(1);
  });

  it('hands a rejecting async callback to the client error listener, not to an unhandled rejection', async () => {
    const sw = await FakeSwitch.start();
    const csta = await connected(sw);
    const errors: unknown[] = [];
    await csta.csta_setup_monitoring({
      'dialing-number': '100',
      delivered_cb: async () => {
        throw new Error('delivered_cb failed');
      },
      // cleared_cb and connectionCleared_cb name the same event: both run, the rejection still arrives.
      cleared_cb: () => undefined,
      connectionCleared_cb: async () => {
        throw new Error('connectionCleared_cb failed');
      },
    });
    csta.client?.on('error', (e) => errors.push(e));
    sw.writeRaw(FRAME.delivered);
    sw.writeRaw(FRAME.cleared);
    await waitFor(() => errors.length === 2, 'both callback errors');
    expect(errors).toEqual([new Error('delivered_cb failed'), new Error('connectionCleared_cb failed')]);
  });

  it('debug_on prints [DEBUG] lines on stdout without the password; debug_off prints none', async () => {
    const sw = await FakeSwitch.start({ credentials: { name: 'CTIUSER', password: 'sEcReT99' } });
    const lines: string[] = [];
    const csta = NetCstav3Client.new({ write: (stream, line) => lines.push(`${stream}: ${line}`) });
    csta.debug_on();
    await csta.csta_connect({ host: '127.0.0.1', port: sw.port, authname: 'CTIUSER', password: 'sEcReT99' });
    onCleanup(() => csta.csta_disconnect());
    await csta.csta_setup_monitoring({ 'dialing-number': '100' });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => l.startsWith('stdout: [DEBUG] '))).toBe(true);
    expect(lines.some((l) => l.includes('aarq') && l.includes('password=***'))).toBe(true);
    expect(lines.join('\n')).not.toContain('sEcReT99');
    const before = lines.length;
    csta.debug_off();
    sw.writeRaw(FRAME.delivered);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(lines.length).toBe(before);
  });
});
