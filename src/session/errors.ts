/**
 * The error family of the session layer. Every error a caller can see from a link, a server
 * session or the client is a SessionError; callers and tests branch on `code` (a stable string) and
 * on the typed fields of the subclasses, never on the message text.
 *
 * | code | class | when |
 * | --- | --- | --- |
 * | `association-rejected` | AssociationRejectedError | AARE result != accepted (X.227 result + diagnostic) |
 * | `association-aborted` | AssociationAbortedError | an ABRT arrived (abort-source, abort-diagnostic) |
 * | `link-lost` | LinkLostError | socket closed / error, dead keep-alive, framing error; `reason` says which |
 * | `request-timeout` | SessionError | no answer within the request timeout (invoke-table.ts) |
 * | `request-aborted` | SessionError | the caller's AbortSignal fired |
 * | `return-error` | CstaError | a ReturnError arrived: UniversalFailure category + value |
 * | `rejected` | RejectError | a Reject arrived: problem kind + value (X.880 RejectProblem names) |
 * | `protocol-error` | SessionError | the peer sent something we cannot use (bad BER, unexpected APDU) |
 * | `not-connected` | SessionError | a request while no association is up |
 * | `too-many-requests` | SessionError | every invoke id is waiting for an answer (invoke-table.ts) |
 */
import type { Codec, RawElement } from '../ber/index.js';
import { BerReader, decode } from '../ber/index.js';
import { UniversalFailure } from '../../generated/csta-error-definition.js';
import type { ErrorInfo } from '../../generated/operations.js';
import {
  GeneralProblem,
  InvokeProblem,
  ReturnErrorProblem,
  ReturnResultProblem,
} from '../../generated/remote-operations-generic-ros-pdus.js';

export type SessionErrorCode =
  | 'association-rejected'
  | 'association-aborted'
  | 'link-lost'
  | 'request-timeout'
  | 'request-aborted'
  | 'return-error'
  | 'rejected'
  | 'protocol-error'
  | 'not-connected'
  | 'too-many-requests';

export class SessionError extends Error {
  override readonly name: string = 'SessionError';

