/**
 * The `schema` literal of each codec (src/ber/schema.ts): the value shape for JER, property tests
 * and tools. Named types are referenced through thunks so module import cycles are harmless.
 */
import type { Bounds, Component, NamedType, TypeUse } from '../model.js';

export interface SchemaContext {
  readonly ref: (target: NamedType) => string;
}

function bounds(key: string, b: Bounds | undefined): string {
  if (!b || (b.min === undefined && b.max === undefined)) return '';
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`min: ${b.min}`);
  if (b.max !== undefined) parts.push(`max: ${b.max}`);
  return `, ${key}: { ${parts.join(', ')} }`;
}

function record(entries: ReadonlyArray<readonly [string, number]>): string {
  return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')} }`;
}

/** A field's `type`: a thunk for named types, a literal for built-ins. */
export function typeRef(t: TypeUse, ctx: SchemaContext): string {
  while (t.k === 'tagged') t = t.inner;
  if (t.k === 'ref') return `() => ${ctx.ref(t.target)}`;
  return schemaLiteral(t, ctx, undefined);
}

function fields(list: readonly Component[], ctx: SchemaContext, indent: string): string {
  const lines = list.map((c) => {
    const parts = [`key: '${c.key}'`, `id: '${c.id}'`, `type: ${typeRef(c.type, ctx)}`, `optional: ${c.optional || c.default !== undefined}`];
    if (c.default) parts.push(`default: ${c.default.ts}`);
    return `${indent}  { ${parts.join(', ')} },`;
  });
  return `[\n${lines.join('\n')}\n${indent}]`;
}

/** The schema of a type use; `owner` names SEQUENCE/SET/CHOICE schemas and gives ENUMERATED its values. */
export function schemaLiteral(t: TypeUse, ctx: SchemaContext, owner: NamedType | undefined, indent = '  '): string {
  switch (t.k) {
    case 'tagged':
      return schemaLiteral(t.inner, ctx, owner, indent);
    case 'ref':
      return `${ctx.ref(t.target)}.schema`;
    case 'boolean':
    case 'null':
      return `{ t: '${t.k}' }`;
    case 'integer':
      return `{ t: 'integer'${t.named ? `, named: ${record(t.named)}` : ''}${bounds('range', t.range)} }`;
    case 'enumerated':
      return `{ t: 'enumerated', values: ${record(t.items)} }`;
    case 'octets':
      return `{ t: 'octets'${bounds('size', t.size)} }`;
    case 'bits':
      return `{ t: 'bits'${t.named ? `, named: ${record(t.named)}` : ''}${bounds('size', t.size)} }`;
    case 'string':
      return `{ t: 'string', kind: '${t.kind}'${bounds('size', t.size)} }`;
    case 'oid':
      return `{ t: 'oid' }`;
    case 'relativeOid':
      return `{ t: 'relativeOid' }`;
    case 'time':
      return `{ t: 'time', kind: '${t.kind}' }`;
    case 'open':
      return `{ t: 'open' }`;
    case 'sequenceOf':
    case 'setOf':
      return `{ t: '${t.k}', item: ${typeRef(t.item, ctx)}${bounds('size', t.size)} }`;
    case 'sequence':
    case 'set':
      return `{\n${indent}  t: '${t.k}',\n${indent}  name: '${owner?.fullName ?? ''}',\n${indent}  extensible: ${t.extensible},\n${indent}  fields: ${fields(t.components, ctx, indent + '  ')},\n${indent}}`;
    case 'choice':
      return `{\n${indent}  t: 'choice',\n${indent}  name: '${owner?.fullName ?? ''}',\n${indent}  extensible: ${t.extensible},\n${indent}  alternatives: ${fields(t.alternatives, ctx, indent + '  ').replace(/, optional: false/g, '')},\n${indent}}`;
  }
}
