/**
 * X.680 clause 12 lexical items: words (references, identifiers and keywords alike, hyphens
 * included), numbers, "strings", 'bits'B, 'hex'H, `&field` references and punctuation.
 *
 * Comments (X.680 12.6) are `--` to the next `--` or the end of the line, and nested `/* *\/`.
 * Only comments may hold non-ASCII text: the reference modules carry PDF artefacts (U+2013,
 * curly quotes, U+FFFD) there, so the text is taken as a JS string and never re-encoded.
 *
 * Besides the tokens the lexer keeps the text with comments blanked out, which is what assignment
 * `source` quotes and module OIDs are cut from.
 */
import type { Pos, Token } from './ast.js';
import { Asn1Error } from './diagnostics.js';

/** A token plus its character offsets in the text, `[start, end)`. */
export interface LexToken extends Token {
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: readonly LexToken[];
  /** Where the text ends, for "unexpected end of file" errors. */
  readonly eofPos: Pos;
  readonly text: CommentFreeText;
}

/** Punctuation, longest first so `::=` wins over `:` and `...` over `..`. */
const PUNCTUATION = ['::=', '...', '..', '[[', ']]', '{', '}', '(', ')', '[', ']', ',', ';', ':', '.', '|', '!', '<', '>', '@', '^', '='];

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isLetter(c) || isDigit(c);
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const HYPHEN = 45;

export function tokenize(text: string, file: string): LexResult {
  const tokens: LexToken[] = [];
  const comments: [number, number][] = [];
  let line = 1;
  // A byte order mark is not part of the text (columns count from after it).
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = lineStart;
  const n = text.length;
  const posAt = (offset: number): Pos => ({ file, line, col: offset - lineStart + 1 });
  const fail = (code: string, at: Pos, what: string): never => {
    throw new Asn1Error(code, at, what);
  };
  const newline = (offset: number): void => {
    line++;
    lineStart = offset + 1;
  };
  /** Word rule: a letter, then letters, digits and single hyphens, never ending in a hyphen. */
  const wordEnd = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isAlnum(c)) j++;
      else if (c === HYPHEN && j + 1 < n && isAlnum(text.charCodeAt(j + 1))) j++;
      else break;
    }
    return j;
  };
  const push = (kind: Token['kind'], start: number, end: number, pos: Pos): void => {
    tokens.push({ kind, text: text.slice(start, end), pos, start, end });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (c === 10) newline(i);
      i++;
      continue;
    }
    const pos = posAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c === HYPHEN && next === HYPHEN) {
      // `--` comment: ends at the next `--` or at the end of the line (the newline is not part of it).
      // A longer run of hyphens closes only at its last two, so `-- x ---` or `-----` leave no stray `-`.
      let j = i + 2;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13) break;
        if (d === HYPHEN && text.charCodeAt(j + 1) === HYPHEN && text.charCodeAt(j + 2) !== HYPHEN) {
          j += 2;
          break;
        }
        j++;
      }
      comments.push([i, j]);
      i = j;
      continue;
    }
    if (c === 47 /* / */ && next === 42 /* * */) {
      let depth = 0;
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (d === 42 && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else {
          if (d === 10) newline(j);
          j++;
        }
      }
      if (depth !== 0) fail('unterminated-comment', pos, "comment '/*' is never closed with '*/' (block comments nest)");
      comments.push([i, j]);
      i = j;
      continue;
    }
    if (isLetter(c)) {
      const end = wordEnd(i);
      push('word', i, end, pos);
      i = end;
      continue;
    }
    if (isDigit(c) || (c === HYPHEN && isDigit(next))) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (j < n && isLetter(text.charCodeAt(j))) {
        fail('bad-number', pos, `number runs into letters (${JSON.stringify(text.slice(i, wordEnd(j)))}); put a space or punctuation after the digits`);
      }
      if (!Number.isSafeInteger(Number(text.slice(i, j)))) {
        fail('bad-number', pos, `number ${text.slice(i, j)} is beyond 2^53, which the compiler cannot represent exactly`);
      }
      push('number', i, j, pos);
      i = j;
      continue;
    }
    if (c === 38 /* & */) {
      if (!isLetter(next)) fail('unexpected-character', pos, "'&' must start a field reference such as '&ArgumentType'");
      const end = wordEnd(i + 1);
      push('field', i, end, pos);
      i = end;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        if (j >= n) fail('unterminated-string', pos, 'string \'"\' is never closed');
        const d = text.charCodeAt(j);
        if (d === 10) newline(j);
        if (d === 34) {
          if (text.charCodeAt(j + 1) === 34) j += 2; // "" stands for one quote
          else break;
        } else j++;
      }
      push('string', i, j + 1, pos);
      i = j + 1;
      continue;
    }
    if (c === 39 /* ' */) {
      i = quotedString(text, i, pos, push, newline, fail);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct === undefined) {
      const shown = c < 32 || c > 126 ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : text[i];
      fail('unexpected-character', pos, `character ${shown} is not part of ASN.1 outside comments and strings`);
    } else {
      push('punct', i, i + punct.length, pos);
      i += punct.length;
    }
  }
  return { tokens, eofPos: posAt(n), text: new CommentFreeText(text, comments) };
}

