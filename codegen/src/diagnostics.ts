/**
 * The one error family of the ASN.1 compiler (lexer, parser, resolver). Callers and tests branch on
 * `code`, a stable string, never on the message text; the message always starts with
 * `file:line:col:` so an editor can jump to it.
 */
import type { Pos } from './ast.js';

/**
 * Codes raised by the lexer and the parser. The resolver adds its own (`unresolved-name`,
 * `ambiguous-tag`, ...), which is why `Asn1Error.code` is a plain string.
 */
export type SyntaxErrorCode =
  /** A character that starts no ASN.1 lexical item (outside comments and strings). */
  | 'unexpected-character'
  /** `/*` without its closing `*\/` (they nest). Reported at the opening `/*`. */
  | 'unterminated-comment'
  /** `"` or `'` without the closing quote. Reported at the opening quote. */
  | 'unterminated-string'
  /** `'...'B` holding something other than 0, 1 and white space. */
  | 'bad-bstring'
  /** `'...'H` holding something other than 0-9, A-F and white space. */
  | 'bad-hstring'
  /** `'...'` followed by neither B nor H. */
  | 'bad-quoted-string'
  /** Digits run into letters (`12ab`), or the number is beyond 2^53. */
  | 'bad-number'
  /** A number was required (tag number, named number, enumeration value). */
  | 'expected-number'
  /** An assignment's name is not followed by `::=` where the grammar needs it. */
  | 'expected-assignment'
  /** Any other token in the wrong place; the message says what was expected. */
  | 'unexpected-token'
  /** `END` where the module body still needed something (a type, a value, a `}`). */
  | 'unexpected-end'
  /** The text ends inside a module (no `END`). */
  | 'unexpected-eof'
  /** `{`, `(` or `[` never closed. Reported at the opening bracket. */
  | 'unterminated-block'
  /** A tag class other than UNIVERSAL, APPLICATION or PRIVATE. */
  | 'bad-tag-class'
  /** `,,` in a list. */
  | 'duplicate-comma'
  /** `, }` at the end of a list. */
  | 'trailing-comma'
  /** IMPORTS (or EXPORTS) not closed by `;` before the first assignment. */
  | 'missing-semicolon'
  /** `SEQUENCE`/`SET` followed by a constraint but not by `OF`. */
  | 'missing-of'
  /** Something after a module's `END` that does not start another module. */
  | 'token-after-end'
  /** Valid X.680/X.681 the compiler does not take (the message names the construct). */
  | 'unsupported-syntax';

export class Asn1Error extends Error {
  override readonly name = 'Asn1Error';

  constructor(
    /** Stable identifier of what went wrong (see `SyntaxErrorCode` for the parser's codes). */
    readonly code: string,
    /** Where: file, 1-based line and column. */
    readonly pos: Pos,
    /** What happened and, where it helps, what to do; without the position (it is prefixed). */
    readonly detail: string,
  ) {
    super(`${pos.file}:${pos.line}:${pos.col}: ${detail}`);
  }
}

/** `'SEQUENCE'`, or `end of file` – how a found token is quoted in messages. */
export function describeToken(text: string | undefined): string {
  return text === undefined ? 'end of file' : `'${text}'`;
}
