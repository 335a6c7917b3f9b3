/**
 * The resolved model: what the emitter prints. Every reference is resolved to its definition,
 * every tag is effective (module tagging default applied, IMPLICIT/EXPLICIT decided), inline
 * types are lifted to named types of their own, and operations/errors are read out of the
 * information objects.
 */
import type { Pos, StringTypeName } from './ast.js';

export interface Model {
  readonly modules: readonly ModelModule[];
  readonly operations: readonly OperationModel[];
  readonly errors: readonly ErrorModel[];
}

export interface ModelModule {
  readonly name: string;
  /** Source file, relative to the ASN.1 root, with forward slashes. */
  readonly file: string;
  /** Output file base name, e.g. `csta-delivered-event`. */
  readonly tsFile: string;
  /** Named types in source order, each followed by the inline types lifted out of it. */
  readonly types: NamedType[];
  /** Parameterized assignments that were not emitted (X.683), for the file's header note. */
  readonly skipped: string[];
}

export interface NamedType {
  readonly module: ModelModule;
  /** ASN.1 name; for a lifted inline type, `Parent.component` (`Parent.component.item` …). */
  readonly asn1Name: string;
  /** TypeScript identifier for both the type and its codec. */
  readonly tsName: string;
  /** ASN.1 text to quote in JSDoc. */
  readonly source: string;
  readonly pos: Pos;
  /** Set once resolution of the right-hand side is done (types may refer to each other). */
  type: TypeUse;
  /** The ASN.1 path used in error paths and schema names: `Module.Type[.component…]`. */
  readonly fullName: string;
}

/** A tag with class and number packed as in src/ber/tags.ts (`class << 24 | number`). */
export type TagNum = number;

export type TypeUse =
  | { readonly k: 'tagged'; readonly tag: TagNum; readonly explicit: boolean; readonly inner: TypeUse }
  | { readonly k: 'ref'; readonly target: NamedType }
  | Primitive
  | SequenceUse
  | { readonly k: 'sequenceOf' | 'setOf'; readonly item: TypeUse; readonly size?: Bounds }
  | ChoiceUse
  | { readonly k: 'open' };

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/**
 * The string types as the model and the runtime know them: the names the parser accepts less the
 * two synonyms it resolves (T61String is TeletexString, ISO646String is VisibleString). The
 * runtime's own list (src/ber/schema.ts; codegen does not import the runtime) is checked against
 * STRING_TAGS in test/codegen/string-kinds.test.ts.
 */
export type StringKind = Exclude<StringTypeName, 'T61String' | 'ISO646String'>;

export type Primitive =
  | { readonly k: 'boolean' }
  | { readonly k: 'null' }
  | { readonly k: 'integer'; readonly named?: ReadonlyArray<readonly [string, number]>; readonly range?: Bounds }
  | { readonly k: 'enumerated'; readonly items: ReadonlyArray<readonly [string, number]>; readonly extensible: boolean }
  | { readonly k: 'octets'; readonly size?: Bounds }
  | { readonly k: 'bits'; readonly named?: ReadonlyArray<readonly [string, number]>; readonly size?: Bounds }
  | { readonly k: 'string'; readonly kind: StringKind; readonly size?: Bounds }
  | { readonly k: 'oid' }
  | { readonly k: 'relativeOid' }
  | { readonly k: 'time'; readonly kind: 'GeneralizedTime' | 'UTCTime' };

export interface Component {
  /** ASN.1 identifier. */
  readonly id: string;
  /** TypeScript property name. */
  readonly key: string;
  readonly type: TypeUse;
  readonly optional: boolean;
  /** DEFAULT value in TypeScript form (as a literal source text) and as a JSON-able value. */
  default?: { readonly ts: string; readonly value: unknown };
  readonly pos: Pos;
}

export interface SequenceUse {
  readonly k: 'sequence' | 'set';
  readonly components: readonly Component[];
  /** Has an extension marker. */
  readonly extensible: boolean;
  /**
   * Index in `components` where unknown extension additions are expected: after the extension
   * additions of an extensible type, before its second root part; `components.length` otherwise
   * (unknown trailing elements are also accepted and kept for non-extensible types).
   */
  readonly extensionAt: number;
}

export interface ChoiceUse {
  readonly k: 'choice';
  readonly alternatives: readonly Component[];
  readonly extensible: boolean;
}

export interface OperationModel {
  readonly name: string;
  readonly module: ModelModule;
  readonly code: number;
  readonly argument?: NamedType;
  readonly result?: NamedType;
  readonly errors: readonly string[];
  /** ALWAYS RESPONDS (default TRUE); false for cSTAEventReport. */
  readonly alwaysReturns: boolean;
  readonly source: string;
}

export interface ErrorModel {
  readonly name: string;
  readonly module: ModelModule;
  readonly code: number;
  readonly parameter?: NamedType;
  readonly source: string;
}
