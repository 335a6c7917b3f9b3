// `npm run bench:codec`: decode and encode throughput of the HiPath event APDUs for every
// registered contestant, in one process run. Every contestant first has to decode each
// message to the hand-written reference and encode the reference (byte-identical, or the
// difference is reported); then each message × operation is timed: a warm-up, then
// ROUNDS rounds of about ROUND_MS each, contestants interleaved round by round (so load
// changes on a shared machine hit all of them alike), reporting the median round.
//
// Options (environment): BENCH_ROUND_MS (300), BENCH_ROUNDS (5), BENCH_WARMUP_MS (150).
// Flag: --no-readme prints the results without rewriting bench/README.md.

import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAgainstFixtures, describeByteDifference, describeElementDifferences, findDifference } from './check.js';
import { CONTESTANTS } from './contestants.js';
import type { Contestant } from './contestants.js';
import { APDU_BYTES, MESSAGE_NAMES, MESSAGE_TITLES, REFERENCE } from './messages.js';
import type { MessageName } from './messages.js';
import { OPERATIONS, cellKey, formatRate, renderResults, writeResultsToReadme } from './report.js';
import type { BenchResults, CellResult, Operation, RateStat } from './report.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name}=${raw} is not a positive number of milliseconds/rounds`);
  return v;
}

const ROUND_MS = numberFromEnv('BENCH_ROUND_MS', 300);
const ROUNDS = Math.round(numberFromEnv('BENCH_ROUNDS', 5));
const WARMUP_MS = numberFromEnv('BENCH_WARMUP_MS', 150);

/** Walks up from this module to the directory holding package.json and bench/README.md. */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench', 'README.md'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no directory above ${fileURLToPath(import.meta.url)} has package.json and bench/README.md`);
    dir = up;
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Task = () => unknown;

/** Checks one contestant on one message; returns the tasks that may be timed and notes on them. */
function gate(c: Contestant, msg: MessageName, cells: Map<string, CellResult>): Partial<Record<Operation, Task>> {
  const bytes = APDU_BYTES[msg];
  const ref = REFERENCE[msg];
  const tasks: Partial<Record<Operation, Task>> = {};
  try {
    const diff = findDifference(c.decode(msg, bytes), ref);
    if (diff === null) tasks.decode = () => c.decode(msg, bytes);
    else cells.set(cellKey(c, msg, 'decode'), { note: `decode FAILED, result differs from the reference at ${diff}` });
  } catch (e) {
    cells.set(cellKey(c, msg, 'decode'), { note: `decode FAILED: ${errorText(e)}` });
  }
  try {
    const out = c.encode(msg, ref);
    const diff = describeByteDifference(out, bytes);
    if (diff !== null) {
      let back: string;
      try {
        const d = findDifference(c.decode(msg, out), ref);
        back = d === null ? 'its own decoder reads it back to the reference' : `its own decoder reads it back differently (${d})`;
      } catch (e) {
        back = `its own decoder rejects it (${errorText(e)})`;
      }
      const why = describeElementDifferences(out, bytes);
      cells.set(cellKey(c, msg, 'encode'), { note: `encodes, not byte-identical (${diff}): ${why}; ${back}` });
    }
    tasks.encode = () => c.encode(msg, ref);
  } catch (e) {
    cells.set(cellKey(c, msg, 'encode'), { note: `encode FAILED: ${errorText(e)}` });
  }
  return tasks;
}

let sink: unknown; // keeps results observable so the work cannot be optimised away

/** Runs task in batches for about ms milliseconds; returns messages per second. */
function run(task: Task, batch: number, ms: number): number {
  const budget = BigInt(Math.round(ms * 1e6));
  const t0 = process.hrtime.bigint();
  let n = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < batch; i++) sink = task();
    n += batch;
    elapsed = process.hrtime.bigint() - t0;
  } while (elapsed < budget);
  return (n * 1e9) / Number(elapsed);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Warm-up, then interleaved rounds, for all contestants timed on one message × operation. */
function timeGroup(entries: { c: Contestant; task: Task }[], msg: MessageName, op: Operation, cells: Map<string, CellResult>): void {
  const batches = entries.map(({ task }) => {
    const rate = run(task, 1, WARMUP_MS);
    return Math.max(1, Math.round(rate / 1000)); // about 1 ms per batch
  });
  const rounds: number[][] = entries.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < entries.length; k++) {
      const i = (k + r) % entries.length; // rotate who goes first
      rounds[i]!.push(run(entries[i]!.task, batches[i]!, ROUND_MS));
    }
  }
  entries.forEach(({ c }, i) => {
    const xs = rounds[i]!;
    const rate: RateStat = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    const key = cellKey(c, msg, op);
    cells.set(key, { ...cells.get(key), rate });
    process.stderr.write(`  ${MESSAGE_TITLES[msg].padEnd(17)} ${op} ${c.name.padEnd(20)} ${formatRate(rate.median)} msg/s\n`);
  });
}

function main(): void {
  const writeReadme = !process.argv.includes('--no-readme');
  const root = findRepoRoot();
  const started = Date.now();
  const notes = [checkAgainstFixtures(root)];
  const cells = new Map<string, CellResult>();
  const tasks = new Map<string, Task>();
  for (const c of CONTESTANTS) {
    for (const msg of MESSAGE_NAMES) {
      const t = gate(c, msg, cells);
      for (const op of OPERATIONS) {
        const task = t[op];
        if (task !== undefined) tasks.set(cellKey(c, msg, op), task);
      }
    }
  }
  for (const msg of MESSAGE_NAMES) {
    for (const op of OPERATIONS) {
      const entries = CONTESTANTS.flatMap((c) => {
        const task = tasks.get(cellKey(c, msg, op));
        return task === undefined ? [] : [{ c, task }];
      });
      if (entries.length > 0) timeGroup(entries, msg, op, cells);
    }
  }
  const cpu = cpus();
  const res: BenchResults = {
    contestants: CONTESTANTS,
    cells,
    machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${process.platform}/${process.arch}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    method: `warm-up ${WARMUP_MS} ms, then ${ROUNDS} rounds of ~${ROUND_MS} ms per contestant × message × operation, ` +
      `contestants interleaved; whole run ${((Date.now() - started) / 1000).toFixed(1)} s`,
    notes,
  };
  if (sink === Symbol.for('never')) process.stderr.write('unreachable\n');
  const rendered = renderResults(res);
  process.stdout.write(`${rendered}\n`);
  if (writeReadme) {
    writeResultsToReadme(join(root, 'bench', 'README.md'), rendered);
    process.stderr.write(`results written to ${join(root, 'bench', 'README.md')}\n`);
  }
}

main();
