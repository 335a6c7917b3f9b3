/**
 * ROSE APDUs (X.880; hipath-protocol.md §3) in both directions, with the open types (an invoke's
 * argument, a result, an error parameter) decoded and encoded through the generated operation
 * table. Nothing here is HiPath-specific: the same code serves the client and the switch role.
 *
 * decodeRose never throws for a problem *inside* an open type: an unknown opcode comes back with no
 * `operation` (answer it with a Reject invoke/unrecognizedOperation), an argument that does not
 * decode comes back with `argumentError` (Reject invoke/mistypedArgument). It throws BerError only
 * when the APDU itself is not a ROSE APDU (answer with Reject general/…, or drop the link).
 */
import { BerError, BerReader, decode, decodeRange, encode, encodeWith, errorKind, invalidValue, Tag, type BerErrorCode, type BerWriter, type Codec, type RawElement } from '../ber/index.js';
import { shapeProblem } from '../jer/index.js';
import { ROSE_APDU } from '../../generated/csta-rose-apdus.js';
import { errorsByCode, operationsByCode, type ErrorInfo, type OperationInfo } from '../../generated/operations.js';
import type { InvokeId } from '../../generated/remote-operations-generic-ros-pdus.js';
import type { Code } from '../../generated/remote-operations-information-objects.js';
import { rejectReason, type RejectProblemKind } from './errors.js';

/**
 * A received ROSE APDU. `opcode`/`errcode` are the local code values; a global (OID) code, which
 * no CSTA switch is known to send, gives `NaN` with the OID in `globalCode` (and no table entry).
 * `raw` is the open type as it arrived (re-encodes byte for byte; private data passes through).
 */
export type RoseMessage =
  | {
      kind: 'invoke';
      invokeId: number;
      opcode: number;
      globalCode?: string;
      operation?: OperationInfo;
      argument?: unknown;
      raw?: RawElement;
      argumentError?: BerError;
    }
  | {
      kind: 'result';
      invokeId: number;
      opcode?: number;
      globalCode?: string;
      operation?: OperationInfo;
      result?: unknown;
      raw?: RawElement;
      resultError?: BerError;
    }
  | {
      kind: 'error';
      invokeId: number;
      errcode: number;
      globalCode?: string;
      error?: ErrorInfo;
      parameter?: unknown;
      raw?: RawElement;
      parameterError?: BerError;
    }
  | { kind: 'reject'; invokeId: number | null; problem: RejectProblemKind; value: number; reason: string };

export function decodeRose(apdu: Uint8Array): RoseMessage {
  return ((apdu[0] === 0xa1 || apdu[0] === 0xa2) && quickRose(apdu)) || decodeRoseGeneric(apdu);
}

/** Reads the envelope in quickRose; pointed at an empty array between uses. */
const envelope = new BerReader(new Uint8Array(0));
const EMPTY = new Uint8Array(0);
const subarray = Uint8Array.prototype.subarray;

/**
 * The two APDUs nearly every message is — Invoke `{ invokeId, opcode local, argument? }` and
 * ReturnResult `{ invokeId, { opcode local, result } }`, with nothing else in them — read without
 * building the generic ROSE-APDU value first (its CHOICE objects were a fifth of what a client
 * allocated per request). Anything else, or anything malformed, gives undefined, and the generic
 * decode then returns the same message or throws the same error (test/session/rose.test.ts
 * compares the two).
 */
function quickRose(apdu: Uint8Array): RoseMessage | undefined {
  const r = envelope.reset(apdu);
  try {
    const invoke = apdu[0] === 0xa1;
    r.enter(invoke ? INVOKE : RETURN_RESULT);
    if (r.peekTag() !== Tag.INTEGER) return undefined; // absent (NULL) invokeId: the generic error
    const invokeId = r.readInteger();
    if (!invoke) {
      if (r.peekTag() !== Tag.SEQUENCE) return undefined; // no result part
      r.enter(Tag.SEQUENCE);
    }
    if (r.peekTag() !== Tag.INTEGER) return undefined; // linkedId, or a global (OID) code
    const opcode = r.readInteger();
    const start = r.pos;
    if (r.peekTag() !== -1) r.skip();
    else if (!invoke) return undefined; // a result without its value
    const end = r.pos;
    if (r.peekTag() !== -1) return undefined; // elements the ASN.1 does not define
    r.leave();
    if (!invoke) {
      if (r.peekTag() !== -1) return undefined;
      r.leave();
    }
    r.end();
    if (end > start && (apdu[start]! & 0x1f) === 0x1f) return undefined; // a high tag number: let readRaw spell it
    // (Uint8Array's own subarray: Node's Buffer#subarray override costs twice as much.)
    const raw: RawElement | undefined =
      end > start ? { tag: ((apdu[start]! >> 6) << 24) | (apdu[start]! & 0x1f), constructed: (apdu[start]! & 0x20) !== 0, bytes: subarray.call(apdu, start, end) } : undefined;
    const operation = operationsByCode.get(opcode);
    if (invoke) {
      const msg: RoseMessage = { kind: 'invoke', invokeId, opcode };
      if (raw !== undefined) msg.raw = raw;
      return operation === undefined ? msg : withArgument(msg, apdu, operation, raw === undefined ? -1 : start, end);
    }
    const msg: RoseMessage = { kind: 'result', invokeId, opcode, raw };
    return operation === undefined ? msg : withResult(msg, apdu, operation, start, end);
  } catch (e) {
    if (e instanceof BerError) return undefined;
    throw e;
  } finally {
    r.reset(EMPTY);
  }
}

