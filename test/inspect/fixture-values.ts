/**
 * Checking a decoded APDU's JER against the `values` of a fixture vector
 * (../shared/fixtures/hipath-vectors.json). The fixture names values in the words of its sources,
 * not as JER paths, so each entry `key: expected` is looked up as:
 *
 * - the JER members named `key` anywhere in the APDU object (`a.b`: members `b` inside a member
 *   `a`), after ALIASES (the fixture's X.227-1988 ACSE names vs the ACSE-1 identifiers we use);
 * - one of them must match `expected`, where matching allows for JER's forms: an OCTET STRING is
 *   hex (`"AMHOST"` ⇔ `"414D484F5354"`), a CHOICE is `{alternative: …}` (`"notKnown"`), a device
 *   or connection is matched by a string inside it (`"100"` ⇔ `{"deviceIdentifier":{"dialingNumber":"100"}}`),
 *   `"noData (NULL)"` names an alternative, `"versionFour (bit 3)"` a bit that must be set, and a
 *   number may be an ENUMERATED's value (ENUMERATED below gives the identifier ↔ number tables,
 *   from the generated codecs).
 */
import { ABRT_diagnostic } from '../../generated/acse-1.js';

const ALIASES: Readonly<Record<string, string>> = {
  'application-context-name': 'aSO-context-name',
};

const ENUMERATED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'abort-diagnostic': ABRT_diagnostic.values,
};

/** Every value of a member named `name` at any depth of `tree`. */
function membersNamed(tree: unknown, name: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(tree)) {
    for (const item of tree) membersNamed(item, name, out);
  } else if (tree !== null && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) {
      if (k === name) out.push(v);
      membersNamed(v, name, out);
    }
  }
  return out;
}

/** The values at `key` (dotted: a path of member names, each searched at any depth). */
export function lookup(jer: unknown, key: string): unknown[] {
  let found: unknown[] = [jer];
  for (const part of key.split('.')) {
    const name = ALIASES[part] ?? part;
    found = found.flatMap((f) => membersNamed(f, name));
  }
  return found;
}

function asciiHex(s: string): string {
  return Buffer.from(s, 'latin1').toString('hex').toUpperCase();
}

function strings(tree: unknown): string[] {
  if (typeof tree === 'string') return [tree];
  if (tree === null || typeof tree !== 'object') return [];
  return Object.values(tree).flatMap(strings);
}

/** Bit `n` (0 = most significant bit of the first byte) of a JER BIT STRING (hex, or {value, length}). */
function bitSet(jer: unknown, n: number): boolean {
  const hex = typeof jer === 'string' ? jer : (jer as { value?: unknown } | null)?.value;
  if (typeof hex !== 'string') return false;
  const byte = parseInt(hex.slice(2 * (n >> 3), 2 * (n >> 3) + 2), 16);
  return Number.isInteger(byte) && (byte & (0x80 >> (n & 7))) !== 0;
}

export function matches(key: string, found: unknown, expected: unknown): boolean {
  if (found === expected) return true;
  if (typeof expected === 'number') {
    const table = ENUMERATED[key];
    return typeof found === 'string' && table !== undefined && table[found] === expected;
  }
  if (typeof expected !== 'string') return false;
  // "noData (NULL)", "versionFour (bit 3)": an identifier with a note.
  const noted = /^(\S+) \((.*)\)$/.exec(expected);
  if (noted) {
    const bit = /^bit (\d+)$/.exec(noted[2]);
    if (bit) return bitSet(found, Number(bit[1]));
    return matches(key, found, noted[1]);
  }
  if (typeof found === 'string') return found === asciiHex(expected);
  if (found !== null && typeof found === 'object' && !Array.isArray(found)) {
    const keys = Object.keys(found);
    if (keys.length === 1 && keys[0] === expected) return true; // a CHOICE alternative
  }
  return strings(found).some((s) => s === expected || s === asciiHex(expected));
}

/** The fixture entries that the JER does not carry, as `key: expected (found: …)` lines; empty when all match. */
export function mismatches(jer: unknown, values: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const [key, expected] of Object.entries(values)) {
    const found = lookup(jer, key);
    if (!found.some((f) => matches(key, f, expected))) {
      bad.push(`${key}: ${JSON.stringify(expected)} (found: ${found.length === 0 ? 'no such member' : JSON.stringify(found).slice(0, 200)})`);
    }
  }
  return bad;
}
