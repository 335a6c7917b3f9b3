/**
 * Pluggable logging for the session layer. The session never writes to the console itself: it
 * calls a Logger (silent by default). Credentials never reach a logger: describeApdu prints an
 * AARQ's password as `***`, and consoleLogger masks any field whose name looks like a secret.
 */
import { toHex } from '../ber/index.js';
import { ABRT_source, Associate_result, Associate_source_diagnostic_acse_service_provider, Associate_source_diagnostic_acse_service_user, Release_request_reason, Release_response_reason } from '../../generated/acse-1.js';
import { decodeAcse, isAcseApdu } from './acse.js';
import { numberName } from './errors.js';
import { HIPATH_AUTHENTICATION } from './profile.js';
import { printable } from './printable.js';
import { decodeRose, type RoseMessage } from './rose.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  /**
   * False when debug lines are dropped anyway, so callers can skip building them (describing an
   * APDU decodes it). Absent means enabled.
   */
  readonly debugEnabled?: boolean;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const nothing = (): void => {};

/** Drops everything (the default). */
export const silentLogger: Logger = Object.freeze({ debugEnabled: false, debug: nothing, info: nothing, warn: nothing, error: nothing });

export interface ConsoleLoggerOptions {
  /** Print debug lines too (default false). */
  readonly debug?: boolean;
  /** Put before every line; the Perl seed printed `[DEBUG] `. Default none. */
  readonly prefix?: string;
  /** Where lines go; default console.debug / info / warn / error by level. */
  readonly sink?: (level: LogLevel, line: string) => void;
}

const SECRET_FIELD = /pass(word|wd)?|secret|credential|token/i;

/** `message key=value key2="two words"`, secrets as `***`, bytes as hex. */
export function formatLine(message: string, fields?: Record<string, unknown>): string {
  if (fields === undefined) return message;
  let line = message;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    line += ` ${key}=${SECRET_FIELD.test(key) ? '***' : formatValue(value)}`;
  }
  return line;
}

