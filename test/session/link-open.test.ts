/**
 * CstaLink.open() against a scripted switch: every way the opening can fail, the wait for the
 * switch's first systemStatus, and the debug log of the exchange (which never shows a password).
 */
import { describe, expect, it } from '@jest/globals';
import { buildAare, buildAbrt } from '../../src/session/acse.js';
import type { SessionError } from '../../src/session/errors.js';
import { CstaLink, type LinkOptions } from '../../src/session/link.js';
import type { Logger } from '../../src/session/logger.js';
import { HIPATH } from '../../src/session/profile.js';
import { encodeInvoke } from '../../src/session/rose.js';
import { operations } from '../../generated/operations.js';
import { apduOf, vector } from '../support/vectors.js';
import { type ByteQueue, concat, connectTo, frame, frameOf, hex, onCleanup, RawPeer, sessionTestGuards, Tap } from './link-harness.js';

sessionTestGuards();

const AARE = frame(buildAare(HIPATH, { accepted: true }));

/** Starts CstaLink.open() towards a scripted switch that has read the AARQ. */
async function opening(options: LinkOptions = {}): Promise<{ open: Promise<CstaLink>; sw: ByteQueue; tap: Tap }> {
  const peer = await RawPeer.listen();
  const socket = await connectTo(peer.port);
  const tap = new Tap(socket);
  const open = CstaLink.open(socket, { deadLinkMs: 0, ...options });
  open.then((link) => onCleanup(() => link.abort()), () => {});
  const sw = await peer.accept();
  expect(await sw.apdu()).toBe(hex(apduOf(vector('AARQ'))));
  return { open, sw, tap };
}

async function failure(promise: Promise<unknown>): Promise<SessionError> {
  try {
    await promise;
  } catch (e) {
    return e as SessionError;
  }
  throw new Error('expected open() to reject');
}

describe('CstaLink.open() fails', () => {
  it('ABRT instead of an AARE → association-aborted, socket closed', async () => {
    const { open, sw } = await opening();
    sw.write(frame(buildAbrt(1)));
    expect(await failure(open)).toMatchObject({ code: 'association-aborted', source: { value: 1 } });
    await sw.closed();
  });

  it('AARE rejected → association-rejected with result and diagnostic', async () => {
    const { open, sw } = await opening();
    sw.write(frame(buildAare(HIPATH, { accepted: false, result: 2, diagnostic: 1 })));
    expect(await failure(open)).toMatchObject({ code: 'association-rejected', result: { value: 2 }, diagnostic: { value: 1 } });
    await sw.closed();
  });

  it('no AARE within associationTimeoutMs → request-timeout', async () => {
    const { open, sw } = await opening({ associationTimeoutMs: 60 });
    expect((await failure(open)).code).toBe('request-timeout');
    await sw.closed();
  });

  it('the switch closes the connection → link-lost "closed"', async () => {
    const { open, sw } = await opening();
    sw.socket.end();
    expect(await failure(open)).toMatchObject({ code: 'link-lost', reason: 'closed' });
  });

  it('something that is not an AARE → protocol-error', async () => {
    const { open, sw } = await opening();
    sw.write(frameOf('AARQ'));
    expect((await failure(open)).code).toBe('protocol-error');
    await sw.closed();
  });

  it('a broken frame header → link-lost "framing"', async () => {
    const { open, sw } = await opening();
    sw.write(Uint8Array.of(0x47, 0x45, 0x54, 0x20)); // "GET ": not a CSTA port
    expect(await failure(open)).toMatchObject({ code: 'link-lost', reason: 'framing' });
  });
});

describe('waiting for the switch\'s first systemStatus', () => {
  it('HiPath: open() waits for it; without one it goes ahead after associationTimeoutMs', async () => {
    const { open, sw } = await opening({ associationTimeoutMs: 80 });
    const started = Date.now();
    sw.write(AARE);
    const link = await open;
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(link.state).toBe('up');
    sw.write(frameOf('systemStatus invoke'));
    expect(await sw.apdu()).toBe(hex(apduOf(vector('systemStatus result'))));
  });

  it('awaitSystemStatus false: open() resolves on the AARE', async () => {
    const { open, sw } = await opening({ awaitSystemStatus: false, associationTimeoutMs: 5000 });
    const started = Date.now();
    sw.write(AARE);
    await open;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('what arrives with the AARE is emitted after open() resolved', async () => {
    const { open, sw } = await opening();
    sw.write(concat([AARE, frameOf('systemStatus invoke'), frameOf('Delivered')]));
    const link = await open;
    const order: string[] = [];
    link.on('systemStatus', (s) => order.push(`systemStatus ${s}`));
    link.on('event', (r) => order.push(`event ${(r.eventSpecificInfo.value as { case: string }).case}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['systemStatus normal', 'event delivered']);
  });
});

describe('logging', () => {
  it('one debug line per APDU in and out, and never the password', async () => {
    const lines: string[] = [];
    const log = (level: string) => (message: string) => lines.push(`${level} ${message}`);
    const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const { open, sw } = await opening({ logger });
    sw.write(concat([AARE, frameOf('systemStatus invoke')]));
    const link = await open;
    await sw.apdu();
    link.abort();
    await sw.closed();
    const debug = lines.filter((l) => l.startsWith('debug'));
    expect(debug).toHaveLength(5); // AARQ, AARE, V1, V3, ABRT
    expect(debug[0]).toMatch(/^debug → switch: aarq .*name=AMHOST.*password=\*\*\*/);
    expect(lines.join('\n')).not.toMatch(/77777/);
    expect(lines.some((l) => /^info association with the switch ended: link lost \(aborted\)/.test(l))).toBe(true);
  });

  it('a request is logged as it is framed (the bytes the switch gets), and only when debug is on', async () => {
    for (const debugEnabled of [true, false]) {
      const lines: string[] = [];
      const logger: Logger = { debug: (m) => lines.push(m), info: () => undefined, warn: () => undefined, error: () => undefined, debugEnabled };
      const { open, sw } = await opening({ logger });
      sw.write(concat([AARE, frameOf('systemStatus invoke')]));
      const link = await open;
      await sw.apdu(); // V3, the answer to V1
      lines.length = 0;
      void link.invoke('snapshotDevice', { snapshotObject: { deviceIdentifier: { case: 'dialingNumber', value: '100' } } }).catch(() => undefined);
      expect(await sw.apdu()).toBe(hex(encodeInvoke(1, operations.snapshotDevice, { snapshotObject: { deviceIdentifier: { case: 'dialingNumber', value: '100' } } })));
      const request = lines.filter((l) => l.startsWith('→ switch: invoke'));
      if (debugEnabled) expect(request).toEqual(["→ switch: invoke snapshotDevice(74) invokeId=1 (17 bytes)"]);
      else expect(lines).toEqual([]);
      link.abort();
      await sw.closed();
    }
  });
});
