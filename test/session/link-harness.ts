/**
 * Shared pieces of the link/server tests: real loopback sockets (127.0.0.1, port 0), taps that
 * record the bytes each side wrote, a raw "switch" that writes chosen bytes, frame splitting, and
 * guards against unhandled rejections and leaked sockets.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import { fromHex, toHex } from '../../src/ber/index.js';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { callIdOf, crossRefHex, dialingNumberOf } from '../../src/session/device.js';
import { FrameDecoder, HIPATH_FRAMING, frameBytes } from '../../src/session/framing.js';
import { CstaLink, type LinkOptions } from '../../src/session/link.js';
import { CstaServer, type ServerOptions } from '../../src/session/server.js';
import { buildAare } from '../../src/session/acse.js';
import { HIPATH } from '../../src/session/profile.js';
import { decodeRose, type RoseMessage } from '../../src/session/rose.js';
import { apduOf, vector } from '../support/vectors.js';

/** Every test file: an unhandled rejection fails the test it happened in; sockets are cleaned up. */
export function sessionTestGuards(): void {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', listener);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.splice(0)).toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', listener);
  });
}

const cleanups: (() => unknown)[] = [];
export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn);
}

/** Upper-case spaced hex, the vectors' notation. */
export function hex(bytes: Uint8Array): string {
  return toHex(bytes, ' ');
}

/** A vector's whole frame (header included). */
export function frameOf(prefix: string): Uint8Array {
  return fromHex(vector(prefix).frame);
}

export function frame(apdu: Uint8Array): Uint8Array {
  return frameBytes(HIPATH_FRAMING, apdu);
}

/** The APDUs of a HiPath byte stream, as hex (a trailing partial frame is ignored). */
export function apdus(stream: Uint8Array): string[] {
  const out: string[] = [];
  new FrameDecoder(HIPATH_FRAMING, (apdu) => out.push(hex(apdu))).push(stream);
  return out;
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(chunks));
}

/** Records what a socket writes and what it receives (attach before anyone else reads it). */
export class Tap {
  readonly written: Uint8Array[] = [];
  readonly received: Uint8Array[] = [];

  constructor(readonly socket: net.Socket) {
    const write = socket.write.bind(socket) as (chunk: Uint8Array, ...rest: unknown[]) => boolean;
    socket.write = ((chunk: Uint8Array, ...rest: unknown[]) => {
      this.written.push(Uint8Array.from(chunk));
      return write(chunk, ...rest);
    }) as typeof socket.write;
    socket.on('data', (chunk: Buffer) => this.received.push(Uint8Array.from(chunk)));
  }

  /** APDUs written so far (hex). */
  sent(): string[] {
    return apdus(concat(this.written));
  }

  /** APDUs received so far (hex). */
  got(): string[] {
    return apdus(concat(this.received));
  }

  get receivedBytes(): number {
    return this.received.reduce((n, c) => n + c.length, 0);
  }

  /** Resolves once `n` bytes in all have arrived. */
  async receivedAtLeast(n: number, timeoutMs = 2000): Promise<void> {
    if (this.receivedBytes >= n) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('data', check);
        reject(new Error(`timed out waiting for ${n} received bytes (have ${this.receivedBytes})`));
      }, timeoutMs);
      const check = (): void => {
        if (this.receivedBytes < n) return;
        clearTimeout(timer);
        this.socket.off('data', check);
        resolve();
      };
      this.socket.on('data', check);
    });
  }
}

/** Polls `predicate` every few ms; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function startServer(options: ServerOptions = {}): Promise<CstaServer> {
  const server = await CstaServer.listen({ host: '127.0.0.1', port: 0, ...options });
  onCleanup(() => server.close());
  return server;
}

export async function connectTo(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  onCleanup(() => {
    socket.destroy();
  });
  await once(socket, 'connect');
  return socket;
}

/** Connects a tapped CstaLink to `port`. */
export async function openLink(port: number, options: LinkOptions = {}): Promise<{ link: CstaLink; tap: Tap }> {
  const socket = await connectTo(port);
  const tap = new Tap(socket);
  const link = await CstaLink.open(socket, { deadLinkMs: 0, ...options });
  onCleanup(() => link.abort());
  return { link, tap };
}

