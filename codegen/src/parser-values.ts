/**
 * Values (X.680 clause 17 and the per-type value notations) as far as the compiler needs them:
 * DEFAULT values, value assignments, named numbers. Braced values (`{version1}`, OID components,
 * SEQUENCE values) are kept as tokens for the resolver.
 */
import type { ValueNode } from './ast.js';
import { type Cursor, plainToken } from './parser-cursor.js';

export function parseValue(c: Cursor, context: string): ValueNode {
  const t = c.peek();
  if (t === undefined || t.kind === 'field' || (t.kind === 'punct' && t.text !== '{')) {
    c.unexpected(`expected a value ${context}`);
  }
  if (t.kind === 'word' && t.text === 'END') c.unexpected(`expected a value ${context}`);
  const { pos } = t;
  switch (t.kind) {
    case 'number':
      c.next();
      return { kind: 'number', value: Number(t.text), pos };
    case 'string':
      c.next();
      return { kind: 'string', value: t.text.slice(1, -1).replace(/""/g, '"'), pos };
    case 'bstring':
    case 'hstring':
      c.next();
      return { kind: t.kind, value: t.text.slice(1, -2).replace(/\s+/g, ''), pos };
    case 'punct': {
      const open = c.next();
      return { kind: 'braced', tokens: c.balanced(open).map(plainToken), pos };
    }
    case 'word':
      break;
  }
  c.next();
  if (t.text === 'TRUE' || t.text === 'FALSE') return { kind: 'boolean', value: t.text === 'TRUE', pos };
  if (t.text === 'NULL') return { kind: 'null', pos };
  if (c.acceptPunct(':')) {
    return { kind: 'choice', alternative: t.text, value: parseValue(c, `after '${t.text}:'`), pos };
  }
  return { kind: 'reference', name: t.text, pos };
}
