// Part (c) of `npm run bench:session`, in a process of its own so its RSS is the client's alone:
// connect a CstaClient to the simulator (port in argv), note RSS and heap, start N monitors on
// one link (devices 10000…, 200 monitorStart requests in flight), note them again (after a full
// GC when run with --expose-gc), report over IPC as { kind: 'monitors', … } and exit.

import { CstaClient } from '../src/session/client.js';

const port = Number(process.argv[2]);
const count = Number(process.argv[3] ?? 10_000);
const IN_FLIGHT = 200;

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
  const monitors = client.monitors.filter((m) => m.state === 'active').length;
  process.send?.({ kind: 'monitors', count: monitors, seconds, before, after, gc: typeof (globalThis as { gc?: unknown }).gc === 'function' });
  await client.close({ abort: true });
}

await main();