/** A TCP server that hands each accepted socket to the test as a ByteQueue (a scripted switch or client). */
export class RawPeer {
  readonly #accepted: ByteQueue[] = [];
  readonly #waiting: ((q: ByteQueue) => void)[] = [];
  private constructor(readonly server: net.Server) {}

  static async listen(): Promise<RawPeer> {
    const server = net.createServer();
    const peer = new RawPeer(server);
    server.on('connection', (socket) => {
      const q = new ByteQueue(socket);
      onCleanup(() => {
        socket.destroy();
      });
      const waiter = peer.#waiting.shift();
      if (waiter) waiter(q);
      else peer.#accepted.push(q);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return peer;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  accept(): Promise<ByteQueue> {
    const q = this.#accepted.shift();
    return q ? Promise.resolve(q) : new Promise((resolve) => this.#waiting.push(resolve));
  }
}

/** Reads a socket as a queue of bytes: exact counts or whole HiPath frames. */
export class ByteQueue {
  #buffer: Uint8Array = new Uint8Array(0);
  #ended = false;
  #wake: (() => void) | undefined;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('error', () => {});
  }

  get ended(): boolean {
    return this.#ended;
  }

  async take(n: number, timeoutMs = 2000): Promise<Uint8Array> {
    const until = Date.now() + timeoutMs;
    while (this.#buffer.length < n) {
      if (this.#ended) throw new Error(`connection closed with ${this.#buffer.length} of ${n} bytes`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} bytes (have ${this.#buffer.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    const out = this.#buffer.slice(0, n);
    this.#buffer = this.#buffer.slice(n);
    return out;
  }

  /** The next APDU of a HiPath frame, as hex. */
  async apdu(timeoutMs = 2000): Promise<string> {
    const header = await this.take(3, timeoutMs);
    const length = (((header[1] as number) & 0x7f) << 8) | (header[2] as number);
    return hex(await this.take(length, timeoutMs));
  }

  /** Resolves once the peer has closed the connection. */
  async closed(timeoutMs = 2000): Promise<void> {
    await waitFor(() => this.#ended, 'the connection to close', timeoutMs);
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next APDU, decoded as ROSE. */
  async rose(timeoutMs = 2000): Promise<RoseMessage> {
    return decodeRose(fromHex(await this.apdu(timeoutMs)));
  }
}

/**
 * A link logged in to a scripted switch: the switch reads the AARQ, writes an accepted AARE and V1,
 * and reads the link's V3. `sw` then gives the test the switch's end of the connection.
 */
export async function rawLogin(options: LinkOptions = {}): Promise<{ link: CstaLink; tap: Tap; sw: ByteQueue }> {
  const peer = await RawPeer.listen();
  const socket = await connectTo(peer.port);
  const tap = new Tap(socket);
  const opened = CstaLink.open(socket, { deadLinkMs: 0, ...options });
  const sw = await peer.accept();
  await sw.apdu();
  sw.write(concat([frame(buildAare(HIPATH, { accepted: true })), frameOf('systemStatus invoke')]));
  const link = await opened;
  expect(await sw.apdu()).toBe(hex(apduOf(vector('systemStatus result'))));
  onCleanup(() => link.abort());
  return { link, tap, sw };
}

/** The values hipath-vectors.json lists for an event, read back from a decoded report. */
export function eventValues(report: CSTAEventReportArgument, invokeId: number, keys: readonly string[]): Record<string, unknown> {
  const inner = report.eventSpecificInfo.value as unknown as { case: string; value: Record<string, unknown> };
  const e = inner.value as Record<string, any>;
  const read: Record<string, () => unknown> = {
    crossRefIdentifier: () => crossRefHex(report.crossRefIdentifier),
    event: () => inner.case,
    invokeId: () => invokeId,
    callID: () => callIdOf(e.connection ?? e.droppedConnection)?.toUpperCase(),
    'primaryOldCall.callID': () => callIdOf(e.primaryOldCall)?.toUpperCase(),
    'secondaryOldCall.callID': () => callIdOf(e.secondaryOldCall)?.toUpperCase(),
    lastRedirectionDevice: () => e.lastRedirectionDevice?.case,
    endpoint: () => dialingNumberOf(e.transferredConnections?.[0]?.endpoint),
    timestamp: () => e.extensions?.security?.timestamp,
  };
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    out[key] = key in read ? read[key]!() : /Device$/.test(key) ? dialingNumberOf(e[key]) : e[key];
  }
  return out;
}