/** @internal decodeRose without its fast path (for tests that compare the two). */
export function decodeRoseGeneric(apdu: Uint8Array): RoseMessage {
  const pdu = decode(ROSE_APDU, apdu);
  switch (pdu.case) {
    case 'invoke': {
      const v = pdu.value;
      const { code, globalCode } = codeOf(v.opcode);
      const operation = operationsByCode.get(code);
      const msg: RoseMessage = { kind: 'invoke', invokeId: requiredId(v.invokeId, 'invoke'), opcode: code };
      if (globalCode !== undefined) msg.globalCode = globalCode;
      if (v.argument !== undefined) msg.raw = v.argument;
      if (operation === undefined) return msg;
      const start = startOf(apdu, v.argument);
      return withArgument(msg, apdu, operation, start, start + (v.argument?.bytes.length ?? 0));
    }
    case 'returnResult': {
      const v = pdu.value;
      const msg: RoseMessage = { kind: 'result', invokeId: requiredId(v.invokeId, 'returnResult') };
      if (v.result === undefined) return msg;
      const { code, globalCode } = codeOf(v.result.opcode);
      msg.opcode = code;
      if (globalCode !== undefined) msg.globalCode = globalCode;
      msg.raw = v.result.result;
      const operation = operationsByCode.get(code);
      if (operation === undefined) return msg;
      const start = startOf(apdu, v.result.result);
      return withResult(msg, apdu, operation, start, start + v.result.result.bytes.length);
    }
    case 'returnError': {
      const v = pdu.value;
      const { code, globalCode } = codeOf(v.errcode);
      const msg: RoseMessage = { kind: 'error', invokeId: requiredId(v.invokeId, 'returnError'), errcode: code };
      if (globalCode !== undefined) msg.globalCode = globalCode;
      if (v.parameter !== undefined) msg.raw = v.parameter;
      const error = errorsByCode.get(code);
      if (error === undefined) return msg;
      msg.error = error;
      const start = startOf(apdu, v.parameter);
      const out = openValueAt(apdu, error.parameter, start, start + (v.parameter?.bytes.length ?? 0), error.name, 'parameter', false);
      if (out instanceof BerError) msg.parameterError = out;
      else if (out !== undefined) msg.parameter = out;
      return msg;
    }
    case 'reject': {
      const v = pdu.value;
      const invokeId = v.invokeId.case === 'present' ? v.invokeId.value : null;
      const { case: problem, value } = v.problem;
      return { kind: 'reject', invokeId, problem, value, reason: rejectReason(problem, value) };
    }
  }
}

function codeOf(code: Code): { code: number; globalCode?: string } {
  return code.case === 'local' ? { code: code.value } : { code: Number.NaN, globalCode: code.value };
}

/** X.880 allows an absent invoke id only in a Reject (of an APDU whose id could not be read). */
function requiredId(id: InvokeId, apdu: string): number {
  if (id.case === 'present') return id.value;
  throw new BerError('missing-component', errorKind('missing-component'), 0, `${apdu} with invokeId absent (NULL); only a Reject may omit it (X.880)`, [apdu, 'invokeId']);
}

/**
 * Decodes an open type through its codec: the value, or the BerError it gave (returned, not
 * thrown; a decoded value is never a BerError). BerError offsets are absolute in `apdu` and the
 * path starts with the operation or error and the part (`makeCall.argument.callingDevice`).
 * `start`/`end`: where the open type lies in `apdu`; `start` -1 when it is absent.
 */
