// Formats the codec benchmark's results as Markdown and replaces the block between the
// results markers in bench/README.md.

import { readFileSync, writeFileSync } from 'node:fs';
import { roleOf } from './contestants.js';
import type { Contestant } from './contestants.js';
import { MESSAGE_NAMES, MESSAGE_TITLES } from './messages.js';
import type { MessageName } from './messages.js';

export type Operation = 'decode' | 'encode';
export const OPERATIONS: readonly Operation[] = ['decode', 'encode'];

/** Median and spread of the timed rounds, in messages per second. */
export interface RateStat {
  median: number;
  min: number;
  max: number;
}

export interface CellResult {
  rate?: RateStat;
  /** Why this cell was not timed, or a remark on its output (e.g. not byte-identical). */
  note?: string;
}

export interface BenchResults {
  contestants: Contestant[];
  cells: Map<string, CellResult>; // key: cellKey(contestant, msg, op)
  machine: string;
  date: string;
  method: string;
  notes: string[];
}

export const cellKey = (c: Contestant, msg: MessageName, op: Operation): string => `${c.name}|${msg}|${op}`;

export function formatRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toPrecision(3)} M`;
  if (r >= 1e3) return `${(r / 1e3).toPrecision(3)} k`;
  return r.toPrecision(3);
}

function formatCell(cell: CellResult | undefined): string {
  if (cell?.rate === undefined) return 'not timed';
  const { median, min, max } = cell.rate;
  const spread = median > 0 ? Math.round(((max - min) / 2 / median) * 100) : 0;
  return `${formatRate(median)} ±${spread}%${cell.note === undefined ? '' : ' \\*'}`;
}

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

function throughputTable(res: BenchResults): string[] {
  const head = MESSAGE_NAMES.flatMap((m) => OPERATIONS.map((op) => `${MESSAGE_TITLES[m]} ${op}`));
  const lines = [`| contestant | ${head.join(' | ')} |`, `|---|${head.map(() => '---:').join('|')}|`];
  for (const c of res.contestants) {
    const cells = MESSAGE_NAMES.flatMap((m) => OPERATIONS.map((op) => formatCell(res.cells.get(cellKey(c, m, op)))));
    lines.push(`| ${c.name} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function notesList(res: BenchResults): string[] {
  const lines: string[] = [];
  for (const c of res.contestants) {
    for (const m of MESSAGE_NAMES) {
      for (const op of OPERATIONS) {
        const note = res.cells.get(cellKey(c, m, op))?.note;
        if (note !== undefined) lines.push(`- \\* ${c.name}, ${MESSAGE_TITLES[m]} ${op}: ${note}`);
      }
    }
  }
  return lines.length === 0 ? ['- every decode matched the reference and every encode was byte-identical'] : lines;
}

function ratioTable(res: BenchResults): string[] {
  const ours = res.contestants.find((c) => roleOf(c) === 'ours');
  const ceiling = res.contestants.find((c) => roleOf(c) === 'ceiling');
  const libraries = res.contestants.filter((c) => roleOf(c) === 'library');
  const lines = [
    `| message / op | ${ours?.name ?? 'csta3'} | fastest library | ours vs fastest library | ours vs hand-written ceiling |`,
    '|---|---:|---|---:|---:|',
  ];
  for (const m of MESSAGE_NAMES) {
    for (const op of OPERATIONS) {
      const flag = (c: Contestant) => (res.cells.get(cellKey(c, m, op))?.note === undefined ? '' : ' \\*');
      const rateOf = (c: Contestant | undefined) => (c === undefined ? undefined : res.cells.get(cellKey(c, m, op))?.rate?.median);
      let best: Contestant | undefined;
      for (const l of libraries) if ((rateOf(l) ?? 0) > (rateOf(best) ?? 0)) best = l;
      const o = rateOf(ours);
      const b = rateOf(best);
      const h = rateOf(ceiling);
      lines.push(`| ${MESSAGE_TITLES[m]} ${op} | ${o === undefined ? 'n/a' : formatRate(o)} | ` +
        `${best === undefined || b === undefined ? 'n/a' : `${best.name} (${formatRate(b)})${flag(best)}`} | ` +
        `${o === undefined || b === undefined ? 'n/a' : ratio(o, b)} | ${o === undefined || h === undefined ? 'n/a' : ratio(o, h)} |`);
    }
  }
  return lines;
}

export function renderResults(res: BenchResults): string {
  return [
    `Run: ${res.date}, ${res.machine}.`,
    `Method: ${res.method}`,
    '',
    'Messages per second (median round; ± is half the min–max spread of the rounds, in % of the median; \\* = see notes):',
    '',
    ...throughputTable(res),
    '',
    'Notes:',
    '',
    ...notesList(res),
    ...res.notes.map((n) => `- ${n}`),
    '',
    'csta3 against the others (ratio > 1 means csta3 is faster; n/a until a contestant named "csta3…" is registered):',
    '',
    ...ratioTable(res),
  ].join('\n');
}

export const RESULTS_START = '<!-- results:start -->';
export const RESULTS_END = '<!-- results:end -->';

/** Replaces the text between the results markers of the README with the rendered results. */
export function writeResultsToReadme(readmePath: string, rendered: string): void {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`${readmePath}: markers ${RESULTS_START} and ${RESULTS_END} not found in that order; add them where the results go`);
  }
  const next = `${text.slice(0, start + RESULTS_START.length)}\n${rendered}\n${text.slice(end)}`;
  writeFileSync(readmePath, next);
}
