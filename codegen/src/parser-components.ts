/**
 * The `{ ... }` of SEQUENCE, SET and CHOICE (X.680 25, 27, 29): named components, OPTIONAL and
 * DEFAULT, COMPONENTS OF, extension markers `...` (with an optional exception spec `! ...`) and
 * version brackets `[[ ... ]]` (with an optional version number `[[2: ...]]`).
 */
import type { ComponentNode } from './ast.js';
import type { LexToken } from './lexer.js';
import { type Cursor, isLowerInitial } from './parser-cursor.js';
import { parseList, parseType, skipExceptionSpec } from './parser-types.js';
import { parseValue } from './parser-values.js';

/** After the opening `{` (already taken) up to and including the matching `}`. */
export function parseComponentList(c: Cursor, open: LexToken, owner: string): ComponentNode[] {
  const out: ComponentNode[] = [];
  const what = owner === 'CHOICE' ? 'CHOICE alternative' : `${owner} component`;
  parseList(c, open, what, () => {
    const marker = c.acceptPunct('...');
    if (marker !== undefined) {
      skipExceptionSpec(c);
      out.push({ kind: 'extensionMarker', pos: marker.pos });
      return;
    }
    const group = c.acceptPunct('[[');
    if (group !== undefined) {
      if (c.peek()?.kind === 'number' && c.isPunct(':', 1)) {
        c.next();
        c.next();
      }
      const components: ComponentNode[] = [];
      parseList(c, group, `${what} in '[[ ]]'`, () => components.push(parseNamed(c, owner, what, open)), ']]');
      out.push({ kind: 'extensionGroup', components, pos: group.pos });
      return;
    }
    const of = owner !== 'CHOICE' && c.isWord('COMPONENTS') && c.isWord('OF', 1) ? c.next() : undefined;
    if (of !== undefined) {
      c.next();
      out.push({ kind: 'componentsOf', type: parseType(c, "after 'COMPONENTS OF'"), pos: of.pos });
      return;
    }
    out.push(parseNamed(c, owner, what, open));
  });
  return out;
}

/** `name Type [OPTIONAL | DEFAULT value]` (CHOICE alternatives take neither). */
function parseNamed(c: Cursor, owner: string, what: string, open: LexToken): ComponentNode {
  const t = c.peek();
  if (t?.kind !== 'word' || !isLowerInitial(t.text)) {
    c.unexpected(`expected a ${what} name (identifiers start with a lower-case letter)`, 'unexpected-token', open);
  }
  c.next();
  const type = parseType(c, `for ${what} '${t.text}'`);
  if (owner !== 'CHOICE' && c.acceptWord('OPTIONAL')) {
    return { kind: 'component', name: t.text, type, optional: true, pos: t.pos };
  }
  if (owner !== 'CHOICE' && c.acceptWord('DEFAULT')) {
    const value = parseValue(c, `after 'DEFAULT' of '${t.text}'`);
    return { kind: 'component', name: t.text, type, optional: false, default: value, pos: t.pos };
  }
  return { kind: 'component', name: t.text, type, optional: false, pos: t.pos };
}
