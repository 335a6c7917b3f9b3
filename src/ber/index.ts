/**
 * The BER runtime of csta3: what generated codecs call, and what callers use to encode and decode
 * a whole value. Import as `csta3/ber`.
 */
import type { Codec } from './codec.js';
import { BerReader, type DecodeOptions } from './reader.js';
import { BerWriter } from './writer.js';

export * from './tags.js';
export * from './error.js';
export { errorKind } from './error-kind.js';
export type { Codec, ValueOf, RawElement, BitString, Extensible } from './codec.js';
export * from './schema.js';
export { BerReader, type DecodeOptions } from './reader.js';
export { STRING_TAG } from './contents.js';
export { BerWriter } from './writer.js';
export { elementLength } from './element-length.js';
export { bitString, hasBit, setBits } from './bit-string.js';
export { toHex, fromHex } from './hex.js';

/**
 * A writer kept between calls of `encode`: a new one per message cost a buffer allocation and
 * a growth to 1 KiB each time (13% of sending an event). Only a cache: taken while in use (so a
 * nested `encode` gets its own), cleared on error; `finish()` hands out a copy.
 */
let spare: BerWriter | undefined;

/** The BER encoding of `value` (definite lengths, minimal forms). */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  return onSpare(encodeValue, codec, value);
}

/**
 * What `write` writes, as `encode` returns it: for an encoding put together from several codecs
 * by hand (the ROSE APDUs in src/session/rose.ts write their open type in place this way).
 */
export function encodeWith(write: (w: BerWriter) => void): Uint8Array {
  return onSpare(callWrite, write, undefined);
}

const encodeValue = <T>(w: BerWriter, codec: Codec<T>, value: T): void => codec.encode(w, value);
const callWrite = (w: BerWriter, write: (w: BerWriter) => void): void => write(w);

/** Runs `write(w, a, b)` on the spare writer (a new one when it is taken) and returns the bytes. */
function onSpare<A, B>(write: (w: BerWriter, a: A, b: B) => void, a: A, b: B): Uint8Array {
  const w = spare ?? new BerWriter(1024);
  spare = undefined;
  try {
    write(w, a, b);
    return w.finish();
  } catch (e) {
    w.clear();
    throw e;
  } finally {
    spare = w;
  }
}

/**
 * A reader kept between calls of `decode` without options, for the same reason as `spare`
 * (a reader and its container stack per message were a tenth of the bytes a session allocates
 * per request). Taken while in use; pointed at an empty array afterwards so it pins no input.
 */
let spareReader: BerReader | undefined;
const NOTHING = new Uint8Array(0);

/** Decodes exactly one `codec` value filling `bytes`; anything after it is `trailing-data`. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array, options?: DecodeOptions): T {
  return decodeRange(codec, bytes, 0, bytes.length, options);
}

/**
 * Decodes exactly one `codec` value filling `bytes[start, end)`, as `decode` does for a whole
 * array; BerError offsets are absolute in `bytes`.
 */
export function decodeRange<T>(codec: Codec<T>, bytes: Uint8Array, start: number, end: number, options?: DecodeOptions): T {
  if (options !== undefined) {
    const r = new BerReader(bytes, options, start, end);
    const value = codec.decode(r);
    r.end();
    return value;
  }
  const r = spareReader?.reset(bytes, start, end) ?? new BerReader(bytes, undefined, start, end);
  spareReader = undefined;
  try {
    const value = codec.decode(r);
    r.end();
    return value;
  } finally {
    spareReader = r.reset(NOTHING);
  }
}
