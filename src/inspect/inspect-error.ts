/**
 * Errors of the inspection layer that are not BER errors: input that is not a frame or an APDU at
 * all. BER problems inside an APDU stay BerErrors (with their offsets moved to the input, see
 * `atInput`). Callers and tests branch on `code`, never on the message text.
 *
 * - `empty-input`: nothing to decode.
 * - `not-an-apdu`: the first byte of an APDU is neither an ACSE tag (`60`..`67`) nor a ROSE tag
 *   (`A1`..`A4`).
 * - `bad-frame-header`: a HiPath header (`26 8x xx`) with bit 15 of the length clear, or a length of 0.
 * - `missing-frame-header`: `hipath` framing was asked for, but the byte at a frame start is not `26`.
 * - `truncated-frame`: a frame (or a bare BER element) says it is longer than the bytes that follow.
 */
import { BerError } from '../ber/error.js';

export type InspectErrorCode =
  | 'empty-input'
  | 'not-an-apdu'
  | 'bad-frame-header'
  | 'missing-frame-header'
  | 'truncated-frame';

export class InspectError extends Error {
  override readonly name = 'InspectError';

  constructor(
    readonly code: InspectErrorCode,
    /** Offset in the input (the bytes handed to splitFrames / decodeApdu's `offset` base). */
    readonly offset: number,
    /** What was wrong, in words, without the offset. */
    readonly detail: string,
    /** What to do about it. */
    readonly advice: string,
  ) {
    super('');
    this.message = `${code} at offset ${offset}: ${detail}. ${advice}`;
  }
}

/**
 * The same BerError with its offset moved `base` bytes along, so it counts from the start of the
 * whole input rather than from the start of the element that was decoded. Encoder errors (offset
 * -1) and other errors are returned unchanged.
 */
export function atInput(e: unknown, base: number): unknown {
  if (!(e instanceof BerError) || base === 0 || e.offset < 0) return e;
  return new BerError(e.code, e.kind, e.offset + base, e.detail, e.path.slice());
}

/** `26 80 0E`: bytes as spaced upper-case hex, for messages. */
export function hexBytes(bytes: Uint8Array, from: number, count: number): string {
  const out: string[] = [];
  for (let i = from; i < Math.min(bytes.length, from + count); i++) {
    out.push(bytes[i].toString(16).toUpperCase().padStart(2, '0'));
  }
  return out.join(' ');
}
