// The switch side of `npm run bench:session`, run as a child process (its own core and its own
// memory, so the client's numbers are the client's): a SwitchSimulator, and a plain TCP server for
// the transport baseline. Driven by IPC messages from session.ts:
//
//   → { cmd: 'blast', count, batch }  sendEvent of the §8.2 Delivered event `count` times, as fast
//                               as the socket takes it (writableNeedDrain → wait for 'drain'), on the
//                               monitor of device 100, `batch` events per cork(); answers
//                               { kind: 'blasted', ms }
//   → { cmd: 'frames', count }  the same event report encoded once, its frame written `count` times
//                               in 64 KiB chunks on the client's association (the client's ceiling)
//   → { cmd: 'raw', count }     the next connection to the raw port gets `count` ready-made HiPath
//                               frames of the same event in 64 KiB writes, then FIN
//   → { cmd: 'exit' }           closes everything
//   ← { kind: 'ready', port, rawPort }

import { createServer, type Socket } from 'node:net';
import { frameBytes, HIPATH_FRAMING } from '../src/session/framing.js';
import { decodeRose, encodeInvoke } from '../src/session/rose.js';
import { operations } from '../generated/operations.js';
import type { ServerSession } from '../src/session/server.js';
import { SwitchSimulator } from '../src/simulator/server.js';
import type { CSTAEventReportArgument } from '../generated/csta-event-report-definitions.js';
import { APDU_BYTES } from './messages.js';

type Command = { cmd: 'blast'; count: number; batch: number } | { cmd: 'frames'; count: number } | { cmd: 'raw'; count: number } | { cmd: 'exit' };

const send = (message: unknown): void => void process.send?.(message);

/** The Delivered event of hipath-protocol.md §8.2, as the argument a switch sends. */
export function deliveredEvent(): CSTAEventReportArgument {
  const rose = decodeRose(APDU_BYTES.delivered);
  if (rose.kind !== 'invoke' || rose.operation?.name !== 'cSTAEventReport') throw new Error('bench/messages.ts: the Delivered APDU is not a cSTAEventReport invoke');
  return rose.argument as CSTAEventReportArgument;
}

/**
 * Writes `count` event reports, waiting for 'drain' whenever the socket buffer is full. Batches of
 * `batch` events are written under one cork() (one writev), as SwitchSimulator does for the events
 * of one flush; batch 1 = one write per event (what sendEvent alone does).
 */
function blast(session: ServerSession, crossRef: Uint8Array, event: CSTAEventReportArgument, count: number, batch: number): Promise<void> {
  const socket = session.socket as Socket;
  return new Promise((resolve, reject) => {
    let sent = 0;
    const pump = (): void => {
      try {
        while (sent < count) {
          const end = Math.min(count, sent + batch);
          socket.cork();
          for (; sent < end; sent++) session.sendEvent(crossRef, event.eventSpecificInfo);
          socket.uncork();
          if (socket.writableNeedDrain) return void socket.once('drain', pump);
        }
        resolve();
      } catch (e) {
        reject(e);
      }
    };
    pump();
  });
}

/** `count` copies of `frame` in chunks of about 64 KiB, respecting backpressure; then `done()`. */
function writeFrames(socket: Socket, count: number, frame: Uint8Array = frameBytes(HIPATH_FRAMING, APDU_BYTES.delivered), done = (): void => void socket.end()): void {
  const perChunk = Math.floor(65536 / frame.length);
  const chunk = Buffer.alloc(perChunk * frame.length);
  for (let i = 0; i < perChunk; i++) chunk.set(frame, i * frame.length);
  let left = count;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, perChunk);
      left -= n;
      const ok = socket.write(n === perChunk ? chunk : chunk.subarray(0, n * frame.length));
      if (!ok) return void socket.once('drain', pump);
    }
    done();
  };
  pump();
}

async function main(): Promise<void> {
  const sim = await SwitchSimulator.start({ port: 0, devices: '100-199,10000-19999', model: { maxMonitors: 20_000 } });
  const event = deliveredEvent();
  let rawCount = 0;
  const raw = createServer((socket) => {
    socket.on('error', () => undefined);
    writeFrames(socket, rawCount);
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const rawPort = (raw.address() as { port: number }).port;
  process.on('message', (m: Command) => {
    if (m.cmd === 'raw') {
      rawCount = m.count;
      send({ kind: 'rawReady' });
    } else if (m.cmd === 'blast') {
      const monitor = sim.model.monitors.all().find((x) => x.device === '100');
      if (monitor === undefined) return send({ kind: 'error', message: 'no monitor on 100: the client must monitor it first' });
      const started = process.hrtime.bigint();
      blast(monitor.owner as ServerSession, monitor.crossRefIdentifier, event, m.count, m.batch).then(
        () => send({ kind: 'blasted', ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        (e: Error) => send({ kind: 'error', message: e.message }),
      );
    } else if (m.cmd === 'frames') {
      const monitor = sim.model.monitors.all().find((x) => x.device === '100');
      if (monitor === undefined) return send({ kind: 'error', message: 'no monitor on 100: the client must monitor it first' });
      // The event report encoded once (invokeId 1; the client does not track event invokeIds).
      const apdu = encodeInvoke(1, operations.cSTAEventReport, { crossRefIdentifier: monitor.crossRefIdentifier, eventSpecificInfo: event.eventSpecificInfo });
      const started = process.hrtime.bigint();
      writeFrames((monitor.owner as ServerSession).socket as Socket, m.count, frameBytes(HIPATH_FRAMING, apdu), () =>
        send({ kind: 'blasted', ms: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
    } else if (m.cmd === 'exit') {
      raw.close();
      void sim.close().then(() => process.disconnect());
    }
  });
  send({ kind: 'ready', port: sim.address().port, rawPort });
}

await main();
