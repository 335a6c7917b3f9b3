/**
 * splitFrames: the APDUs in a captured byte string (hex pasted from a trace, a file, stdin).
 *
 * Two shapes are recognised (hipath-protocol.md §1):
 * - HiPath frames: `26`, then a 16-bit big-endian length with bit 15 set whose low 15 bits count
 *   the APDU bytes that follow (`26 80 0E A1 0C …`, `26 81 38 A1 82 01 34 …`);
 * - bare BER elements, back to back, each delimited by its own length (`A1 0C … A2 0B …`).
 *
 * `0x26` cannot start a CSTA APDU (it would be a constructed [UNIVERSAL 6], an OBJECT IDENTIFIER,
 * which BER only allows primitive), so in `auto` mode every unit is recognised on its own: a
 * capture may mix framed and bare APDUs. Unlike the session's FrameDecoder this is not a stream
 * parser: the input is complete, so a frame that runs past its end is an error, not "need more".
 * A bare element must start like a CSTA APDU (isApduStart), so that stray bytes are reported as
 * what they are rather than as an element with a nonsensical length.
 */
import { elementLength } from '../ber/element-length.js';
import { InspectError, hexBytes } from './inspect-error.js';

/** `auto`: HiPath header where there is one; `hipath`: every APDU must have one; `none`: bare BER only. */
export type FrameFormatName = 'auto' | 'hipath' | 'none';

export const FRAME_FORMATS: readonly FrameFormatName[] = ['auto', 'hipath', 'none'];

export const HIPATH_MAGIC = 0x26;
const HEADER_LENGTH = 3;

export interface Frame {
  /** The APDU bytes (a subarray of the input, without the header). */
  readonly apdu: Uint8Array;
  /** Offset of the APDU's first byte in the input. */
  readonly offset: number;
  /** Whether the APDU came with a HiPath header (which starts at `offset - 3`). */
  readonly framed: boolean;
}

/** The APDUs in `bytes`, in order; throws InspectError (or BerError for malformed bare BER) naming the offset. */
export function splitFrames(bytes: Uint8Array, format: FrameFormatName = 'auto'): Frame[] {
  const { frames, error } = scanFrames(bytes, format);
  if (error !== undefined) throw error;
  return frames;
}

/**
 * Like splitFrames, but keeps the frames found before a bad one: `error` is what stopped the scan
 * (nothing after it can be delimited). For tools that show what they can, then report.
 */
export function scanFrames(bytes: Uint8Array, format: FrameFormatName = 'auto'): { frames: Frame[]; error?: unknown } {
  const frames: Frame[] = [];
  if (bytes.length === 0) {
    return { frames, error: new InspectError('empty-input', 0, 'the input holds no bytes', 'Give the hex of a frame or an APDU.') };
  }
  let pos = 0;
  try {
    while (pos < bytes.length) {
      const framed = format === 'hipath' || (format === 'auto' && bytes[pos] === HIPATH_MAGIC);
      const frame = framed ? hipathFrame(bytes, pos) : bareElement(bytes, pos, format);
      frames.push(frame);
      pos = frame.offset + frame.apdu.length;
    }
  } catch (e) {
    return { frames, error: e };
  }
  return { frames };
}

function hipathFrame(bytes: Uint8Array, at: number): Frame {
  if (bytes[at] !== HIPATH_MAGIC) {
    throw new InspectError(
      'missing-frame-header',
      at,
      `expected a HiPath frame header (26 8x xx), found ${hexBytes(bytes, at, 3)}`,
      'Use --framing auto or none for APDUs without the 3-byte header.',
    );
  }
  if (at + HEADER_LENGTH > bytes.length) {
    throw new InspectError(
      'truncated-frame',
      at,
      `the HiPath frame header is cut short (${hexBytes(bytes, at, 3)}: ${bytes.length - at} of 3 bytes)`,
      'The input ends inside a frame header; give the whole frame.',
    );
  }
  const field = (bytes[at + 1] << 8) | bytes[at + 2];
  if ((field & 0x8000) === 0) {
    throw new InspectError(
      'bad-frame-header',
      at,
      `the HiPath length field ${hexBytes(bytes, at + 1, 2)} has bit 15 clear (every HiPath sender sets it)`,
      'Check the capture starts at a frame boundary.',
    );
  }
  const length = field & 0x7fff;
  if (length === 0) {
    throw new InspectError('bad-frame-header', at, 'the HiPath length field says 0 bytes; no APDU is empty', 'Check the capture starts at a frame boundary.');
  }
  const start = at + HEADER_LENGTH;
  if (start + length > bytes.length) {
    throw new InspectError(
      'truncated-frame',
      at,
      `the HiPath frame header (${hexBytes(bytes, at, 3)}) announces ${length} bytes, but only ${bytes.length - start} follow`,
      'The capture is incomplete: give the whole frame.',
    );
  }
  return { apdu: bytes.subarray(start, start + length), offset: start, framed: true };
}

function bareElement(bytes: Uint8Array, at: number, format: FrameFormatName): Frame {
  if (!isApduStart(bytes[at])) {
    const header = format === 'none' ? '' : ' or a HiPath frame header (26 8x xx)';
    throw new InspectError(
      'not-an-apdu',
      at,
      `expected an ACSE APDU (60..67) or a ROSE APDU (A1..A4)${header}, found ${hexBytes(bytes, at, 4)}`,
      'Check the hex starts at a frame or APDU boundary and is CSTA Phase III BER.',
    );
  }
  // A malformed element is a BerError whose offset already counts from the start of `bytes`.
  const length = elementLength(bytes, at, bytes.length);
  if (length < 0) {
    const where = format === 'none' ? '' : ' (without a HiPath header, the element\'s own BER length delimits it)';
    throw new InspectError(
      'truncated-frame',
      at,
      `the BER element starting ${hexBytes(bytes, at, 4)} runs past the end of the input at offset ${bytes.length}${where}`,
      'The capture is incomplete: give the whole APDU.',
    );
  }
  return { apdu: bytes.subarray(at, at + length), offset: at, framed: false };
}

/** Whether `byte` can start a CSTA APDU: ACSE `[APPLICATION 0..7]` or ROSE `[1]..[4]`, both constructed. */
export function isApduStart(byte: number): boolean {
  return (byte >= 0x60 && byte <= 0x67) || (byte >= 0xa1 && byte <= 0xa4);
}

/** A HiPath frame for `apdu`: `26`, `0x8000 | length` big-endian, then the APDU. */
export function hipathFrameOf(apdu: Uint8Array): Uint8Array {
  if (apdu.length === 0 || apdu.length > 0x7fff) {
    throw new RangeError(`a HiPath frame carries 1..32767 bytes; this APDU has ${apdu.length}`);
  }
  const out = new Uint8Array(HEADER_LENGTH + apdu.length);
  out[0] = HIPATH_MAGIC;
  out[1] = 0x80 | (apdu.length >> 8);
  out[2] = apdu.length & 0xff;
  out.set(apdu, HEADER_LENGTH);
  return out;
}
