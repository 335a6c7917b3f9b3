/**
 * Text from the wire made safe to print on a terminal or in a log line. A switch (or anything
 * that connects to `csta sim`) chooses the dialing numbers, display texts and client names that
 * end up in our output; IA5String allows every ASCII control character, so such a value could
 * break a line in two, forge a log line, or carry terminal escape sequences (ESC [ 2 J clears the
 * screen). `printable` shows each such character as an escape instead: `\n`, `\r`, `\t`, `\e`
 * (ESC), `\xHH` (other C0, DEL, C1 controls), `\u{HHHH}` (bidirectional formatting characters,
 * which can make text read in a different order than it is stored). Everything else, including
 * any other Unicode, is kept as is.
 */

// C0 controls, DEL, C1 controls, and the bidirectional embedding/override/isolate characters.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escape(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).padStart(4, '0')}}`;
}

/** `text` with every control and bidirectional formatting character shown as an escape; one line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** `printable` for each line of a multi-line text (its line breaks kept). */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

// What JSON.stringify leaves as it is but a terminal acts on: DEL, C1 controls, bidi formatting.
const JSON_UNPRINTABLE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (JSON.stringify's output) with the characters it leaves as they are but a terminal
 * acts on written as `\uXXXX` escapes: still the same JSON, safe to print. (It escapes C0
 * controls itself.)
 */
export function printableJson(json: string): string {
  return json.replace(JSON_UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
