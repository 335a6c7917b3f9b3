/**
 * Information objects (X.681): `monitorStart OPERATION ::= { ARGUMENT ... CODE local: 71 }`.
 * The object's body is read through its class's WITH SYNTAX, so any class written in that
 * notation works; the compiler then takes what the operation table needs from OPERATION and
 * ERROR objects: argument/result/parameter types, the error list and the local code.
 */
import type * as A from '../ast.js';
import { Asn1Error } from '../diagnostics.js';
import type { Scopes, SourceModule } from './scope.js';

/** Field name (with `&`) → the tokens of its setting. */
export type FieldSettings = Map<string, A.Token[]>;

/** Finds the class of an object, following class aliases, in the object's module scope. */
export function classOf(scopes: Scopes, source: SourceModule, name: string, pos: A.Pos): A.ClassAssignment {
  let found = scopes.require(source, name, pos, `an object of class ${name}`);
  for (let hops = 0; hops < 8; hops++) {
    const a = found.assignment;
    if (a.kind !== 'class') throw new Asn1Error('not-a-class', pos, `${name} is used as an information object class but is a ${a.kind} assignment`);
    if (!a.alias) return a;
    found = scopes.require(found.module, a.alias, a.pos, `class ${a.name}`);
  }
  throw new Asn1Error('circular-type', pos, `class ${name} is an alias of itself`);
}

function literalWords(items: readonly A.SyntaxItem[], out: Set<string>): Set<string> {
  for (const i of items) {
    if (i.kind === 'literal') out.add(i.text);
    else if (i.kind === 'optional') literalWords(i.items, out);
  }
  return out;
}

/**
 * Reads an object body through WITH SYNTAX (X.681 10.12): literals must match; a field's setting
 * runs until the next literal word of the syntax at brace depth 0; an optional group is taken
 * when its first literal is next.
 */
export function readObject(cls: A.ClassAssignment, body: readonly A.Token[], where: string, pos: A.Pos): FieldSettings {
  const settings: FieldSettings = new Map();
  if (!cls.withSyntax) {
    throw new Asn1Error('unsupported', pos, `${where}: class ${cls.name} has no WITH SYNTAX; objects in the default syntax are not supported`);
  }
  const stops = literalWords(cls.withSyntax, new Set());
  let i = 0;
  const tokens = body[0]?.text === '{' && body[body.length - 1]?.text === '}' ? body.slice(1, -1) : body;

  const setting = (): A.Token[] => {
    const start = i;
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (depth === 0 && t.kind === 'word' && stops.has(t.text) && i > start) break;
      if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
      if (t.text === '}' || t.text === ')' || t.text === ']') depth--;
      i++;
    }
    if (i === start) {
      const found = tokens[i];
      throw new Asn1Error('bad-object', found?.pos ?? pos, `${where}: a setting is missing before ${found ? `'${found.text}'` : 'the end of the object'}`);
    }
    return tokens.slice(start, i);
  };

  const match = (items: readonly A.SyntaxItem[], optional: boolean): boolean => {
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      if (item.kind === 'literal') {
        const t = tokens[i];
        if (t?.text === item.text) {
          i++;
          continue;
        }
        if (optional && k === 0) return false;
        throw new Asn1Error(
          'bad-object',
          t?.pos ?? pos,
          `${where}: expected '${item.text}' (WITH SYNTAX of ${cls.name}), found ${t ? `'${t.text}'` : 'the end of the object'}`,
        );
      } else if (item.kind === 'field') {
        settings.set(item.name, setting());
      } else {
        match(item.items, true);
      }
    }
    return true;
  };
  match(cls.withSyntax, false);
  if (i < tokens.length) {
    const t = tokens[i]!;
    throw new Asn1Error('bad-object', t.pos, `${where}: '${t.text}' does not fit the WITH SYNTAX of ${cls.name} here`);
  }
  return settings;
}

/** `local: 71` / `local:-2` → 71 / -2; global codes (OIDs) are not used by CSTA and refused. */
export function localCode(tokens: readonly A.Token[], where: string, pos: A.Pos): number {
  const text = tokens.map((t) => t.text).join('');
  const m = /^local:(-?\d+)$/.exec(text) ?? /^(-?\d+)$/.exec(text);
  if (!m) throw new Asn1Error('unsupported', tokens[0]?.pos ?? pos, `${where}: CODE ${text} is not a local code (global OID codes are not supported)`);
  return Number(m[1]);
}

/** `{ universalFailure | other }` → the object names. */
export function objectList(tokens: readonly A.Token[]): string[] {
  return tokens.filter((t) => t.kind === 'word').map((t) => t.text);
}

export function booleanSetting(tokens: readonly A.Token[] | undefined, dflt: boolean): boolean | undefined {
  if (!tokens) return dflt;
  const text = tokens.map((t) => t.text).join(' ');
  if (text === 'TRUE') return true;
  if (text === 'FALSE') return false;
  return undefined;
}
