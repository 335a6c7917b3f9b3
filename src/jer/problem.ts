/**
 * How the JER converter reports a value that does not fit its type: a BerError with code
 * `invalid-value`, kind `value`, offset -1 and the ASN.1 path of the offending value
 * (component identifiers, CHOICE alternative identifiers, `[i]` for SEQUENCE OF items).
 */
import { BerError } from '../ber/error.js';

/**
 * The path from the outermost value to the one being converted. The converters push and pop
 * segments as they descend; `jerError` copies it, so the stack can be reused afterwards.
 */
export type JerPath = string[];

export function jerError(path: JerPath, detail: string): BerError {
  return new BerError('invalid-value', 'value', -1, detail, path.slice());
}

const SHOWN_CHARS = 40;
const SHOWN_KEYS = 5;

/** What a JSON (or TypeScript) value is, in words, for "expected …, found …" messages. */
export function describeFound(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing (undefined)';
  switch (typeof v) {
    case 'string':
      return `string ${JSON.stringify(v.length > SHOWN_CHARS ? `${v.slice(0, SHOWN_CHARS)}…` : v)}`;
    case 'number':
      return `number ${v}`;
    case 'boolean':
      return `boolean ${v}`;
    case 'bigint':
      return `bigint ${v}n`;
    case 'object':
      break;
    default:
      return typeof v;
  }
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v instanceof Uint8Array) return `a Uint8Array of ${v.length} bytes`;
  const keys = Object.keys(v);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, SHOWN_KEYS).map((k) => JSON.stringify(k));
  return `an object with keys ${shown.join(', ')}${keys.length > SHOWN_KEYS ? ', …' : ''}`;
}

/** `"a", "b", "c"`: the valid choices, for messages that list them. */
export function listNames(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.map((n) => JSON.stringify(n)).join(', ');
}

/** A plain JSON-style object (not null, not an array, not bytes). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}
