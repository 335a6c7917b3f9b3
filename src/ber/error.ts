/**
 * The one error family of the BER runtime. Tests and callers branch on `code` (stable strings),
 * never on the message text.
 *
 * - `syntax`: the bytes are not well-formed BER (bad length, truncated element, bad EOC, ...).
 * - `structure`: well-formed BER that does not match the ASN.1 type (unexpected tag, missing
 *   component, unknown ENUMERATED value, ...).
 * - `value`: a value handed to an encoder (or to the JER reader) does not fit the type.
 * - `limit`: a configured limit (depth, element count, length) was exceeded.
 */
export type BerErrorKind = 'syntax' | 'structure' | 'value' | 'limit';

export type BerErrorCode =
  | 'truncated'
  | 'bad-length'
  | 'indefinite-primitive'
  | 'length-too-long'
  | 'bad-eoc'
  | 'trailing-data'
  | 'tag-number-too-large'
  | 'bad-tag-encoding'
  | 'unexpected-tag'
  | 'expected-constructed'
  | 'expected-primitive'
  | 'missing-component'
  | 'unexpected-element'
  | 'unknown-alternative'
  | 'unknown-enumerated'
  | 'bad-boolean'
  | 'bad-integer'
  | 'integer-too-large'
  | 'bad-null'
  | 'bad-bit-string'
  | 'bad-object-identifier'
  | 'bad-string'
  | 'bad-time'
  | 'depth-limit'
  | 'element-limit'
  | 'length-limit'
  | 'invalid-value';

export class BerError extends Error {
  override readonly name = 'BerError';
  /**
   * ASN.1 path from the outermost value inwards: component identifiers, CHOICE alternatives and
   * `[index]` for SEQUENCE OF items, e.g. `['eventSpecificInfo', 'callControlEvents', 'delivered', 'connection']`.
   */
  readonly path: string[];

  constructor(
    readonly code: BerErrorCode,
    readonly kind: BerErrorKind,
    /** Absolute byte offset into the decoded buffer where the problem was found (-1 when encoding). */
    readonly offset: number,
    /** What was wrong, in words, without offset or path (those are added to `message`). */
    readonly detail: string,
    path: string[] = [],
  ) {
    super(detail);
    this.path = path;
    this.message = this.describe();
  }

  /** Prepends a path element (used by generated decoders as the error unwinds); returns `this`. */
  within(segment: string): this {
    this.path.unshift(segment);
    this.message = this.describe();
    return this;
  }

  /** `unexpected-tag at offset 12 in eventSpecificInfo.callControlEvents: expected [APPLICATION 11], found [4]` */
  private describe(): string {
    const where = this.offset >= 0 ? ` at offset ${this.offset}` : '';
    const path = this.path.length > 0 ? ` in ${this.path.join('.').replace(/\.\[/g, '[')}` : '';
    return `${this.code}${where}${path}: ${this.detail}`;
  }
}

/** Adds `segment` to the path of a BerError passing through; other errors are returned unchanged. */
export function within(e: unknown, segment: string): unknown {
  if (segment !== '' && e instanceof BerError) e.within(segment);
  return e;
}

/** The error encoders throw for a value that does not fit its type (kind 'value', no offset). */
export function invalidValue(detail: string): BerError {
  return new BerError('invalid-value', 'value', -1, detail);
}
