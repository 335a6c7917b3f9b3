/**
 * The syntax tree the parser hands to the resolver: what the ASN.1 text says, nothing resolved.
 *
 * Covers the X.680/X.681/X.683 subset used by ECMA-285, X.880 (ROSE) and X.227 (ACSE). Names are
 * kept as written; references are strings resolved later through each module's IMPORTS. Every node
 * that can be the subject of an error carries a `pos` (file:line:col).
 */

export interface Pos {
  /** Path of the source file as given to the parser (relative to the asn1 root where possible). */
  readonly file: string;
  /** 1-based line and column of the node's first token. */
  readonly line: number;
  readonly col: number;
}

export type TagDefault = 'EXPLICIT' | 'IMPLICIT' | 'AUTOMATIC';

export interface ModuleNode {
  readonly name: string;
  /** The module's OBJECT IDENTIFIER as written, e.g. `{ iso( 1) ... csta3( 285) delivered-event( 25) }`, normalised to single spaces. */
  readonly oid?: string;
  readonly tagDefault: TagDefault;
  readonly extensibilityImplied: boolean;
  /** `undefined` when there is no EXPORTS clause (everything is exported), else the listed names (`EXPORTS ALL` → 'ALL'). */
  readonly exports?: readonly string[] | 'ALL';
  readonly imports: readonly ImportNode[];
  readonly assignments: readonly Assignment[];
  readonly pos: Pos;
}

export interface ImportNode {
  readonly module: string;
  /** The module OID as written after the module name, if any (normalised whitespace). */
  readonly oid?: string;
  readonly symbols: readonly { readonly name: string; readonly pos: Pos }[];
  readonly pos: Pos;
}

export type Assignment =
  | TypeAssignment
  | ValueAssignment
  | ClassAssignment
  | ObjectAssignment
  | ObjectSetAssignment;

interface AssignmentBase {
  readonly name: string;
  readonly pos: Pos;
  /**
   * The assignment's source text exactly as in the file from its first to its last token, comments
   * removed, trailing whitespace of each line trimmed; used to quote the ASN.1 in generated JSDoc.
   */
  readonly source: string;
  /** X.683 dummy parameters when the assignment is parameterized (`Name{A, B:c} ::= ...`). */
  readonly parameters?: readonly ParameterNode[];
}

export interface ParameterNode {
  /** Governor as written (`InvokeId`, `OPERATION`), when present. */
  readonly governor?: string;
  readonly name: string;
}

/** `Name ::= Type` */
export interface TypeAssignment extends AssignmentBase {
  readonly kind: 'type';
  readonly type: TypeNode;
}

/** `name Type ::= Value` */
export interface ValueAssignment extends AssignmentBase {
  readonly kind: 'value';
  readonly type: TypeNode;
  readonly value: ValueNode;
}

/** `NAME ::= CLASS { ... } [WITH SYNTAX { ... }]`, or `NAME ::= OTHER-CLASS` / `TYPE-IDENTIFIER`. */
export interface ClassAssignment extends AssignmentBase {
  readonly kind: 'class';
  /** Set when the class is defined as another class's name (`MECHANISM-NAME ::= TYPE-IDENTIFIER`). */
  readonly alias?: string;
  readonly fields: readonly ClassFieldNode[];
  readonly withSyntax?: readonly SyntaxItem[];
}

export interface ClassFieldNode {
  /** Field name including the ampersand: `&ArgumentType`, `&operationCode`. */
  readonly name: string;
  /**
   * type field (`&ArgumentType` with no type), fixed-type value field (`&code Code`), object field
   * (`&Linked OPERATION`, governor is a class name), or object-set / value-set field. The parser
   * cannot always tell an object field from a value field by syntax (`&Errors ERROR` vs `&code Code`):
   * it reports `governor` and lets the resolver decide by looking the name up.
   */
  readonly kind: 'type' | 'value';
  readonly governor?: TypeNode;
  readonly unique: boolean;
  readonly optional: boolean;
  readonly default?: ValueNode;
  readonly pos: Pos;
}

/** An element of a WITH SYNTAX list: a literal word/comma, a field reference, or an optional group `[ ... ]`. */
export type SyntaxItem =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'optional'; readonly items: readonly SyntaxItem[] };

/** `name CLASS ::= { ... }` – the body is kept as tokens; the resolver reads it through the class's WITH SYNTAX. */
export interface ObjectAssignment extends AssignmentBase {
  readonly kind: 'object';
  readonly className: string;
  readonly body: readonly Token[];
}

/** `Name CLASS ::= { a | b, ... }` – kept as tokens. */
export interface ObjectSetAssignment extends AssignmentBase {
  readonly kind: 'objectSet';
  readonly className: string;
  readonly body: readonly Token[];
}

