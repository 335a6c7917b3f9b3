/**
 * Tags as small integers: `class << 24 | number`, so a tag compares with `===` and stays a V8 small
 * integer. Tag numbers above 2^24 - 1 are refused by the reader (`tag-number-too-large`).
 *
 * The constructed bit is not part of a tag's identity (X.690 8.1.2): the reader reports it apart.
 */

export const enum TagClass {
  Universal = 0,
  Application = 1,
  Context = 2,
  Private = 3,
}

export const MAX_TAG_NUMBER = 0xffffff;

export function tag(cls: TagClass, number: number): number {
  return (cls << 24) | number;
}
export function tagClass(t: number): TagClass {
  return (t >>> 24) as TagClass;
}
export function tagNumber(t: number): number {
  return t & 0xffffff;
}

/** Universal tags (X.680 8.6 table 1). */
export const Tag = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OBJECT_IDENTIFIER: 6,
  ObjectDescriptor: 7,
  EXTERNAL: 8,
  REAL: 9,
  ENUMERATED: 10,
  UTF8String: 12,
  RELATIVE_OID: 13,
  SEQUENCE: 16,
  SET: 17,
  NumericString: 18,
  PrintableString: 19,
  TeletexString: 20,
  VideotexString: 21,
  IA5String: 22,
  UTCTime: 23,
  GeneralizedTime: 24,
  GraphicString: 25,
  VisibleString: 26,
  GeneralString: 27,
  UniversalString: 28,
  BMPString: 30,
} as const;

/** `[APPLICATION 3]`, `[5]`, `[UNIVERSAL 16]`: the tag as ASN.1 writes it, for messages. */
export function tagToString(t: number): string {
  const n = tagNumber(t);
  switch (tagClass(t)) {
    case TagClass.Universal:
      return `[UNIVERSAL ${n}]`;
    case TagClass.Application:
      return `[APPLICATION ${n}]`;
    case TagClass.Context:
      return `[${n}]`;
    default:
      return `[PRIVATE ${n}]`;
  }
}
