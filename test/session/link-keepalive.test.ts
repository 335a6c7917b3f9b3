/**
 * Keep-alive in both directions (hipath-protocol.md §4): the link answers every systemStatus from
 * the switch, at any time (Net::CSTAv3::Client answered only the first); a silent switch is probed
 * with systemStatus and, when the probe goes unanswered, the link closes with 'keepalive'.
 */
import { describe, expect, it } from '@jest/globals';
import type { SystemStatus } from '../../generated/csta-device-feature-types.js';
import { operations } from '../../generated/operations.js';
import type { LinkLostError } from '../../src/session/errors.js';
import { fromHex } from '../../src/ber/index.js';
import { decodeRose, encodeInvoke, encodeReject, encodeResult } from '../../src/session/rose.js';
import type { ServerSession } from '../../src/session/server.js';
import { concat, frame, hex, openLink, rawLogin, sessionTestGuards, startServer, waitFor } from './link-harness.js';

sessionTestGuards();

/** A systemStatus normal invoke with any invokeId: what the probe must look like. */
const PROBE = /^A1 0C 02 01 [0-9A-F]{2} 02 02 00 D3 30 03 0A 01 02$/;

describe('systemStatus from the switch', () => {
  it('every one is answered with ReturnResult noData echoing its invokeId, coalesced or not', async () => {
    const { link, sw } = await rawLogin();
    const statuses: [SystemStatus, number][] = [];
    link.on('systemStatus', (status, _arg, invokeId) => statuses.push([status, invokeId]));
    const sequence: [SystemStatus, number][] = [
      ['normal', 2],
      ['messagesLost', 3],
      ['enabled', 300],
      ['overloadImminent', 4],
      ['normal', 0x010203],
    ];
    const invokes = sequence.map(([status, id]) => frame(encodeInvoke(id, operations.systemStatus, { systemStatus: status })));
    sw.write(invokes[0]!);
    expect(await sw.apdu()).toBe('A2 0B 02 01 02 30 06 02 02 00 D3 05 00');
    sw.write(concat(invokes.slice(1)));
    for (const [, id] of sequence.slice(1)) expect(await sw.apdu()).toBe(hex(encodeResult(id, operations.systemStatus)));
    await waitFor(() => statuses.length === sequence.length, 'systemStatus events');
    expect(statuses).toEqual(sequence);
  });

  it('a switch sending systemStatus periodically gets every one answered', async () => {
    const server = await startServer({ systemStatusIntervalMs: 20 });
    const sessions: ServerSession[] = [];
    server.on('session', (s) => sessions.push(s));
    const { link, tap } = await openLink(server.address().port);
    let count = 0;
    link.on('systemStatus', () => count++);
    await waitFor(() => count >= 6, 'the opening and five periodic systemStatus invokes', 3000);
    // Between two reads, everything received has been answered: same invokeIds, in order.
    const invokeIds = tap.got().filter((a) => / 02 02 00 D3 /.test(a) && a.startsWith('A1')).map((a) => decodeRose(fromHex(a)).invokeId);
    const answerIds = tap.sent().filter((a) => a.startsWith('A2')).map((a) => decodeRose(fromHex(a)).invokeId);
    expect(invokeIds.length).toBeGreaterThanOrEqual(6);
    expect(answerIds).toEqual(invokeIds);
    expect(invokeIds[0]).toBe(1);
    expect(sessions[0]!.state).toBe('up');
    expect(sessions[0]!.pendingRequests).toBeLessThanOrEqual(1);
  });
});

describe('dead-link detection', () => {
  it('a switch that stops answering → close "keepalive" within deadLinkMs + requestTimeoutMs', async () => {
    const { link, sw } = await rawLogin({ deadLinkMs: 200, requestTimeoutMs: 200 });
    const started = Date.now();
    const seen: LinkLostError[] = [];
    link.on('close', (e) => seen.push(e));
    const pending = link.invoke('monitorStop', { crossRefIdentifier: Uint8Array.of(0, 1) }, { timeoutMs: 5000 }).catch((e: LinkLostError) => e);
    await sw.apdu(); // the monitorStop, never answered
    expect(await sw.apdu(1000)).toMatch(PROBE);
    await waitFor(() => seen.length === 1, 'close', 1500);
    const elapsed = Date.now() - started;
    expect(seen[0]).toMatchObject({ code: 'link-lost', reason: 'keepalive' });
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(400 + 250);
    expect(await pending).toBe(seen[0]);
    await sw.closed();
  });

  it('any answer to the probe (here a Reject) proves the link alive', async () => {
    const { link, sw } = await rawLogin({ deadLinkMs: 60, requestTimeoutMs: 100 });
    for (let i = 0; i < 3; i++) {
      const probe = await sw.rose(1000);
      expect(probe).toMatchObject({ kind: 'invoke', opcode: 211 });
      sw.write(frame(encodeReject(probe.invokeId, 'invoke', 1)));
    }
    expect(link.state).toBe('up');
  });

  it('traffic from the switch postpones the probe', async () => {
    const { link, sw } = await rawLogin({ deadLinkMs: 150, requestTimeoutMs: 100 });
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      sw.write(frame(encodeInvoke(100 + i, operations.systemStatus, { systemStatus: 'normal' })));
      expect(await sw.apdu()).toBe(hex(encodeResult(100 + i, operations.systemStatus)));
    }
    expect(link.state).toBe('up'); // 300 ms passed, never 150 ms of silence: no probe was sent
  });

  it('a CstaServer answers the probes and the link stays up', async () => {
    const server = await startServer();
    const probes: SystemStatus[] = [];
    server.on('session', (s) => s.on('systemStatus', (status) => probes.push(status)));
    const { link } = await openLink(server.address().port, { deadLinkMs: 40, requestTimeoutMs: 100 });
    await waitFor(() => probes.length >= 3, 'three probes', 2000);
    expect(probes.every((s) => s === 'normal')).toBe(true);
    expect(link.state).toBe('up');
  });
});
