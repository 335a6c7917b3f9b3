// The closed loop without the stack (bench/transport-loop.ts), the peer the session benchmark
// compares the stack's latency with: it must answer every request, one answer per request, with
// the frames the stack would exchange, or its numbers mean nothing.
import { describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { answerFrame, busyWork, connectLoop, echoAnswers, requestFrame, transportRound } from '../../bench/transport-loop.js';
import { FrameDecoder, HIPATH_FRAMING } from '../../src/session/framing.js';
import { decodeRose } from '../../src/session/rose.js';

const result = { crossRefIDorSnapshotData: { case: 'snapshotData', value: [] } } as never;

async function echoServer(workNs = 0): Promise<{ server: Server; port: number }> {
  const request = requestFrame();
  const answer = answerFrame(result);
  const server = createServer((socket) => echoAnswers(socket, request.length, answer, () => workNs));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe('bench transport loop', () => {
  it('exchanges the frames the stack would: a snapshotDevice invoke and its result', () => {
    const frames: Uint8Array[] = [];
    const decoder = new FrameDecoder(HIPATH_FRAMING, (payload) => void frames.push(payload.slice()));
    decoder.push(requestFrame());
    decoder.push(answerFrame(result));
    expect(frames).toHaveLength(2);
    const invoke = decodeRose(frames[0]!);
    expect(invoke).toMatchObject({ kind: 'invoke', invokeId: 300, operation: { name: 'snapshotDevice' } });
    expect(invoke.kind === 'invoke' && invoke.argument).toEqual({ snapshotObject: { deviceIdentifier: { case: 'dialingNumber', value: '100' } } });
    expect(decodeRose(frames[1]!)).toMatchObject({ kind: 'result', invokeId: 300, operation: { name: 'snapshotDevice' } });
  });

  it('answers every request once, in order, with the counted ones after the ramp-up', async () => {
    const { server, port } = await echoServer();
    const socket = await connectLoop(port);
    try {
      const times = new Float64Array(2 * 5_500);
      const round = await transportRound(socket, requestFrame(), answerFrame(result).length, 5_000, 100, 500, times);
      expect(round.ms).toHaveLength(5_000);
      expect(round.ramp).toHaveLength(500);
      // Every request got its own answer: a latency was written for each (none left at zero).
      expect(round.ms.every((v) => v > 0)).toBe(true);
      expect(round.ramp.every((v) => v > 0)).toBe(true);
      expect(round.elapsed).toBeGreaterThan(0);
      // A second round on the same connection: nothing of the first is left over.
      const again = await transportRound(socket, requestFrame(), answerFrame(result).length, 1_000, 1_000, 0, times);
      expect(again.ms.every((v) => v > 0)).toBe(true);
    } finally {
      socket.destroy();
      server.close();
    }
  });

  it('refuses a readings array too small for the round', async () => {
    const { server, port } = await echoServer();
    const socket = await connectLoop(port);
    try {
      expect(() => transportRound(socket, requestFrame(), 20, 100, 10, 0, new Float64Array(199))).toThrow('times holds 199 readings, not the 200 needed');
    } finally {
      socket.destroy();
      server.close();
    }
  });

  it('busy work takes about the time asked for', () => {
    busyWork(1); // calibrates
    const reps = 2_000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) busyWork(50_000);
    const perCallNs = Number(process.hrtime.bigint() - started) / reps;
    // Loose bounds: the point is that it is neither free nor wildly off on a shared machine.
    expect(perCallNs).toBeGreaterThan(50_000 / 4);
    expect(perCallNs).toBeLessThan(50_000 * 8);
  });
});