export interface Token {
  readonly kind: 'word' | 'number' | 'string' | 'bstring' | 'hstring' | 'punct' | 'field';
  /** Text as written (`word`: identifiers/references/keywords incl. hyphens; `field`: `&name`; `punct`: `{`, `::=`, `...`, `[[`, …). */
  readonly text: string;
  readonly pos: Pos;
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type TagClass = 'UNIVERSAL' | 'APPLICATION' | 'CONTEXT' | 'PRIVATE';

export interface TagNode {
  readonly cls: TagClass;
  readonly number: number;
  /** As written: 'IMPLICIT', 'EXPLICIT', or undefined (module default applies). */
  readonly mode?: 'IMPLICIT' | 'EXPLICIT';
}

export type StringTypeName =
  | 'IA5String'
  | 'PrintableString'
  | 'VisibleString'
  | 'NumericString'
  | 'GraphicString'
  | 'UTF8String'
  | 'BMPString'
  | 'UniversalString'
  | 'TeletexString'
  | 'T61String'
  | 'VideotexString'
  | 'GeneralString'
  | 'ISO646String'
  | 'ObjectDescriptor';

export type TypeNode =
  | BuiltinTypeNode
  | { readonly kind: 'tagged'; readonly tag: TagNode; readonly type: TypeNode; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'reference'; readonly name: string; /** `Module.Type` external reference */ readonly module?: string; readonly actualParameters?: readonly Token[][]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'sequence' | 'set'; readonly components: readonly ComponentNode[]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'sequenceOf' | 'setOf'; readonly item: TypeNode; /** `SEQUENCE OF name Type` */ readonly itemName?: string; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'choice'; readonly alternatives: readonly ComponentNode[]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'enumerated'; readonly items: readonly EnumItemNode[]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'integer'; readonly named?: readonly NamedNumberNode[]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  | { readonly kind: 'bitString'; readonly named?: readonly NamedNumberNode[]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  /**
   * `CLASS.&field` (X.681 ObjectClassFieldType), e.g. `OPERATION.&ArgumentType`, `MECHANISM-NAME.&id`.
   * `field` keeps its ampersand. For a chain `OPERATION.&Errors.&ParameterType`, `field` is the last
   * field and `fieldPath` the whole chain (`['&Errors', '&ParameterType']`); absent for one field.
   */
  | { readonly kind: 'classField'; readonly className: string; readonly field: string; readonly fieldPath?: readonly string[]; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] }
  /** `identifier < Type` (X.680 selection type). */
  | { readonly kind: 'selection'; readonly identifier: string; readonly type: TypeNode; readonly pos: Pos; readonly constraints?: readonly ConstraintNode[] };

export interface BuiltinTypeNode {
  readonly kind:
    | 'boolean'
    | 'null'
    | 'octetString'
    | 'objectIdentifier'
    | 'relativeOid'
    | 'real'
    | 'external'
    | 'generalizedTime'
    | 'utcTime'
    | 'any'
    | 'string';
  /** For kind 'string': which character string type. */
  readonly stringType?: StringTypeName;
  /** For kind 'any': the component named in `ANY DEFINED BY name`. */
  readonly definedBy?: string;
  readonly pos: Pos;
  readonly constraints?: readonly ConstraintNode[];
}

/** Extension markers appear in component lists as their own entries so their position is kept. */
export type ComponentNode =
  | {
      readonly kind: 'component';
      readonly name: string;
      readonly type: TypeNode;
      readonly optional: boolean;
      readonly default?: ValueNode;
      readonly pos: Pos;
    }
  | { readonly kind: 'componentsOf'; readonly type: TypeNode; readonly pos: Pos }
  | { readonly kind: 'extensionMarker'; readonly pos: Pos }
  /** `[[ ... ]]` version brackets: the components inside, in order. */
  | { readonly kind: 'extensionGroup'; readonly components: readonly ComponentNode[]; readonly pos: Pos };

export interface EnumItemNode {
  readonly kind: 'item' | 'extensionMarker';
  readonly name?: string;
  /** Explicit number when written `name(5)`; undefined for X.680 automatic numbering. */
  readonly value?: number;
  readonly pos: Pos;
}

export interface NamedNumberNode {
  readonly name: string;
  /** The number, or the name of a value reference when written `name(someValue)`. */
  readonly value: number | string;
  readonly pos: Pos;
}

/**
 * A constraint in parentheses after a type. The parser recognises SIZE and simple value ranges
 * and keeps everything else as tokens (table constraints, CONSTRAINED BY, WITH COMPONENTS,
 * exception specs `!…`), which the compiler ignores.
 *
 * `ranges` is the root (`(1..128, ...)` → 1..128); `additions` the extension additions after the
 * `...` when written (`SIZE (1, ..., 0 | 2..MAX)` → ranges [1], additions [0, 2..MAX]). A constraint
 * that is only `(...)` has no ranges and is extensible. Kind 'other' keeps the tokens inside the
 * parentheses (for `SEQUENCE SIZE(...) OF` that was not a plain range: `SIZE`, `(`, …, `)`).
 */
export type ConstraintNode =
  | { readonly kind: 'size'; readonly ranges: readonly RangeNode[]; readonly extensible: boolean; readonly additions?: readonly RangeNode[]; readonly pos: Pos }
  | { readonly kind: 'value'; readonly ranges: readonly RangeNode[]; readonly extensible: boolean; readonly additions?: readonly RangeNode[]; readonly pos: Pos }
  | { readonly kind: 'other'; readonly tokens: readonly Token[]; readonly pos: Pos };

/** `lo..hi`, a single value (`lo === hi`), MIN/MAX written as 'MIN' / 'MAX'. */
export interface RangeNode {
  readonly lo: number | 'MIN' | string;
  readonly hi: number | 'MAX' | string;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

export type ValueNode =
  | { readonly kind: 'number'; readonly value: number; readonly pos: Pos }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: Pos }
  | { readonly kind: 'null'; readonly pos: Pos }
  | { readonly kind: 'string'; readonly value: string; readonly pos: Pos }
  | { readonly kind: 'bstring' | 'hstring'; readonly value: string; readonly pos: Pos }
  /** An identifier: an enumeration item, named number, or value reference (resolved later). */
  | { readonly kind: 'reference'; readonly name: string; readonly pos: Pos }
  /** `{ ... }` – named bit list, OID components, SEQUENCE value, or empty `{}`; kept as tokens. */
  | { readonly kind: 'braced'; readonly tokens: readonly Token[]; readonly pos: Pos }
  /** `identifier : value` (CHOICE value, e.g. `local: 71`, `absent:NULL`). */
  | { readonly kind: 'choice'; readonly alternative: string; readonly value: ValueNode; readonly pos: Pos };
