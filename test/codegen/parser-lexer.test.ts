/**
 * Lexical details the goldens do not show directly: token boundaries, comment rules, positions
 * with CRLF, the `source` quote, the error message format, and parseTypeTokens (the resolver's
 * entry for types written inside information objects).
 */
import { describe, expect, it } from '@jest/globals';
import type { TypeNode } from '../../codegen/src/ast.js';
import { Asn1Error } from '../../codegen/src/diagnostics.js';
import { tokenize } from '../../codegen/src/lexer.js';
import { parseModules, parseTypeTokens } from '../../codegen/src/parser.js';

const texts = (src: string): string[] => tokenize(src, 't.asn1').tokens.map((t) => `${t.kind}:${t.text}`);

function errorOf(run: () => unknown): Asn1Error {
  try {
    run();
  } catch (e) {
    if (e instanceof Asn1Error) return e;
    throw e;
  }
  throw new Error('expected an Asn1Error');
}

const wrap = (body: string, eol = '\n'): string => ['M DEFINITIONS ::= BEGIN', body, 'END', ''].join(eol);

describe('lexer', () => {
  it('splits punctuation longest-first and keeps hyphenated words, negative numbers and fields whole', () => {
    expect(texts('a-b ::= {...} [[x]] 1..-2 &Field-x .&y')).toEqual([
      'word:a-b', 'punct:::=', 'punct:{', 'punct:...', 'punct:}', 'punct:[[', 'word:x', 'punct:]]',
      'number:1', 'punct:..', 'number:-2', 'field:&Field-x', 'punct:.', 'field:&y',
    ]);
  });

  it('ends a -- comment at the next -- or the end of the line, and nests /* */', () => {
    expect(texts('a -- x -- b -- y\nc /* 1 /* 2 */ 3 */ d')).toEqual(['word:a', 'word:b', 'word:c', 'word:d']);
    expect(texts('IA5String--c--(SIZE)')).toEqual(['word:IA5String', 'punct:(', 'word:SIZE', 'punct:)']);
    expect(texts('x ---\ny')).toEqual(['word:x', 'word:y']);
    expect(texts('x -- c ---\ny ----- z')).toEqual(['word:x', 'word:y', 'word:z']);
  });

  it('counts lines on LF only and columns in characters, so CRLF files give the same positions', () => {
    const lf = parseModules(wrap('Foo ::= INTEGER\n\tbar INTEGER ::= 1'), 't')[0];
    const crlf = parseModules(wrap('Foo ::= INTEGER\r\n\tbar INTEGER ::= 1', '\r\n'), 't')[0];
    expect(crlf?.assignments.map((a) => a.pos)).toEqual(lf?.assignments.map((a) => a.pos));
    expect(lf?.assignments[1]?.pos).toEqual({ file: 't', line: 3, col: 2 });
    expect(crlf?.assignments[0]?.source).toBe('Foo ::= INTEGER');
  });

  it('skips a byte order mark without shifting columns', () => {
    expect(tokenize('\ufeffM x', 't').tokens[1]?.pos).toEqual({ file: 't', line: 1, col: 3 });
  });

  it('reports lexical errors at the offending character', () => {
    expect(errorOf(() => tokenize('a\n  $', 't'))).toMatchObject({ code: 'unexpected-character', pos: { line: 2, col: 3 } });
    expect(errorOf(() => tokenize('a - b', 't')).code).toBe('unexpected-character');
    expect(errorOf(() => tokenize('99999999999999999999', 't')).code).toBe('bad-number');
    expect(errorOf(() => tokenize("'01'B1", 't')).code).toBe('bad-quoted-string');
  });
});

describe('assignment source', () => {
  it('drops comments and comment-only lines, trims line ends, keeps indentation', () => {
    const m = parseModules(wrap('Foo ::= SEQUENCE { -- c\n  -- only a comment\n  a INTEGER,   \n  /* x\n  y */\n  b BOOLEAN }'), 't')[0];
    expect(m?.assignments[0]?.source).toBe('Foo ::= SEQUENCE {\n  a INTEGER,\n  b BOOLEAN }');
  });

  it('leaves a space where a comment separated two words', () => {
    const m = parseModules(wrap('Foo ::= OCTET/* c */STRING'), 't')[0];
    expect(m?.assignments[0]?.source).toBe('Foo ::= OCTET STRING');
  });

  it('normalises module and import OIDs to single spaces without comments', () => {
    const m = parseModules('M { iso( 1) -- c\n\t\tx( 2) } DEFINITIONS ::= BEGIN IMPORTS A FROM N {1\n 2}; END', 't')[0];
    expect(m?.oid).toBe('{ iso( 1) x( 2) }');
    expect(m?.imports[0]?.oid).toBe('{1 2}');
  });
});

describe('errors', () => {
  it('prefix the message with file:line:col and name the found token', () => {
    const e = errorOf(() => parseModules(wrap('Foo SEQUENCE { a INTEGER }'), 'asn1/x.asn1'));
    expect(e.code).toBe('expected-assignment');
    expect(e.message).toBe("asn1/x.asn1:2:5: expected '::=' after type reference 'Foo', found 'SEQUENCE'");
  });

  it('report an empty file and an empty constraint', () => {
    expect(errorOf(() => parseModules('-- nothing\n', 't')).code).toBe('unexpected-eof');
    expect(errorOf(() => parseModules(wrap('Foo ::= INTEGER ()'), 't')).code).toBe('unexpected-token');
  });

  it('reject constructs the compiler does not take, naming them', () => {
    expect(errorOf(() => parseModules(wrap('Foo ::= CHARACTER STRING'), 't')).code).toBe('unsupported-syntax');
    expect(errorOf(() => parseModules(wrap('Foo ::= ENUMERATED { a(one) }'), 't')).code).toBe('unsupported-syntax');
    expect(errorOf(() => parseModules(wrap('x OPERATION ::= y'), 't')).code).toBe('unsupported-syntax');
  });
});

describe('parseTypeTokens', () => {
  const tokensOf = (src: string) => tokenize(src, 'obj.asn1').tokens.map(({ kind, text, pos }) => ({ kind, text, pos }));

  it('parses a type written inside an object body', () => {
    const type: TypeNode = parseTypeTokens(tokensOf('SEQUENCE {invokeId  [0]  InvokeId}'));
    expect(type).toMatchObject({
      kind: 'sequence',
      components: [{ kind: 'component', name: 'invokeId', type: { kind: 'tagged', tag: { cls: 'CONTEXT', number: 0 }, type: { kind: 'reference', name: 'InvokeId' } } }],
      pos: { file: 'obj.asn1', line: 1, col: 1 },
    });
    expect(parseTypeTokens(tokensOf('ENUMERATED {running(0), ...}'))).toMatchObject({ kind: 'enumerated' });
  });

  it('fails on tokens left over after the type, and on an unclosed brace at the brace', () => {
    expect(errorOf(() => parseTypeTokens(tokensOf('INTEGER BOOLEAN')))).toMatchObject({ code: 'unexpected-token', pos: { col: 9 } });
    expect(errorOf(() => parseTypeTokens(tokensOf('SET { a INTEGER')))).toMatchObject({ code: 'unterminated-block', pos: { col: 5 } });
  });
});
