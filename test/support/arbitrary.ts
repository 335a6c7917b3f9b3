/**
 * fast-check arbitraries for any codec, built from its schema (src/ber/schema.ts): what the
 * round-trip property tests of generated types draw their values from (style.md §23).
 *
 * Values respect the schema's SIZE and value-range bounds, the character repertoire of each
 * string kind, OID arc rules and time syntax. Absent OPTIONAL/DEFAULT components are omitted
 * properties (never `undefined`); CHOICE values are `{ case, value }` with a defined alternative
 * (never `$unknown`); no `$unknown` extension elements are produced.
 *
 * Recursion (through thunks) is cut at `maxDepth` constructed levels: from there on each type
 * takes its shortest finite shape (OPTIONAL components absent, the CHOICE alternatives that end
 * soonest, the fewest SEQUENCE OF items its SIZE allows). A type with no finite value at all is
 * an Error naming the loop. Arbitraries are memoized per schema and depth, so the types of a
 * whole specification share their sub-arbitraries.
 */
import fc from 'fast-check';
import type { Codec, RawElement } from '../../src/ber/codec.js';
import { resolveRef, type Bounds, type FieldSchema, type Schema, type StringKind } from '../../src/ber/schema.js';
import { omittable } from '../../src/jer/lookup.js';

export interface ArbitraryOptions {
  /** Constructed levels (SEQUENCE/SET/CHOICE/SEQUENCE OF) generated freely before the shortest shapes take over. Default 4. */
  readonly maxDepth?: number;
  /** Most SEQUENCE OF/SET OF items when the SIZE does not say fewer. Default 3. */
  readonly maxItems?: number;
}

const DEFAULT_DEPTH = 4;
const DEFAULT_ITEMS = 3;

export function arbitrary<T>(codec: Codec<T>, options: ArbitraryOptions = {}): fc.Arbitrary<T> {
  const maxDepth = options.maxDepth ?? DEFAULT_DEPTH;
  const maxItems = options.maxItems ?? DEFAULT_ITEMS;
  const ctx: Ctx = { maxDepth, maxItems, key: `${maxDepth}/${maxItems}` };
  if (height(codec.schema) === Infinity) throw new Error(`arbitrary(${codec.name}): ${explainLoop(codec.schema, codec.name)}`);
  return build(codec.schema, 0, ctx) as fc.Arbitrary<T>;
}

interface Ctx {
  readonly maxDepth: number;
  readonly maxItems: number;
  /** The options as a memo key. */
  readonly key: string;
}

// ---------------------------------------------------------------- memo and shortest shapes

/** Per schema, per options: the arbitrary at each level 0..maxDepth (maxDepth = shortest shapes). */
const memo = new WeakMap<Schema, Map<string, Array<fc.Arbitrary<unknown>>>>();
/** Built-in types do not depend on depth; equal literals (`{ t: 'integer' }` in many places) share one. */
const leaves = new Map<string, fc.Arbitrary<unknown>>();
const leafOf = new WeakMap<Schema, fc.Arbitrary<unknown>>();

function build(s: Schema, depth: number, ctx: Ctx): fc.Arbitrary<unknown> {
  if (isLeaf(s)) {
    let arb = leafOf.get(s);
    if (arb === undefined) {
      const key = JSON.stringify(s);
      arb = leaves.get(key);
      if (arb === undefined) leaves.set(key, (arb = leaf(s)));
      leafOf.set(s, arb);
    }
    return arb;
  }
  const level = Math.min(depth, ctx.maxDepth);
  let byOptions = memo.get(s);
  if (byOptions === undefined) memo.set(s, (byOptions = new Map()));
  let byLevel = byOptions.get(ctx.key);
  if (byLevel === undefined) byOptions.set(ctx.key, (byLevel = []));
  let arb = byLevel[level];
  if (arb === undefined) byLevel[level] = arb = level >= ctx.maxDepth ? shortest(s, ctx) : free(s, level, ctx);
  return arb;
}