function openValueAt(
  apdu: Uint8Array,
  codec: Codec<unknown> | undefined,
  start: number,
  end: number,
  owner: string,
  part: 'argument' | 'result' | 'parameter',
  required: boolean,
): unknown {
  if (start < 0) {
    if (codec === undefined || !required) return undefined;
    return structure('missing-component', apdu.length, `the ${part} of ${owner} is missing`, [owner, part]);
  }
  if (codec === undefined) return structure('unexpected-element', 0, `${owner} has no ${part}, but one was sent`, [owner, part]);
  try {
    return decodeRange(codec, apdu, start, end);
  } catch (e) {
    if (e instanceof BerError) return e.within(part).within(owner);
    throw e;
  }
}

/** Where an open type the generic decode of `apdu` read (a view into `apdu`) starts; -1 when absent. */
function startOf(apdu: Uint8Array, raw: RawElement | undefined): number {
  return raw === undefined ? -1 : raw.bytes.byteOffset - apdu.byteOffset;
}

/** The invoke's argument (or why it does not decode) added to `msg`, for both decode paths. */
function withArgument(msg: Extract<RoseMessage, { kind: 'invoke' }>, apdu: Uint8Array, operation: OperationInfo, start: number, end: number): RoseMessage {
  msg.operation = operation;
  const out = openValueAt(apdu, operation.argument, start, end, operation.name, 'argument', true);
  if (out instanceof BerError) msg.argumentError = out;
  else if (out !== undefined) msg.argument = out;
  return msg;
}

/**
 * The result (or why it does not decode) added to `msg`, for both decode paths. An operation
 * without a RESULT type: whatever came (usually NULL) stays in `raw`.
 */
function withResult(msg: Extract<RoseMessage, { kind: 'result' }>, apdu: Uint8Array, operation: OperationInfo, start: number, end: number): RoseMessage {
  msg.operation = operation;
  if (operation.result === undefined) return msg;
  const out = openValueAt(apdu, operation.result, start, end, operation.name, 'result', true);
  if (out instanceof BerError) msg.resultError = out;
  else msg.result = out;
  return msg;
}

function structure(code: BerErrorCode, offset: number, detail: string, path: string[]): BerError {
  return new BerError(code, errorKind(code), offset, detail, path);
}

// ---------------------------------------------------------------------------------------------
// Encoding

// The APDUs are written straight into one writer, the open type (argument, result, parameter)
// encoded in place by its own codec: going through the generated ROSE-APDU codec would mean
// encoding the open type to bytes of its own first and copying them in (about a fifth of a
// request's encoding). What is written mirrors generated/csta-rose-apdus.ts field for field, and
// test/session/rose.test.ts checks it byte for byte against that codec for every operation.
// Written backwards (BerWriter prepends): last component first, then `wrap` adds the header.

function invokeIdOf(invokeId: number): InvokeId {
  if (!Number.isSafeInteger(invokeId)) throw invalidValue(`invokeId ${invokeId} is not an integer`);
  return { case: 'present', value: invokeId };
}

/** invokeId `present` (InvokeId ::= CHOICE { present INTEGER, absent NULL }). */
function writeInvokeId(w: BerWriter, invokeId: number): void {
  if (!Number.isSafeInteger(invokeId)) throw invalidValue(`invokeId ${invokeId} is not an integer`);
  w.writeInteger(invokeId);
}

/** Invoke `{ invokeId, opcode local, argument }`. Throws BerError invalid-value for a missing or surplus argument. */
export function encodeInvoke(invokeId: number, operation: OperationInfo, argument?: unknown): Uint8Array {
  return encodeWith((w) => writeInvoke(w, invokeId, operation, argument));
}

/** encodeInvoke into `w` (the APDU is prepended to whatever `w` holds). */
export function writeInvoke(w: BerWriter, invokeId: number, operation: OperationInfo, argument?: unknown): void {
  const m = w.mark();
  if (operation.argument !== undefined) {
    if (argument === undefined) throw invalidValue(`${operation.name} (${operation.code}) needs an argument`);
    writeOpen(w, operation.argument, argument, operation.name, 'argument');
  } else if (argument !== undefined) {
    throw invalidValue(`${operation.name} (${operation.code}) takes no argument`);
  }
  w.writeInteger(operation.code); // opcode local
  writeInvokeId(w, invokeId);
  w.wrap(m, INVOKE);
}

/**
 * The value a result defaults to when the caller gives none: NULL for a NULL type, the `noData`
 * (any NULL) alternative of a CHOICE such as SystemStatusRes / MonitorStopResult; else undefined.
 */