/** `'0101'B` / `'0A1F'H` (white space inside is allowed and ignored). Returns the offset after it. */
function quotedString(
  text: string,
  i: number,
  pos: Pos,
  push: (kind: Token['kind'], start: number, end: number, pos: Pos) => void,
  newline: (offset: number) => void,
  fail: (code: string, at: Pos, what: string) => never,
): number {
  const close = text.indexOf("'", i + 1);
  if (close < 0) fail('unterminated-string', pos, "quoted string \"'\" is never closed");
  const body = text.slice(i + 1, close);
  for (let j = i + 1; j < close; j++) if (text.charCodeAt(j) === 10) newline(j);
  const suffix = text[close + 1];
  const after = close + 2 < text.length ? text.charCodeAt(close + 2) : -1;
  if ((suffix !== 'B' && suffix !== 'H') || isAlnum(after)) {
    fail('bad-quoted-string', pos, `'${body}' must be followed directly by B (bit string) or H (hex string)`);
  }
  const digits = body.replace(/\s+/g, '');
  if (suffix === 'B' && !/^[01]*$/.test(digits)) {
    fail('bad-bstring', pos, `bit string '${body}'B may hold only 0, 1 and white space`);
  }
  if (suffix === 'H' && !/^[0-9A-F]*$/.test(digits)) {
    fail('bad-hstring', pos, `hex string '${body}'H may hold only 0-9, upper-case A-F and white space`);
  }
  push(suffix === 'B' ? 'bstring' : 'hstring', i, close + 2, pos);
  return close + 2;
}

/** Stands in for comment characters in `CommentFreeText` (NUL cannot occur outside comments: the lexer rejects it). */
const GONE = '\u0000';
const isAlnumChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);

/** The source text with every comment character marked as removed (line breaks kept). */
export class CommentFreeText {
  private readonly marked: string;

  constructor(text: string, comments: readonly [number, number][]) {
    let out = '';
    let from = 0;
    for (const [s, e] of comments) {
      out += text.slice(from, s) + text.slice(s, e).replace(/[^\n]/g, GONE);
      from = e;
    }
    this.marked = out + text.slice(from);
  }

  /**
   * `[start, end)` as written with comments removed (a comment between two word characters leaves
   * one space), each line's trailing white space trimmed, and lines that held nothing but a comment
   * dropped. The first line starts at `start`; later lines keep their indentation.
   */
  quote(start: number, end: number): string {
    const lines: string[] = [];
    for (const raw of this.marked.slice(start, end).split('\n')) {
      if (!raw.includes(GONE)) {
        lines.push(raw.trimEnd());
        continue;
      }
      const line = raw
        .replace(/\u0000+/g, (gone: string, at: number) => (isAlnumChar(raw[at - 1]) && isAlnumChar(raw[at + gone.length]) ? ' ' : ''))
        .trimEnd();
      if (line !== '') lines.push(line);
    }
    return lines.join('\n');
  }

  /** `[start, end)` with comments removed and every run of white space made one space (module OIDs). */
  oneLine(start: number, end: number): string {
    return this.marked.slice(start, end).replace(/\u0000+/g, ' ').replace(/\s+/g, ' ');
  }
}
