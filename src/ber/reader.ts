/**
 * BerReader: a cursor over one buffer, accepting full BER (X.690 clause 8): low and high tag
 * numbers, short/long definite lengths, indefinite lengths, constructed strings.
 *
 * Nesting is a stack kept inside the reader: `enter(tag)` reads a constructed element's header and
 * pushes its end; `leave()` checks that the contents were consumed exactly (definite length) or
 * consumes the end-of-contents octets (indefinite) and pops. Generated decoders therefore never
 * carry `end` variables around. Every offset reported is absolute in `buf`.
 *
 * Values are views, not copies: OCTET STRING contents and raw elements returned by the reader are
 * `subarray`s of the input (except constructed strings, which are joined into a new array). Hand a
 * reader a buffer that is not reused afterwards (the framing layer does this).
 *
 * Limits (DecodeOptions) are checked as soon as a header is read, before anything is buffered or
 * recursed into, so hostile input fails fast with a `limit` error and never allocates without bound.
 *
 * Inside: stack entry d holds the end of the container open at depth d, or `~bound` for an
 * indefinite-length one (its contents and EOC must end within the enclosing bound); the top entry
 * is cached in `bound` / `indefinite`. Hot methods try `fastHeader` first (one-octet identifier,
 * short definite length, within bounds and budget) and hand everything else, errors included, to
 * a `…Slow` method: V8 inlines by bytecode size (throw paths count) within a budget per optimized
 * function, so the hot halves must stay tiny for generated decoders to become straight lines.
 * One class, no subclass: a derived constructor added ~20 ns to every reader.
 */
import type { BerError, BerErrorCode } from './error.js';
import type { BitString, RawElement } from './codec.js';
import type { StringKind } from './schema.js';
import { Tag, tagToString } from './tags.js';
import { berError } from './error-kind.js';
import * as contents from './contents.js';
import { ANY, DEFAULT_LIMITS, badRange, depthLimit, eocError, highTag, limitsOf, missingEoc, newStack, tagDigits, truncated, type Limits } from './tlv.js';

export interface DecodeOptions {
  /** Maximum nesting of constructed elements. Default 64. */
  readonly maxDepth?: number;
  /** Maximum number of elements read in one decode (headers parsed). Default 1,000,000. */
  readonly maxElements?: number;
  /** Maximum length of one element's contents in bytes. Default 16 MiB; at least 127 (short-form lengths are always accepted). */
  readonly maxLength?: number;
}

function describe(expected: number): string {
  return expected === ANY ? 'an element' : tagToString(expected);
}

export class BerReader {
  // Fields are `declare`d: with ES2022 class fields, tsc would emit initializers setting each one
  // to undefined before the constructor runs, costing time and V8's small-integer field layout.
  /** Absolute offset of the next unread byte. */
  declare pos: number;
  declare readonly buf: Uint8Array;
  /** End (exclusive) of the current container, or the bound an indefinite one must end within. */
  private declare bound: number;
  private declare indefinite: boolean;
  private declare depth: number;
  /** Container ends by depth; its length (at most maxDepth + 1) is the fast path's depth limit. */
  private declare readonly stack: number[];
  /** End of the range this reader was given. */
  private declare limit: number;
  /** Headers that may still be read (maxElements minus those read). */
  private declare budget: number;
  /** Depth allowed to this reader (less than limits.maxDepth for a sub-reader). */
  private declare maxDepth: number;
  private declare readonly limits: Limits;
  /** Running out at depth 0 means "more bytes needed" (a whole input), not "component missing" (a sub-reader). */
  private declare isSubReader: boolean;
  /** The last header read by `header`: constructed bit, contents length (-1 = indefinite). */
  private declare hConstructed: boolean;
  private declare hLength: number;

  constructor(buf: Uint8Array, options?: DecodeOptions, start = 0, end = buf.length) {
    if (!(start >= 0 && start <= end && end <= buf.length && (start | 0) === start && (end | 0) === end)) throw badRange(buf, start, end);
    const limits = options === undefined ? DEFAULT_LIMITS : limitsOf(options);
    this.pos = start;
    this.buf = buf;
    this.bound = end;
    this.indefinite = false;
    this.depth = 0;
    this.stack = newStack(end, limits.maxDepth);
    this.limit = end;
    this.budget = limits.maxElements;
    this.maxDepth = limits.maxDepth;
    this.limits = limits;
    this.isSubReader = false;
    this.hConstructed = false;
    this.hLength = 0;
  }

