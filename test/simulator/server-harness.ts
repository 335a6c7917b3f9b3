/**
 * Helpers for the simulator-on-the-wire tests: a SwitchSimulator and CstaClients on loopback that
 * are closed after each test, unhandled rejections failing the test, polling, and a log of the
 * APDUs on a client's socket in wire order.
 */
import { afterEach, beforeAll, expect } from '@jest/globals';
import { CstaClient, type ClientOptions } from '../../src/session/client.js';
import { FrameDecoder } from '../../src/session/framing.js';
import { HIPATH } from '../../src/session/profile.js';
import { decodeRose } from '../../src/session/rose.js';
import { isAcseApdu } from '../../src/session/acse.js';
import { SwitchSimulator, type SimulatorOptions } from '../../src/simulator/server.js';

const cleanups: (() => unknown)[] = [];

export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn);
}

/** Each test: unhandled rejections fail it; clients and simulators are closed after it. */
export function simulatorTestGuards(): void {
  const seen: unknown[] = [];
  beforeAll(() => {
    process.on('unhandledRejection', (reason) => void seen.push(reason));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.splice(0)).toEqual([]);
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SwitchSimulator> {
  const sim = await SwitchSimulator.start({ port: 0, seed: 1, ...options });
  onCleanup(() => sim.close());
  return sim;
}

export async function clientOf(sim: { address(): { port: number } }, options: Partial<ClientOptions> = {}): Promise<CstaClient> {
  const client = await CstaClient.connect({
    host: '127.0.0.1',
    port: sim.address().port,
    deadLinkMs: 0,
    requestTimeoutMs: 3000,
    reconnect: false,
    ...options,
  });
  onCleanup(() => client.close());
  return client;
}

export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * What arrives on the client's socket, in wire order: `result makeCall`, `event delivered`,
 * `invoke systemStatus`, … (the link keeps reading as usual; this is a second listener).
 */
export function wireLog(client: CstaClient): string[] {
  const link = client.link;
  if (link === undefined) throw new Error('the client has no link');
  const log: string[] = [];
  const decoder = new FrameDecoder(HIPATH.framing, (apdu) => {
    if (isAcseApdu(apdu)) return void log.push('acse');
    const m = decodeRose(apdu);
    if (m.kind === 'invoke' && m.operation?.name === 'cSTAEventReport') {
      const info = (m.argument as { eventSpecificInfo: { value: { case: string } } }).eventSpecificInfo;
      log.push(`event ${info.value.case}`);
    } else if (m.kind === 'invoke' || m.kind === 'result') {
      log.push(`${m.kind} ${m.operation?.name ?? m.opcode}`);
    } else {
      log.push(m.kind);
    }
  });
  link.socket.on('data', (chunk: Buffer) => decoder.push(chunk));
  return log;
}
