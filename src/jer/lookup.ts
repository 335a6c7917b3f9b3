/**
 * Per-schema lookup tables for the JER converters, built on first use and kept with the schema
 * object (a WeakMap, so schemas stay collectable): components and alternatives by TypeScript key
 * and by ASN.1 identifier.
 */
import type { AlternativeSchema, FieldSchema, Schema } from '../ber/schema.js';

type Constructed = Extract<Schema, { t: 'sequence' | 'set' | 'choice' }>;

export interface Members<M> {
  readonly byKey: ReadonlyMap<string, M>;
  readonly byId: ReadonlyMap<string, M>;
  /** Identifiers in definition order, for messages that list the valid ones. */
  readonly ids: readonly string[];
  /** TypeScript keys in definition order. */
  readonly keys: readonly string[];
}

const tables = new WeakMap<Constructed, Members<FieldSchema | AlternativeSchema>>();

function build<M extends { key: string; id: string }>(list: readonly M[]): Members<M> {
  return {
    byKey: new Map(list.map((m) => [m.key, m])),
    byId: new Map(list.map((m) => [m.id, m])),
    ids: list.map((m) => m.id),
    keys: list.map((m) => m.key),
  };
}

export function fieldsOf(s: Extract<Schema, { t: 'sequence' | 'set' }>): Members<FieldSchema> {
  let m = tables.get(s) as Members<FieldSchema> | undefined;
  if (m === undefined) tables.set(s, (m = build(s.fields)));
  return m;
}

export function alternativesOf(s: Extract<Schema, { t: 'choice' }>): Members<AlternativeSchema> {
  let m = tables.get(s) as Members<AlternativeSchema> | undefined;
  if (m === undefined) tables.set(s, (m = build(s.alternatives)));
  return m;
}

/** A component that may be left out of a value: OPTIONAL or DEFAULT. */
export function omittable(f: FieldSchema): boolean {
  return f.optional || f.default !== undefined;
}

/** The property TypeScript values use for CHOICE alternatives the ASN.1 does not define. */
export const UNKNOWN = '$unknown';

/** "SEQUENCE Mod.Type" or just "SEQUENCE" for an unnamed inline type: for messages. */
export function typeWords(s: Schema): string {
  const name = 'name' in s && s.name !== '' ? ` ${s.name}` : '';
  switch (s.t) {
    case 'sequence':
      return `SEQUENCE${name}`;
    case 'set':
      return `SET${name}`;
    case 'choice':
      return `CHOICE${name}`;
    default:
      return s.t;
  }
}
