/**
 * Tags at generation time: universal tags of the built-in types, the set of tags a type can start
 * with (for OPTIONAL components and CHOICE dispatch), and the X.680 distinct-tag rules.
 */
import type { TypeUse, Component, TagNum, StringKind } from '../model.js';
import type { Pos } from '../ast.js';
import { Asn1Error } from '../diagnostics.js';

export const UNIVERSAL = 0;
export const APPLICATION = 1;
export const CONTEXT = 2;
export const PRIVATE = 3;

export function tagNum(cls: number, n: number): TagNum {
  return (cls << 24) | n;
}

export const STRING_TAGS: Readonly<Record<StringKind, number>> = {
  ObjectDescriptor: 7,
  UTF8String: 12,
  NumericString: 18,
  PrintableString: 19,
  TeletexString: 20,
  VideotexString: 21,
  IA5String: 22,
  GraphicString: 25,
  VisibleString: 26,
  GeneralString: 27,
  UniversalString: 28,
  BMPString: 30,
};

/** The outermost tag of an encoding of `t`, or -1 when the value decides (untagged CHOICE, open type). */
export function outerTag(t: TypeUse): TagNum {
  switch (t.k) {
    case 'tagged':
      return t.tag;
    case 'ref':
      return outerTag(t.target.type);
    case 'boolean':
      return 1;
    case 'integer':
      return 2;
    case 'bits':
      return 3;
    case 'octets':
      return 4;
    case 'null':
      return 5;
    case 'oid':
      return 6;
    case 'enumerated':
      return 10;
    case 'relativeOid':
      return 13;
    case 'sequence':
    case 'sequenceOf':
      return 16;
    case 'set':
    case 'setOf':
      return 17;
    case 'string':
      return STRING_TAGS[t.kind];
    case 'time':
      return t.kind === 'UTCTime' ? 23 : 24;
    case 'choice':
    case 'open':
      return -1;
  }
}

/**
 * Tags an encoding of `t` may start with; `any` for open types (an extensible CHOICE's unknown
 * alternatives are not counted: the decoder keeps them raw, the distinct-tag rules are about known ones).
 */
export function firstTags(t: TypeUse, seen: Set<TypeUse> = new Set()): { tags: TagNum[]; any: boolean } {
  if (t.k === 'ref') return firstTags(t.target.type, seen);
  if (t.k === 'open') return { tags: [], any: true };
  if (t.k !== 'choice') return { tags: [outerTag(t)], any: false };
  if (seen.has(t)) return { tags: [], any: false };
  seen.add(t);
  const tags: TagNum[] = [];
  let any = false;
  for (const alt of t.alternatives) {
    const f = firstTags(alt.type, seen);
    tags.push(...f.tags);
    any ||= f.any;
  }
  return { tags, any };
}

export function describeTag(t: TagNum): string {
  const n = t & 0xffffff;
  switch (t >>> 24) {
    case UNIVERSAL:
      return `[UNIVERSAL ${n}]`;
    case APPLICATION:
      return `[APPLICATION ${n}]`;
    case CONTEXT:
      return `[${n}]`;
    default:
      return `[PRIVATE ${n}]`;
  }
}

function ambiguous(where: string, pos: Pos, tag: TagNum, a: string, b: string): never {
  throw new Asn1Error(
    'ambiguous-tag',
    pos,
    `${where}: ${a} and ${b} can both start with tag ${describeTag(tag)}, so a decoder cannot tell them apart; give one of them a distinct tag`,
  );
}

/** X.680 29.7: CHOICE alternatives have distinct tags (through nested untagged CHOICEs). */
export function checkChoice(where: string, alternatives: readonly Component[]): void {
  const owner = new Map<TagNum, string>();
  let open: string | undefined;
  for (const alt of alternatives) {
    const f = firstTags(alt.type);
    if (f.any) {
      if (open || alternatives.length > 1) {
        throw new Asn1Error('ambiguous-tag', alt.pos, `${where}.${alt.id}: an open type as a CHOICE alternative takes every tag; CHOICE alternatives must have distinct tags`);
      }
      open = alt.id;
    }
    for (const tag of f.tags) {
      const prev = owner.get(tag);
      if (prev !== undefined) ambiguous(where, alt.pos, tag, `${where}.${prev}`, `${where}.${alt.id}`);
      owner.set(tag, alt.id);
    }
  }
}

/**
 * X.680 25.5: in a SEQUENCE, each run of OPTIONAL/DEFAULT components and the component after it
 * have distinct tags. In a SET (X.680 27.3) all components do.
 */
export function checkSequence(where: string, kind: 'sequence' | 'set', components: readonly Component[]): void {
  if (kind === 'set') {
    checkChoice(where, components);
    return;
  }
  let run = new Map<TagNum, string>();
  let runOpen: string | undefined;
  for (const c of components) {
    const f = firstTags(c.type);
    if (runOpen !== undefined && (f.any || f.tags.length > 0)) {
      throw new Asn1Error('ambiguous-tag', c.pos, `${where}.${c.id} follows the OPTIONAL open type ${where}.${runOpen}, which takes every tag`);
    }
    for (const tag of f.tags) {
      const prev = run.get(tag);
      if (prev !== undefined) ambiguous(where, c.pos, tag, `${where}.${prev}`, `${where}.${c.id}`);
    }
    if (c.optional || c.default !== undefined) {
      for (const tag of f.tags) run.set(tag, c.id);
      if (f.any) runOpen = c.id;
    } else {
      run = new Map();
      runOpen = undefined;
    }
  }
}
