/**
 * BerWriter: produces one canonical definite-length encoding (X.690 8, with the DER choices for
 * lengths, BOOLEAN TRUE = 0xFF, minimal INTEGER), writing **backwards** from the end of a growable
 * buffer. Contents are written before their header, so a constructed element needs no length
 * back-patching and no copying:
 *
 *   const m = w.mark();                  // remember where this element's contents end
 *   ...write the components, last first...
 *   w.wrap(m, tag);                      // prepend length and identifier (constructed)
 *
 * Generated encoders therefore write SEQUENCE components in reverse order. `finish()` returns the
 * bytes written so far as a byte array of their own and resets the writer for reuse.
 *
 * The written bytes are `buf[start, buf.length)`. When the space in front runs out, the buffer
 * doubles and the written tail moves to the end of the new one; marks count from the end, so they
 * stay valid.
 */
import type { BitString, RawElement } from './codec.js';
import type { StringKind } from './schema.js';
import { Tag } from './tags.js';
import { STRING_TAG } from './contents.js';
import { invalidValue } from './error.js';

/** Identifier (at most 5 octets for a 24-bit tag number) plus length (at most 5 octets). */
const MAX_HEADER = 10;

const utf8Encoder = new TextEncoder();


/** Node's pooled allocator for small byte arrays, when running on Node. */
const POOLED: ((n: number) => Uint8Array) | undefined =
  typeof globalThis.Buffer === 'function' && typeof globalThis.Buffer.allocUnsafe === 'function'
    ? (n) => globalThis.Buffer.allocUnsafe(n)
    : undefined;

export class BerWriter {
  // `declare`: no ES2022 field initializers (see reader.ts).
  private declare buf: Uint8Array;
  private declare start: number;

  /**
   * The default 64 bytes stay in V8's heap (a typed array above 64 bytes costs ~0.5 µs to
   * allocate, one of 64 ~25 ns); the first growth goes straight to 1 KiB, so a typical CSTA message
   * costs at most one large allocation. Reusing one writer per connection avoids even that.
   */
  constructor(initialCapacity = 64) {
    const capacity = Number.isInteger(initialCapacity) && initialCapacity > 16 ? initialCapacity : 16;
    this.buf = new Uint8Array(capacity);
    this.start = capacity;
  }

  /** Number of bytes written so far (a position counted from the end). */
  mark(): number {
    return this.buf.length - this.start;
  }

  /** Prepends the definite length of everything written since `mark` and the identifier of constructed tag `tag`. */
  wrap(mark: number, tag: number): void {
    const len = this.buf.length - this.start - mark;
    if (!(len >= 0 && Number.isInteger(mark))) {
      throw invalidValue(`wrap(${mark}): the mark is not one this writer returned (${this.mark()} bytes written)`);
    }
    this.header(tag, 0x20, len);
  }

  writeBoolean(v: boolean, tag: number = Tag.BOOLEAN): void {
    this.room(1);
    this.buf[--this.start] = v ? 0xff : 0x00;
    this.header(tag, 0, 1);
  }

  /** Throws BerError `invalid-value` (kind 'value') for a non-integer or unsafe number. */
  writeInteger(v: number, tag: number = Tag.INTEGER): void {
    if (!Number.isSafeInteger(v)) throw invalidValue(`INTEGER value ${v} is not an integer within ±(2^53 - 1)`);
    this.room(8);
    const buf = this.buf;
    const e = this.start;
    let s = e;
    if (v >= -128 && v <= 127) {
      buf[--s] = v & 0xff;
    } else if (v >= -0x80000000 && v <= 0x7fffffff) {
      let x = v;
      do {
        buf[--s] = x & 0xff;
        x >>= 8;
      } while (!((x === 0 && buf[s] < 0x80) || (x === -1 && buf[s] >= 0x80)));
    } else {
      // Beyond 32 bits: the same minimal two's complement by exact arithmetic.
      let x = v;
      do {
        let low = x % 256;
        if (low < 0) low += 256;
        buf[--s] = low;
        x = (x - low) / 256;
      } while (!((x === 0 && buf[s] < 0x80) || (x === -1 && buf[s] >= 0x80)));
    }
    this.start = s;
    this.header(tag, 0, e - s);
  }

  writeEnumerated(v: number, tag: number = Tag.ENUMERATED): void {
    this.writeInteger(v, tag);
  }

  writeNull(tag: number = Tag.NULL): void {
    this.header(tag, 0, 0);
  }

  writeOctetString(v: Uint8Array, tag: number = Tag.OCTET_STRING): void {
    this.prepend(v);
    this.header(tag, 0, v.length);
  }

