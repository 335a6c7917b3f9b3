/**
 * transport.ts: connect errors that say what to check, listen errors, and TLS end to end (a
 * CstaLink logging in to a CstaServer over TLS, with a self-signed certificate for 127.0.0.1).
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { CstaLink } from '../../src/session/link.js';
import { connect, listen, TransportError } from '../../src/session/transport.js';
import { onCleanup, sessionTestGuards, startServer } from './link-harness.js';
import * as tls from '../support/tls.js';

sessionTestGuards();

const { TEST_TLS_KEY: KEY, TEST_TLS_CERT: CERT } = tls;

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }
  throw new Error('expected the promise to reject');
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts and never says anything (so a TLS handshake never completes). */
async function mute(): Promise<number> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

describe('connect()', () => {
  it('connection refused → says to check the CSTA interface and the port', async () => {
    const port = await freePort();
    const e = await failure(connect({ host: '127.0.0.1', port, timeoutMs: 1000 }));
    expect(e.code).toBe('connection-refused');
    expect(e.message).toBe(
      `cannot connect to 127.0.0.1:${port}: connection refused; is the switch's CSTA interface enabled and is this the right port?`,
    );
    expect((e.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('an unknown host → host-not-found', async () => {
    expect((await failure(connect({ host: 'pbx.invalid', port: 8800, timeoutMs: 3000 }))).code).toMatch(/^(host-not-found|connect-timeout)$/);
  });

  it('no handshake within timeoutMs → connect-timeout, socket destroyed', async () => {
    const port = await mute();
    const started = Date.now();
    const e = await failure(connect({ host: '127.0.0.1', port, tls: { ca: CERT }, timeoutMs: 80 }));
    expect(e.code).toBe('connect-timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a certificate nobody vouches for → tls-failed', async () => {
    const server = await startServer({ tls: { key: KEY, cert: CERT } });
    const e = await failure(connect({ host: '127.0.0.1', port: server.address().port, tls: true, timeoutMs: 2000 }));
    expect(e.code).toBe('tls-failed');
  });

  it('TLS with the right CA: a CstaLink logs in over it', async () => {
    const server = await startServer({ tls: { key: KEY, cert: CERT } });
    const socket = await connect({ host: '127.0.0.1', port: server.address().port, tls: { ca: CERT }, timeoutMs: 2000 });
    onCleanup(() => {
      socket.destroy();
    });
    const link = await CstaLink.open(socket, { deadLinkMs: 0 });
    expect(link.state).toBe('up');
    await link.release();
    expect(link.closeError?.reason).toBe('released');
  });

  it('plain TCP: resolves an open socket connected to the port', async () => {
    const server = await startServer();
    const socket = await connect({ host: '127.0.0.1', port: server.address().port });
    onCleanup(() => {
      socket.destroy();
    });
    expect(socket.remotePort).toBe(server.address().port);
    expect(socket.readyState).toBe('open');
  });
});

describe('listen()', () => {
  it('a port in use → address-in-use', async () => {
    const first = await listen({ port: 0 }, (s) => s.destroy());
    onCleanup(() => new Promise<void>((resolve) => first.close(() => resolve())));
    const { port } = first.address() as net.AddressInfo;
    const e = await failure(listen({ port }, (s) => s.destroy()));
    expect(e.code).toBe('address-in-use');
    expect(e.message).toMatch(new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
  });
});
