/**
 * Values as JSON: the JSON Encoding Rules of ITU-T X.697 (JER), driven by each codec's schema
 * (src/ber/schema.ts). What the CLI prints and reads, what logs and fixtures hold.
 *
 * | ASN.1                    | TypeScript value             | JER                                        |
 * | ------------------------ | ---------------------------- | ------------------------------------------ |
 * | SEQUENCE / SET           | object keyed by `key`        | object keyed by the ASN.1 identifier `id`  |
 * | absent OPTIONAL/DEFAULT  | property omitted/undefined   | member omitted                             |
 * | CHOICE                   | `{ case: key, value }`       | `{ "<alternative id>": value }`            |
 * | SEQUENCE OF / SET OF     | array                        | array                                      |
 * | ENUMERATED               | identifier                   | identifier                                 |
 * | INTEGER, BOOLEAN, NULL   | number, boolean, null        | number, true/false, null                   |
 * | OCTET STRING             | Uint8Array                   | hex string (written upper case, read either) |
 * | BIT STRING, SIZE(n)      | BitString                    | hex string of ⌈n/8⌉ octets                 |
 * | BIT STRING, other        | BitString                    | `{ "value": hex, "length": bits }`         |
 * | strings, times, OIDs     | string                       | string (OIDs dotted)                       |
 *
 * Two extensions beyond X.697, both because the contained type is not known to the schema:
 * - an open type (`{ t: 'open' }`, a RawElement) is the hex string of its complete TLV; X.697
 *   would write the contained value's own JER, which needs the operation table (ROSE layer);
 * - elements the ASN.1 does not define are kept: a SEQUENCE/SET value's `$unknown` list is the
 *   member `"$unknown": ["<TLV hex>", …]`, and an extensible CHOICE's unknown alternative is
 *   `{ "$unknown": "<TLV hex>" }`. `$` cannot start an ASN.1 identifier, so neither can clash.
 *
 * Errors are BerError `invalid-value` (kind `value`, offset -1) with `path` set to the ASN.1 path
 * of the offending value (component and alternative identifiers, `[i]` for items).
 */
import type { Codec } from '../ber/codec.js';
import { BerError } from '../ber/error.js';
import { schemaFromJer } from './from-jer.js';
import { jerError } from './problem.js';
import { schemaToJer } from './to-jer.js';

/**
 * The JER JSON value (not text) of `value`. Checks the value's shape but not SIZE or range
 * constraints, so that anything the BER decoder accepted can be shown.
 */
export function toJer<T>(codec: Codec<T>, value: T): unknown {
  return schemaToJer(codec.schema, value, []);
}

/**
 * Where `value` is not a value of the codec's type by its shape (what `toJer` checks: JavaScript
 * types, CHOICE cases, ENUMERATED identifiers, mandatory components), as a BerError
 * `invalid-value` whose `path` leads to the first such place, e.g. `callingDevice.deviceIdentifier`
 * and "expected { case, value } for CHOICE …, found string "100"". Undefined when the shape is
 * right. Generated encoders trust the TypeScript types and fail obscurely on a value of the wrong
 * shape; this is the explanation for that failure, so it walks the value only when asked.
 */
export function shapeProblem<T>(codec: Codec<T>, value: unknown): BerError | undefined {
  try {
    schemaToJer(codec.schema, value, []);
    return undefined;
  } catch (e) {
    // (anything else, e.g. a getter of the value that throws, explains nothing about the shape)
    return e instanceof BerError ? e : undefined;
  }
}

/** The value a JER JSON value stands for, checked against everything the schema says. */
export function fromJer<T>(codec: Codec<T>, json: unknown): T {
  return schemaFromJer(codec.schema, json, []) as T;
}

/** JER text; `indent` as JSON.stringify takes it (none by default: one line). */
export function toJerString<T>(codec: Codec<T>, value: T, indent?: number | string): string {
  return JSON.stringify(toJer(codec, value), null, indent);
}

/** The value JER text stands for; text that is not JSON is `invalid-value` with an empty path. */
export function fromJerString<T>(codec: Codec<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw jerError([], `the text for ${codec.name} is not JSON (${why})`);
  }
  return fromJer(codec, json);
}
