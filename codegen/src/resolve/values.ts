/**
 * Values the compiler needs to know: numbers in named numbers and constraints (possibly value
 * references), and DEFAULT values, which become TypeScript literals of the component's value type.
 */
import type * as A from '../ast.js';
import type { TypeUse } from '../model.js';
import { Asn1Error } from '../diagnostics.js';
import type { Scopes, SourceModule } from './scope.js';

/** A value reference (or literal number) that must be an INTEGER. */
export function numberValue(name: string, scopes: Scopes, source: SourceModule, pos: A.Pos): number {
  const found = scopes.require(source, name, pos, 'a number');
  const a = found.assignment;
  if (a.kind === 'value' && a.value.kind === 'number') return a.value.value;
  throw new Asn1Error('not-a-number', pos, `${name} is used as a number but ${found.module.ast.name}.${name} is not an INTEGER value`);
}

function base(t: TypeUse): TypeUse {
  while (t.k === 'tagged' || t.k === 'ref') t = t.k === 'tagged' ? t.inner : t.target.type;
  return t;
}

/** DEFAULT value → `{ ts: literal source, value }`, checked against the component's type. */
export function defaultValue(
  v: A.ValueNode,
  type: TypeUse,
  scopes: Scopes,
  source: SourceModule,
  where: string,
): { ts: string; value: unknown } {
  const t = base(type);
  const bad = (): never => {
    throw new Asn1Error('bad-default', v.pos, `${where}: DEFAULT value does not fit the component's type (${t.k})`);
  };
  switch (t.k) {
    case 'boolean':
      if (v.kind !== 'boolean') bad();
      return { ts: String((v as { value: boolean }).value), value: (v as { value: boolean }).value };
    case 'integer': {
      let n: number | undefined;
      if (v.kind === 'number') n = v.value;
      else if (v.kind === 'reference') n = t.named?.find(([name]) => name === v.name)?.[1] ?? numberValue(v.name, scopes, source, v.pos);
      if (n === undefined) return bad();
      return { ts: String(n), value: n };
    }
    case 'enumerated': {
      if (v.kind !== 'reference' || !t.items.some(([name]) => name === v.name)) {
        throw new Asn1Error('bad-default', v.pos, `${where}: DEFAULT must be one of ${t.items.map(([n]) => n).join(', ')}`);
      }
      return { ts: JSON.stringify(v.name), value: v.name };
    }
    case 'bits': {
      // `{}` or `{ name, name }` (named bits), or a 'bits'B / 'hex'H string.
      let length = 0;
      const set: number[] = [];
      if (v.kind === 'braced') {
        for (const tok of v.tokens) {
          if (tok.kind === 'punct') continue;
          const bit = t.named?.find(([name]) => name === tok.text)?.[1];
          if (bit === undefined) throw new Asn1Error('bad-default', tok.pos, `${where}: ${tok.text} is not a named bit of this BIT STRING`);
          set.push(bit);
          length = Math.max(length, bit + 1);
        }
      } else if (v.kind === 'bstring') {
        length = v.value.length;
        [...v.value].forEach((c, i) => c === '1' && set.push(i));
      } else {
        bad();
      }
      const bytes = new Array<number>(Math.ceil(length / 8)).fill(0);
      for (const b of set) bytes[b >> 3]! |= 0x80 >> (b & 7);
      return {
        ts: `{ length: ${length}, bytes: new Uint8Array([${bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}]) }`,
        value: { length, bytes },
      };
    }
    case 'null':
      if (v.kind !== 'null') bad();
      return { ts: 'null', value: null };
    case 'string':
    case 'time':
      if (v.kind !== 'string') bad();
      return { ts: JSON.stringify((v as { value: string }).value), value: (v as { value: string }).value };
    default:
      throw new Asn1Error('unsupported', v.pos, `${where}: DEFAULT values of ${t.k} types are not supported by this compiler`);
  }
}
