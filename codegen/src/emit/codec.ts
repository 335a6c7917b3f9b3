/**
 * Straight-line BER decode/encode bodies for one named type. Decoding follows the ASN.1 order;
 * encoding writes backwards (src/ber/writer.ts), so components are emitted last-first.
 *
 * References to types that are, under their tags, a built-in primitive are inlined as direct
 * reader/writer calls (`NumberDigits` → `r.readIA5String(tag)`); everything else calls the
 * referenced type's codec.
 */
import type { Component, NamedType, TypeUse } from '../model.js';
import { describeTag, firstTags, outerTag } from '../resolve/tags.js';
import { Block } from './file.js';

export interface CodecContext {
  /** Called for every named type a body refers to (the module printer imports it). */
  readonly ref: (target: NamedType) => string;
  /** TypeScript type of a type use (for `let x: T | undefined`). */
  readonly tsType: (t: TypeUse) => string;
}

export function tagLiteral(t: number): string {
  return `0x${t.toString(16)} /* ${describeTag(t)} */`;
}

/** Follows references for inlining: the primitive under a chain of refs, tags kept. */
function inlinable(t: TypeUse): boolean {
  switch (t.k) {
    case 'tagged':
      return inlinable(t.inner);
    case 'ref':
      return inlinable(t.target.type);
    case 'boolean':
    case 'null':
    case 'integer':
    case 'octets':
    case 'bits':
    case 'string':
    case 'oid':
    case 'relativeOid':
    case 'time':
    case 'open':
      return true;
    default:
      return false;
  }
}

const READ: Record<string, string> = {
  boolean: 'readBoolean',
  null: 'readNull',
  integer: 'readInteger',
  octets: 'readOctetString',
  bits: 'readBitString',
  oid: 'readObjectIdentifier',
  relativeOid: 'readRelativeOid',
  time: 'readTime',
};
const WRITE: Record<string, string> = {
  boolean: 'writeBoolean',
  integer: 'writeInteger',
  octets: 'writeOctetString',
  bits: 'writeBitString',
  oid: 'writeObjectIdentifier',
  relativeOid: 'writeRelativeOid',
  time: 'writeTime',
};

function args(...a: (string | undefined)[]): string {
  return a.filter((x) => x !== undefined).join(', ');
}

export class CodecWriter {
  private n = 0;
  constructor(private readonly ctx: CodecContext) {}

  private fresh(base: string): string {
    return `${base}${++this.n}`;
  }

  // -------------------------------------------------------------------------------- decode

  /** Statements decoding `t` from `r` into the already declared variable `into`. */
  decode(b: Block, t: TypeUse, tag: string | undefined, into: string, owner: NamedType): void {
    switch (t.k) {
      case 'tagged':
        if (t.explicit) {
          b.push(`r.enter(${tag ?? tagLiteral(t.tag)});`);
          this.decode(b, t.inner, undefined, into, owner);
          b.push('r.leave();');
        } else {
          this.decode(b, t.inner, tag ?? tagLiteral(t.tag), into, owner);
        }
        return;
      case 'ref':
        if (inlinable(t.target.type)) this.decode(b, t.target.type, tag, into, owner);
        else b.push(`${into} = ${this.ctx.ref(t.target)}.decode(${args('r', tag)});`);
        return;
      case 'string':
        b.push(t.kind === 'IA5String' ? `${into} = r.readIA5String(${args(tag)});` : `${into} = r.readString(${args(`'${t.kind}'`, tag)});`);
        return;
      case 'open':
        b.push(`${into} = r.readRaw();`);
        return;
      case 'enumerated':
        this.decodeEnumerated(b, t, tag, into, owner);
        return;
      case 'sequenceOf':
      case 'setOf': {
        const item = this.fresh('item');
        b.push(`r.enter(${tag ?? tagLiteral(outerTag(t))});`, `${into} = [];`, 'while (r.more()) {');
        const loop = b.nest();
        loop.push(`let ${item}: ${this.ctx.tsType(t.item)};`, 'try {');
        this.decode(loop.nest(), t.item, undefined, item, owner);
        loop.push(`} catch (e) {`, `  throw within(e, \`[\${${into}.length}]\`);`, '}', `${into}.push(${item});`);
        b.push('}', 'r.leave();');
        return;
      }
      case 'sequence':
      case 'set':
        this.decodeSequence(b, t, tag, into, owner);
        return;
      case 'choice':
        this.decodeChoice(b, t, into, owner);
        return;
      default:
        b.push(`${into} = r.${READ[t.k]}(${args(tag)});`);
    }
  }

  private decodeEnumerated(b: Block, t: Extract<TypeUse, { k: 'enumerated' }>, tag: string | undefined, into: string, owner: NamedType): void {
    const n = this.fresh('n');
    const p = this.fresh('p');
    b.push(`const ${p} = r.pos;`, `const ${n} = r.readEnumerated(${args(tag)});`, `switch (${n}) {`);
    const cases = b.nest();
    for (const [name, value] of t.items) cases.push(`case ${value}:`, `  ${into} = ${JSON.stringify(name)};`, '  break;');
    cases.push('default:', `  throw new BerError('unknown-enumerated', 'structure', ${p}, \`\${${n}} is not a value of ${owner.fullName}\`);`);
    b.push('}');
  }

