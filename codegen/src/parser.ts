/**
 * Hand-written recursive-descent parser for the X.680/X.681/X.683 subset used by ECMA-285, X.880
 * and X.227: text in, `ModuleNode[]` out (a file may hold several modules), nothing resolved.
 *
 * This file reads module headers, EXPORTS/IMPORTS and tells the assignment kinds apart; types,
 * components, constraints, values and classes live in the parser-*.ts files next to it.
 *
 * Telling assignments apart (X.680 has no keyword for it), on the first tokens:
 * - `Name ::= CLASS {...}` / `NAME ::= OTHER-CLASS` (both all caps)   → class
 * - `Name ::= Type`                                                    → type
 * - `Name Governor ::= {...}`                                          → object set (or value set)
 * - `name GOVERNOR ::= {...}` with an all-caps, non-keyword governor   → object
 * - `name Type ::= value`                                              → value
 * each optionally with X.683 dummy parameters `{Gov: Name, ...}` after the name.
 */
import type { Assignment, ImportNode, ModuleNode, ParameterNode, Pos, TagDefault, Token, TypeNode } from './ast.js';
import { CommentFreeText, tokenize, type LexToken } from './lexer.js';
import { parseClassBody } from './parser-classes.js';
import { Cursor, isAllCaps, isLowerInitial, isUpperInitial, plainToken } from './parser-cursor.js';
import { parseList, parseType, TYPE_KEYWORDS } from './parser-types.js';
import { parseValue } from './parser-values.js';

export { Asn1Error } from './diagnostics.js';

export function parseModules(text: string, file: string): ModuleNode[] {
  const c = new Cursor(tokenize(text, file));
  if (c.done) c.unexpected('expected a module definition (Name DEFINITIONS ::= BEGIN ... END)');
  const modules: ModuleNode[] = [parseModule(c)];
  while (!c.done) {
    const t = c.peek();
    const startsModule = t?.kind === 'word' && isUpperInitial(t.text) && (c.isWord('DEFINITIONS', 1) || c.isPunct('{', 1));
    if (!startsModule) c.unexpected(`expected end of file or another module after 'END' of '${modules[modules.length - 1]?.name ?? ''}'`, 'token-after-end');
    modules.push(parseModule(c));
  }
  return modules;
}

/**
 * A type written inside an information object (`ARGUMENT SEQUENCE { ... }` in an OPERATION body):
 * the resolver hands over the setting's tokens, all of which must make up one type. `where` places
 * the error when there are no tokens at all.
 */
export function parseTypeTokens(tokens: readonly Token[], where?: Pos): TypeNode {
  const last = tokens[tokens.length - 1];
  const eofPos = last === undefined ? (where ?? { file: '?', line: 0, col: 0 }) : { ...last.pos, col: last.pos.col + last.text.length };
  const lexTokens = tokens.map((t) => ({ ...t, start: 0, end: 0 }));
  const c = new Cursor({ tokens: lexTokens, eofPos, text: new CommentFreeText('', []) });
  const type = parseType(c, 'in the object setting');
  if (!c.done) c.unexpected('expected the end of the type in the object setting');
  return type;
}

const isClassReference = (text: string): boolean => isAllCaps(text) && !TYPE_KEYWORDS.has(text);