  /**
   * Points this reader at a new input with the same options, as if freshly constructed (element
   * budget and depth restored). A connection can keep one reader and skip the ~20 ns of allocating
   * one per message; values already read stay valid (they are views of the old buffer).
   */
  reset(buf: Uint8Array, start = 0, end = buf.length): this {
    if (!(start >= 0 && start <= end && end <= buf.length && (start | 0) === start && (end | 0) === end)) throw badRange(buf, start, end);
    (this as { buf: Uint8Array }).buf = buf;
    this.limit = end;
    this.pos = start;
    this.bound = end;
    this.indefinite = false;
    this.depth = 0;
    this.stack[0] = end;
    this.budget = this.limits.maxElements;
    this.maxDepth = this.limits.maxDepth;
    if (this.stack.length > this.maxDepth + 1) this.stack.length = this.maxDepth + 1;
    this.isSubReader = false;
    return this;
  }

  /** Tag (see tags.ts) of the next element in the current container, or -1 at its end (definite end reached, or EOC next in an indefinite container). Does not consume. */
  peekTag(): number {
    const p = this.pos;
    if (p < this.bound) {
      const b = this.buf[p];
      if ((b & 0x1f) !== 0x1f && (b & 0xdf) !== 0) return ((b >> 6) << 24) | (b & 0x1f);
    } else if (!this.indefinite) {
      return -1;
    }
    return this.peekSlow(p);
  }

  /** True while the current container has another element: `peekTag() !== -1`. */
  more(): boolean {
    return this.peekTag() !== -1;
  }

  /** Whether the next element (the one peekTag() names) is constructed; false at the end of the container. Call peekTag() first to validate it. */
  peekConstructed(): boolean {
    return this.pos < this.bound && (this.buf[this.pos] & 0x20) !== 0;
  }

  /** Reads the header of a constructed element with tag `tag` and enters it. Errors: unexpected-tag, expected-constructed, truncated, limits. */
  enter(tag: number): void {
    const d = this.depth + 1;
    const len = d < this.stack.length ? this.fastHeader(tag, 0x20) : -1;
    if (len >= 0) {
      const e = this.pos + len;
      this.stack[d] = e;
      this.bound = e;
      this.indefinite = false;
      this.depth = d;
      return;
    }
    this.enterSlow(tag);
  }

  /** Leaves the current container: definite → pos must equal its end (else `unexpected-element` at the first unread element); indefinite → reads `00 00`. */
  leave(): void {
    const d = this.depth;
    if (this.pos === this.bound && !this.indefinite && d > 0) {
      const s = this.stack[d - 1];
      this.depth = d - 1;
      if (s >= 0) {
        this.bound = s;
      } else {
        this.bound = ~s;
        this.indefinite = true;
      }
      return;
    }
    this.leaveSlow();
  }

  /** Elements left in the current container, kept raw (for extension points); undefined when none. Does not leave. */
  rest(): RawElement[] | undefined {
    if (this.peekTag() === -1) return undefined;
    const out: RawElement[] = [];
    do out.push(this.readRaw());
    while (this.peekTag() !== -1);
    return out;
  }

  readBoolean(tag: number = Tag.BOOLEAN): boolean {
    const len = this.fastHeader(tag, 0);
    if (len === 1) return this.buf[this.pos++] !== 0;
    return this.booleanSlow(tag, len);
  }

  /** INTEGER within ±(2^53 - 1); larger → `integer-too-large`. Non-minimal encodings are accepted. */
  readInteger(tag: number = Tag.INTEGER): number {
    const buf = this.buf;
    const at = this.pos;
    const b = buf[at];
    // One contents octet, the commonest INTEGER, without even a fastHeader call.
    if (buf[at + 1] === 1 && (b & 0x3f) < 0x1f && (((b >> 6) << 24) | (b & 0x1f)) === tag && at + 3 <= this.bound && --this.budget >= 0) {
      this.pos = at + 3;
      return (buf[at + 2] << 24) >> 24;
    }
    return this.integerSlow(tag);
  }

  readEnumerated(tag: number = Tag.ENUMERATED): number {
    return this.readInteger(tag);
  }

  readNull(tag: number = Tag.NULL): null {
    const len = this.fastHeader(tag, 0);
    if (len === 0) return null;
    return this.nullSlow(tag, len);
  }

