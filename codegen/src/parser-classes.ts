/**
 * X.681 information object classes: `CLASS { &Field ..., } [WITH SYNTAX { ... }]`. Objects and
 * object sets are not parsed here: their bodies stay tokens until the resolver reads them through
 * the class's WITH SYNTAX.
 */
import type { ClassFieldNode, SyntaxItem, TypeNode, ValueNode } from './ast.js';
import type { LexToken } from './lexer.js';
import type { Cursor } from './parser-cursor.js';
import { parseList, parseType } from './parser-types.js';
import { parseValue } from './parser-values.js';

export interface ClassBody {
  fields: ClassFieldNode[];
  withSyntax?: SyntaxItem[];
}

/** The cursor is on `CLASS`. */
export function parseClassBody(c: Cursor, className: string): ClassBody {
  c.next();
  const open = c.expectPunct('{', `after 'CLASS' of '${className}'`);
  const fields: ClassFieldNode[] = [];
  parseList(c, open, 'field specification', () => fields.push(parseField(c, open)));
  if (!c.acceptWord('WITH')) return { fields };
  c.expectWord('SYNTAX', `after 'WITH' in class '${className}'`);
  const syntaxOpen = c.expectPunct('{', `after 'WITH SYNTAX' in class '${className}'`);
  const tokens = splitDoubleBrackets(c.balanced(syntaxOpen));
  const at = { index: 0 };
  const withSyntax = syntaxItems(c, tokens, at, undefined);
  return { fields, withSyntax };
}

/**
 * `&Type [OPTIONAL | DEFAULT ...]`, `&value Type [UNIQUE] [OPTIONAL | DEFAULT v]`,
 * `&Objects CLASS OPTIONAL`, `&object CLASS DEFAULT obj`. A field with a governor is kind 'value';
 * whether it is really an object (set) field is for the resolver to decide.
 */
function parseField(c: Cursor, open: LexToken): ClassFieldNode {
  const t = c.peek();
  if (t?.kind !== 'field') c.unexpected("expected a field such as '&ArgumentType' or '&operationCode'", 'unexpected-token', open);
  c.next();
  let governor: TypeNode | undefined;
  const next = c.peek();
  if (next?.kind === 'field') {
    c.fail('unsupported-syntax', next.pos, `field '${t.text}' has a variable type ('${next.text}'), which this compiler does not support`);
  }
  const bare = c.isPunct(',') || c.isPunct('}') || c.isWord('OPTIONAL') || c.isWord('DEFAULT') || c.isWord('UNIQUE');
  if (!bare) governor = parseType(c, `for field '${t.text}'`);
  const unique = c.acceptWord('UNIQUE') !== undefined;
  let optional = false;
  let dflt: ValueNode | undefined;
  if (c.acceptWord('OPTIONAL')) optional = true;
  else if (c.isWord('DEFAULT')) {
    const kw = c.next();
    if (governor === undefined) {
      c.fail('unsupported-syntax', kw.pos, `type field '${t.text}' has a DEFAULT type, which this compiler does not support`);
    }
    dflt = parseValue(c, `after 'DEFAULT' of field '${t.text}'`);
  }
  return {
    name: t.text,
    kind: governor === undefined ? 'type' : 'value',
    ...(governor === undefined ? {} : { governor }),
    unique,
    optional,
    ...(dflt === undefined ? {} : { default: dflt }),
    pos: t.pos,
  };
}

/** `[[`/`]]` are one token to the lexer but in WITH SYNTAX they are two nested optional groups. */
function splitDoubleBrackets(tokens: readonly LexToken[]): LexToken[] {
  return tokens.flatMap((t) => {
    if (t.kind !== 'punct' || (t.text !== '[[' && t.text !== ']]')) return [t];
    const half = t.text.slice(1);
    const second = { ...t, text: half, start: t.start + 1, pos: { ...t.pos, col: t.pos.col + 1 } };
    return [{ ...t, text: half, end: t.end - 1 }, second];
  });
}

/** X.681 10.5 DefinedSyntax: words and commas are literals, `&x` a field, `[ ... ]` an optional group. */
function syntaxItems(c: Cursor, tokens: readonly LexToken[], at: { index: number }, open: LexToken | undefined): SyntaxItem[] {
  const items: SyntaxItem[] = [];
  for (;;) {
    const t = tokens[at.index];
    if (t === undefined) {
      if (open !== undefined) c.unterminated(open);
      return items;
    }
    at.index++;
    if (t.kind === 'word' || (t.kind === 'punct' && t.text === ',')) items.push({ kind: 'literal', text: t.text });
    else if (t.kind === 'field') items.push({ kind: 'field', name: t.text });
    else if (t.kind === 'punct' && t.text === '[') items.push({ kind: 'optional', items: syntaxItems(c, tokens, at, t) });
    else if (t.kind === 'punct' && t.text === ']' && open !== undefined) return items;
    else c.fail('unexpected-token', t.pos, `WITH SYNTAX takes words, ',', '&fields' and '[ ]' groups, found '${t.text}'`);
  }
}