  constructor(
    readonly code: SessionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `e` is a SessionError (with `code`, when given). */
export function isSessionError(e: unknown, code?: SessionErrorCode): e is SessionError {
  return e instanceof SessionError && (code === undefined || e.code === code);
}

// ---------------------------------------------------------------------------------------------
// Named numbers (INTEGER {a(0), b(1)}): the ASN.1 identifier for a value, from the generated schema.

/** The ASN.1 identifier of `value` in an INTEGER type's named-number list, or undefined. */
export function numberName(codec: Codec<number>, value: number): string | undefined {
  const s = codec.schema;
  if (s.t !== 'integer' && s.t !== 'enumerated') return undefined;
  const named = s.t === 'integer' ? s.named : s.values;
  if (named === undefined) return undefined;
  for (const [name, n] of Object.entries(named)) if (n === value) return name;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// ReturnError → CstaError

/** The alternatives of UniversalFailure, in tag order `[0]`..`[7]` (CSTA-error-definition). */
const FAILURE_CATEGORIES = (UniversalFailure.schema as { alternatives: readonly { key: string }[] }).alternatives.map((a) => a.key);

/** What a CstaError is built from: the `error` RoseMessage of rose.ts plus the operation that failed. */
export interface CstaErrorInit {
  /** The operation the failed request invoked (`makeCall`), or `unknown` when it cannot be told. */
  readonly operation: string;
  readonly invokeId: number;
  /** ReturnError errcode (CSTA: 1 = universalFailure). */
  readonly errcode: number;
  /** The error table entry for `errcode`, when known. */
  readonly error?: ErrorInfo;
  /** The parameter decoded through the error table (a UniversalFailure for CSTA). */
  readonly parameter?: unknown;
  /** The parameter as it arrived, when there was one (used when it does not decode). */
  readonly raw?: RawElement;
}

/**
 * A ReturnError from the switch: `category` is the UniversalFailure alternative (`operation`,
 * `security`, `stateIncompatibility`, `systemResourceAvailability`, `subscribedResourceAvailability`,
 * `performanceManagement`, `privateData`, `unspecified`), `value` its ENUMERATED identifier
 * (`invalidCrossRefID`), or the number when the switch sent a value the ASN.1 does not name.
 * `unspecified` (NULL) has value `'unspecified'`. For a non-CSTA error code (X.880 refuse, ...)
 * category is the error's name (or `errcode N`) and value the errcode.
 */
export class CstaError extends SessionError {
  override readonly name = 'CstaError';
  readonly operation: string;
  readonly invokeId: number;
  readonly errcode: number;
  readonly category: string;
  readonly value: string | number;
  /** The decoded UniversalFailure, when the parameter decodes as one. */
  readonly failure?: UniversalFailure;

  constructor(init: CstaErrorInit) {
    const { category, value, failure } = classify(init);
    super('return-error', `${init.operation} failed: ${category}/${String(value)} (ReturnError, invokeId ${init.invokeId})`);
    this.operation = init.operation;
    this.invokeId = init.invokeId;
    this.errcode = init.errcode;
    this.category = category;
    this.value = value;
    if (failure !== undefined) this.failure = failure;
  }
}

function classify(init: CstaErrorInit): { category: string; value: string | number; failure?: UniversalFailure } {
  const isUniversal = init.error?.parameter === UniversalFailure || (init.error === undefined && init.errcode === 1);
  if (!isUniversal) return { category: init.error?.name ?? `errcode ${init.errcode}`, value: init.errcode };
  let failure = asUniversalFailure(init.parameter);
  if (failure === undefined && init.raw !== undefined) {
    try {
      failure = decode(UniversalFailure, init.raw.bytes);
    } catch {
      // An ENUMERATED value this edition does not name: keep the category and the number.
      const loose = looseFailure(init.raw);
      if (loose !== undefined) return loose;
    }
  }
  if (failure === undefined) return { category: 'universalFailure', value: 'no parameter' };
  return { category: failure.case, value: failure.value ?? 'unspecified', failure };
}

function asUniversalFailure(v: unknown): UniversalFailure | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = (v as { case?: unknown }).case;
  return typeof c === 'string' && FAILURE_CATEGORIES.includes(c) ? (v as UniversalFailure) : undefined;
}

/** `[n] { ENUMERATED k }` read without the codec: category by tag number, value as the number. */
function looseFailure(raw: RawElement): { category: string; value: number } | undefined {
  try {
    const r = new BerReader(raw.bytes);
    const tag = r.peekTag();
    const category = FAILURE_CATEGORIES[tag & 0xffffff];
    if ((tag >>> 24) !== 2 || category === undefined) return undefined;
    r.enter(tag);
    return { category, value: r.readEnumerated() };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Reject → RejectError

export type RejectProblemKind = 'general' | 'invoke' | 'returnResult' | 'returnError';

const PROBLEM_CODECS: Readonly<Record<RejectProblemKind, Codec<number>>> = {
  general: GeneralProblem,
  invoke: InvokeProblem,
  returnResult: ReturnResultProblem,
  returnError: ReturnErrorProblem,
};

/** The X.880 RejectProblem name: `invoke-unrecognizedOperation`, or `invoke-9` for an unnamed value. */
export function rejectReason(problem: RejectProblemKind, value: number): string {
  return `${problem}-${numberName(PROBLEM_CODECS[problem], value) ?? String(value)}`;
}

/** The numeric value of a named problem: `rejectProblemValue('invoke', 'mistypedArgument')` → 2. */
export function rejectProblemValue(problem: RejectProblemKind, name: string): number {
  const named = (PROBLEM_CODECS[problem] as unknown as { named: Record<string, number> }).named;
  const n = named[name];
  if (n === undefined) throw new RangeError(`${name} is not a ${problem} problem (X.880): one of ${Object.keys(named).join(', ')}`);
  return n;
}

export class RejectError extends SessionError {
  override readonly name = 'RejectError';
  readonly problem: RejectProblemKind;
  readonly value: number;
  readonly reason: string;
  /** The rejected invoke id (null when the peer could not read it). */
  readonly invokeId: number | null;
  readonly operation?: string;

  constructor(init: { problem: RejectProblemKind; value: number; invokeId: number | null; operation?: string }) {
    const reason = rejectReason(init.problem, init.value);
    const what = init.operation ?? 'request';
    super('rejected', `${what} rejected by the peer: ${reason} (Reject, invokeId ${init.invokeId ?? 'absent'})`);
    this.problem = init.problem;
    this.value = init.value;
    this.reason = reason;
    this.invokeId = init.invokeId;
    if (init.operation !== undefined) this.operation = init.operation;
  }
}

// ---------------------------------------------------------------------------------------------
// Association and link

/** A named number as it arrived: `{ value: 13, name: 'authentication-failure' }`. */
export interface NamedValue {
  readonly value: number;
  readonly name?: string;
}

/** AARE with result rejected-permanent (1) or rejected-transient (2); X.227 Associate-source-diagnostic. */
export class AssociationRejectedError extends SessionError {
  override readonly name = 'AssociationRejectedError';

  constructor(
    readonly result: NamedValue,
    readonly diagnostic: NamedValue & { readonly source: 'acse-service-user' | 'acse-service-provider' },
  ) {
    super(
      'association-rejected',
      `the switch rejected the association: ${result.name ?? `result ${result.value}`}, ` +
        `${diagnostic.source} ${diagnostic.name ?? String(diagnostic.value)}` +
        (diagnostic.name === 'authentication-failure' ? ' (check the CSTA user name and password configured on the switch)' : ''),
    );
  }
}

/** An ABRT arrived: abort-source 0 acse-service-user / 1 acse-service-provider, optional diagnostic. */
export class AssociationAbortedError extends SessionError {
  override readonly name = 'AssociationAbortedError';

  constructor(
    readonly source: NamedValue,
    readonly diagnostic?: string,
  ) {
    super(
      'association-aborted',
      `the peer aborted the association (ABRT, source ${source.name ?? source.value}` +
        `${diagnostic === undefined ? '' : `, diagnostic ${diagnostic}`})`,
    );
  }
}

export type LinkLostReason = 'closed' | 'error' | 'aborted' | 'keepalive' | 'framing' | 'protocol' | 'released';

/** The association is gone; `reason` says why and `cause` carries the underlying error, if any. */
export class LinkLostError extends SessionError {
  override readonly name = 'LinkLostError';

  constructor(
    readonly reason: LinkLostReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('link-lost', `link lost (${reason}): ${detail}`, options);
  }
}
