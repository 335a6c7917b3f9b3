/**
 * Events as a person reads them at a glance, one line each:
 *
 * ```
 * 11:35:10  101  ☎ delivered          100 → 101            ringing
 * 11:35:12  101  ✓ established        100 → 101            connected
 * 11:35:15  101  ⇄ transferred        by 101: 100 ⇄ 102    idle  (transfer)
 * ```
 *
 * time (the switch's timestamp), the monitored device, a symbol and the event, who calls whom, and
 * the monitored device's connection state after the event (plus the cause when it says something
 * the event name does not). Terminals that are not UTF-8 get plain ASCII symbols and arrows.
 */
import type { ConnectionList } from '../../generated/csta-connection-states.js';
import type { LocalConnectionState } from '../../generated/csta-connection-states.js';
import { eventDevices, type CstaEvent } from '../session/csta-event.js';
import { callIdOf, dialingNumberOf, type DeviceLike } from '../session/device.js';
import { printable } from '../session/printable.js';

export interface LineStyle {
  /** false: ASCII only (symbols, arrows). */
  readonly unicode: boolean;
}

/** Whether the terminal (by its locale; Windows Terminal and VS Code) shows UTF-8. */
export function supportsUnicode(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (/utf-?8/i.test(locale)) return true;
  if (platform === 'win32') return env.WT_SESSION !== undefined || env.TERM_PROGRAM === 'vscode';
  return false;
}

/** [unicode, ascii] symbol per event; others get a dot. */
const SYMBOLS: Readonly<Record<string, readonly [string, string]>> = {
  serviceInitiated: ['↑', '^'],
  originated: ['→', '>'],
  delivered: ['☎', '*'],
  established: ['✓', '+'],
  held: ['‖', '|'],
  retrieved: ['↺', '<'],
  transferred: ['⇄', '~'],
  conferenced: ['⊕', '&'],
  diverted: ['↷', '%'],
  failed: ['!', '!'],
  connectionCleared: ['✗', 'x'],
  callCleared: ['✗', 'x'],
};

const STATES: Readonly<Record<LocalConnectionState, string>> = {
  null: 'idle',
  initiated: 'dialing',
  alerting: 'ringing',
  connected: 'connected',
  hold: 'on hold',
  queued: 'queued',
  fail: 'failed',
};

/** Causes every line of their event would show anyway. */
const PLAIN_CAUSES = new Set(['newCall', 'normalClearing', 'normal', 'makeCall']);

type Fields = Record<string, unknown>;

const num = (v: unknown): string => dialingNumberOf(v as DeviceLike) ?? '?';

/** `calling → called`, with `(at X)` when another device took the call. */
function callingCalled(v: Fields, arrow: string, at?: unknown): string {
  const called = num(v.calledDevice);
  const where = at === undefined ? undefined : num(at);
  return `${num(v.callingDevice)} ${arrow} ${called}${where !== undefined && where !== called && where !== '?' ? ` (at ${where})` : ''}`;
}

function parties(list: unknown): string[] {
  return ((list ?? []) as ConnectionList).map((item) => num(item.endpoint ?? item.newConnection));
}

/** Who calls whom, per event; undefined: list the event's devices. */
function who(name: string, v: Fields, style: LineStyle): string | undefined {
  const arrow = style.unicode ? '→' : '->';
  const both = style.unicode ? '⇄' : '<->';
  switch (name) {
    case 'serviceInitiated':
      return `${num(v.initiatingDevice)} off-hook`;
    case 'originated':
    case 'failed':
      return callingCalled(v, arrow);
    case 'delivered':
      return callingCalled(v, arrow, v.alertingDevice);
    case 'established':
      return callingCalled(v, arrow, v.answeringDevice);
    case 'held':
      return `${num(v.holdingDevice)} holds`;
    case 'retrieved':
      return `${num(v.retrievingDevice)} retrieves`;
    case 'transferred':
      return `by ${num(v.transferringDevice)}: ${parties(v.transferredConnections).join(` ${both} `)}`;
    case 'conferenced':
      return `by ${num(v.conferencingDevice)}: ${parties(v.conferenceConnections).join(', ')}`;
    case 'diverted':
      return `${num(v.divertingDevice)} ${arrow} ${num(v.newDestination)}`;
    case 'connectionCleared':
      return `${num(v.releasingDevice)} hung up`;
    case 'callCleared':
      return `call ${callIdOf(v.clearedCall as never) ?? '?'} ended`;
    default:
      return undefined;
  }
}

/** `hh:mm:ss` of the switch's 14-character timestamp, else of the time the event arrived. */
export function clockTime(event: Pick<CstaEvent, 'timestamp' | 'receivedAt'>): string {
  const m = event.timestamp === undefined ? null : /^\d{8}(\d\d)(\d\d)(\d\d)/.exec(event.timestamp);
  if (m !== null) return `${m[1]}:${m[2]}:${m[3]}`;
  return hhmmss(event.receivedAt);
}

export function hhmmss(d: Date): string {
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The one line for an event (no trailing newline). */
export function formatEventLine(event: CstaEvent, style: LineStyle): string {
  const v = event.value as unknown as Fields;
  const symbol = (SYMBOLS[event.name] ?? ['·', '.'])[style.unicode ? 0 : 1];
  const parts =
    who(event.name, v, style) ??
    eventDevices(event.name, v)
      .map(({ field, number }) => `${field.replace(/Device$/, '')}=${number ?? '-'}`)
      .join(' ');
  const state = typeof v.localConnectionInfo === 'string' ? (STATES[v.localConnectionInfo as LocalConnectionState] ?? v.localConnectionInfo) : '';
  const cause = typeof v.cause === 'string' && !PLAIN_CAUSES.has(v.cause) ? `  (${v.cause})` : '';
  const line = `${clockTime(event)}  ${event.device.padEnd(4)} ${symbol} ${event.name.padEnd(18)} ${parts.padEnd(20)} ${state}${cause}`;
  return printable(line.trimEnd()); // the numbers come from the switch: no control characters through
}

/** A narration line for a story step, e.g. `▶ 100 calls 101`. */
export function formatStep(text: string, style: LineStyle, at = new Date()): string {
  return `${hhmmss(at)}  ${style.unicode ? '▶' : '>>'} ${text}`;
}