  writeBitString(v: BitString, tag: number = Tag.BIT_STRING): void {
    const n = v.bytes.length;
    if (!(Number.isInteger(v.length) && v.length >= 0 && n === Math.ceil(v.length / 8))) {
      throw invalidValue(`BIT STRING of ${v.length} bits must have ${Math.ceil(v.length / 8)} bytes, has ${n}`);
    }
    const unused = n * 8 - v.length;
    this.prepend(v.bytes);
    // X.690 11.2.1 (the canonical choice): unused bits are zero.
    if (unused !== 0) this.buf[this.start + n - 1] &= (0xff << unused) & 0xff;
    this.room(1);
    this.buf[--this.start] = unused;
    this.header(tag, 0, n + 1);
  }

  /** Byte-per-char kinds refuse code points above 0xFF (`invalid-value`); see BerReader.readString. */
  writeString(kind: StringKind, v: string, tag?: number): void {
    switch (kind) {
      case 'UTF8String':
        return this.writeUtf8(v, tag ?? Tag.UTF8String);
      case 'BMPString':
        return this.writeBmp(v, tag ?? Tag.BMPString);
      case 'UniversalString':
        return this.writeUniversal(v, tag ?? Tag.UniversalString);
      default:
        this.latin1(v, kind);
        return this.header(tag ?? STRING_TAG[kind], 0, v.length);
    }
  }

  writeIA5String(v: string, tag: number = Tag.IA5String): void {
    this.latin1(v, 'IA5String');
    this.header(tag, 0, v.length);
  }

  writeObjectIdentifier(v: string, tag: number = Tag.OBJECT_IDENTIFIER): void {
    const arcs = parseArcs(v, 'OBJECT IDENTIFIER');
    if (arcs.length < 2) throw invalidValue(`OBJECT IDENTIFIER "${v}" needs at least two arcs`);
    const [a, b] = arcs;
    if (a > 2 || (a < 2 && b > 39)) throw invalidValue(`OBJECT IDENTIFIER "${v}": first arc must be 0, 1 or 2, and the second below 40 unless the first is 2 (X.660)`);
    const first = a * 40 + b;
    if (!Number.isSafeInteger(first)) throw invalidValue(`OBJECT IDENTIFIER "${v}": second arc too large`);
    // Lengths by mark (counted from the end): base128 may grow the buffer, which moves `start`.
    const m = this.mark();
    for (let i = arcs.length - 1; i >= 2; i--) this.base128(arcs[i]);
    this.base128(first);
    this.header(tag, 0, this.mark() - m);
  }

  writeRelativeOid(v: string, tag: number = Tag.RELATIVE_OID): void {
    const arcs = parseArcs(v, 'RELATIVE-OID');
    const m = this.mark();
    for (let i = arcs.length - 1; i >= 0; i--) this.base128(arcs[i]);
    this.header(tag, 0, this.mark() - m);
  }