  /** Primitive or constructed (segments joined). */
  readOctetString(tag: number = Tag.OCTET_STRING): Uint8Array {
    const len = this.fastHeader(tag, 0);
    if (len < 0) return this.stringContents(tag, Tag.OCTET_STRING);
    const p = this.pos;
    this.pos = p + len;
    return this.buf.subarray(p, p + len);
  }

  readBitString(tag: number = Tag.BIT_STRING): BitString {
    const at = this.pos;
    let len = this.fastHeader(tag, 0);
    if (len < 0) {
      this.header(tag);
      if (this.hConstructed) return contents.joinBits(this.buf, this.segments(at, Tag.BIT_STRING, Tag.BIT_STRING), at);
      len = this.hLength;
    }
    const p = this.pos;
    this.pos = p + len;
    return contents.decodeBits(this.buf, p, len, at);
  }

  /** Character strings: IA5/Printable/Visible/Numeric/Graphic/General/Teletex/Videotex/ObjectDescriptor are read byte-per-char (latin1), UTF8String as UTF-8, BMPString as UTF-16BE, UniversalString as UTF-32BE. `tag` defaults to the kind's universal tag. */
  readString(kind: StringKind, tag?: number): string {
    const universal = contents.STRING_TAG[kind];
    const at = this.pos;
    const b = this.stringContents(tag ?? universal, universal);
    switch (kind) {
      case 'UTF8String':
        return contents.utf8(b, 0, b.length, at);
      case 'BMPString':
        return contents.bmp(b, 0, b.length, at);
      case 'UniversalString':
        return contents.universal(b, 0, b.length, at);
      default:
        return contents.latin1(b, 0, b.length);
    }
  }

  /** Fast path for the string type CSTA uses most. */
  readIA5String(tag: number = Tag.IA5String): string {
    const len = this.fastHeader(tag, 0);
    if (len < 0) {
      const b = this.stringContents(tag, Tag.IA5String);
      return contents.latin1(b, 0, b.length);
    }
    const p = this.pos;
    this.pos = p + len;
    return contents.latin1(this.buf, p, p + len);
  }

  /** Dotted form `1.3.12.0.218`. */
  readObjectIdentifier(tag: number = Tag.OBJECT_IDENTIFIER): string {
    const at = this.pos;
    const len = this.primitive(tag);
    const p = this.pos;
    this.pos = p + len;
    return contents.decodeOid(this.buf, p, len, at, false);
  }

  readRelativeOid(tag: number = Tag.RELATIVE_OID): string {
    const at = this.pos;
    const len = this.primitive(tag);
    const p = this.pos;
    this.pos = p + len;
    return contents.decodeOid(this.buf, p, len, at, true);
  }

  /** GeneralizedTime / UTCTime contents as text (checked to be visible ASCII); `tag` defaults to GeneralizedTime. */
  readTime(tag: number = Tag.GeneralizedTime): string {
    const at = this.pos;
    const len = this.fastHeader(tag, 0);
    if (len >= 0) {
      const p = this.pos;
      this.pos = p + len;
      return contents.visibleAscii(this.buf, p, p + len, at);
    }
    const b = this.stringContents(tag, tag === Tag.UTCTime ? Tag.UTCTime : Tag.GeneralizedTime);
    return contents.visibleAscii(b, 0, b.length, at);
  }

  /** The next element whatever its tag, as a raw element (open types, unknown extensions). */
  readRaw(): RawElement {
    const buf = this.buf;
    const at = this.pos;
    const b = buf[at];
    const len = buf[at + 1];
    if ((b & 0x1f) !== 0x1f && (b & 0xdf) !== 0 && len < 0x80 && at + 2 + len <= this.bound && --this.budget >= 0) {
      this.pos = at + 2 + len;
      return { tag: ((b >> 6) << 24) | (b & 0x1f), constructed: (b & 0x20) !== 0, bytes: buf.subarray(at, at + 2 + len) };
    }
    return this.rawSlow();
  }

  /** The next element's contents as a sub-reader (for decoding an open type later); shares the options. */
  readElementReader(tag: number): BerReader {
    const at = this.pos;
    this.header(tag);
    const start = this.pos;
    const definite = this.hLength >= 0;
    if (definite) this.pos = start + this.hLength;
    else this.skipIndefinite(at);
    const end = definite ? this.pos : this.pos - 2;
    const sub = new BerReader(this.buf, this.limits.options, start, end);
    // The sub-reader continues this decode: same element budget, the depth left below this element.
    sub.isSubReader = true;
    sub.budget = this.budget;
    sub.maxDepth = Math.max(0, this.maxDepth - this.depth - 1);
    if (sub.stack.length > sub.maxDepth + 1) sub.stack.length = sub.maxDepth + 1;
    return sub;
  }

