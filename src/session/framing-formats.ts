import { FramingError, hexByte } from './framing-error.js';

/**
 * How one dialect delimits APDUs on a TCP byte stream: a fixed-size header that carries the
 * payload length, then the payload (one BER APDU). FrameDecoder and FrameEncoder are written
 * against this interface only, so a new dialect is a new object, not a new decoder.
 *
 * Writing a custom format: implement the five members. `payloadLength` is only ever called with a
 * complete header (`headerLength` bytes from `header[offset]`); it validates the header and either
 * returns the payload length or throws a FramingError whose `offset` is the `offset` it was given
 * (FrameDecoder moves it to the absolute stream offset). It must not throw anything else. The
 * decoder itself enforces `maxPayload` (and its own lower option), so `payloadLength` need not.
 * `writeHeader` throws FramingError `payload-too-large` / `empty-frame` for lengths it cannot
 * express. Formats must be stateless: one object serves every connection. Example, a 4-byte
 * big-endian length prefix that counts itself (TPKT-like):
 *
 * ```ts
 * const LENGTH32_INCLUSIVE: FrameFormat = {
 *   name: 'length32-inclusive', headerLength: 4, maxPayload: 0xffff_ffff - 4,
 *   payloadLength(h, o) {
 *     const total = ((h[o]! << 24) >>> 0) + (h[o + 1]! << 16) + (h[o + 2]! << 8) + h[o + 3]!;
 *     if (total < 4) throw new FramingError('empty-frame', o, `length ${total} is shorter than the header`, 'Close the connection.');
 *     return total - 4;
 *   },
 *   writeHeader(d, o, n) { new DataView(d.buffer, d.byteOffset).setUint32(o, n + 4); },
 * };
 * ```
 *
 * (test/session/framing-length16.test.ts runs exactly this format through the decoder.)
 */
export interface FrameFormat {
  /** Short name used in error messages, e.g. 'hipath'. */
  readonly name: string;
  /** Bytes of header before every payload. */
  readonly headerLength: number;
  /** The largest payload the header can express. Decoders and encoders may set a lower limit. */
  readonly maxPayload: number;
  /** Payload length from a complete header at `header[offset]`, or throws FramingError. */
  payloadLength(header: Uint8Array, offset: number): number;
  /** Writes the header for a payload of `payloadLength` bytes into `dst` at `offset`. */
  writeHeader(dst: Uint8Array, offset: number, payloadLength: number): void;
}

/** First byte of every HiPath frame (hipath-protocol.md §1.1). No source says what it means. */
export const HIPATH_MAGIC = 0x26;
/** Bit 15 of the HiPath length field; every sender sets it (§1.1). */
export const HIPATH_LENGTH_MARKER = 0x8000;

const CLOSE = 'Close the connection: a TCP byte stream cannot be resynchronised after a bad header';

/**
 * Siemens HiPath / OpenScape CSTA over TCP (hipath-protocol.md §1): `26`, then a 16-bit big-endian
 * length with bit 15 set; the low 15 bits count only the APDU (1..32767). Examples: `26 80 33` for
 * a 51-byte AARQ, `26 81 38` for a 312-byte event.
 *
 * Net::CSTAv3::Client subtracted 0x80 from byte 1 without checking it, so a length field with bit
 * 15 clear came out as a huge or negative length; we refuse it (`bad-length-marker`) instead.
 * Open CSTA read only byte 2 (wrong past 255 bytes); we read all 15 bits.
 */
export const HIPATH_FRAMING: FrameFormat = Object.freeze({
  name: 'hipath',
  headerLength: 3,
  maxPayload: 0x7fff,

  payloadLength(header: Uint8Array, offset: number): number {
    const magic = header[offset] as number;
    const field = ((header[offset + 1] as number) << 8) | (header[offset + 2] as number);
    if (magic !== HIPATH_MAGIC) {
      const tpkt = magic === 0x03 && header[offset + 1] === 0x00;
      throw new FramingError(
        'bad-magic',
        offset,
        `expected ${hexByte(HIPATH_MAGIC)} to start a HiPath frame, found ${hexByte(magic)}` +
          (tpkt ? ' (this looks like a TPKT / RFC 1006 header: the peer speaks ISO-on-TCP, not HiPath framing)' : ''),
        `${CLOSE}; check that the host and port are the PBX's CSTA (ASN.1/BER) interface`,
        copyHeader(header, offset, 3),
      );
    }
    if ((field & HIPATH_LENGTH_MARKER) === 0) {
      throw new FramingError(
        'bad-length-marker',
        offset,
        `length field 0x${field.toString(16).padStart(4, '0').toUpperCase()} has bit 15 clear; ` +
          'every HiPath sender sets it (Net::CSTAv3::Client subtracted 0x80 blindly, this decoder refuses)',
        CLOSE,
        copyHeader(header, offset, 3),
      );
    }
    const length = field & 0x7fff;
    if (length === 0) {
      throw new FramingError(
        'empty-frame',
        offset,
        'length field says 0 bytes; a HiPath frame always carries an ACSE or ROSE APDU',
        CLOSE,
        copyHeader(header, offset, 3),
      );
    }
    return length;
  },

  writeHeader(dst: Uint8Array, offset: number, payloadLength: number): void {
    checkPayloadLength('hipath', 1, 0x7fff, offset, payloadLength);
    dst[offset] = HIPATH_MAGIC;
    dst[offset + 1] = 0x80 | (payloadLength >>> 8);
    dst[offset + 2] = payloadLength & 0xff;
  },
});

/**
 * A plain 2-byte big-endian length prefix with no magic byte (Ericsson MD110 / Application Link,
 * CSTA Phase I, hipath-protocol.md §1.8; Perl `pack "n"`). Payload 1..65535 bytes. Not HiPath:
 * given so the session can be pointed at such a switch or simulator.
 */
export const LENGTH16_FRAMING: FrameFormat = Object.freeze({
  name: 'length16',
  headerLength: 2,
  maxPayload: 0xffff,

  payloadLength(header: Uint8Array, offset: number): number {
    const length = ((header[offset] as number) << 8) | (header[offset + 1] as number);
    if (length === 0) {
      throw new FramingError(
        'empty-frame',
        offset,
        'length prefix says 0 bytes; every frame carries an APDU',
        CLOSE,
        copyHeader(header, offset, 2),
      );
    }
    return length;
  },

  writeHeader(dst: Uint8Array, offset: number, payloadLength: number): void {
    checkPayloadLength('length16', 1, 0xffff, offset, payloadLength);
    dst[offset] = payloadLength >>> 8;
    dst[offset + 1] = payloadLength & 0xff;
  },
});

function checkPayloadLength(name: string, min: number, max: number, offset: number, n: number): void {
  if (Number.isInteger(n) && n >= min && n <= max) return;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`payload length ${n} is not a byte count`);
  if (n === 0) {
    throw new FramingError('empty-frame', offset, `a ${name} frame cannot carry an empty payload`, 'Send an APDU of at least 1 byte');
  }
  throw new FramingError(
    'payload-too-large',
    offset,
    `a ${name} header can express ${min}..${max} payload bytes, not ${n}`,
    'Split the work into smaller requests; an APDU this large cannot be framed',
  );
}

/** A copy (never a view: `Buffer#slice` shares memory) of the header bytes, for the error. */
function copyHeader(header: Uint8Array, offset: number, length: number): Uint8Array {
  return Uint8Array.from(header.subarray(offset, offset + length));
}
