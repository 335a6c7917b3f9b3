import { effectiveMaxPayload, FramingError } from './framing-error.js';
import type { FrameFormat } from './framing-formats.js';

/**
 * Outgoing frames without concatenation: `[header, payload]`, where `header` is a fresh
 * `headerLength`-byte array and `payload` is the caller's array itself (not copied). Hand both to
 * `socket.writev`, or `cork()` + two `write()`s + `uncork()`, and do not modify `payload` until the
 * write callback has run.
 */
export type FramePieces = [header: Uint8Array, payload: Uint8Array];

export interface FrameEncoderOptions {
  /**
   * Largest payload this encoder will frame. Default: the format's maximum (HiPath 32767). The
   * Perl client refused more than 1000 bytes; nothing in the protocol says so, so we allow the
   * format maximum and let callers lower it if a PBX turns out to be stricter.
   */
  readonly maxPayload?: number;
}

/**
 * Frames the APDUs of one connection's send direction. Stateless apart from the outgoing byte
 * count, which puts a stream offset into its errors (and is handy for logs). Refused payloads are
 * not counted.
 */
export class FrameEncoder {
  readonly format: FrameFormat;
  readonly maxPayload: number;
  #bytesEncoded = 0;
  #framesEncoded = 0;

  constructor(format: FrameFormat, options: FrameEncoderOptions = {}) {
    this.format = format;
    this.maxPayload = effectiveMaxPayload(format.name, format.maxPayload, options.maxPayload);
  }

  /** Bytes (headers + payloads) of every frame encoded so far: the offset the next frame starts at. */
  get bytesEncoded(): number {
    return this.#bytesEncoded;
  }

  get framesEncoded(): number {
    return this.#framesEncoded;
  }

  /** `[header, payload]` for writev; `payload` is not copied. */
  encode(payload: Uint8Array): FramePieces {
    const pieces = splitFrame(this.format, this.maxPayload, payload, this.#bytesEncoded);
    this.#count(payload.length);
    return pieces;
  }

  /** The whole frame in one new buffer (one copy of the payload). */
  frameBytes(payload: Uint8Array): Uint8Array {
    const frame = joinedFrame(this.format, this.maxPayload, payload, this.#bytesEncoded);
    this.#count(payload.length);
    return frame;
  }

  /**
   * Writes the whole frame (header, then a copy of `payload`) into `dst` at `at`, which must have
   * room for `headerLength + payload.length` bytes. Throws FramingError with nothing counted.
   */
  encodeInto(payload: Uint8Array, dst: Uint8Array, at: number): void {
    this.headerInto(payload.length, dst, at);
    const n = payload.length;
    const p = at + this.format.headerLength;
    // A byte loop beats TypedArray#set for the short APDUs CSTA is mostly made of.
    if (n <= 64) for (let i = 0; i < n; i++) dst[p + i] = payload[i]!;
    else dst.set(payload, p);
  }

  /**
   * Writes the header of a frame with a `length`-byte payload into `dst` at `at` and counts the
   * frame; the caller puts the payload right after it. Throws FramingError with nothing counted.
   */
  headerInto(length: number, dst: Uint8Array, at: number): void {
    checkLength(this.format, this.maxPayload, length, this.#bytesEncoded);
    writeHeader(this.format, dst, at, length, this.#bytesEncoded);
    this.#count(length);
  }

  #count(payloadLength: number): void {
    this.#bytesEncoded += this.format.headerLength + payloadLength;
    this.#framesEncoded++;
  }
}

/** `[header, payload]` for one frame of `format`; `payload` is returned as is, not copied. */
export function encodeFrame(format: FrameFormat, payload: Uint8Array): FramePieces {
  return splitFrame(format, format.maxPayload, payload, -1);
}

/** One frame of `format` as a single new buffer: header then a copy of `payload`. */
export function frameBytes(format: FrameFormat, payload: Uint8Array): Uint8Array {
  return joinedFrame(format, format.maxPayload, payload, -1);
}

function splitFrame(format: FrameFormat, maxPayload: number, payload: Uint8Array, streamOffset: number): FramePieces {
  checkLength(format, maxPayload, payload.length, streamOffset);
  const header = new Uint8Array(format.headerLength);
  writeHeader(format, header, 0, payload.length, streamOffset);
  return [header, payload];
}

function joinedFrame(format: FrameFormat, maxPayload: number, payload: Uint8Array, streamOffset: number): Uint8Array {
  checkLength(format, maxPayload, payload.length, streamOffset);
  const frame = new Uint8Array(format.headerLength + payload.length);
  writeHeader(format, frame, 0, payload.length, streamOffset);
  frame.set(payload, format.headerLength);
  return frame;
}

function checkLength(format: FrameFormat, maxPayload: number, length: number, streamOffset: number): void {
  if (length <= maxPayload) return;
  const limit =
    maxPayload === format.maxPayload
      ? `the most a ${format.name} header can express`
      : `this encoder's maxPayload (a ${format.name} header could express ${format.maxPayload})`;
  throw new FramingError(
    'payload-too-large',
    streamOffset,
    `refusing to frame a ${length}-byte APDU: ${maxPayload} bytes is ${limit}`,
    'Nothing was written; send smaller requests (e.g. fewer devices per request)',
  );
}

/** The format's own checks (e.g. `empty-frame`), with the error moved to the outgoing stream offset. */
function writeHeader(format: FrameFormat, dst: Uint8Array, at: number, length: number, streamOffset: number): void {
  try {
    format.writeHeader(dst, at, length);
  } catch (e) {
    if (e instanceof FramingError) throw e.movedBy(streamOffset - e.offset);
    throw e;
  }
}