  skip(): void {
    const at = this.pos;
    this.header(ANY);
    if (this.hLength >= 0) this.pos += this.hLength;
    else this.skipIndefinite(at);
  }

  /** Builds a `structure` error at the current position (`unexpected-tag` naming what was expected and found, `unknown-alternative`, ...). */
  unexpected(expected: string): BerError {
    let t: number;
    try {
      t = this.peekTag();
    } catch (e) {
      return e as BerError; // the next element is not even well-formed: that is the error to report
    }
    if (t === -1) return this.endError(this.pos, expected);
    return berError('unexpected-tag', this.pos, `expected ${expected}, found ${tagToString(t)}`);
  }

  error(code: BerErrorCode, detail: string): BerError {
    return berError(code, this.pos, detail);
  }

  /** Ensures nothing is left after the top-level element (`trailing-data`). */
  end(): void {
    if (this.pos !== this.limit || this.depth !== 0) this.endSlow();
  }

  /**
   * The fast path of every read: when the element at pos is primitive (`cons` 0) or constructed
   * (`cons` 0x20) with tag `tag` in a one-octet identifier, and has a short definite length within
   * bounds and budget, consumes its header and returns the contents length. Otherwise returns -1
   * and consumes nothing (the budget aside, when that is what failed); the caller then takes the
   * general path, which reports errors. Reading past the end of the buffer gives undefined, which
   * fails every test here.
   */
  private fastHeader(tag: number, cons: number): number {
    const buf = this.buf;
    const at = this.pos;
    const b = buf[at];
    const len = buf[at + 1];
    if (((b & 0x3f) ^ cons) < 0x1f && (((b >> 6) << 24) | (b & 0x1f)) === tag && len < 0x80 && at + 2 + len <= this.bound && --this.budget >= 0) {
      this.pos = at + 2;
      return len;
    }
    return -1;
  }

  /**
   * Reads any identifier and length (X.690 8.1.2, 8.1.3) at `pos`, checks the tag against
   * `expected` (ANY = no check) and the limits, and leaves `pos` at the contents. Returns the tag;
   * the constructed bit and length go to hConstructed / hLength (-1 = indefinite).
   */
  private header(expected: number): number {
    const buf = this.buf;
    const at = this.pos;
    const end = this.bound;
    if (at >= end) throw this.endError(at, describe(expected));
    if (--this.budget < 0) {
      throw berError('element-limit', at, `more than ${this.limits.maxElements} elements (DecodeOptions.maxElements)`);
    }
    const b = buf[at];
    let t: number;
    let p: number;
    if ((b & 0x1f) !== 0x1f) {
      if ((b & 0xdf) === 0) throw eocError(buf, at, end, this.indefinite, describe(expected));
      t = ((b >> 6) << 24) | (b & 0x1f);
      p = at + 1;
    } else {
      t = highTag(buf, at, end);
      p = at + 1 + tagDigits(t & 0xffffff);
    }
    if (t !== expected && expected !== ANY) {
      throw berError('unexpected-tag', at, `expected ${tagToString(expected)}, found ${tagToString(t)}`);
    }
    if (p >= end) throw truncated(at, 'identifier and length run past the end of the input or of the enclosing element');
    let len = buf[p++];
    if (len >= 0x80) {
      if (len === 0x80) {
        if ((b & 0x20) === 0) {
          throw berError('indefinite-primitive', at, `primitive ${tagToString(t)} has an indefinite length (X.690 8.1.3.2 allows it only for constructed elements)`);
        }
        this.pos = p;
        this.hConstructed = true;
        this.hLength = -1;
        return t;
      }
      const n = len & 0x7f;
      if (len === 0xff) throw berError('bad-length', at, 'length octet 0xFF is reserved (X.690 8.1.3.5)');
      if (n > 4) throw berError('length-too-long', at, `length in ${n} octets; at most 4 are accepted`);
      if (p + n > end) throw truncated(at, `${n} length octets run past the end of the input or of the enclosing element`);
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
    }
    if (len > this.limits.maxLength) {
      throw berError('length-limit', at, `contents of ${len} bytes exceed DecodeOptions.maxLength (${this.limits.maxLength})`);
    }
    if (len > end - p) throw truncated(at, `${len} bytes of contents declared, ${end - p} left in the input or the enclosing element`);
    this.pos = p;
    this.hConstructed = (b & 0x20) !== 0;
    this.hLength = len;
    return t;
  }

