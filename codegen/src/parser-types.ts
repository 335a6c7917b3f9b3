/**
 * Types (X.680 clauses 16-36, X.681 14.1 ObjectClassFieldType): built-in types, tags, references
 * (`Type`, `Module.Type`, `Type{actual, params}`), `CLASS.&field`, selection types, and the
 * constraints that may follow any of them.
 */
import type { BuiltinTypeNode, ConstraintNode, EnumItemNode, NamedNumberNode, StringTypeName, TagClass, Token, TypeNode } from './ast.js';
import type { LexToken } from './lexer.js';
import { parseComponentList } from './parser-components.js';
import { parseConstraints, parseSizeKeyword } from './parser-constraints.js';
import { type Cursor, isLowerInitial, isUpperInitial, plainToken } from './parser-cursor.js';

const STRING_TYPES: ReadonlySet<string> = new Set<StringTypeName>([
  'IA5String', 'PrintableString', 'VisibleString', 'NumericString', 'GraphicString', 'UTF8String',
  'BMPString', 'UniversalString', 'TeletexString', 'T61String', 'VideotexString', 'GeneralString',
  'ISO646String', 'ObjectDescriptor',
]);

/** One-word built-in types and their AST kind. */
const SIMPLE_TYPES: Readonly<Record<string, BuiltinTypeNode['kind']>> = {
  BOOLEAN: 'boolean', NULL: 'null', REAL: 'real', EXTERNAL: 'external', 'RELATIVE-OID': 'relativeOid',
  GeneralizedTime: 'generalizedTime', UTCTime: 'utcTime',
};

/** Built-in type keywords X.680 has but this compiler does not take. */
const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set(['CHARACTER', 'EMBEDDED', 'INSTANCE', 'DATE', 'TIME', 'DURATION', 'TIME-OF-DAY', 'DATE-TIME', 'OID-IRI', 'RELATIVE-OID-IRI']);

/** Words that start a built-in type: never a class name, never a type reference. */
export const TYPE_KEYWORDS: ReadonlySet<string> = new Set([
  ...Object.keys(SIMPLE_TYPES), ...STRING_TYPES, ...UNSUPPORTED_TYPES,
  'INTEGER', 'ENUMERATED', 'BIT', 'OCTET', 'OBJECT', 'SEQUENCE', 'SET', 'CHOICE', 'ANY', 'CLASS',
]);

export function parseType(c: Cursor, context: string): TypeNode {
  const type = parseTypeCore(c, context);
  const more = parseConstraints(c);
  if (more.length === 0) return type;
  const constraints: ConstraintNode[] = [...(type.constraints ?? []), ...more];
  return { ...type, constraints };
}

function parseTypeCore(c: Cursor, context: string): TypeNode {
  const t = c.peek();
  if (t?.kind === 'punct' && t.text === '[') return parseTagged(c, context);
  if (t === undefined || t.kind !== 'word' || t.text === 'END') return c.unexpected(`expected a type ${context}`);
  const { pos } = t;
  const simple = SIMPLE_TYPES[t.text];
  if (simple !== undefined) {
    c.next();
    return { kind: simple, pos };
  }
  if (STRING_TYPES.has(t.text)) {
    c.next();
    return { kind: 'string', stringType: t.text as StringTypeName, pos };
  }
  switch (t.text) {
    case 'OCTET':
      c.next();
      c.expectWord('STRING', "after 'OCTET'");
      return { kind: 'octetString', pos };
    case 'OBJECT':
      c.next();
      c.expectWord('IDENTIFIER', "after 'OBJECT'");
      return { kind: 'objectIdentifier', pos };
    case 'BIT': {
      c.next();
      c.expectWord('STRING', "after 'BIT'");
      const named = c.isPunct('{') ? parseNamedNumbers(c, 'BIT STRING') : undefined;
      return named === undefined ? { kind: 'bitString', pos } : { kind: 'bitString', named, pos };
    }
    case 'INTEGER': {
      c.next();
      const named = c.isPunct('{') ? parseNamedNumbers(c, 'INTEGER') : undefined;
      return named === undefined ? { kind: 'integer', pos } : { kind: 'integer', named, pos };
    }
    case 'ENUMERATED':
      c.next();
      return { kind: 'enumerated', items: parseEnumItems(c), pos };
    case 'CHOICE': {
      c.next();
      const open = c.expectPunct('{', "after 'CHOICE'");
      return { kind: 'choice', alternatives: parseComponentList(c, open, 'CHOICE'), pos };
    }
    case 'SEQUENCE':
    case 'SET':
      return parseSequenceOrSet(c);
    case 'ANY': {
      c.next();
      if (!c.acceptWord('DEFINED')) return { kind: 'any', pos };
      c.expectWord('BY', "after 'ANY DEFINED'");
      return { kind: 'any', definedBy: c.expectAnyWord("a component name after 'ANY DEFINED BY'").text, pos };
    }
  }
  if (UNSUPPORTED_TYPES.has(t.text) || t.text === 'CLASS') {
    c.fail('unsupported-syntax', pos, `'${t.text}' ${context} is not supported by this compiler; use a type it knows or extend parser-types.ts`);
  }
  if (isLowerInitial(t.text) && c.isPunct('<', 1)) {
    c.next();
    c.next();
    return { kind: 'selection', identifier: t.text, type: parseType(c, `after '${t.text} <'`), pos };
  }
  if (!isUpperInitial(t.text)) c.unexpected(`expected a type ${context} (type references start with an upper-case letter)`);
  return parseReference(c);
}

