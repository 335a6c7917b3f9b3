/**
 * JER (X.697) JSON value → TypeScript value, walking the codec's schema and checking everything
 * on the way: JSON types, object members (unknown ones are refused, with the valid ones listed),
 * mandatory components, ENUMERATED identifiers, hex, character repertoires, time and OID syntax,
 * and the SIZE and value-range bounds the schema carries.
 *
 * Absent OPTIONAL and DEFAULT components stay absent (the property is omitted, the DEFAULT value
 * is not filled in), which is also what the BER decoder produces.
 */
import type { BitString, RawElement } from '../ber/codec.js';
import { resolveRef, type Bounds, type Schema } from '../ber/schema.js';
import { alternativesOf, fieldsOf, omittable, typeWords, UNKNOWN } from './lookup.js';
import { describeFound, isPlainObject, jerError, listNames, type JerPath } from './problem.js';
import { hexToRaw } from './raw.js';
import { charCount, expectedString, hexToBytes, oidProblem, stringProblem, timeProblem } from './text.js';

/** The TypeScript value of `json`, a JER value of `schema`; `path` is the position, for errors. */
export function schemaFromJer(schema: Schema, json: unknown, path: JerPath): unknown {
  switch (schema.t) {
    case 'boolean':
      if (typeof json !== 'boolean') throw expected(path, 'true or false', json);
      return json;
    case 'null':
      if (json !== null) throw expected(path, 'null', json);
      return null;
    case 'integer':
      if (typeof json !== 'number' || !Number.isSafeInteger(json)) throw expected(path, 'an integer number within ±(2^53 - 1)', json);
      checkBounds(path, schema.range, json, 'value', '');
      return json === 0 ? 0 : json; // JSON's -0 is the integer 0 (BER has no other)
    case 'enumerated':
      if (typeof json !== 'string' || !Object.hasOwn(schema.values, json)) {
        throw expected(path, `one of the identifiers ${listNames(Object.keys(schema.values))}`, json);
      }
      return json;
    case 'octets': {
      const bytes = hex(path, json, 'hex digits (OCTET STRING)');
      checkBounds(path, schema.size, bytes.length, 'SIZE', ' octets');
      return bytes;
    }
    case 'bits':
      return bitsFromJer(schema.size, json, path);
    case 'string': {
      if (typeof json !== 'string') throw expected(path, expectedString(schema.kind), json);
      const problem = stringProblem(schema.kind, json);
      if (problem !== undefined) throw jerError(path, problem);
      checkBounds(path, schema.size, charCount(schema.kind, json), 'SIZE', ' characters');
      return json;
    }
    case 'oid':
    case 'relativeOid': {
      const relative = schema.t === 'relativeOid';
      if (typeof json !== 'string') throw expected(path, `a dotted ${relative ? 'RELATIVE-OID' : 'OBJECT IDENTIFIER'} string`, json);
      const problem = oidProblem(json, relative);
      if (problem !== undefined) throw jerError(path, problem);
      return json;
    }
    case 'time': {
      if (typeof json !== 'string') throw expected(path, `a ${schema.kind} string`, json);
      const problem = timeProblem(schema.kind, json);
      if (problem !== undefined) throw jerError(path, problem);
      return json;
    }
    case 'open':
      return raw(path, json);
    case 'sequenceOf':
    case 'setOf':
      return itemsFromJer(schema, json, path);
    case 'sequence':
    case 'set':
      return sequenceFromJer(schema, json, path);
    case 'choice':
      return choiceFromJer(schema, json, path);
  }
}

function expected(path: JerPath, what: string, found: unknown) {
  return jerError(path, `expected ${what}, found ${describeFound(found)}`);
}

/** Bounds are inclusive; `what` is 'SIZE' or 'value', `unit` names what was counted. */
function checkBounds(path: JerPath, b: Bounds | undefined, n: number, what: string, unit: string): void {
  if (b === undefined) return;
  if ((b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max)) {
    const range = `${b.min ?? 'MIN'}..${b.max ?? 'MAX'}`;
    throw jerError(path, what === 'SIZE' ? `expected SIZE (${range}), found ${n}${unit}` : `expected a value in ${range}, found ${n}`);
  }
}

function hex(path: JerPath, json: unknown, what: string): Uint8Array {
  if (typeof json !== 'string') throw expected(path, `a string of ${what}`, json);
  const bytes = hexToBytes(json);
  if (!(bytes instanceof Uint8Array)) throw jerError(path, bytes.problem);
  return bytes;
}

function raw(path: JerPath, json: unknown): RawElement {
  if (typeof json !== 'string') throw expected(path, 'a string with the hex of one BER element', json);
  const r = hexToRaw(json);
  if ('problem' in r) throw jerError(path, r.problem);
  return r;
}