const heights = new WeakMap<Schema, number>();

/**
 * Constructed levels the shortest finite value of `s` needs (Infinity: none exists). Computed for
 * everything reachable from `s` at once, by relaxing until nothing changes (a least fixpoint),
 * so recursive types get exact answers.
 */
function height(s: Schema): number {
  const known = heights.get(s);
  if (known !== undefined) return known;
  const todo: Schema[] = [];
  const seen = new Set<Schema>();
  const visit = (x: Schema) => {
    if (seen.has(x) || heights.has(x)) return;
    seen.add(x);
    todo.push(x);
    for (const c of children(x)) visit(c);
  };
  visit(s);
  const est = new Map<Schema, number>(todo.map((x) => [x, Infinity]));
  const h = (x: Schema) => heights.get(x) ?? est.get(x) ?? Infinity;
  for (let changed = true; changed; ) {
    changed = false;
    for (const x of todo) {
      const v = step(x, h);
      if (v < est.get(x)!) {
        est.set(x, v);
        changed = true;
      }
    }
  }
  for (const [x, v] of est) heights.set(x, v);
  return heights.get(s)!;
}

function children(s: Schema): Schema[] {
  switch (s.t) {
    case 'sequence':
    case 'set':
    case 'choice':
      return (s.t === 'choice' ? s.alternatives : s.fields).map((m) => resolveRef(m.type));
    case 'sequenceOf':
    case 'setOf':
      return [resolveRef(s.item)];
    default:
      return [];
  }
}

function step(s: Schema, h: (x: Schema) => number): number {
  switch (s.t) {
    case 'sequence':
    case 'set':
      return s.fields.reduce((m, f) => (omittable(f) ? m : Math.max(m, 1 + h(resolveRef(f.type)))), 0);
    case 'choice':
      return s.alternatives.reduce((m, a) => Math.min(m, 1 + h(resolveRef(a.type))), Infinity);
    case 'sequenceOf':
    case 'setOf':
      return (s.size?.min ?? 0) > 0 ? 1 + h(resolveRef(s.item)) : 0;
    default:
      return 0;
  }
}

/** "no finite value: Mod.A → b → Mod.B → a → Mod.A", following what every value must contain. */
function explainLoop(s: Schema, name: string): string {
  const trail = [name];
  const seen = new Set<Schema>();
  for (let x: Schema | undefined = s; x !== undefined && !seen.has(x); ) {
    seen.add(x);
    let next: { id: string; schema: Schema } | undefined;
    if (x.t === 'sequence' || x.t === 'set') {
      const f: FieldSchema | undefined = x.fields.find((c) => !omittable(c) && height(resolveRef(c.type)) === Infinity);
      if (f) next = { id: f.id, schema: resolveRef(f.type) };
    } else if (x.t === 'choice' && x.alternatives.length > 0) {
      next = { id: x.alternatives[0].id, schema: resolveRef(x.alternatives[0].type) };
    } else if (x.t === 'sequenceOf' || x.t === 'setOf') {
      next = { id: '[0]', schema: resolveRef(x.item) };
    }
    if (next === undefined) break;
    trail.push(next.id);
    if ('name' in next.schema && next.schema.name !== '') trail.push(next.schema.name);
    x = next.schema;
  }
  return (
    `no finite value exists: ${trail.join(' → ')} comes back to a type already on the way ` +
    '(a mandatory component, a SEQUENCE OF with a minimum SIZE, or a CHOICE whose every alternative recurses)'
  );
}

// ---------------------------------------------------------------- constructed types

