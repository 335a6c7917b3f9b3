/**
 * TypeScript value → JER (X.697) JSON value, walking the codec's schema.
 *
 * The TypeScript value's *shape* is checked (a wrong JavaScript type, an unknown CHOICE case or a
 * missing mandatory component cannot be written as JER), but SIZE and range constraints are not:
 * a value decoded from a switch that breaks a constraint must still be printable. `fromJer`
 * checks them.
 */
import type { BitString, RawElement } from '../ber/codec.js';
import { resolveRef, type Schema } from '../ber/schema.js';
import { alternativesOf, fieldsOf, omittable, typeWords, UNKNOWN } from './lookup.js';
import { describeFound, isPlainObject, jerError, listNames, type JerPath } from './problem.js';
import { rawToHex } from './raw.js';
import { bytesToHex } from './text.js';

/** The JER JSON value of `value`, a value of `schema`; `path` is the position, for errors. */
export function schemaToJer(schema: Schema, value: unknown, path: JerPath): unknown {
  switch (schema.t) {
    case 'boolean':
      if (typeof value !== 'boolean') throw expected(path, 'a boolean', value);
      return value;
    case 'null':
      if (value !== null) throw expected(path, 'null', value);
      return null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw expected(path, 'an integer within ±(2^53 - 1)', value);
      return value;
    case 'enumerated':
      if (typeof value !== 'string' || !Object.hasOwn(schema.values, value)) {
        throw expected(path, `one of the identifiers ${listNames(Object.keys(schema.values))}`, value);
      }
      return value;
    case 'octets':
      if (!(value instanceof Uint8Array)) throw expected(path, 'a Uint8Array', value);
      return bytesToHex(value);
    case 'bits':
      return bitsToJer(schema.size?.min !== undefined && schema.size.min === schema.size.max ? schema.size.min : -1, value, path);
    case 'string':
    case 'oid':
    case 'relativeOid':
    case 'time':
      if (typeof value !== 'string') throw expected(path, 'a string', value);
      return value;
    case 'open':
      return rawToJer(value, path);
    case 'sequenceOf':
    case 'setOf':
      return itemsToJer(resolveRef(schema.item), value, path);
    case 'sequence':
    case 'set':
      return sequenceToJer(schema, value, path);
    case 'choice':
      return choiceToJer(schema, value, path);
  }
}

function expected(path: JerPath, what: string, found: unknown) {
  return jerError(path, `expected ${what}, found ${describeFound(found)}`);
}

/** X.697: a fixed-size BIT STRING is bare hex; otherwise `{ "value": hex, "length": bits }`. */
function bitsToJer(fixedSize: number, value: unknown, path: JerPath): unknown {
  const v = value as Partial<BitString>;
  if (!isPlainObject(value) || typeof v.length !== 'number' || !Number.isInteger(v.length) || v.length < 0 || !(v.bytes instanceof Uint8Array)) {
    throw expected(path, 'a BitString { length, bytes }', value);
  }
  if (v.bytes.length !== Math.ceil(v.length / 8)) {
    throw jerError(path, `a BIT STRING of ${v.length} bits needs ${Math.ceil(v.length / 8)} bytes, found ${v.bytes.length}`);
  }
  const hex = bytesToHex(v.bytes);
  // A value that breaks its fixed size keeps the object form, so its length is not lost.
  return v.length === fixedSize ? hex : { value: hex, length: v.length };
}

function rawToJer(value: unknown, path: JerPath): string {
  if (!isPlainObject(value) || !((value as Partial<RawElement>).bytes instanceof Uint8Array)) {
    throw expected(path, 'a RawElement { tag, constructed, bytes }', value);
  }
  return rawToHex(value as unknown as RawElement);
}

function itemsToJer(item: Schema, value: unknown, path: JerPath): unknown[] {
  if (!Array.isArray(value)) throw expected(path, 'an array', value);
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    path.push(`[${i}]`);
    out[i] = schemaToJer(item, value[i], path);
    path.pop();
  }
  return out;
}

function sequenceToJer(schema: Extract<Schema, { t: 'sequence' | 'set' }>, value: unknown, path: JerPath): Record<string, unknown> {
  if (!isPlainObject(value)) throw expected(path, `an object for ${typeWords(schema)}`, value);
  const members = fieldsOf(schema);
  for (const key of Object.keys(value)) {
    if (key !== UNKNOWN && !members.byKey.has(key) && value[key] !== undefined) {
      throw jerError(path, `property ${JSON.stringify(key)} is not a component of ${typeWords(schema)}; its properties are ${listNames(members.keys)}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) {
    const v = value[f.key];
    if (v === undefined) {
      if (!omittable(f)) throw jerError(path, `mandatory component ${JSON.stringify(f.id)} (property ${JSON.stringify(f.key)}) is missing`);
      continue;
    }
    path.push(f.id);
    out[f.id] = schemaToJer(resolveRef(f.type), v, path);
    path.pop();
  }
  const unknown = value[UNKNOWN];
  if (unknown !== undefined) {
    path.push(UNKNOWN);
    if (!Array.isArray(unknown)) throw expected(path, 'an array of RawElement', unknown);
    out[UNKNOWN] = unknown.map((raw, i) => {
      path.push(`[${i}]`);
      const hex = rawToJer(raw, path);
      path.pop();
      return hex;
    });
    path.pop();
  }
  return out;
}

function choiceToJer(schema: Extract<Schema, { t: 'choice' }>, value: unknown, path: JerPath): Record<string, unknown> {
  const members = alternativesOf(schema);
  const c = isPlainObject(value) ? value.case : undefined;
  if (typeof c !== 'string') throw expected(path, `{ case, value } for ${typeWords(schema)}`, value);
  const v = (value as { value?: unknown }).value;
  if (c === UNKNOWN) {
    path.push(UNKNOWN);
    const hex = rawToJer(v, path);
    path.pop();
    return { [UNKNOWN]: hex };
  }
  const alt = members.byKey.get(c);
  if (alt === undefined) {
    throw jerError(path, `case ${JSON.stringify(c)} is not an alternative of ${typeWords(schema)}; its cases are ${listNames(members.keys)}`);
  }
  path.push(alt.id);
  const out = schemaToJer(resolveRef(alt.type), v, path);
  path.pop();
  return { [alt.id]: out };
}