/** X.697: bare hex for a fixed-size BIT STRING, `{ "value": hex, "length": bits }` otherwise (accepted for both). */
function bitsFromJer(size: Bounds | undefined, json: unknown, path: JerPath): BitString {
  const fixed = size?.min !== undefined && size.min === size.max ? size.min : -1;
  let length: number;
  let bytes: Uint8Array;
  if (typeof json === 'string' && fixed >= 0) {
    length = fixed;
    bytes = hex(path, json, 'hex digits (BIT STRING)');
  } else if (isPlainObject(json)) {
    const extra = Object.keys(json).find((k) => k !== 'value' && k !== 'length');
    if (extra !== undefined) throw jerError(path, `a BIT STRING object has members "value" and "length" only, found ${JSON.stringify(extra)}`);
    const n = json.length;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw expected(path, 'a BIT STRING "length" that is a non-negative integer', n);
    length = n === 0 ? 0 : n; // -0 too
    path.push('value');
    bytes = hex(path, json.value, 'hex digits (BIT STRING)');
    path.pop();
  } else {
    const form = fixed >= 0 ? `a string of hex digits for ${fixed} bits, or ` : '';
    throw expected(path, `${form}an object { "value": hex, "length": bits } (BIT STRING)`, json);
  }
  if (bytes.length !== Math.ceil(length / 8)) {
    throw jerError(path, `a BIT STRING of ${length} bits takes ${Math.ceil(length / 8)} octets of hex, found ${bytes.length}`);
  }
  const unused = bytes.length * 8 - length;
  if (unused > 0 && (bytes[bytes.length - 1] & ((1 << unused) - 1)) !== 0) {
    throw jerError(path, `the ${unused} unused bit${unused === 1 ? '' : 's'} after bit ${length - 1} in the last octet of the BIT STRING must be zero`);
  }
  checkBounds(path, size, length, 'SIZE', ' bits');
  return { length, bytes };
}

function itemsFromJer(schema: Extract<Schema, { t: 'sequenceOf' | 'setOf' }>, json: unknown, path: JerPath): unknown[] {
  if (!Array.isArray(json)) throw expected(path, `an array (${schema.t === 'setOf' ? 'SET OF' : 'SEQUENCE OF'})`, json);
  checkBounds(path, schema.size, json.length, 'SIZE', ' items');
  const item = resolveRef(schema.item);
  const out = new Array<unknown>(json.length);
  for (let i = 0; i < json.length; i++) {
    path.push(`[${i}]`);
    out[i] = schemaFromJer(item, json[i], path);
    path.pop();
  }
  return out;
}

function sequenceFromJer(schema: Extract<Schema, { t: 'sequence' | 'set' }>, json: unknown, path: JerPath): Record<string, unknown> {
  if (!isPlainObject(json)) throw expected(path, `an object for ${typeWords(schema)}`, json);
  const members = fieldsOf(schema);
  for (const id of Object.keys(json)) {
    if (id !== UNKNOWN && !members.byId.has(id)) {
      throw jerError(path, `${JSON.stringify(id)} is not a component of ${typeWords(schema)}; its components are ${listNames(members.ids)}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) {
    if (!Object.hasOwn(json, f.id)) {
      if (!omittable(f)) throw jerError(path, `mandatory component ${JSON.stringify(f.id)} of ${typeWords(schema)} is missing`);
      continue;
    }
    path.push(f.id);
    out[f.key] = schemaFromJer(resolveRef(f.type), json[f.id], path);
    path.pop();
  }
  if (Object.hasOwn(json, UNKNOWN)) {
    const list = json[UNKNOWN];
    path.push(UNKNOWN);
    if (!Array.isArray(list)) throw expected(path, 'an array of hex strings, one BER element each', list);
    out[UNKNOWN] = list.map((item, i) => {
      path.push(`[${i}]`);
      const r = raw(path, item);
      path.pop();
      return r;
    });
    path.pop();
  }
  return out;
}

function choiceFromJer(schema: Extract<Schema, { t: 'choice' }>, json: unknown, path: JerPath): { case: string; value: unknown } {
  const members = alternativesOf(schema);
  const valid = () => listNames(schema.extensible ? [...members.ids, UNKNOWN] : members.ids);
  if (!isPlainObject(json)) throw expected(path, `an object with one member, the alternative of ${typeWords(schema)}`, json);
  const keys = Object.keys(json);
  if (keys.length !== 1) {
    throw jerError(path, `${typeWords(schema)} takes an object with exactly one member (one of ${valid()}), found ${keys.length} members`);
  }
  const id = keys[0];
  path.push(id);
  let out: { case: string; value: unknown };
  if (id === UNKNOWN && schema.extensible) {
    out = { case: UNKNOWN, value: raw(path, json[id]) };
  } else {
    const alt = members.byId.get(id);
    if (alt === undefined) {
      path.pop();
      throw jerError(path, `${JSON.stringify(id)} is not an alternative of ${typeWords(schema)}; its alternatives are ${valid()}`);
    }
    out = { case: alt.key, value: schemaFromJer(resolveRef(alt.type), json[id], path) };
  }
  path.pop();
  return out;
}