  /*
   * Out-of-line halves of the hot methods. Kept apart so the hot ones stay small: V8 inlines by
   * bytecode size, throw paths included, within a budget per optimized function.
   */

  /** Header of a primitive element with tag `tag`; returns its contents length, pos at the contents. */
  private primitive(tag: number): number {
    const len = this.fastHeader(tag, 0);
    return len >= 0 ? len : this.primitiveSlow(tag);
  }

  /** Any primitive header with tag `tag` (pos at the element); returns the contents length. */
  private primitiveSlow(tag: number): number {
    const at = this.pos;
    this.header(tag);
    if (this.hConstructed) {
      throw berError('expected-primitive', at, `${tagToString(tag)} must be primitive here, but the element is constructed`);
    }
    return this.hLength;
  }

  /**
   * The typed reads' slow halves take `len` from fastHeader: -1 (nothing consumed, pos at the
   * element: read the header the general way) or the contents length (pos at the contents).
   */
  private elementAt(len: number): number {
    return len < 0 ? this.pos : this.pos - 2;
  }

  private booleanSlow(tag: number, len: number): boolean {
    const at = this.elementAt(len);
    if (len < 0) len = this.primitiveSlow(tag);
    if (len !== 1) throw berError('bad-boolean', at, `BOOLEAN of ${len} octets; it must be exactly 1 (X.690 8.2.1)`);
    return this.buf[this.pos++] !== 0;
  }

  private integerSlow(tag: number): number {
    const at = this.pos;
    const len = this.primitive(tag);
    if (len > 0 && len < 5) {
      // Up to 4 octets in int32 arithmetic: the result stays a small integer (a double would be
      // boxed on return, and the allocation showed in profiles as a third of a decode).
      const buf = this.buf;
      const p = this.pos;
      let v = (buf[p] << 24) >> 24;
      for (let i = 1; i < len; i++) v = (v << 8) | buf[p + i];
      this.pos = p + len;
      return v;
    }
    const p = this.pos;
    this.pos = p + len;
    return contents.decodeInteger(this.buf, p, len, at);
  }

  private nullSlow(tag: number, len: number): null {
    const at = this.elementAt(len);
    if (len < 0) len = this.primitiveSlow(tag);
    if (len !== 0) throw berError('bad-null', at, `NULL with ${len} contents octets; it must have none (X.690 8.8.2)`);
    return null;
  }

  private rawSlow(): RawElement {
    const at = this.pos;
    const tag = this.header(ANY);
    const constructed = this.hConstructed;
    if (this.hLength >= 0) this.pos += this.hLength;
    else this.skipIndefinite(at);
    return { tag, constructed, bytes: this.buf.subarray(at, this.pos) };
  }

  private endSlow(): void {
    if (this.depth !== 0) throw new Error(`BerReader.end() called with ${this.depth} container(s) still entered`);
    throw berError('trailing-data', this.pos, `${this.limit - this.pos} byte(s) follow the top-level element`);
  }

  private peekSlow(p: number): number {
    if (p >= this.bound) {
      if (this.indefinite) throw missingEoc(p);
      return -1;
    }
    const b = this.buf[p];
    if ((b & 0x1f) === 0x1f) return highTag(this.buf, p, this.bound);
    if (b === 0 && this.indefinite && p + 1 < this.bound && this.buf[p + 1] === 0) return -1;
    throw eocError(this.buf, p, this.bound, this.indefinite, 'an element');
  }

  private enterSlow(tag: number): void {
    const at = this.pos;
    this.header(tag);
    if (!this.hConstructed) {
      throw berError('expected-constructed', at, `${tagToString(tag)} must be constructed here, but the element is primitive`);
    }
    this.push(at);
  }