function parseModule(c: Cursor): ModuleNode {
  const nameTok = c.peek();
  if (nameTok?.kind !== 'word' || !isUpperInitial(nameTok.text)) c.unexpected('expected a module name (upper-case initial)');
  c.next();
  const name = nameTok.text;
  let oid: string | undefined;
  if (c.isPunct('{')) {
    const open = c.next();
    c.balanced(open);
    oid = c.lex.text.oneLine(open.start, c.lastEnd);
  }
  c.expectWord('DEFINITIONS', `after module name '${name}'`);
  let tagDefault: TagDefault = 'EXPLICIT';
  const mode = c.acceptWord('EXPLICIT') ?? c.acceptWord('IMPLICIT') ?? c.acceptWord('AUTOMATIC');
  if (mode !== undefined) {
    tagDefault = mode.text as TagDefault;
    c.expectWord('TAGS', `after '${mode.text}' in the header of '${name}'`);
  }
  let extensibilityImplied = false;
  if (c.acceptWord('EXTENSIBILITY')) {
    c.expectWord('IMPLIED', "after 'EXTENSIBILITY'");
    extensibilityImplied = true;
  }
  if (!c.isPunct('::=')) c.unexpected(`expected '::=' after 'DEFINITIONS' of module '${name}'`, 'expected-assignment');
  c.next();
  c.expectWord('BEGIN', `after 'DEFINITIONS ::=' of module '${name}'`);
  const exports = parseExports(c);
  const imports = parseImports(c);
  const assignments: Assignment[] = [];
  while (!c.isWord('END')) {
    if (c.done) c.unexpected(`module '${name}' (line ${nameTok.pos.line}) is missing its 'END'`);
    assignments.push(parseAssignment(c));
  }
  c.next();
  return {
    name,
    ...(oid === undefined ? {} : { oid }),
    tagDefault,
    extensibilityImplied,
    ...(exports === undefined ? {} : { exports }),
    imports,
    assignments,
    pos: nameTok.pos,
  };
}

/** `EXPORTS a, B{}, C;` / `EXPORTS ALL;` / `EXPORTS;` (nothing) / absent (everything). */
function parseExports(c: Cursor): readonly string[] | 'ALL' | undefined {
  if (!c.acceptWord('EXPORTS')) return undefined;
  if (c.acceptWord('ALL')) {
    c.expectPunct(';', "after 'EXPORTS ALL'");
    return 'ALL';
  }
  const names: string[] = [];
  if (c.acceptPunct(';')) return names;
  for (;;) {
    names.push(parseSymbol(c, 'EXPORTS').text);
    if (c.acceptPunct(';')) return names;
    const last = names[names.length - 1] ?? '';
    if (!c.isPunct(',')) c.unexpected(`expected ',' or ';' after '${last}': EXPORTS must end with ';'`, 'missing-semicolon');
    c.next();
    if (c.isPunct(',')) c.unexpected("expected a name after ',' in EXPORTS", 'duplicate-comma');
  }
}

/** One exported/imported name; `Name{}` (a parameterized reference) is reported as `Name`. */
function parseSymbol(c: Cursor, clause: string): LexToken {
  const t = c.expectAnyWord(`a name in ${clause}`);
  if (c.isPunct('{') && c.isPunct('}', 1)) {
    c.next();
    c.next();
  }
  return t;
}

/**
 * `IMPORTS a, B FROM Module-A {oid} C FROM Module-B;` – X.680 13.16: a `{` after the module name
 * is always its OID; a lower-case word after it is its assigned identifier (a value reference)
 * unless a ',' or 'FROM' follows, in which case it starts the next symbol list.
 */
function parseImports(c: Cursor): ImportNode[] {
  const imports: ImportNode[] = [];
  if (!c.acceptWord('IMPORTS')) return imports;
  while (!c.acceptPunct(';')) {
    const symbols: { name: string; pos: Pos }[] = [];
    for (;;) {
      const s = parseSymbol(c, "IMPORTS (did the IMPORTS end without ';'?)");
      symbols.push({ name: s.text, pos: s.pos });
      if (c.isWord('FROM')) break;
      const previous = imports[imports.length - 1];
      if (symbols.length === 1 && previous !== undefined && !c.isPunct(',')) {
        c.fail('missing-semicolon', s.pos, `'${s.text}' is neither imported nor assigned: IMPORTS must end with ';' (after 'FROM ${previous.module}' on line ${previous.pos.line})`);
      }
      c.expectPunct(',', `or 'FROM' after imported name '${s.text}'`);
      if (c.isPunct(',')) c.unexpected("expected a name after ',' in IMPORTS", 'duplicate-comma');
    }
    c.next();
    const moduleTok = c.expectAnyWord("a module name after 'FROM'");
    let oid: string | undefined;
    if (c.isPunct('{')) {
      const open = c.next();
      c.balanced(open);
      oid = c.lex.text.oneLine(open.start, c.lastEnd);
    } else if (c.isWord() && isLowerInitial(c.peek()?.text ?? '') && !c.isPunct(',', 1) && !c.isWord('FROM', 1) && !c.isPunct('{', 1)) {
      oid = c.next().text;
    }
    imports.push({ module: moduleTok.text, ...(oid === undefined ? {} : { oid }), symbols, pos: moduleTok.pos });
  }
  return imports;
}