  /** Whether the element whose tag is in `peeked` starts a value of `t`. */
  private presentTest(t: TypeUse, peeked: string): string {
    const f = firstTags(t);
    if (f.any) return `${peeked} !== -1`;
    const uniq = [...new Set(f.tags)];
    return uniq.map((x) => `${peeked} === ${tagLiteral(x)}`).join(' || ');
  }

  private decodeSequence(b: Block, t: Extract<TypeUse, { k: 'sequence' | 'set' }>, tag: string | undefined, into: string, owner: NamedType): void {
    const comps = t.components;
    b.push(`r.enter(${tag ?? tagLiteral(outerTag(t))});`);
    // SET components arrive in any order: all start undefined and mandatory ones are checked at the end.
    const maybe = (c: Component): boolean => c.optional || c.default !== undefined || t.k === 'set';
    for (const c of comps) b.push(`let ${local(c)}: ${this.ctx.tsType(c.type)}${maybe(c) ? ' | undefined' : ''};`);
    const optional = comps.some((c) => c.optional || c.default);
    b.push(`let unknown: RawElement[] | undefined;`, "let at = '';");
    // The tag of the next element, peeked once and kept while OPTIONAL components are absent.
    if (optional && t.k === 'sequence') b.push('let next = -1;');
    b.push('try {');
    const body = b.nest();
    if (t.k === 'set') this.decodeSetBody(body, comps, owner);
    else {
      let peeked = false as boolean;
      comps.forEach((c, i) => {
        if (i === t.extensionAt && t.extensible) {
          this.decodeUnknownAt(body, comps.slice(i));
          peeked = false;
        }
        body.push(`at = '${c.id}';`);
        if (c.optional || c.default) {
          if (!peeked) body.push('next = r.peekTag();');
          body.push(`if (${this.presentTest(c.type, 'next')}) {`);
          const inner = body.nest();
          this.decode(inner, c.type, undefined, local(c), owner);
          inner.push('next = r.peekTag();');
          body.push('}');
          peeked = true;
        } else {
          this.decode(body, c.type, undefined, local(c), owner);
          peeked = false;
        }
      });
      body.push("at = '';");
      if (t.extensionAt >= comps.length || !t.extensible) {
        // Elements after the last known component are kept raw; `next` already says whether any.
        body.push(peeked ? 'if (next !== -1) unknown = r.rest();' : 'unknown = r.rest();');
      }
    }
    body.push('r.leave();');
    b.push('} catch (e) {', '  throw within(e, at);', '}');
    const fields = comps.map((c) => {
      const value = t.k === 'set' && !c.optional && c.default === undefined ? `${local(c)}!` : local(c);
      return c.key === value ? c.key : `${c.key}: ${value}`;
    });
    b.push(`${into} = { ${fields.join(', ')} };`, `if (unknown !== undefined) ${into}.$unknown = unknown;`);
  }

  /** Unknown extension additions before the second root part: every element up to a root tag. */
  private decodeUnknownAt(b: Block, after: readonly Component[]): void {
    const stop = new Set<number>();
    for (const c of after) firstTags(c.type).tags.forEach((x) => stop.add(x));
    const cond = [...stop].map((x) => `r.peekTag() !== ${tagLiteral(x)}`).join(' && ');
    b.push(`while (r.more()${cond ? ` && ${cond}` : ''}) (unknown ??= []).push(r.readRaw());`);
  }

  private decodeSetBody(b: Block, comps: readonly Component[], owner: NamedType): void {
    b.push('while (r.more()) {');
    const loop = b.nest();
    loop.push('switch (r.peekTag()) {');
    const sw = loop.nest();
    for (const c of comps) {
      for (const x of new Set(firstTags(c.type).tags)) sw.push(`case ${tagLiteral(x)}:`);
      const body = sw.nest();
      body.push(`at = '${c.id}';`, `if (${local(c)} !== undefined) throw r.error('unexpected-element', 'component ${c.id} appears twice in the SET');`);
      this.decode(body, c.type, undefined, local(c), owner);
      body.push('break;');
    }
    sw.push('default:', '  (unknown ??= []).push(r.readRaw());');
    loop.push('}');
    b.push('}', "at = '';");
    for (const c of comps) {
      if (!c.optional && !c.default) b.push(`if (${local(c)} === undefined) throw r.error('missing-component', 'the SET has no ${c.id}');`);
    }
  }