  writeTime(v: string, tag: number = Tag.GeneralizedTime): void {
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) throw invalidValue(`time value ${JSON.stringify(v)} holds a character outside visible ASCII at index ${i}`);
    }
    this.latin1(v, 'time');
    this.header(tag, 0, v.length);
  }

  /** Writes a raw element's bytes unchanged. */
  writeRaw(v: RawElement): void {
    this.prepend(v.bytes);
  }

  /** Writes raw elements in order (they appear in the output in array order). */
  writeRawList(v: readonly RawElement[]): void {
    for (let i = v.length - 1; i >= 0; i--) this.prepend(v[i].bytes);
  }

  /** Drops whatever was written (after a failed encode), keeping the buffer. */
  clear(): void {
    this.start = this.buf.length;
  }

  /**
   * The encoding written so far, in memory of its own (no other result shares its bytes); the
   * writer is reset. On Node it is a Buffer taken from Node's pool (a Uint8Array subclass): its
   * `.buffer` is the shared pool slab, so use `byteOffset`/`byteLength` if you touch `.buffer`.
   */
  finish(): Uint8Array {
    // Not `buf.slice` / `new Uint8Array(n)`: each allocates an off-heap ArrayBuffer, measured here
    // at 0.5–1 µs for 90 bytes (about half of encoding a whole event). Node's pooled
    // Buffer.allocUnsafe costs ~50 ns; every byte is overwritten below. Elsewhere, a plain array.
    const buf = this.buf;
    const start = this.start;
    const n = buf.length - start;
    const out: Uint8Array = POOLED ? POOLED(n) : new Uint8Array(n);
    if (n <= 128) for (let i = 0; i < n; i++) out[i] = buf[start + i]!;
    else out.set(buf.subarray(start));
    this.start = buf.length;
    return out;
  }

  /**
   * Copies the encoding written so far into `dst` at `at` (which must have room for `mark()`
   * bytes) and resets the writer: for callers that put the bytes straight where they go (a frame
   * in an output buffer) instead of taking a copy of their own with `finish()`. Returns the length.
   */
  finishInto(dst: Uint8Array, at: number): number {
    const buf = this.buf;
    const start = this.start;
    const n = buf.length - start;
    if (!(at >= 0 && at + n <= dst.length)) throw new RangeError(`finishInto: ${n} bytes do not fit at ${at} in ${dst.length}`);
    if (n <= 128) for (let i = 0; i < n; i++) dst[at + i] = buf[start + i]!;
    else dst.set(buf.subarray(start), at);
    this.start = buf.length;
    return n;
  }

  /** Makes room for `n` more bytes in front of what is written. */
  private room(n: number): void {
    if (this.start < n) this.grow(n);
  }

  private grow(n: number): void {
    const used = this.buf.length - this.start;
    let capacity = Math.max(this.buf.length * 2, 1024);
    while (capacity - used < n) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(this.start), capacity - used);
    this.buf = next;
    this.start = capacity - used;
  }

  private prepend(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    const s = (this.start -= n);
    // A byte loop beats TypedArray#set for the short values CSTA is made of (callIDs, crossRefs).
    if (n <= 32) {
      const buf = this.buf;
      for (let i = 0; i < n; i++) buf[s + i] = bytes[i]!;
    } else {
      this.buf.set(bytes, s);
    }
  }

  /** Prepends identifier (X.690 8.1.2) and minimal definite length (8.1.3, DER 10.1). */
  private header(tag: number, constructed: number, len: number): void {
    if (tag !== (tag & 0x3ffffff)) throw invalidValue(`${tag} is not a tag (class << 24 | number, number < 2^24; see tags.ts)`);
    this.room(MAX_HEADER);
    const buf = this.buf;
    let s = this.start;
    if (len < 0x80) {
      buf[--s] = len;
    } else {
      const e = s;
      for (let l = len; l > 0; l = Math.floor(l / 256)) buf[--s] = l & 0xff;
      const count = e - s; // computed first: in `buf[--s] = …` the index is evaluated before the value
      buf[--s] = 0x80 | count;
    }
    const number = tag & 0xffffff;
    const first = ((tag >>> 24) << 6) | constructed;
    if (number < 31) {
      buf[--s] = first | number;
    } else {
      buf[--s] = number & 0x7f;
      for (let m = number >>> 7; m > 0; m >>>= 7) buf[--s] = 0x80 | (m & 0x7f);
      buf[--s] = first | 0x1f;
    }
    this.start = s;
  }

  /** Prepends `v` one byte per character (ISO 8859-1). */
  private latin1(v: string, what: string): void {
    const n = v.length;
    this.room(n);
    const buf = this.buf;
    const s = this.start - n;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c > 0xff) throw invalidValue(`${what} ${JSON.stringify(v)}: character U+${c.toString(16).toUpperCase().padStart(4, '0')} at index ${i} does not fit one octet`);
      buf[s + i] = c;
    }
    this.start = s;
  }

  private writeUtf8(v: string, tag: number): void {
    const bytes = utf8Encoder.encode(v);
    this.prepend(bytes);
    this.header(tag, 0, bytes.length);
  }

  private writeBmp(v: string, tag: number): void {
    const n = v.length;
    this.room(2 * n);
    const buf = this.buf;
    const s = this.start - 2 * n;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) throw invalidValue(`BMPString ${JSON.stringify(v)}: character at index ${i} is outside the Basic Multilingual Plane`);
      buf[s + 2 * i] = c >> 8;
      buf[s + 2 * i + 1] = c & 0xff;
    }
    this.start = s;
    this.header(tag, 0, 2 * n);
  }

  private writeUniversal(v: string, tag: number): void {
    const points: number[] = [];
    for (const ch of v) {
      const c = ch.codePointAt(0)!;
      if (c >= 0xd800 && c <= 0xdfff) throw invalidValue(`UniversalString ${JSON.stringify(v)} holds a lone surrogate`);
      points.push(c);
    }
    this.room(4 * points.length);
    const buf = this.buf;
    let s = this.start;
    for (let i = points.length - 1; i >= 0; i--) {
      const c = points[i];
      buf[--s] = c & 0xff;
      buf[--s] = (c >> 8) & 0xff;
      buf[--s] = c >> 16;
      buf[--s] = 0;
    }
    this.start = s;
    this.header(tag, 0, 4 * points.length);
  }

  /** Prepends one subidentifier (X.690 8.19.2): base 128, most significant first, bit 8 set on all but the last. */
  private base128(arc: number): void {
    this.room(8);
    const buf = this.buf;
    let s = this.start;
    buf[--s] = arc % 128;
    for (let x = Math.floor(arc / 128); x > 0; x = Math.floor(x / 128)) buf[--s] = 0x80 | x % 128;
    this.start = s;
  }
}

function parseArcs(v: string, what: string): number[] {
  const parts = v.split('.');
  const arcs: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!/^[0-9]+$/.test(part) || !Number.isSafeInteger(n)) {
      throw invalidValue(`${what} "${v}": arc "${part}" is not a decimal number within 2^53 - 1`);
    }
    arcs.push(n);
  }
  return arcs;
}
