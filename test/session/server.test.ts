/**
 * CstaServer / ServerSession, the switch role: the login from a raw client whose AARQ arrives in
 * pieces, credentials, AARE rejections, the opening and periodic systemStatus, events with the
 * switch's own invoke ids, dispatch of client requests, and every way a session ends.
 */
import { describe, expect, it } from '@jest/globals';
import { fromHex } from '../../src/ber/index.js';
import { errors, operations } from '../../generated/operations.js';
import { buildAare, buildAarq, checkAare } from '../../src/session/acse.js';
import { deviceId } from '../../src/session/device.js';
import { CstaError, type LinkLostError, type SessionError } from '../../src/session/errors.js';
import { HIPATH } from '../../src/session/profile.js';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { decodeRose, encodeError, encodeInvoke } from '../../src/session/rose.js';
import type { AssociationRequest, ServerSession } from '../../src/session/server.js';
import { apduOf, vector } from '../support/vectors.js';
import { consoleLogger } from '../../src/session/logger.js';
import { ByteQueue, concat, connectTo, frame, frameOf, hex, openLink, sessionTestGuards, startServer, waitFor } from './link-harness.js';

sessionTestGuards();

const AARE_ACCEPTED = hex(buildAare(HIPATH, { accepted: true }));
const V1 = hex(apduOf(vector('systemStatus invoke')));
const delivered = (decodeRose(apduOf(vector('Delivered'))) as { argument: CSTAEventReportArgument }).argument;
const monitor100 = { monitorObject: { case: 'deviceObject' as const, value: deviceId('100') } };

async function rejection(promise: Promise<unknown>): Promise<SessionError> {
  try {
    await promise;
  } catch (e) {
    return e as SessionError;
  }
  throw new Error('expected a rejection');
}

/** A raw client that has logged in (V2 → AARE + V1 → V3), and the server's session for it. */
async function rawClient(options: Parameters<typeof startServer>[0] = {}): Promise<{ client: ByteQueue; session: ServerSession }> {
  const server = await startServer(options);
  const sessions: ServerSession[] = [];
  server.on('session', (s) => sessions.push(s));
  const client = new ByteQueue(await connectTo(server.address().port));
  client.write(frameOf('AARQ'));
  expect(await client.apdu()).toBe(AARE_ACCEPTED);
  expect(await client.apdu()).toBe(V1);
  client.write(frameOf('systemStatus result'));
  await waitFor(() => sessions[0]?.pendingRequests === 0, 'the opening systemStatus to be answered');
  return { client, session: sessions[0]! };
}

