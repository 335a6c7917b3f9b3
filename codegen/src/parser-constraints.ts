/**
 * Constraints after a type (X.680 clause 49, X.682): `(SIZE(1..64))`, `(0..MAX)`,
 * `(0 | 1 | 30, ...)`, `(1, ..., 0 | 2..MAX)`. SIZE and plain value sets become ranges; everything
 * else (table constraints, CONSTRAINED BY, WITH COMPONENTS, exception specs `!`, FROM, PATTERN, ...)
 * is kept as its tokens, kind 'other', which the compiler does not act on.
 */
import type { ConstraintNode, Pos, RangeNode } from './ast.js';
import { type Cursor, isLowerInitial, plainToken } from './parser-cursor.js';
import type { LexToken } from './lexer.js';

/** Every `( ... )` that follows, in order (`INTEGER (0..7)(CONSTRAINED BY {...})`). */
export function parseConstraints(c: Cursor): ConstraintNode[] {
  const out: ConstraintNode[] = [];
  while (c.isPunct('(')) {
    const open = c.next();
    const inner = c.balanced(open);
    if (inner.length === 0) c.fail('unexpected-token', open.pos, "empty constraint '()': write the constraint or remove the parentheses");
    out.push(classifyConstraint(inner, open.pos));
  }
  return out;
}

/** `SIZE (...)` written straight after SEQUENCE/SET, before OF. The cursor is on `SIZE`. */
export function parseSizeKeyword(c: Cursor): ConstraintNode {
  const size = c.next();
  const open = c.expectPunct('(', "after 'SIZE'");
  const inner = c.balanced(open);
  const set = elementSet(inner);
  if (set !== undefined) return { kind: 'size', ...set, pos: size.pos };
  const close = c.last ?? open;
  return { kind: 'other', tokens: [size, open, ...inner, close].map(plainToken), pos: size.pos };
}

function classifyConstraint(inner: LexToken[], pos: Pos): ConstraintNode {
  const [first, second, last] = [inner[0], inner[1], inner[inner.length - 1]];
  if (first?.kind === 'word' && first.text === 'SIZE' && second?.text === '(' && last?.text === ')') {
    const sizeInner = inner.slice(2, -1);
    // Only when the SIZE parentheses are the whole constraint: `(SIZE(1..8) ^ FROM("0".."9"))` is 'other'.
    if (closesAtEnd(inner.slice(1))) {
      const set = elementSet(sizeInner);
      if (set !== undefined) return { kind: 'size', ...set, pos };
    }
  }
  const set = elementSet(inner);
  if (set !== undefined) return { kind: 'value', ...set, pos };
  return { kind: 'other', tokens: inner.map(plainToken), pos };
}

/** True when the `(` at `tokens[0]` is closed by the last token and not before. */
function closesAtEnd(tokens: readonly LexToken[]): boolean {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t?.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === '}') {
      depth--;
      if (depth === 0) return k === tokens.length - 1;
    }
  }
  return false;
}

interface ElementSet {
  ranges: RangeNode[];
  extensible: boolean;
  additions?: RangeNode[];
}

/**
 * X.680 ElementSetSpecs restricted to values and ranges: `root [, ... [, additions]]` where root
 * and additions are `|`-unions of `v` or `lo..hi`. Undefined when the tokens are anything else.
 */
function elementSet(tokens: readonly LexToken[]): ElementSet | undefined {
  const parts = split(tokens, ',');
  const [rootPart, marker, additionPart] = parts;
  if (parts.length > 3 || rootPart === undefined) return undefined;
  const isMarker = (p: readonly LexToken[] | undefined): boolean => p?.length === 1 && p[0]?.text === '...';
  if (isMarker(rootPart) && parts.length === 1) return { ranges: [], extensible: true };
  const ranges = union(rootPart);
  if (ranges === undefined) return undefined;
  if (parts.length === 1) return { ranges, extensible: false };
  if (!isMarker(marker)) return undefined;
  if (additionPart === undefined) return { ranges, extensible: true };
  const additions = union(additionPart);
  return additions === undefined ? undefined : { ranges, extensible: true, additions };
}

function union(tokens: readonly LexToken[]): RangeNode[] | undefined {
  const out: RangeNode[] = [];
  for (const element of split(tokens, '|')) {
    const dots = element.findIndex((t) => t.kind === 'punct' && t.text === '..');
    if (dots < 0) {
      const v = endpoint(element, 'single');
      if (v === undefined) return undefined;
      out.push({ lo: v, hi: v });
      continue;
    }
    const lo = endpoint(element.slice(0, dots), 'lo');
    const hi = endpoint(element.slice(dots + 1), 'hi');
    if (lo === undefined || hi === undefined) return undefined;
    out.push({ lo, hi });
  }
  return out;
}

/** A number, MIN (low end only), MAX (high end only), or a value reference (lower-case initial). */
function endpoint(tokens: readonly LexToken[], end: 'lo' | 'hi' | 'single'): number | string | undefined {
  const t = tokens[0];
  if (tokens.length !== 1 || t === undefined) return undefined;
  if (t.kind === 'number') return Number(t.text);
  if (t.kind !== 'word') return undefined;
  if (t.text === 'MIN') return end === 'lo' ? 'MIN' : undefined;
  if (t.text === 'MAX') return end === 'hi' ? 'MAX' : undefined;
  return isLowerInitial(t.text) ? t.text : undefined;
}

/** Splits on a separator at bracket depth 0 (never yields an empty part: the caller rejects it). */
function split(tokens: readonly LexToken[], sep: string): LexToken[][] {
  const parts: LexToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === '}' || t.text === ']') depth--;
      else if (t.text === sep && depth === 0) {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1]?.push(t);
  }
  return parts;
}