/** `[APPLICATION 5] IMPLICIT T`, `[3] T`, `[UNIVERSAL 16] T`, `[PRIVATE 1] EXPLICIT T`. */
function parseTagged(c: Cursor, context: string): TypeNode {
  const open = c.next();
  let cls: TagClass = 'CONTEXT';
  const word = c.peek();
  if (word?.kind === 'word') {
    if (word.text !== 'UNIVERSAL' && word.text !== 'APPLICATION' && word.text !== 'PRIVATE') {
      c.fail('bad-tag-class', word.pos, `tag class must be UNIVERSAL, APPLICATION or PRIVATE (or none for a context tag), found '${word.text}'`);
    }
    cls = word.text;
    c.next();
  }
  const num = c.peek();
  if (num?.kind !== 'number' || num.text.startsWith('-')) c.unexpected('expected a tag number (0 or more) in the tag', 'expected-number', open);
  c.next();
  c.expectPunct(']', 'to close the tag', open);
  const mode = c.acceptWord('IMPLICIT') ?? c.acceptWord('EXPLICIT');
  const tag = mode === undefined ? { cls, number: Number(num.text) } : { cls, number: Number(num.text), mode: mode.text as 'IMPLICIT' | 'EXPLICIT' };
  return { kind: 'tagged', tag, type: parseType(c, `after the tag ${context}`), pos: open.pos };
}

/** `Type`, `Module.Type`, `Type{actual, params}`, `CLASS.&field[.&field...]`. */
function parseReference(c: Cursor): TypeNode {
  const first = c.next();
  const { pos } = first;
  if (c.isPunct('.') && c.peek(1)?.kind === 'field') {
    const path: string[] = [];
    while (c.isPunct('.') && c.peek(1)?.kind === 'field') {
      c.next();
      path.push(c.next().text);
    }
    const field = path[path.length - 1] ?? '';
    return path.length === 1 ? { kind: 'classField', className: first.text, field, pos } : { kind: 'classField', className: first.text, field, fieldPath: path, pos };
  }
  let module: string | undefined;
  let name = first.text;
  if (c.isPunct('.') && c.isWord(undefined, 1)) {
    c.next();
    module = first.text;
    name = c.next().text;
  }
  const actualParameters = c.isPunct('{') ? parseActualParameters(c) : undefined;
  return {
    kind: 'reference',
    name,
    ...(module === undefined ? {} : { module }),
    ...(actualParameters === undefined ? {} : { actualParameters }),
    pos,
  };
}

/** `{ {InvokeIdSet}, {Invokable} }` → one token list per actual parameter. */
function parseActualParameters(c: Cursor): Token[][] {
  const open = c.next();
  const inner = c.balanced(open);
  const params: Token[][] = [[]];
  let depth = 0;
  for (const t of inner) {
    if (t.kind === 'punct' && (t.text === '{' || t.text === '(' || t.text === '[')) depth++;
    if (t.kind === 'punct' && (t.text === '}' || t.text === ')' || t.text === ']')) depth--;
    if (t.kind === 'punct' && t.text === ',' && depth === 0) params.push([]);
    else params[params.length - 1]?.push(plainToken(t));
  }
  if (params.some((p) => p.length === 0)) c.fail('unexpected-token', open.pos, 'empty actual parameter in a parameterized reference');
  return params;
}

