/**
 * Helpers for the framing tests: Markdown fixture tables, hex, chunkings, and a driver that turns a
 * decoder run into the trace language of fixtures/framing-trace.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { FrameDecoder, FramingError, HIPATH_FRAMING, LENGTH16_FRAMING, type FrameFormat } from '../../src/session/framing.js';

/**
 * The repository root: the nearest ancestor of this compiled file holding test/session/fixtures.
 * Tests run from dist/test/session; fixtures are not compiled, so they are read from the source tree.
 */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'test', 'session', 'fixtures')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no test/session/fixtures above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
})();

export interface TableRow {
  /** `framing-trace.md:23`, for test names. */
  readonly where: string;
  readonly cells: string[];
}

/** Data rows of every Markdown table in test/session/fixtures/<file> (header and `---` rows skipped). */
export function readTable(file: string): TableRow[] {
  const lines = readFileSync(join(repoRoot, 'test', 'session', 'fixtures', file), 'utf8').split('\n');
  const rows: TableRow[] = [];
  let inTable = false;
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) {
      inTable = false;
      return;
    }
    const cells = line.slice(1, line.lastIndexOf('|')).split('|').map((c) => c.trim());
    if (!inTable) {
      inTable = true; // header row
      return;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) return;
    rows.push({ where: `${file}:${i + 1}`, cells });
  });
  return rows;
}

export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${text}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `bytes` cut at the given offsets (sorted, duplicates allowed: they make empty chunks). */
export function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...offsets].sort((a, b) => a - b)) {
    chunks.push(bytes.slice(from, to));
    from = to;
  }
  chunks.push(bytes.slice(from));
  return chunks;
}

/** The chunkings every fixture is run through: whole, two chunks split at every offset, byte by byte. */
export function chunkings(bytes: Uint8Array): { name: string; chunks: Uint8Array[] }[] {
  const runs = [{ name: 'whole', chunks: [bytes] }];
  for (let at = 1; at < bytes.length; at++) runs.push({ name: `split at ${at}`, chunks: cut(bytes, [at]) });
  runs.push({ name: 'byte by byte', chunks: cut(bytes, Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)) });
  return runs;
}

export function formatNamed(name: string): FrameFormat {
  if (name === 'hipath') return HIPATH_FRAMING;
  if (name === 'length16') return LENGTH16_FRAMING;
  throw new Error(`unknown format ${name}`);
}

export interface Run {
  readonly frames: { payload: Uint8Array; offset: number }[];
  readonly error: FramingError | undefined;
  /** Bytes pushed, including the chunk whose push threw. */
  readonly pushed: number;
  readonly decoder: FrameDecoder;
}

/** Pushes the chunks in order, stopping at the first FramingError. */
export function decodeChunks(format: FrameFormat, chunks: readonly Uint8Array[], maxPayload?: number): Run {
  const frames: { payload: Uint8Array; offset: number }[] = [];
  const decoder = new FrameDecoder(format, (payload, offset) => frames.push({ payload, offset }), { maxPayload });
  let pushed = 0;
  for (const chunk of chunks) {
    pushed += chunk.length;
    try {
      decoder.push(chunk);
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      return { frames, error: e, pushed, decoder };
    }
  }
  return { frames, error: undefined, pushed, decoder };
}

/**
 * The run in fixture trace language. `after=` is rewritten from "bytes pushed when the throwing push
 * returned" to the fixture's meaning by the caller (see expectedTrace).
 */
export function traceOf(run: Run): string {
  const events = run.frames.map((f) => `frame off=${f.offset} len=${f.payload.length}`);
  if (run.error !== undefined) {
    events.push(`error off=${run.error.offset} code=${run.error.code} after=${run.pushed}`);
  } else if (run.decoder.state === 'header' && run.decoder.pendingBytes === 0) {
    events.push('idle');
  } else {
    events.push(`need state=${run.decoder.state} pending=${run.decoder.pendingBytes}`);
  }
  return events.join(' ; ');
}

/** The fixture trace with `after=K` replaced by the total pushed at the first chunk boundary >= K. */
export function expectedTrace(trace: string, chunks: readonly Uint8Array[]): string {
  return trace.replace(/after=(\d+)/, (_, k: string) => {
    let total = 0;
    for (const c of chunks) {
      total += c.length;
      if (total >= Number(k)) return `after=${total}`;
    }
    return `after=never (input has only ${total} bytes)`;
  });
}