describe('login, the switch side', () => {
  it('answers an AARQ delivered in two pieces, cut at every offset, with the AARE and V1', async () => {
    const server = await startServer();
    const v2 = frameOf('AARQ');
    const v3 = frameOf('systemStatus result');
    let associated = 0;
    server.on('session', () => associated++);
    for (let cut = 1; cut < v2.length; cut++) {
      const client = new ByteQueue(await connectTo(server.address().port));
      await waitFor(() => server.sessions.size === 1, 'the connection to be accepted');
      const session = [...server.sessions][0]!;
      let arrived = 0;
      session.socket.on('data', (c: Buffer) => (arrived += c.length));
      client.write(v2.subarray(0, cut));
      await waitFor(() => arrived === cut, 'the first piece');
      client.write(v2.subarray(cut));
      expect(await client.apdu()).toBe(AARE_ACCEPTED);
      expect(await client.apdu()).toBe(V1);
      const v3cut = 1 + (cut % (v3.length - 1));
      client.write(v3.subarray(0, v3cut));
      await waitFor(() => arrived === v2.length + v3cut, 'the first piece of V3');
      client.write(v3.subarray(v3cut));
      await waitFor(() => session.pendingRequests === 0, 'V3 to answer the opening systemStatus');
      expect(session.state).toBe('up');
      client.socket.destroy();
      await waitFor(() => server.sessions.size === 0, 'the session to end');
    }
    expect(associated).toBe(v2.length - 1);
  }, 30_000);

  it('rejects wrong credentials with AARE rejected-permanent / authentication-failure, then closes', async () => {
    const server = await startServer({ credentials: { name: 'ADMIN', password: 'secret' } });
    const rejected: unknown[] = [];
    server.on('associationRejected', (info) => rejected.push(info));
    const error = await rejection(openLink(server.address().port));
    expect(error).toMatchObject({ code: 'association-rejected', result: { value: 1 }, diagnostic: { value: 13, source: 'acse-service-user' } });
    expect(rejected).toMatchObject([{ name: 'AMHOST', diagnostic: 13 }]);
    await waitFor(() => server.sessions.size === 0, 'the connection to be closed');
  });

  it('asks a credentials function, which sees the name and password offered', async () => {
    const offered: AssociationRequest[] = [];
    const server = await startServer({
      credentials: (request) => {
        offered.push(request);
        return request.credentials?.name === 'APP' && request.credentials.password === 'pw';
      },
    });
    const { link } = await openLink(server.address().port, { credentials: { name: 'APP', password: 'pw' } });
    expect(link.state).toBe('up');
    expect((await rejection(openLink(server.address().port))).code).toBe('association-rejected');
    expect(offered.map((r) => [r.credentials?.name, r.applicationContext])).toEqual([
      ['APP', '1.3.12.0.218'],
      ['AMHOST', '1.3.12.0.218'],
    ]);
  });

  it.each([
    ['no credentials', buildAarq({ ...HIPATH, authentication: undefined }), 14],
    ['another application context', buildAarq({ ...HIPATH, applicationContext: '1.3.12.0.285' }), 2],
  ])('rejects an AARQ with %s', async (_what, aarq, diagnostic) => {
    const server = await startServer();
    const client = new ByteQueue(await connectTo(server.address().port));
    client.write(frame(aarq));
    const aare = fromHex(await client.apdu());
    expect(() => checkAare(aare)).toThrow(expect.objectContaining({ code: 'association-rejected', diagnostic: expect.objectContaining({ value: diagnostic }) }));
    await client.closed();
  });

  it('closes a connection that sends no AARQ, or something else first', async () => {
    const server = await startServer({ associationTimeoutMs: 50 });
    const silent = new ByteQueue(await connectTo(server.address().port));
    await silent.closed(1000);
    const wrong = new ByteQueue(await connectTo(server.address().port));
    wrong.write(frame(fromHex('62 03 80 01 00')));
    await wrong.closed(1000);
  });

  it('aborts a client that sends a request before the AARE (it was ignored: the request never got an answer)', async () => {
    // A credentials check that takes a while, as a directory lookup does: the request in the same
    // write as the AARQ arrives while the association is not up yet.
    const warnings: string[] = [];
    const logger = consoleLogger({ sink: (level, line) => void (level === 'warn' && warnings.push(line)) });
    const server = await startServer({ logger, credentials: async () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20)) });
    const client = new ByteQueue(await connectTo(server.address().port));
    client.write(concat([frameOf('AARQ'), frameOf('MakeCall 100')]));
    expect(await client.apdu()).toBe(hex(frameOf('ABRT').subarray(3)));
    await client.closed(1000);
    expect(warnings).toEqual([expect.stringMatching(/sent a ROSE APDU before the association was up: nothing but the AARQ may come before the AARE; aborting/)]);
    await waitFor(() => server.sessions.size === 0, 'the session to be gone');
  });
});