function free(s: Schema, depth: number, ctx: Ctx): fc.Arbitrary<unknown> {
  const next = (ref: Schema) => build(ref, depth + 1, ctx);
  switch (s.t) {
    case 'sequence':
    case 'set': {
      const fields = s.fields.filter((f) => height(resolveRef(f.type)) < Infinity);
      return record(fields, (f) => next(resolveRef(f.type)), (f) => !omittable(f));
    }
    case 'choice':
      return fc.oneof(...s.alternatives.filter((a) => height(resolveRef(a.type)) < Infinity).map((a) => alternative(a.key, next(resolveRef(a.type)))));
    case 'sequenceOf':
    case 'setOf': {
      const item = resolveRef(s.item);
      // An item type with no finite value: the array is empty (its height says min is 0).
      if (height(item) === Infinity) return empty;
      const min = s.size?.min ?? 0;
      const max = Math.max(min, Math.min(s.size?.max ?? Infinity, min + ctx.maxItems));
      return fc.array(next(item), { minLength: min, maxLength: max });
    }
    default:
      return leaf(s);
  }
}

function shortest(s: Schema, ctx: Ctx): fc.Arbitrary<unknown> {
  const next = (ref: Schema) => build(ref, ctx.maxDepth, ctx);
  const h = height(s);
  switch (s.t) {
    case 'sequence':
    case 'set':
      return record(s.fields.filter((f) => !omittable(f)), (f) => next(resolveRef(f.type)), () => true);
    case 'choice':
      return fc.oneof(...s.alternatives.filter((a) => 1 + height(resolveRef(a.type)) === h).map((a) => alternative(a.key, next(resolveRef(a.type)))));
    case 'sequenceOf':
    case 'setOf': {
      const min = s.size?.min ?? 0;
      return min === 0 ? empty : fc.array(next(resolveRef(s.item)), { minLength: min, maxLength: min });
    }
    default:
      return leaf(s);
  }
}

/** A fresh empty array each time (never a shared instance a test could mutate). */
const empty: fc.Arbitrary<unknown[]> = fc.constant(0).map(() => []);

function record<F extends { key: string }>(fields: readonly F[], arb: (f: F) => fc.Arbitrary<unknown>, required: (f: F) => boolean) {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) model[f.key] = arb(f);
  return fc.record(model, { requiredKeys: fields.filter(required).map((f) => f.key), noNullPrototype: true });
}

function alternative(key: string, value: fc.Arbitrary<unknown>) {
  return value.map((v) => ({ case: key, value: v }));
}

// ---------------------------------------------------------------- built-in types

type Leaf = Exclude<Schema, { t: 'sequence' | 'set' | 'choice' | 'sequenceOf' | 'setOf' }>;

function isLeaf(s: Schema): s is Leaf {
  return s.t !== 'sequence' && s.t !== 'set' && s.t !== 'choice' && s.t !== 'sequenceOf' && s.t !== 'setOf';
}

function leaf(s: Leaf): fc.Arbitrary<unknown> {
  switch (s.t) {
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'integer':
      return integer(s.range, s.named);
    case 'enumerated':
      return fc.constantFrom(...Object.keys(s.values));
    case 'octets': {
      const [minLength, maxLength] = sizes(s.size, 8);
      return fc.uint8Array({ minLength, maxLength });
    }
    case 'bits':
      return bits(s.size);
    case 'string': {
      const [minLength, maxLength] = sizes(s.size, 8);
      return fc.string({ unit: CHARS[s.kind], minLength, maxLength });
    }
    case 'oid':
      return oid;
    case 'relativeOid':
      return fc.array(arc, { minLength: 1, maxLength: 5 }).map((a) => a.join('.'));
    case 'time':
      return s.kind === 'UTCTime' ? utcTime : generalizedTime;
    case 'open':
      return openType;
  }
}

/** [min, max] for a SIZE: the bounds when given, else `spread` more than the minimum. */
function sizes(b: Bounds | undefined, spread: number): [number, number] {
  const min = b?.min ?? 0;
  return [min, b?.max ?? min + spread];
}

