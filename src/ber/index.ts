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
  const w = spare ?? new BerWriter(1024);
  spare = undefined;
  try {
    codec.encode(w, value);
    return w.finish();
  } catch (e) {
    w.clear();
    throw e;
  } finally {
    spare = w;
  }
}

/** Decodes exactly one `codec` value filling `bytes`; anything after it is `trailing-data`. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array, options?: DecodeOptions): T {
  const r = new BerReader(bytes, options);
  const value = codec.decode(r);
  r.end();
  return value;
}