describe('the switch talking to a CstaLink', () => {
  it('sends events with its own invoke ids, independent of the client\'s', async () => {
    const server = await startServer();
    const seenIds: number[] = [];
    server.on('session', (s) => {
      s.handle('monitorStart', (_arg, invokeId) => {
        seenIds.push(invokeId);
        return { crossRefIdentifier: Uint8Array.of(0, 1) };
      });
      s.once('associated', () => {
        const event = delivered.eventSpecificInfo;
        seenIds.push(s.sendEvent(Uint8Array.of(0, 1), event), s.sendEvent(Uint8Array.of(0, 1), event));
      });
    });
    const { link } = await openLink(server.address().port);
    const events: number[] = [];
    link.on('event', (_r, invokeId) => events.push(invokeId));
    const result = await link.invoke('monitorStart', monitor100);
    expect(result.crossRefIdentifier).toEqual(Uint8Array.of(0, 1));
    await waitFor(() => events.length === 2, 'two events');
    expect(events).toEqual([2, 3]); // after the opening systemStatus (1)
    expect(seenIds).toEqual([2, 3, 1]); // the client's first request is its own invokeId 1
  });

  it('systemStatus(status) reaches the link and resolves with its noData answer', async () => {
    const server = await startServer();
    const sessions: ServerSession[] = [];
    server.on('session', (s) => sessions.push(s));
    const { link } = await openLink(server.address().port);
    const statuses: string[] = [];
    link.on('systemStatus', (status) => statuses.push(status));
    expect(await sessions[0]!.systemStatus('enabled')).toEqual({ case: 'noData', value: null });
    expect(statuses).toEqual(['normal', 'enabled']);
  });

  it('a client request nobody handles → ReturnError serviceNotSupported; a handler error → unspecified', async () => {
    const server = await startServer();
    server.on('session', (s) =>
      s.handle('monitorStop', () => {
        throw new Error('simulated bug');
      }),
    );
    const { link, tap } = await openLink(server.address().port);
    const e = (await rejection(link.invoke('getDoNotDisturb', { device: deviceId('100') }))) as CstaError;
    expect([e.code, e.category, e.value]).toEqual(['return-error', 'operation', 'serviceNotSupported']);
    expect(tap.got().at(-1)).toBe(hex(encodeError(1, errors.universalFailure, { case: 'operation', value: 'serviceNotSupported' })));
    const f = (await rejection(link.invoke('monitorStop', { crossRefIdentifier: Uint8Array.of(0, 1) }))) as CstaError;
    expect([f.code, f.category]).toEqual(['return-error', 'unspecified']);
  });

  it('an unknown operation from the client → Reject invoke-unrecognizedOperation; an event is not answered', async () => {
    const { client, session } = await rawClient();
    const events: number[] = [];
    session.on('event', (_r, invokeId) => events.push(invokeId));
    client.write(frame(fromHex('A1 07 02 01 05 02 02 03 E7')));
    expect(await client.apdu()).toBe('A4 06 02 01 05 81 01 01');
    client.write(frame(encodeInvoke(6, operations.cSTAEventReport, delivered)));
    client.write(frame(fromHex('A1 07 02 01 07 02 02 03 E7')));
    expect(await client.apdu()).toBe('A4 06 02 01 07 81 01 01'); // the next answer is to invoke 7: nothing for 6
    expect(events).toEqual([6]);
    expect(session.state).toBe('up');
  });
});

describe('how a session ends', () => {
  it('periodic systemStatus unanswered → session closes "keepalive"', async () => {
    const { client, session } = await rawClient({ systemStatusIntervalMs: 30, requestTimeoutMs: 60 });
    const seen: LinkLostError[] = [];
    session.on('close', (e) => seen.push(e));
    expect(hex(fromHex(await client.apdu()))).toMatch(/^A1 0C 02 01 02 02 02 00 D3 30 03 0A 01 02$/);
    await client.closed(1000);
    expect(seen.map((e) => e.reason)).toEqual(['keepalive']);
  });

  it('close() → the link sees "closed" once and its pending requests fail', async () => {
    const server = await startServer();
    const sessions: ServerSession[] = [];
    server.on('session', (s) => {
      sessions.push(s);
      s.handle('monitorStart', () => new Promise(() => {}));
    });
    const { link } = await openLink(server.address().port);
    const seen: LinkLostError[] = [];
    link.on('close', (e) => seen.push(e));
    const pending = link.invoke('monitorStart', monitor100);
    await waitFor(() => sessions[0]!.state === 'up', 'up');
    await new Promise((resolve) => setTimeout(resolve, 10));
    sessions[0]!.close();
    expect(await rejection(pending)).toMatchObject({ code: 'link-lost', reason: 'closed' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.map((e) => e.reason)).toEqual(['closed']);
  });

  it('abort() → the link sees "aborted"; server.close() ends every session', async () => {
    const server = await startServer();
    const sessions: ServerSession[] = [];
    server.on('session', (s) => sessions.push(s));
    const a = await openLink(server.address().port);
    const b = await openLink(server.address().port);
    const reasons: string[] = [];
    a.link.on('close', (e) => reasons.push(`a:${e.reason}`));
    b.link.on('close', (e) => reasons.push(`b:${e.reason}`));
    sessions[0]!.abort();
    await waitFor(() => reasons.length === 1, 'a to close');
    await server.close();
    await waitFor(() => reasons.length === 2, 'b to close');
    expect(reasons).toEqual(['a:aborted', 'b:closed']);
    expect(server.sessions.size).toBe(0);
  });
});