  private leaveSlow(): void {
    const d = this.depth;
    if (d === 0) throw new Error('BerReader.leave() without a matching enter()');
    const p = this.pos;
    if (this.indefinite) {
      if (!(p + 1 < this.bound && this.buf[p] === 0 && this.buf[p + 1] === 0)) throw this.leftover(p);
      this.pos = p + 2;
    } else if (p !== this.bound) {
      throw this.leftover(p);
    }
    const s = this.stack[d - 1];
    this.depth = d - 1;
    if (s >= 0) {
      this.bound = s;
      this.indefinite = false;
    } else {
      this.bound = ~s;
      this.indefinite = true;
    }
  }

  /** Pushes the constructed element whose header `header` just read (at `at`). */
  private push(at: number): void {
    const d = this.depth + 1;
    if (d > this.maxDepth) throw depthLimit(at, this.maxDepth);
    while (this.stack.length <= d) this.stack.push(0); // past the initial size: kept packed
    this.depth = d;
    if (this.hLength >= 0) {
      const e = this.pos + this.hLength;
      this.stack[d] = e;
      this.bound = e;
      this.indefinite = false;
    } else {
      this.stack[d] = ~this.bound;
      this.indefinite = true;
    }
  }

  /** Skips the contents of the indefinite-length element at `at` (header read), through its EOC, without recursion. */
  private skipIndefinite(at: number): void {
    const buf = this.buf;
    const end = this.bound;
    let open = 1;
    if (this.depth + open > this.maxDepth) throw depthLimit(at, this.maxDepth);
    for (;;) {
      const p = this.pos;
      if (p >= end || (buf[p] === 0 && p + 1 >= end)) throw missingEoc(p);
      if (buf[p] === 0) {
        if (buf[p + 1] !== 0) throw eocError(buf, p, end, true, 'an element');
        this.pos = p + 2;
        if (--open === 0) return;
        continue;
      }
      this.header(ANY);
      if (this.hLength >= 0) this.pos += this.hLength;
      else if (this.depth + ++open > this.maxDepth) throw depthLimit(p, this.maxDepth);
    }
  }

  /**
   * Contents of a string-like element: a view of a primitive one, or the OCTET STRING (or `alt`)
   * segments of a constructed one joined (X.690 8.23.6 encodes restricted strings as OCTET STRING).
   */
  private stringContents(tag: number, alt: number): Uint8Array {
    const at = this.pos;
    let len = this.fastHeader(tag, 0);
    if (len < 0) {
      this.header(tag);
      if (this.hConstructed) return contents.joinOctets(this.buf, this.segments(at, Tag.OCTET_STRING, alt));
      len = this.hLength;
    }
    const p = this.pos;
    this.pos = p + len;
    return this.buf.subarray(p, p + len);
  }

  /**
   * The primitive segments of a constructed string whose header was just read (X.690 8.6.4,
   * 8.7.3), as [start, end) offset pairs in order: walked with the reader's own stack rather than
   * recursion, and kept as numbers rather than views, so hostile nesting costs neither call stack
   * nor more than a few bytes per input byte.
   */
  private segments(at: number, segTag: number, alt: number): number[] {
    const ranges: number[] = [];
    const base = this.depth;
    this.push(at);
    while (this.depth > base) {
      if (this.peekTag() === -1) {
        this.leave();
        continue;
      }
      const s = this.pos;
      const t = this.header(ANY);
      if (t !== segTag && t !== alt) {
        throw berError('unexpected-tag', s, `a segment of a constructed string must be ${tagToString(segTag)}, found ${tagToString(t)}`);
      }
      if (this.hConstructed) {
        this.push(s);
      } else {
        ranges.push(this.pos, this.pos + this.hLength);
        this.pos += this.hLength;
      }
    }
    return ranges;
  }

  /** No element where one was expected: the input ran out, or the enclosing element ended. */
  private endError(at: number, expected: string): BerError {
    if (this.indefinite) return missingEoc(at);
    if (this.depth === 0 && !this.isSubReader) return truncated(at, `expected ${expected}, the input ends`);
    return berError('missing-component', at, `expected ${expected}, found the end of the enclosing element`);
  }

  /** What is wrong where leave() expected the end of the current container. */
  private leftover(at: number): BerError {
    if (this.indefinite) {
      if (at + 1 >= this.bound) return missingEoc(at);
      if (this.buf[at] === 0) return eocError(this.buf, at, this.bound, true, 'end-of-contents');
    }
    let found: string;
    try {
      found = tagToString(this.peekTag());
    } catch (e) {
      return e as BerError;
    }
    return berError('unexpected-element', at, `element ${found} follows the last component this type defines`);
  }
}
