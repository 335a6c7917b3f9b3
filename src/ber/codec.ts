import type { BerReader, DecodeOptions } from './reader.js';
import type { BerWriter } from './writer.js';
import type { Schema } from './schema.js';

/**
 * What the generator emits for every ASN.1 type, as a const with the type's own name.
 *
 * `tag` replaces the type's outermost tag: it is how IMPLICIT tagging reaches a referenced type.
 * Untagged CHOICE types and open types ignore it (X.680 31.2.7: they cannot be implicitly tagged).
 */
export interface Codec<T> {
  /** `Module.Type`, as in the ASN.1. */
  readonly name: string;
  /** The outermost tag of an encoding, or -1 when it depends on the value (untagged CHOICE, open type). */
  readonly tag: number;
  encode(w: BerWriter, value: T, tag?: number): void;
  decode(r: BerReader, tag?: number): T;
  readonly schema: Schema;
}

/** The value type a codec carries. */
export type ValueOf<C> = C extends Codec<infer T> ? T : never;

/** An element kept as it arrived: unknown extensions, open types, private data. Re-encodes byte for byte. */
export interface RawElement {
  /** Tag as a tag number (see tags.ts). */
  readonly tag: number;
  readonly constructed: boolean;
  /** The complete encoding: identifier, length and contents. */
  readonly bytes: Uint8Array;
}

/**
 * A BIT STRING: `length` bits, first bit in the most significant bit of `bytes[0]`. Unused bits of
 * the last byte are zero. The length is kept exactly (HiPath's MonitorFilter relies on fixed widths).
 */
export interface BitString {
  readonly length: number;
  readonly bytes: Uint8Array;
}

export type { DecodeOptions };

/**
 * Every generated SEQUENCE/SET value may carry elements the ASN.1 does not define (a newer
 * switch's extensions, vendor additions): the decoder keeps them here, raw, and the encoder writes
 * them back unchanged at the place they belong.
 */
export interface Extensible {
  $unknown?: RawElement[];
}