function integer(range: Bounds | undefined, named: Readonly<Record<string, number>> | undefined): fc.Arbitrary<number> {
  const lo = Math.max(range?.min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
  const hi = Math.min(range?.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const options: fc.Arbitrary<number>[] = [fc.integer({ min: lo, max: hi })];
  const small = [Math.max(lo, -300), Math.min(hi, 300)];
  if (small[0] <= small[1]) options.push(fc.integer({ min: small[0], max: small[1] }));
  const names = Object.values(named ?? {}).filter((v) => v >= lo && v <= hi);
  if (names.length > 0) options.push(fc.constantFrom(...names));
  return fc.oneof(...options);
}

function bits(size: Bounds | undefined): fc.Arbitrary<{ length: number; bytes: Uint8Array }> {
  const [min, max] = sizes(size, 24);
  return fc.integer({ min, max }).chain((length) => {
    const n = Math.ceil(length / 8);
    return fc.uint8Array({ minLength: n, maxLength: n }).map((bytes) => {
      if (length % 8 !== 0) bytes[n - 1] &= (0xff << (8 - (length % 8))) & 0xff;
      return { length, bytes };
    });
  });
}

const charRange = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((c) => String.fromCharCode(c));
/** A code point up to `max`, skipping the surrogates. */
const codePoint = (max: number) => fc.integer({ min: 0, max: max - 0x800 }).map((c) => String.fromCodePoint(c >= 0xd800 ? c + 0x800 : c));
const visible = charRange(0x20, 0x7e);
const latin1 = fc.oneof(visible, charRange(0xa0, 0xff));

const CHARS: Readonly<Record<StringKind, fc.Arbitrary<string>>> = {
  // IA5 is all of ASCII, controls included (a switch may send them): mostly visible ones, to keep values readable in failures.
  IA5String: fc.oneof({ arbitrary: visible, weight: 7 }, { arbitrary: charRange(0x00, 0x7f), weight: 1 }),
  VisibleString: visible,
  PrintableString: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?"),
  NumericString: fc.constantFrom(...'0123456789 '),
  UTF8String: codePoint(0xffff),
  BMPString: codePoint(0xffff),
  UniversalString: codePoint(0x10ffff),
  GraphicString: latin1,
  GeneralString: latin1,
  TeletexString: latin1,
  VideotexString: latin1,
  ObjectDescriptor: latin1,
};

const arc = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const oid = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 39 })),
      fc.tuple(fc.constant(2), fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 80 }))),
    ),
    fc.array(arc, { minLength: 1, maxLength: 5 }),
  )
  .map(([[a, b], rest]) => [a, b, ...rest].join('.'));

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const stamp = (d: Date) =>
  pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2);
const dates = (from: number, to: number) =>
  fc.date({ min: new Date(Date.UTC(from, 0, 1)), max: new Date(Date.UTC(to, 11, 31, 23, 59, 59)), noInvalidDate: true });
/** `YYYYMMDDhhmmss` (local time, X.680 46.3 a). */
const generalizedTime = dates(1900, 2199).map((d) => pad(d.getUTCFullYear(), 4) + stamp(d));
/** `YYMMDDhhmmssZ` (X.680 47.3). */
const utcTime = dates(1950, 2049).map((d) => pad(d.getUTCFullYear() % 100, 2) + stamp(d) + 'Z');

/** A short definite-length TLV, identifier written by hand: `tag` is tags.ts's `class << 24 | number`. */
function tlv(tag: number, constructed: boolean, identifier: number[], contents: Uint8Array): RawElement {
  return { tag, constructed, bytes: Uint8Array.from([...identifier, contents.length, ...contents]) };
}

const openType: fc.Arbitrary<RawElement> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 4 }).map((c) => tlv(2, false, [0x02], c)), // INTEGER
  fc.uint8Array({ minLength: 0, maxLength: 8 }).map((c) => tlv(4, false, [0x04], c)), // OCTET STRING
  fc.uint8Array({ minLength: 1, maxLength: 4 }).map((c) => tlv((2 << 24) | 0, true, [0xa0], tlv(2, false, [0x02], c).bytes)), // [0] { INTEGER }
  fc.uint8Array({ minLength: 0, maxLength: 4 }).map((c) => tlv((1 << 24) | 40, false, [0x5f, 0x28], c)), // [APPLICATION 40], high tag form
);
