/**
 * CstaLink error paths against a scripted switch (RawPeer) or CstaServer: ReturnError, Reject,
 * timeouts, AbortSignal, invokes and events the link cannot use, broken framing, garbage BER,
 * a dropped socket and ABRT. Every way the link ends emits one 'close' and fails what is pending.
 */
import { describe, expect, it } from '@jest/globals';
import { BerError, encode, fromHex } from '../../src/ber/index.js';
import { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { errors, operations } from '../../generated/operations.js';
import type { UnhandledInvoke } from '../../src/session/association.js';
import { buildAbrt } from '../../src/session/acse.js';
import { deviceId } from '../../src/session/device.js';
import { CstaError, LinkLostError, type SessionError } from '../../src/session/errors.js';
import { decodeRose, encodeError, encodeInvoke, encodeReject, encodeResult } from '../../src/session/rose.js';
import { apduOf, vector } from '../support/vectors.js';
import { frame, frameOf, hex, openLink, rawLogin, sessionTestGuards, startServer, waitFor } from './link-harness.js';

sessionTestGuards();

const monitor100 = { monitorObject: { case: 'deviceObject' as const, value: deviceId('100') } };

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<SessionError> {
  try {
    await promise;
  } catch (e) {
    return e as SessionError;
  }
  throw new Error('expected the promise to reject');
}

function closes(link: { on(event: 'close', l: (e: LinkLostError) => void): unknown }): LinkLostError[] {
  const seen: LinkLostError[] = [];
  link.on('close', (e) => seen.push(e));
  return seen;
}

describe('answers to requests', () => {
  it('ReturnError → CstaError with the UniversalFailure category and value', async () => {
    const server = await startServer();
    server.on('session', (s) =>
      s.handle('monitorStart', (_arg, invokeId) => {
        throw new CstaError({ operation: 'monitorStart', invokeId, errcode: 1, parameter: { case: 'operation', value: 'invalidMonitorObject' } });
      }),
    );
    const { link } = await openLink(server.address().port);
    const e = (await failure(link.invoke('monitorStart', monitor100))) as CstaError;
    expect(e).toBeInstanceOf(CstaError);
    expect([e.code, e.operation, e.category, e.value]).toEqual(['return-error', 'monitorStart', 'operation', 'invalidMonitorObject']);
    expect(link.state).toBe('up');
  });

  it('Reject → RejectError with problem, value and reason', async () => {
    const { link, sw } = await rawLogin();
    const pending = link.invoke('monitorStart', monitor100);
    const request = await sw.rose();
    sw.write(frame(encodeReject(request.invokeId!, 'invoke', 2)));
    const e = await failure(pending);
    expect(e).toMatchObject({ code: 'rejected', problem: 'invoke', value: 2, reason: 'invoke-mistypedArgument', operation: 'monitorStart' });
  });

  it('an argument of the wrong shape (untyped code) → BerError naming operation and type, nothing sent, link up', async () => {
    const { link, sw } = await rawLogin();
    const e = (await failure(link.invoke('monitorStart', { monitorObject: { case: 'deviceObject', value: '100' } } as never))) as unknown as BerError;
    expect(e).toBeInstanceOf(BerError);
    expect(e.message).toBe('invalid-value in monitorStart.argument.monitorObject.deviceObject: expected an object for SEQUENCE CSTA-device-identifiers.DeviceID, found string "100"');
    expect([link.state, link.pendingRequests]).toEqual(['up', 0]);
    const next = link.invoke('monitorStart', monitor100); // the next request goes out whole
    const sent = await sw.rose();
    expect(sent.kind === 'invoke' && sent.operation?.name).toBe('monitorStart');
    link.abort();
    await failure(next);
  });

  it('no answer → request-timeout, and the link stays up', async () => {
    const { link, sw } = await rawLogin();
    const e = await failure(link.invoke('monitorStart', monitor100, { timeoutMs: 30 }));
    expect(e.code).toBe('request-timeout');
    await sw.rose(); // it was sent
    expect(link.state).toBe('up');
    expect(link.pendingRequests).toBe(0);
  });

  it('AbortSignal → request-aborted; the late answer is ignored and the link keeps working', async () => {
    const { link, sw } = await rawLogin();
    const controller = new AbortController();
    const pending = link.invoke('monitorStart', monitor100, { signal: controller.signal });
    const first = await sw.rose();
    controller.abort();
    expect((await failure(pending)).code).toBe('request-aborted');
    sw.write(frame(encodeResult(first.invokeId!, operations.monitorStart, { crossRefIdentifier: Uint8Array.of(0, 1) })));
    const second = link.invoke('monitorStart', monitor100);
    const request = await sw.rose();
    expect(request.invokeId).not.toBe(first.invokeId);
    sw.write(frame(encodeResult(request.invokeId!, operations.monitorStart, { crossRefIdentifier: Uint8Array.of(0, 2) })));
    expect((await second).crossRefIdentifier).toEqual(Uint8Array.of(0, 2));
  });

  it('a request before open or after close fails with not-connected / the close reason', async () => {
    const { link } = await rawLogin();
    link.abort();
    const e = await failure(link.invoke('monitorStart', monitor100));
    expect(e.code).toBe('not-connected');
  });
});

describe('invokes from the switch the link cannot serve', () => {
  it('unknown operation → Reject invoke-unrecognizedOperation (bytes), emitted as invoke', async () => {
    const { link, tap, sw } = await rawLogin();
    const unhandled: UnhandledInvoke[] = [];
    link.on('invoke', (m) => unhandled.push(m));
    sw.write(frame(fromHex('A1 07 02 01 07 02 02 03 E7'))); // opcode 999, no argument
    expect(await sw.apdu()).toBe('A4 06 02 01 07 81 01 01');
    expect(unhandled.map((m) => [m.invokeId, m.opcode, m.operation])).toEqual([[7, 999, undefined]]);
    expect(tap.sent()).toHaveLength(3);
    expect(link.state).toBe('up');
  });

  it('known operation without a handler → ReturnError operation/serviceNotSupported (bytes)', async () => {
    const { link, sw } = await rawLogin();
    sw.write(frame(encodeInvoke(9, operations.getDoNotDisturb, { device: deviceId('100') })));
    expect(await sw.apdu()).toBe('A3 0B 02 01 09 02 01 01 A0 03 0A 01 32');
    expect(link.state).toBe('up');
  });

  it('a handler answers a switch request with its result or its CstaError', async () => {
    const { link, sw } = await rawLogin();
    link.handle('getDoNotDisturb', (arg) => {
      if (arg.device.deviceIdentifier.case === 'dialingNumber' && arg.device.deviceIdentifier.value === '100') return { doNotDisturbOn: true };
      throw new CstaError({ operation: 'getDoNotDisturb', invokeId: 0, errcode: 1, parameter: { case: 'operation', value: 'invalidDeviceID' } });
    });
    sw.write(frame(encodeInvoke(10, operations.getDoNotDisturb, { device: deviceId('100') })));
    expect(await sw.apdu()).toBe(hex(encodeResult(10, operations.getDoNotDisturb, { doNotDisturbOn: true })));
    sw.write(frame(encodeInvoke(11, operations.getDoNotDisturb, { device: deviceId('999') })));
    expect(await sw.apdu()).toBe(hex(encodeError(11, errors.universalFailure, { case: 'operation', value: 'invalidDeviceID' })));
  });

  it('an event the link does not know → Reject invoke-mistypedArgument, no event, link up', async () => {
    const { link, sw } = await rawLogin();
    const events: unknown[] = [];
    const unhandled: UnhandledInvoke[] = [];
    link.on('event', (r) => events.push(r));
    link.on('invoke', (m) => unhandled.push(m));
    // cSTAEventReport { crossRef 0001, callControlEvents [0] { [25] {} } }: no CallControlEvents alternative 25.
    sw.write(frame(fromHex('A1 10 02 01 0C 02 01 15 30 08 55 02 00 01 A0 02 B9 00')));
    expect(await sw.apdu()).toBe('A4 06 02 01 0C 81 01 02');
    expect(unhandled.map((m) => [m.invokeId, m.operation?.name, m.argumentError?.code])).toEqual([[12, 'cSTAEventReport', 'unexpected-tag']]);
    // A known event right after still arrives.
    sw.write(frameOf('Delivered'));
    await waitFor(() => events.length === 1, 'the Delivered event');
    expect(link.state).toBe('up');
  });

  it('an event the switch encodes with this stack arrives with the same value', async () => {
    const { link, sw } = await rawLogin();
    const got: [CSTAEventReportArgument, number][] = [];
    link.on('event', (r, id) => got.push([r, id]));
    const original = decodeRose(apduOf(vector('Established'))) as { argument: CSTAEventReportArgument };
    sw.write(frame(encodeInvoke(40, operations.cSTAEventReport, original.argument)));
    await waitFor(() => got.length === 1, 'the event');
    expect(got[0]![1]).toBe(40);
    expect(hex(encode(CSTAEventReportArgument, got[0]![0]))).toBe(hex(encode(CSTAEventReportArgument, original.argument)));
  });
});

describe('bytes the link cannot use', () => {
  it('garbage BER inside a valid frame → Reject general-badlyStructuredPDU, link stays up', async () => {
    const { link, sw } = await rawLogin();
    sw.write(frame(fromHex('A1 05 02 01'))); // says 5 content bytes, has 2
    expect(await sw.apdu()).toBe('A4 05 05 00 80 01 02');
    sw.write(frame(fromHex('30 03 02 01 01'))); // well-formed, but no ROSE APDU
    expect(await sw.apdu()).toBe('A4 05 05 00 80 01 00');
    sw.write(frame(fromHex('A1 03 02 01 05'))); // an Invoke without opcode
    expect(await sw.apdu()).toBe('A4 05 05 00 80 01 01');
    const pending = link.invoke('monitorStart', monitor100);
    const request = await sw.rose();
    sw.write(frame(encodeResult(request.invokeId!, operations.monitorStart, { crossRefIdentifier: Uint8Array.of(0, 9) })));
    expect((await pending).crossRefIdentifier).toEqual(Uint8Array.of(0, 9));
  });

  it.each([
    ['a wrong magic byte', fromHex('27 80 05 A1 03 02 01 05'), {}, 'bad-magic'],
    ['a length field without bit 15', fromHex('26 00 05 A1 03 02 01 05'), {}, 'bad-length-marker'],
    ['a length over maxPayload', fromHex('26 83 E9'), { maxPayload: 1000 }, 'frame-too-large'],
  ])('%s → close "framing" once, pending requests fail with link-lost', async (_what, bytes, options, code) => {
    const { link, sw } = await rawLogin(options);
    const seen = closes(link);
    const pending = link.invoke('monitorStart', monitor100);
    await sw.rose();
    sw.write(bytes);
    const e = await failure(pending);
    expect(e).toBeInstanceOf(LinkLostError);
    expect(e).toMatchObject({ code: 'link-lost', reason: 'framing' });
    expect((e.cause as { code: string }).code).toBe(code);
    expect(e.message).toMatch(/may or may not have reached the switch/);
    await sw.closed();
    expect(seen).toEqual([e]);
  });
});

describe('the switch ends the association', () => {
  it('drops the socket mid-frame → close "closed" once, pending requests fail', async () => {
    const { link, sw } = await rawLogin();
    const seen = closes(link);
    const pending = [link.invoke('monitorStart', monitor100), link.invoke('monitorStart', monitor100)];
    await sw.rose();
    await sw.rose();
    sw.write(frameOf('Delivered').subarray(0, 20));
    sw.socket.destroy();
    const results = await Promise.all(pending.map(failure));
    expect(results.map((e) => [e.code, (e as LinkLostError).reason])).toEqual([
      ['link-lost', 'closed'],
      ['link-lost', 'closed'],
    ]);
    await waitFor(() => seen.length > 0, 'close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
    expect(link.state).toBe('closed');
  });

  it('ABRT → close "aborted" with the abort source, pending requests fail', async () => {
    const { link, sw } = await rawLogin();
    const seen = closes(link);
    const pending = link.invoke('monitorStart', monitor100);
    await sw.rose();
    sw.write(frame(buildAbrt(1)));
    const e = await failure(pending);
    expect(e).toMatchObject({ code: 'link-lost', reason: 'aborted' });
    expect((e.cause as SessionError).code).toBe('association-aborted');
    await sw.closed();
    expect(seen).toEqual([e]);
  });

  it('RLRQ → the link answers RLRE and closes "released"', async () => {
    const { link, sw } = await rawLogin();
    const seen = closes(link);
    sw.write(frame(fromHex('62 03 80 01 00')));
    expect(await sw.apdu()).toBe('63 03 80 01 00');
    await sw.closed();
    expect(seen.map((e) => e.reason)).toEqual(['released']);
  });

  it('abort() sends V4 and closes "aborted"', async () => {
    const { link, sw } = await rawLogin();
    const seen = closes(link);
    link.abort();
    expect(await sw.apdu()).toBe(hex(frameOf('ABRT').subarray(3)));
    await sw.closed();
    expect(seen.map((e) => e.reason)).toEqual(['aborted']);
  });

  it('release() sends RLRQ and resolves on the RLRE', async () => {
    const server = await startServer();
    const { link } = await openLink(server.address().port);
    const seen = closes(link);
    await link.release();
    expect(seen.map((e) => e.reason)).toEqual(['released']);
  });
});