/** `SEQUENCE {…}`, `SET {…}`, `SEQUENCE OF T`, `SEQUENCE SIZE(1..8) OF T`, `SET (SIZE(1..8)) OF name T`. */
function parseSequenceOrSet(c: Cursor): TypeNode {
  const keyword = c.next();
  const isSet = keyword.text === 'SET';
  const { pos } = keyword;
  if (c.isPunct('{')) {
    const open = c.next();
    return { kind: isSet ? 'set' : 'sequence', components: parseComponentList(c, open, keyword.text), pos };
  }
  const constraints: ConstraintNode[] = c.isWord('SIZE') ? [parseSizeKeyword(c)] : parseConstraints(c);
  if (!c.acceptWord('OF')) c.unexpected(`expected 'OF' ${constraints.length > 0 ? 'after the constraint of' : "or '{' after"} '${keyword.text}'`, 'missing-of');
  let itemName: string | undefined;
  const named = c.peek();
  if (named?.kind === 'word' && isLowerInitial(named.text) && !c.isPunct('<', 1)) {
    itemName = c.next().text;
  }
  const item = parseType(c, `after '${keyword.text} OF'`);
  return {
    kind: isSet ? 'setOf' : 'sequenceOf',
    item,
    ...(itemName === undefined ? {} : { itemName }),
    pos,
    ...(constraints.length === 0 ? {} : { constraints }),
  };
}

/** `{ name(5), other(-1), ref(someValue) }` after INTEGER or BIT STRING. */
function parseNamedNumbers(c: Cursor, owner: string): NamedNumberNode[] {
  const open = c.next();
  const out: NamedNumberNode[] = [];
  parseList(c, open, `named number in ${owner}`, () => {
    const name = c.expectAnyWord(`a name in the ${owner} named number list`);
    c.expectPunct('(', `after '${name.text}' (named numbers are written 'name(number)')`, open);
    const v = c.peek();
    if (v?.kind !== 'number' && v?.kind !== 'word') c.unexpected(`expected a number or value reference for '${name.text}'`, 'expected-number', open);
    c.next();
    c.expectPunct(')', `after the value of '${name.text}'`, open);
    out.push({ name: name.text, value: v.kind === 'number' ? Number(v.text) : v.text, pos: name.pos });
  });
  return out;
}

/** `{ a, b(3), ..., c }` after ENUMERATED (an item without a number is numbered later, X.680 20.3). */
function parseEnumItems(c: Cursor): EnumItemNode[] {
  const open = c.expectPunct('{', "after 'ENUMERATED'");
  const out: EnumItemNode[] = [];
  parseList(c, open, 'enumeration item', () => {
    const marker = c.acceptPunct('...');
    if (marker !== undefined) {
      skipExceptionSpec(c);
      out.push({ kind: 'extensionMarker', pos: marker.pos });
      return;
    }
    const name = c.expectAnyWord('an enumeration item name');
    if (!c.acceptPunct('(')) {
      out.push({ kind: 'item', name: name.text, pos: name.pos });
      return;
    }
    const v = c.peek();
    if (v?.kind === 'word') c.fail('unsupported-syntax', v.pos, `enumeration item '${name.text}' takes its number from a value reference ('${v.text}'); write the number`);
    if (v?.kind !== 'number') c.unexpected(`expected the number of enumeration item '${name.text}'`, 'expected-number', open);
    c.next();
    c.expectPunct(')', `after the number of '${name.text}'`, open);
    out.push({ kind: 'item', name: name.text, value: Number(v.text), pos: name.pos });
  });
  return out;
}

/**
 * Comma-separated items up to the `}` matching `open` (already taken). `item` parses one entry;
 * `,,` and `, }` are reported as such. An empty list `{}` is allowed.
 */
export function parseList(c: Cursor, open: LexToken, what: string, item: () => void, close = '}'): void {
  if (c.acceptPunct(close)) return;
  if (c.isPunct(',')) c.unexpected(`expected a ${what}`, 'unexpected-token', open);
  for (;;) {
    item();
    if (c.acceptPunct(close)) return;
    const comma = c.expectPunct(',', `or '${close}' after a ${what}`, open);
    if (c.isPunct(',')) c.unexpected(`expected a ${what} after ','`, 'duplicate-comma', open);
    if (c.isPunct(close)) c.fail('trailing-comma', comma.pos, `',' before '${close}' ends the list with an empty ${what}; remove the ','`);
  }
}

/** `! value` or `! Type : value` after `...` (X.680 53): skipped, the compiler does not use it. */
export function skipExceptionSpec(c: Cursor): void {
  if (!c.acceptPunct('!')) return;
  while (!c.done && !c.isPunct(',') && !c.isPunct('}') && !c.isPunct(']]')) {
    const t = c.next();
    if (t.kind === 'punct' && (t.text === '{' || t.text === '(' || t.text === '[')) c.balanced(t);
  }
}