function parseAssignment(c: Cursor): Assignment {
  const first = c.peek();
  if (first?.kind !== 'word') return c.unexpected("expected an assignment ('Name ::= ...') or 'END'");
  c.next();
  const name = first.text;
  const parameters = c.isPunct('{') ? parseParameters(c, name) : undefined;
  const base = (): { name: string; pos: Pos; source: string; parameters?: ParameterNode[] } => ({
    name,
    pos: first.pos,
    source: c.quote(first.start),
    ...(parameters === undefined ? {} : { parameters }),
  });

  if (isUpperInitial(name)) {
    if (c.acceptPunct('::=')) {
      if (isClassReference(name) && c.isWord('CLASS')) {
        const body = parseClassBody(c, name);
        return { kind: 'class', ...base(), ...body };
      }
      const rhs = c.peek();
      if (isClassReference(name) && rhs?.kind === 'word' && isClassReference(rhs.text) && !c.isPunct('.', 1) && !c.isPunct('{', 1) && !c.isPunct('(', 1)) {
        c.next();
        return { kind: 'class', ...base(), alias: rhs.text, fields: [] };
      }
      const type = parseType(c, `after '${name} ::='`);
      return { kind: 'type', ...base(), type };
    }
    const governor = c.peek();
    if (governor?.kind !== 'word' || !c.isPunct('::=', 1)) {
      c.unexpected(`expected '::=' after type reference '${name}'`, 'expected-assignment');
    }
    c.next();
    c.next();
    const body = parseBracedBody(c, `value set or object set '${name}'`);
    return { kind: 'objectSet', ...base(), className: governor.text, body };
  }

  if (!isLowerInitial(name)) c.fail('unexpected-token', first.pos, `expected an assignment, found '${name}'`);
  const governor = c.peek();
  if (governor?.kind === 'word' && isClassReference(governor.text) && c.isPunct('::=', 1)) {
    c.next();
    c.next();
    const body = parseBracedBody(c, `object '${name}'`);
    return { kind: 'object', ...base(), className: governor.text, body };
  }
  if (c.isPunct('::=')) c.unexpected(`expected the type of value '${name}' before '::=' (type references start with an upper-case letter)`);
  const type = parseType(c, `of value '${name}'`);
  if (!c.isPunct('::=')) c.unexpected(`expected '::=' after value reference '${name}' and its type`, 'expected-assignment');
  c.next();
  const value = parseValue(c, `after '${name} ... ::='`);
  return { kind: 'value', ...base(), type, value };
}

/** `{ a | b, ... }` → the tokens between the braces. */
function parseBracedBody(c: Cursor, what: string): Token[] {
  if (!c.isPunct('{')) {
    const t = c.peek();
    if (t !== undefined && t.kind === 'word' && t.text !== 'END') {
      c.fail('unsupported-syntax', t.pos, `${what} is defined by reference ('${t.text}'); only '{ ... }' definitions are supported`);
    }
    c.unexpected(`expected '{' after '::=' of ${what}`);
  }
  const open = c.next();
  return c.balanced(open).map(plainToken);
}

/** X.683 dummy parameter list: `{InvokeId:InvokeIdSet, OPERATION:Invokable}`, `{OBJECT IDENTIFIER:id}`, `{T}`. */
function parseParameters(c: Cursor, name: string): ParameterNode[] {
  const open = c.next();
  const out: ParameterNode[] = [];
  parseList(c, open, `parameter of '${name}'`, () => {
    const governor: string[] = [];
    let t = c.expectAnyWord(`a parameter of '${name}'`);
    while (c.isWord()) {
      governor.push(t.text);
      t = c.next();
    }
    if (c.acceptPunct(':')) {
      governor.push(t.text);
      t = c.expectAnyWord(`a parameter name after '${governor.join(' ')}:'`);
    } else if (governor.length > 0) {
      c.unexpected(`expected ':' between governor and parameter name in '${name}'`, 'unexpected-token', open);
    }
    out.push(governor.length === 0 ? { name: t.text } : { governor: governor.join(' '), name: t.text });
  });
  return out;
}
