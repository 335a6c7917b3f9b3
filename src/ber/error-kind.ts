/**
 * Which kind (error.ts) each BerError code belongs to, and the one constructor the runtime uses, so
 * a code can never be thrown with two different kinds.
 */
import { BerError, type BerErrorCode, type BerErrorKind } from './error.js';

const KIND: Readonly<Record<BerErrorCode, BerErrorKind>> = {
  // Not well-formed BER (X.690 clause 8).
  truncated: 'syntax',
  'bad-length': 'syntax',
  'indefinite-primitive': 'syntax',
  'length-too-long': 'syntax',
  'bad-eoc': 'syntax',
  'trailing-data': 'syntax',
  'tag-number-too-large': 'syntax',
  'bad-tag-encoding': 'syntax',
  'bad-boolean': 'syntax',
  'bad-integer': 'syntax',
  'bad-null': 'syntax',
  'bad-bit-string': 'syntax',
  'bad-object-identifier': 'syntax',
  'bad-string': 'syntax',
  'bad-time': 'syntax',
  // Well-formed BER that does not fit the ASN.1 type (or its TypeScript form).
  'unexpected-tag': 'structure',
  'expected-constructed': 'structure',
  'expected-primitive': 'structure',
  'missing-component': 'structure',
  'unexpected-element': 'structure',
  'unknown-alternative': 'structure',
  'unknown-enumerated': 'structure',
  'integer-too-large': 'structure',
  // Configured limits (DecodeOptions).
  'depth-limit': 'limit',
  'element-limit': 'limit',
  'length-limit': 'limit',
  // Values handed to an encoder.
  'invalid-value': 'value',
};

export function errorKind(code: BerErrorCode): BerErrorKind {
  return KIND[code];
}

/** A BerError with the kind that belongs to `code`. `offset` is absolute in the decoded buffer, -1 when encoding. */
export function berError(code: BerErrorCode, offset: number, detail: string): BerError {
  return new BerError(code, KIND[code], offset, detail);
}
