/**
 * A small, generated description of each type's *value shape* (not its tags): what the JER
 * converter, the property-test value generator and `csta encode <Type>` walk. Encoding and
 * decoding never look at it; they are straight-line generated code.
 */
import type { Codec } from './codec.js';

/** Inclusive bounds from a SIZE or value-range constraint; `undefined` = unbounded on that side. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export type StringKind =
  | 'IA5String'
  | 'PrintableString'
  | 'VisibleString'
  | 'NumericString'
  | 'GraphicString'
  | 'UTF8String'
  | 'BMPString'
  | 'UniversalString'
  | 'TeletexString'
  | 'VideotexString'
  | 'GeneralString'
  | 'ObjectDescriptor';

/** A field's type: a schema written in place (built-in types) or a thunk to a named codec. */
export type TypeRef = Schema | (() => Codec<unknown>);

export interface FieldSchema {
  /** Property name in the TypeScript value (camelCase of the identifier). */
  readonly key: string;
  /** The ASN.1 identifier, as JER writes it. */
  readonly id: string;
  readonly type: TypeRef;
  readonly optional: boolean;
  /** The DEFAULT value in TypeScript form, when the component has one. */
  readonly default?: unknown;
}

export interface AlternativeSchema {
  /** `case` in the TypeScript value (the identifier, camelCased). */
  readonly key: string;
  readonly id: string;
  readonly type: TypeRef;
}

export type Schema =
  | { readonly t: 'boolean' }
  | { readonly t: 'null' }
  | { readonly t: 'integer'; readonly named?: Readonly<Record<string, number>>; readonly range?: Bounds }
  | { readonly t: 'enumerated'; readonly values: Readonly<Record<string, number>> }
  | { readonly t: 'octets'; readonly size?: Bounds }
  | { readonly t: 'bits'; readonly named?: Readonly<Record<string, number>>; readonly size?: Bounds }
  | { readonly t: 'string'; readonly kind: StringKind; readonly size?: Bounds }
  | { readonly t: 'oid' }
  | { readonly t: 'relativeOid' }
  | { readonly t: 'time'; readonly kind: 'GeneralizedTime' | 'UTCTime' }
  | {
      readonly t: 'sequence' | 'set';
      /** `Module.Type` or `Module.Type.component` for inline types. */
      readonly name: string;
      readonly fields: readonly FieldSchema[];
      readonly extensible: boolean;
    }
  | { readonly t: 'sequenceOf' | 'setOf'; readonly item: TypeRef; readonly size?: Bounds }
  | { readonly t: 'choice'; readonly name: string; readonly alternatives: readonly AlternativeSchema[]; readonly extensible: boolean }
  /** An open type (`OPERATION.&ArgumentType`, EXTERNAL's single-ASN1-type, ANY): a raw element. */
  | { readonly t: 'open' };

export function resolveRef(ref: TypeRef): Schema {
  return typeof ref === 'function' ? ref().schema : ref;
}
