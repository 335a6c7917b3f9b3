/**
 * How the CLI reports failures. Exit codes:
 * - 0: done;
 * - 1: bad input (bytes that do not decode, JER that does not fit, an unknown type, a missing file);
 * - 2: usage (unknown option, missing argument, conflicting inputs), as commander reports them;
 * - 70: a bug in csta3 (EX_SOFTWARE): the only case that prints a stack trace.
 *
 * A user error is printed as: `csta <command>: <what failed>` / `  <the error, with offset and
 * ASN.1 path>` / `  what to do: <advice>`, on stderr.
 */
import { BerError } from '../ber/error.js';
import { InspectError } from '../inspect/inspect-error.js';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/** A failure the user can fix. `code` is stable (tests branch on it through the exit code and text). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    /** What failed, in words. */
    message: string,
    /** What to do about it. */
    readonly advice: string,
    /** 1 (bad input) or 2 (usage). */
    readonly exitCode: number = EXIT_BAD_INPUT,
    /** The underlying error, when there is one (a BerError, an fs error). */
    readonly reason?: unknown,
  ) {
    super(message);
  }
}

/** A usage error found after commander's own checks (e.g. hex arguments and -f together). */
export function usageError(code: string, message: string, advice: string): CliError {
  return new CliError(code, message, advice, EXIT_USAGE);
}

/** Thrown by a command that has already written its errors (e.g. some frames decoded, some not). */
export class AlreadyReported extends Error {
  override readonly name = 'AlreadyReported';
  constructor(readonly exitCode: number = EXIT_BAD_INPUT) {
    super('already reported');
  }
}

/** What to do about a BerError, by its kind. */
export function berAdvice(e: BerError): string {
  switch (e.kind) {
    case 'syntax':
      return 'the bytes are not well-formed BER there: check the hex is complete and starts at a frame header or an APDU';
    case 'structure':
      return 'the bytes are BER but not the ASN.1 type expected at that path: check the capture is CSTA Phase III (ECMA-285) and not cut or shifted';
    case 'limit':
      return 'the input breaks a decoder safety limit (depth, element count or length); it is unlikely to be a real CSTA APDU';
    case 'value':
      return e.path.length > 0
        ? `fix the value at ${e.path.join('.').replace(/\.\[/g, '[')} (JER, ITU-T X.697: SEQUENCE = object, CHOICE = {"alternative": value}, OCTET STRING = hex)`
        : 'fix the value (JER, ITU-T X.697: SEQUENCE = object, CHOICE = {"alternative": value}, OCTET STRING = hex)';
  }
}

/** The stderr text for `e`, thrown while running `command`; and the exit code. */
export function describeFailure(command: string, e: unknown): { text: string; exitCode: number } {
  const prefix = command === '' ? 'csta' : `csta ${command}`;
  if (e instanceof AlreadyReported) return { text: '', exitCode: e.exitCode };
  if (e instanceof CliError) {
    const lines = [`${prefix}: ${e.message}`];
    if (e.reason instanceof InspectError) lines.push(`  ${e.reason.code} at offset ${e.reason.offset}: ${e.reason.detail}`);
    else if (e.reason instanceof Error && !(e.reason instanceof CliError)) lines.push(`  ${e.reason.message}`);
    lines.push(`  what to do: ${e.advice}`);
    return { text: lines.join('\n') + '\n', exitCode: e.exitCode };
  }
  if (e instanceof BerError) {
    return { text: `${prefix}: ${e.message}\n  what to do: ${berAdvice(e)}\n`, exitCode: EXIT_BAD_INPUT };
  }
  if (e instanceof InspectError) {
    return { text: `${prefix}: ${e.code} at offset ${e.offset}: ${e.detail}\n  what to do: ${e.advice}\n`, exitCode: EXIT_BAD_INPUT };
  }
  const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return {
    text: `${prefix}: internal error (a bug in csta3; please report it with the command line and input)\n${stack}\n`,
    exitCode: EXIT_INTERNAL,
  };
}