export function nullResultOf(codec: Codec<unknown>): unknown {
  const s = codec.schema;
  if (s.t === 'null') return null;
  if (s.t !== 'choice') return undefined;
  for (const alt of s.alternatives) {
    const t = typeof alt.type === 'function' ? alt.type().schema : alt.type;
    if (t.t === 'null') return { case: alt.key, value: null };
  }
  return undefined;
}

/**
 * ReturnResult `{ invokeId, { opcode, result } }`. With no `result`, a NULL-ish result type gets
 * its NULL (systemStatus → `A2 0B 02 01 01 30 06 02 02 00 D3 05 00`, hipath-protocol.md §4.2); an
 * operation with no RESULT type gets a ReturnResult without a result part (X.880).
 */
export function encodeResult(invokeId: number, operation: OperationInfo, result?: unknown): Uint8Array {
  return encodeWith((w) => writeResult(w, invokeId, operation, result));
}

/** encodeResult into `w`. */
export function writeResult(w: BerWriter, invokeId: number, operation: OperationInfo, result?: unknown): void {
  const m = w.mark();
  if (operation.result === undefined) {
    if (result !== undefined) throw invalidValue(`${operation.name} (${operation.code}) has no result type`);
  } else {
    const value = result ?? nullResultOf(operation.result);
    if (value === undefined) throw invalidValue(`${operation.name} (${operation.code}) needs a result value`);
    const inner = w.mark();
    writeOpen(w, operation.result, value, operation.name, 'result');
    w.writeInteger(operation.code); // opcode local
    w.wrap(inner, Tag.SEQUENCE);
  }
  writeInvokeId(w, invokeId);
  w.wrap(m, RETURN_RESULT);
}

/** ReturnError `{ invokeId, errcode, parameter }` (CSTA: `errors.universalFailure` and a UniversalFailure). */
export function encodeError(invokeId: number, error: ErrorInfo, parameter?: unknown): Uint8Array {
  return encodeWith((w) => writeError(w, invokeId, error, parameter));
}

/** encodeError into `w`. */
export function writeError(w: BerWriter, invokeId: number, error: ErrorInfo, parameter?: unknown): void {
  const m = w.mark();
  if (error.parameter !== undefined) {
    if (parameter === undefined) throw invalidValue(`error ${error.name} (${error.code}) needs a parameter`);
    writeOpen(w, error.parameter, parameter, error.name, 'parameter');
  } else if (parameter !== undefined) {
    throw invalidValue(`error ${error.name} (${error.code}) takes no parameter`);
  }
  w.writeInteger(error.code); // errcode local
  writeInvokeId(w, invokeId);
  w.wrap(m, RETURN_ERROR);
}

/**
 * The open type (argument, result, parameter) encoded in place by its codec. Whatever the codec
 * throws leaves as a BerError invalid-value whose path starts with the operation (or error) and
 * the part. The generated encoders trust the TypeScript types, so a value of the wrong shape from
 * untyped code (or a cast) fails deep inside generated/ with a TypeError, or with a writer error
 * that names no field; then the value is walked against the type's schema (jer `shapeProblem`,
 * only on this failure path) and the error names the place, e.g. `invalid-value in
 * makeCall.argument.callingDevice.deviceIdentifier.dialingNumber: expected a string, found number
 * 100`, with what the encoder threw as `cause`. When the shape is right (a string with a character
 * that does not fit one octet, say), the encoder's own BerError goes out; anything else as `not a
 * value of <type> (<what was thrown>)`.
 */
function writeOpen(w: BerWriter, codec: Codec<unknown>, value: unknown, owner: string, part: string): void {
  try {
    codec.encode(w, value);
  } catch (e) {
    const shape = shapeProblem(codec, value);
    let error: BerError;
    if (shape !== undefined) error = shape;
    else if (e instanceof BerError) throw e.within(part).within(owner);
    else error = invalidValue(`not a value of ${codec.name} (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`);
    Object.defineProperty(error, 'cause', { value: e, configurable: true, writable: true });
    throw error.within(part).within(owner);
  }
}

const INVOKE = 0x2000001; // [1]
const RETURN_RESULT = 0x2000002; // [2]
const RETURN_ERROR = 0x2000003; // [3]

/** Reject `{ invokeId (absent when null), problem [kind] value }`; see rejectProblemValue for the numbers. */
export function encodeReject(invokeId: number | null, problem: RejectProblemKind, value: number): Uint8Array {
  const id: InvokeId = invokeId === null ? { case: 'absent', value: null } : invokeIdOf(invokeId);
  return encode(ROSE_APDU, { case: 'reject', value: { invokeId: id, problem: { case: problem, value } } });
}
