/**
 * The simulator facing bytes that are not what a CSTA client sends: real frames with random
 * bytes changed, dropped or added, cut at random points, random frames, random bytes with no
 * framing at all, before and after logging in. Whatever a connection sends, the simulator stays
 * up: each connection gets answers, an ABRT or a close, never takes the process down, and a
 * well-behaved client connecting afterwards is served as usual.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import net from 'node:net';
import { fromHex } from '../../src/ber/index.js';
import { concat, frameOf, frame } from '../session/link-harness.js';
import { vector } from '../support/vectors.js';
import { clientOf, simulatorTestGuards, startSimulator, waitFor } from './server-harness.js';

simulatorTestGuards();

const apduOf = (prefix: string): Uint8Array => fromHex(vector(prefix).frame).subarray(3);
const REQUESTS = ['MonitorStart 100', 'MonitorStop', 'MakeCall 100 to 101', 'SetDisplay 100 Hello', 'systemStatus result', 'Delivered', 'ABRT'].map(apduOf);

/** A real APDU, or one with a few bytes changed, dropped or added. */
const mutated = fc
  .tuple(fc.constantFrom(...REQUESTS), fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.nat(2)), { maxLength: 4 }))
  .map(([apdu, edits]) => {
    const bytes = [...apdu];
    for (const [at, byte, how] of edits) {
      const i = at % Math.max(1, bytes.length);
      if (how === 0) bytes[i] = byte;
      else if (how === 1) bytes.splice(i, 1);
      else bytes.splice(i, 0, byte);
    }
    return Uint8Array.from(bytes);
  });

/** What one connection sends: optionally the login first, then framed junk, or raw junk. */
const session = fc.record({
  login: fc.boolean(),
  frames: fc.array(fc.oneof(mutated, fc.uint8Array({ minLength: 1, maxLength: 40 })), { maxLength: 6 }),
  raw: fc.option(fc.uint8Array({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  cut: fc.option(fc.nat(), { nil: undefined }),
});

/**
 * On a new connection: `login` first (the AARQ, then once the AARE came, the answer to the
 * opening systemStatus), then `bytes`. Resolves once the simulator closed it, or after a while.
 */
function send(port: number, login: boolean, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => (login ? socket.write(frameOf('AARQ')) : socket.end(bytes)));
    socket.once('data', () => login && socket.end(concat([frameOf('systemStatus result'), bytes])));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), 300).unref();
  });
}

describe('the simulator given bytes no client should send', () => {
  it('stays up and keeps serving well-behaved clients', async () => {
    const sim = await startSimulator({ devices: '100-105', systemStatusIntervalMs: 0 });
    const port = sim.address().port;
    let sessions = 0;
    let services = 0;
    sim.on('session', () => sessions++);
    sim.on('service', () => services++);
    await fc.assert(
      fc.asyncProperty(session, async ({ login, frames, raw, cut }) => {
        let bytes = concat([...frames.map((apdu) => frame(apdu)), ...(raw ? [raw] : [])]);
        if (cut !== undefined && bytes.length > 0) bytes = bytes.subarray(0, cut % bytes.length);
        await send(port, login, bytes);
      }),
      { seed: 20261126, numRuns: Number(process.env.BYTES_RUNS ?? 150) },
    );
    await waitFor(() => sim.sessions.size === 0, 'every junk connection to be gone');
    expect(sessions).toBeGreaterThan(50); // logged in, then the junk
    expect(services).toBeGreaterThan(0); // some changed requests were still requests
    for (const call of sim.model.calls.all()) sim.model.clearCall({ callToBeCleared: { case: 'callID', value: call.callID } });
    const client = await clientOf(sim);
    const result = await client.makeCall('100', '101');
    expect(result.callingDevice.case).toBe('both');
    expect(sim.model.calls.size).toBe(1);
  }, 60_000);
});