  private decodeChoice(b: Block, t: Extract<TypeUse, { k: 'choice' }>, into: string, owner: NamedType): void {
    b.push("let at = '';", 'try {');
    const body = b.nest();
    body.push('switch (r.peekTag()) {');
    const sw = body.nest();
    let openAlt: Component | undefined;
    for (const alt of t.alternatives) {
      const f = firstTags(alt.type);
      if (f.any) openAlt = alt;
      const tags = [...new Set(f.tags)];
      if (tags.length === 0) continue;
      tags.forEach((x, i) => sw.push(`case ${tagLiteral(x)}:${i === tags.length - 1 ? ' {' : ''}`));
      const c = sw.nest();
      const v = this.fresh('v');
      c.push(`at = '${alt.id}';`, `let ${v}: ${this.ctx.tsType(alt.type)};`);
      this.decode(c, alt.type, undefined, v, owner);
      c.push(`${into} = { case: '${alt.key}', value: ${v} };`, 'break;');
      sw.push('}');
    }
    sw.push('default: {');
    const d = sw.nest();
    if (openAlt) {
      d.push(`at = '${openAlt.id}';`, `${into} = { case: '${openAlt.key}', value: r.readRaw() };`, 'break;');
    } else if (t.extensible) {
      d.push(`${into} = { case: '$unknown', value: r.readRaw() };`, 'break;');
    } else {
      const names = t.alternatives.map((a) => a.id).join(', ');
      d.push(`throw r.unexpected('one of the alternatives of ${owner.fullName} (${names})');`);
    }
    sw.push('}');
    body.push('}');
    b.push('} catch (e) {', '  throw within(e, at);', '}');
  }

  // -------------------------------------------------------------------------------- encode

  /** Statements writing `value` (an expression) of type `t`. */
  encode(b: Block, t: TypeUse, tag: string | undefined, value: string, owner: NamedType): void {
    switch (t.k) {
      case 'tagged':
        if (t.explicit) {
          const m = this.fresh('m');
          b.push(`const ${m} = w.mark();`);
          this.encode(b, t.inner, undefined, value, owner);
          b.push(`w.wrap(${m}, ${tag ?? tagLiteral(t.tag)});`);
        } else {
          this.encode(b, t.inner, tag ?? tagLiteral(t.tag), value, owner);
        }
        return;
      case 'ref':
        if (inlinable(t.target.type)) this.encode(b, t.target.type, tag, value, owner);
        else b.push(`${this.ctx.ref(t.target)}.encode(${args('w', value, tag)});`);
        return;
      case 'string':
        b.push(t.kind === 'IA5String' ? `w.writeIA5String(${args(value, tag)});` : `w.writeString(${args(`'${t.kind}'`, value, tag)});`);
        return;
      case 'null':
        b.push(`w.writeNull(${args(tag)});`);
        return;
      case 'open':
        b.push(`w.writeRaw(${value});`);
        return;
      case 'enumerated': {
        const n = this.fresh('n');
        b.push(`const ${n} = ${owner.tsName}.values[${value}];`);
        b.push(`if (${n} === undefined) throw invalidValue(\`\${String(${value})} is not a value of ${owner.fullName}\`);`);
        b.push(`w.writeEnumerated(${args(n, tag)});`);
        return;
      }
      case 'sequenceOf':
      case 'setOf': {
        const m = this.fresh('m');
        const i = this.fresh('i');
        b.push(`const ${m} = w.mark();`, `for (let ${i} = ${value}.length - 1; ${i} >= 0; ${i}--) {`);
        this.encode(b.nest(), t.item, undefined, `${value}[${i}]!`, owner);
        b.push('}', `w.wrap(${m}, ${tag ?? tagLiteral(outerTag(t))});`);
        return;
      }
      case 'sequence':
      case 'set': {
        const m = this.fresh('m');
        b.push(`const ${m} = w.mark();`);
        const comps = t.components;
        for (let i = comps.length; i >= 0; i--) {
          if (i === (t.extensible ? t.extensionAt : comps.length)) b.push(`if (${value}.$unknown !== undefined) w.writeRawList(${value}.$unknown);`);
          const c = comps[i];
          if (!c) continue;
          const v = `${value}.${c.key}`;
          if (c.optional || c.default) {
            b.push(`if (${v} !== undefined) {`);
            this.encode(b.nest(), c.type, undefined, v, owner);
            b.push('}');
          } else {
            this.encode(b, c.type, undefined, v, owner);
          }
        }
        b.push(`w.wrap(${m}, ${tag ?? tagLiteral(outerTag(t))});`);
        return;
      }
      case 'choice': {
        b.push(`switch (${value}.case) {`);
        const sw = b.nest();
        for (const alt of t.alternatives) {
          sw.push(`case '${alt.key}': {`);
          const c = sw.nest();
          this.encode(c, alt.type, undefined, `${value}.value`, owner);
          c.push('break;');
          sw.push('}');
        }
        if (t.extensible) sw.push("case '$unknown':", `  w.writeRaw(${value}.value);`, '  break;');
        sw.push('default:', `  throw invalidValue(\`\${String((${value} as { case: unknown }).case)} is not an alternative of ${owner.fullName}\`);`);
        b.push('}');
        return;
      }
      default:
        b.push(`w.${WRITE[t.k]}(${args(value, tag)});`);
    }
  }
}

/** Local variable for a component: its key, unless that is a reserved word. */
export function local(c: Component): string {
  return RESERVED_WORDS.has(c.key) ? `${c.key}_` : c.key;
}

const RESERVED_WORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'r', 'w', 'v', 'tag', 'at', 'unknown', 'e',
]);
