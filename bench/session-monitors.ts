// Part (c) of `npm run bench:session`, in a process of its own so its RSS is the client's alone:
// connect a CstaClient to the simulator (port in argv), note RSS and heap, start N monitors on
// one link (devices 10000…, 200 monitorStart requests in flight), note them again (after a full
// GC when run with --expose-gc), then once more after the client has sat idle holding them
// (up to BENCH_IDLE_MS), report over IPC as { kind: 'monitors', … } and exit.

import { CstaClient } from '../src/session/client.js';

const port = Number(process.argv[2]);
const count = Number(process.argv[3] ?? 10_000);
const IN_FLIGHT = 200;
/** How long to watch the idle client's RSS at most (BENCH_IDLE_MS). */
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 40_000);

function settle(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function main(): Promise<void> {
  const client = await CstaClient.connect({ host: '127.0.0.1', port, deadLinkMs: 0, reconnect: false, requestTimeoutMs: 60_000 });
  const before = settle();
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const device = String(10_000 + next++);
      await client.monitor(device);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setImmediate(resolve));
  const after = settle();
  // Then the client as it lives: holding the monitors, idle. V8's memory reducer gives back the
  // young generation grown during the burst of monitorStarts once allocation has calmed down;
  // sample once a second until RSS stops falling (or IDLE_MS).
  const idleStarted = performance.now();
  let idle = after;
  for (let last = Infinity; performance.now() - idleStarted < IDLE_MS; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idle = settle();
    if (idle.rss >= last && performance.now() - idleStarted > 20_000) break;
    last = Math.min(last, idle.rss);
  }
  const idleSeconds = (performance.now() - idleStarted) / 1000;
  const monitors = client.monitors.filter((m) => m.state === 'active').length;
  process.send?.({ kind: 'monitors', count: monitors, seconds, before, after, idle, idleSeconds, gc: typeof (globalThis as { gc?: unknown }).gc === 'function' });
  await client.close({ abort: true });
}

await main();
