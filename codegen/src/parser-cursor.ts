/**
 * The recursive-descent parser's view of the token list: peek/accept/expect, balanced token
 * runs (`{...}`, `(...)`), and errors that name what was expected and what was found.
 */
import type { Pos, Token } from './ast.js';
import { Asn1Error, describeToken } from './diagnostics.js';
import type { LexResult, LexToken } from './lexer.js';

/** Closing bracket for each opening one; `[[` is two `[`. */
const CLOSER: Record<string, string[]> = { '{': ['}'], '(': [')'], '[': [']'], '[[': [']', ']'] };

/** X.681 objectclassreference / the upper-case-only convention: `OPERATION`, `MECHANISM-NAME`. */
export const isAllCaps = (text: string): boolean => /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/.test(text);
export const isUpperInitial = (text: string): boolean => /^[A-Z]/.test(text);
export const isLowerInitial = (text: string): boolean => /^[a-z]/.test(text);

/** The token as it goes into the AST (no offsets). */
export const plainToken = (t: LexToken): Token => ({ kind: t.kind, text: t.text, pos: t.pos });

export class Cursor {
  private index = 0;
  /** End offset of the last token taken, for assignment `source`. */
  lastEnd = 0;

  constructor(readonly lex: LexResult) {}

  get done(): boolean {
    return this.index >= this.lex.tokens.length;
  }

  peek(ahead = 0): LexToken | undefined {
    return this.lex.tokens[this.index + ahead];
  }

  /** The token taken last. */
  get last(): LexToken | undefined {
    return this.lex.tokens[this.index - 1];
  }

  isWord(text?: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && t.kind === 'word' && (text === undefined || t.text === text);
  }

  isPunct(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  /** Takes the next token; at the end of the text fails with `what` as the expectation. */
  next(what = 'expected more input'): LexToken {
    const t = this.peek();
    if (t === undefined) this.unexpected(what);
    this.index++;
    this.lastEnd = t.end;
    return t;
  }

  acceptWord(text: string): LexToken | undefined {
    return this.isWord(text) ? this.next() : undefined;
  }

  acceptPunct(text: string): LexToken | undefined {
    return this.isPunct(text) ? this.next() : undefined;
  }

  expectPunct(text: string, context: string, open?: LexToken): LexToken {
    if (!this.isPunct(text)) this.unexpected(`expected '${text}' ${context}`, 'unexpected-token', open);
    return this.next();
  }

  expectWord(text: string, context: string): LexToken {
    if (!this.isWord(text)) this.unexpected(`expected '${text}' ${context}`);
    return this.next();
  }

  /** A word of any spelling (reference, identifier); `what` says which kind is wanted. */
  expectAnyWord(what: string): LexToken {
    if (!this.isWord() || this.isWord('END')) this.unexpected(`expected ${what}`);
    return this.next();
  }

  /**
   * Fails on the next token. `END` turns a generic 'unexpected-token' into 'unexpected-end'; the end
   * of the text is 'unterminated-block' at `open` when given (an unclosed bracket), else 'unexpected-eof'.
   */
  unexpected(expected: string, code = 'unexpected-token', open?: LexToken): never {
    const t = this.peek();
    if (t === undefined) {
      if (open !== undefined) this.unterminated(open);
      throw new Asn1Error('unexpected-eof', this.lex.eofPos, `${expected}, found end of file`);
    }
    const finalCode = code === 'unexpected-token' && t.kind === 'word' && t.text === 'END' ? 'unexpected-end' : code;
    throw new Asn1Error(finalCode, t.pos, `${expected}, found ${describeToken(t.text)}`);
  }

  fail(code: string, pos: Pos, detail: string): never {
    throw new Asn1Error(code, pos, detail);
  }

  unterminated(open: LexToken): never {
    const closer = (CLOSER[open.text] ?? ['?']).join('');
    throw new Asn1Error('unterminated-block', open.pos, `'${open.text}' is never closed: add the matching '${closer}'`);
  }

  /**
   * After taking an opening `{`, `(`, `[` or `[[`: everything up to its matching closer, which is
   * taken too. Returns the tokens in between (nested brackets included).
   */
  balanced(open: LexToken): LexToken[] {
    const stack: { closer: string; opener: LexToken }[] = [];
    const push = (t: LexToken): void => {
      for (const closer of CLOSER[t.text] ?? []) stack.push({ closer, opener: t });
    };
    push(open);
    const inner: LexToken[] = [];
    for (;;) {
      const t = this.peek();
      if (t === undefined) this.unterminated(stack[stack.length - 1]?.opener ?? open);
      this.next();
      if (t.kind === 'punct' && CLOSER[t.text] !== undefined) push(t);
      else if (t.kind === 'punct' && (t.text === '}' || t.text === ')' || t.text === ']' || t.text === ']]')) {
        for (const ch of t.text === ']]' ? [']', ']'] : [t.text]) {
          const top = stack.pop();
          if (top === undefined || top.closer !== ch) {
            const where = top === undefined ? '' : ` where '${top.closer}' closes '${top.opener.text}' opened at ${top.opener.pos.line}:${top.opener.pos.col}`;
            this.fail('unexpected-token', t.pos, `unbalanced brackets: found '${t.text}'${where}`);
          }
        }
        if (stack.length === 0) return inner;
      }
      inner.push(t);
    }
  }

  /** Source text of `[start, lastEnd)` for an assignment (see `CommentFreeText.quote`). */
  quote(start: number): string {
    return this.lex.text.quote(start, this.lastEnd);
  }
}