function formatValue(v: unknown): string {
  if (v instanceof Uint8Array) return toHex(v, ' ');
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  try {
    return JSON.stringify(v, (k, x: unknown) => (SECRET_FIELD.test(k) ? '***' : x instanceof Uint8Array ? toHex(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Lines to the console (or `sink`); debug lines only with `debug: true`. */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const prefix = options.prefix ?? '';
  const sink =
    options.sink ??
    ((level: LogLevel, line: string): void => {
      console[level](line);
    });
  // printable: messages quote what the peer sent, which must not forge lines or reach a terminal as escapes.
  const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>): void => sink(level, prefix + printable(formatLine(message, fields)));
  const debug = options.debug === true;
  return { debugEnabled: debug, debug: debug ? at('debug') : nothing, info: at('info'), warn: at('warn'), error: at('error') };
}

// ---------------------------------------------------------------------------------------------
// describeApdu

/**
 * One line about an APDU for debug logs, never throwing and never printing a password:
 *
 * - `aarq name=AMHOST password=*** context=1.3.12.0.218 (51 bytes)`
 * - `aare accepted context=1.3.12.0.218 (75 bytes)` / `aare rejected-permanent acse-service-user authentication-failure (…)`
 * - `abrt source=acse-service-user diagnostic=no-reason-given (8 bytes)`
 * - `invoke cSTAEventReport(21) delivered invokeId=5 (92 bytes)`, `result systemStatus(211) invokeId=1 (13 bytes)`
 * - `error universalFailure operation/invalidCrossRefID invokeId=3 (…)`, `reject invoke-unrecognizedOperation invokeId=4 (…)`
 * - `undecodable 60 31… (51 bytes): truncated at offset 12` (only the first two bytes are shown)
 */
export function describeApdu(apdu: Uint8Array): string {
  const size = `(${apdu.length} bytes)`;
  try {
    return `${isAcseApdu(apdu) ? describeAcse(apdu) : describeRose(decodeRose(apdu))} ${size}`;
  } catch (e) {
    const head = apdu.length === 0 ? '' : ` ${toHex(apdu.subarray(0, 2), ' ')}${apdu.length > 2 ? '…' : ''}`;
    const why = e instanceof Error ? (('code' in e && typeof e.code === 'string' ? e.code : e.name) + firstClause(e.message)) : 'not an APDU';
    return `undecodable${head} ${size}: ${why}`;
  }
}

function firstClause(message: string): string {
  const m = /^\S+( at offset \d+)/.exec(message);
  return m?.[1] ?? '';
}

function describeAcse(apdu: Uint8Array): string {
  const { value } = decodeAcse(apdu);
  switch (value.case) {
    case 'aarq': {
      const v = value.value;
      let who = '';
      if (v.callingAuthenticationValue !== undefined) {
        let name: string | undefined;
        try {
          name = HIPATH_AUTHENTICATION.decodeCredentials(v.callingAuthenticationValue)?.name;
        } catch {
          name = undefined;
        }
        who = `${name === undefined ? '' : ` name=${formatValue(name)}`} password=***`;
      }
      return `aarq${who} context=${v.aSOContextName}`;
    }
    case 'aare': {
      const v = value.value;
      const result = numberName(Associate_result, v.result) ?? `result=${v.result}`;
      if (v.result === 0) return `aare ${result} context=${v.aSOContextName}`;
      const d = v.resultSourceDiagnostic;
      const user = d.case === 'acseServiceUser';
      const source = user ? 'acse-service-user' : 'acse-service-provider';
      const diag = numberName(user ? Associate_source_diagnostic_acse_service_user : Associate_source_diagnostic_acse_service_provider, d.value);
      return `aare ${result} ${source} ${diag ?? d.value}`;
    }
    case 'abrt': {
      const v = value.value;
      const diag = v.abortDiagnostic === undefined ? '' : ` diagnostic=${v.abortDiagnostic}`;
      return `abrt source=${numberName(ABRT_source, v.abortSource) ?? v.abortSource}${diag}`;
    }
    case 'rlrq':
      return `rlrq${value.value.reason === undefined ? '' : ` reason=${numberName(Release_request_reason, value.value.reason) ?? value.value.reason}`}`;
    case 'rlre':
      return `rlre${value.value.reason === undefined ? '' : ` reason=${numberName(Release_response_reason, value.value.reason) ?? value.value.reason}`}`;
    default:
      return value.case;
  }
}

function describeRose(m: RoseMessage): string {
  switch (m.kind) {
    case 'invoke': {
      const op = m.operation ? `${m.operation.name}(${m.opcode})` : `unknown-operation(${m.globalCode ?? m.opcode})`;
      const event = m.operation?.name === 'cSTAEventReport' ? eventName(m.argument) : undefined;
      const bad = m.argumentError ? ` argument-error=${m.argumentError.code}` : '';
      return `invoke ${op}${event ? ` ${event}` : ''} invokeId=${m.invokeId}${bad}`;
    }
    case 'result': {
      const op = m.operation ? `${m.operation.name}(${m.opcode})` : m.opcode === undefined ? '(no result)' : `unknown-operation(${m.globalCode ?? m.opcode})`;
      return `result ${op} invokeId=${m.invokeId}${m.resultError ? ` result-error=${m.resultError.code}` : ''}`;
    }
    case 'error': {
      const name = m.error?.name ?? `errcode(${m.globalCode ?? m.errcode})`;
      const p = m.parameter as { case?: unknown; value?: unknown } | undefined;
      const detail = p && typeof p.case === 'string' ? ` ${p.case}/${String(p.value ?? 'unspecified')}` : '';
      return `error ${name}${detail} invokeId=${m.invokeId}`;
    }
    case 'reject':
      return `reject ${m.reason} invokeId=${m.invokeId ?? 'absent'}`;
  }
}

/** `delivered` from a CSTAEventReportArgument: the alternative inside eventSpecificInfo. */
function eventName(argument: unknown): string | undefined {
  const esi = (argument as { eventSpecificInfo?: { value?: { case?: unknown } } } | undefined)?.eventSpecificInfo;
  return typeof esi?.value?.case === 'string' ? esi.value.case : undefined;
}
