/**
 * The files that list things rather than define them: the operation and event tables (Handlebars
 * templates in codegen/templates, where a table reads better as a template than as code) and the
 * index with its registry of every codec by ASN.1 name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Model, ModelModule, NamedType, TypeUse } from '../model.js';
import { moduleIdentifier, propertyName } from '../naming.js';

function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'codegen', 'templates');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'templates', 'operations.hbs'))) return join(dir, 'templates');
    dir = dirname(dir);
  }
  throw new Error('codegen/templates not found next to the generator');
}

function render(name: string, data: unknown): string {
  const template = Handlebars.compile(readFileSync(join(templatesDir(), name), 'utf8'), { noEscape: true, strict: true });
  return template(data);
}

/** Collects `import { a, b } from './file.js'` lines, sorted. */
class Imports {
  private readonly byFile = new Map<string, Set<string>>();
  add(t: NamedType): string {
    let s = this.byFile.get(t.module.tsFile);
    if (!s) this.byFile.set(t.module.tsFile, (s = new Set()));
    s.add(t.tsName);
    return t.tsName;
  }
  list(): { file: string; names: string }[] {
    return [...this.byFile.keys()].sort().map((file) => ({ file, names: [...this.byFile.get(file)!].sort().join(', ') }));
  }
}

function quote(source: string): string {
  return source
    .split('\n')
    .map((l) => `   * ${l.replace(/\*\//g, '*\\/')}`.trimEnd())
    .join('\n');
}

export function operationsFile(model: Model, generator: string, runtime: string): string {
  const imports = new Imports();
  const errors = [...model.errors]
    .sort((a, b) => a.code - b.code || (a.name < b.name ? -1 : 1))
    .map((e) => ({ key: propertyName(e.name), name: e.name, code: e.code, module: e.module.name, parameter: e.parameter && imports.add(e.parameter), doc: quote(e.source) }));
  const operations = [...model.operations]
    .sort((a, b) => a.code - b.code)
    .map((o) => ({
      key: propertyName(o.name),
      name: o.name,
      code: o.code,
      module: o.module.name,
      argument: o.argument && imports.add(o.argument),
      result: o.result && imports.add(o.result),
      errors: o.errors.map(propertyName),
      alwaysReturns: o.alwaysReturns,
      doc: quote(o.source),
    }));
  return render('operations.hbs', { generator, runtime, imports: imports.list(), errors, operations });
}

function strip(t: TypeUse): TypeUse {
  while (t.k === 'tagged' || t.k === 'ref') t = t.k === 'tagged' ? t.inner : t.target.type;
  return t;
}

function tagOf(t: TypeUse): number {
  if (t.k !== 'tagged') throw new Error('internal: event table alternatives must be tagged');
  return t.tag & 0xffffff;
}

function refOf(t: TypeUse): NamedType {
  while (t.k === 'tagged') t = t.inner;
  if (t.k !== 'ref') throw new Error('internal: event alternative is not a named type');
  return t.target;
}

/** `root` is `Module.Type` of the CHOICE of CHOICEs that carries events (CSTA: EventSpecificInfo). */
export function eventsFile(model: Model, root: string, generator: string, runtime: string): string | undefined {
  const [moduleName, typeName] = [root.slice(0, root.lastIndexOf('.')), root.slice(root.lastIndexOf('.') + 1)];
  const m = model.modules.find((x) => x.name === moduleName);
  const rootType = m?.types.find((t) => t.asn1Name === typeName);
  if (!rootType) return undefined;
  const top = strip(rootType.type);
  if (top.k !== 'choice') throw new Error(`${root} must be a CHOICE to build the event table`);
  const imports = new Imports();
  const events: { category: string; name: string; categoryTag: number; tag: number; codec: string }[] = [];
  const names = new Set<string>();
  for (const cat of top.alternatives) {
    const inner = strip(cat.type);
    if (inner.k !== 'choice') throw new Error(`${root}.${cat.id} must be a CHOICE of events`);
    for (const ev of inner.alternatives) {
      if (names.has(ev.key)) throw new Error(`event name ${ev.key} appears in two categories of ${root}`);
      names.add(ev.key);
      events.push({ category: cat.key, name: ev.key, categoryTag: tagOf(cat.type), tag: tagOf(ev.type), codec: imports.add(refOf(ev.type)) });
    }
  }
  return render('events.hbs', { generator, runtime, root, rootType: typeName, imports: imports.list(), events, count: events.length });
}

/**
 * The index: every module's names re-exported flat where unique; a module defining a name another
 * module defines too is exported as a namespace (`CSTA_event_report_definitions.CallControlEvents`),
 * so no exported name is ambiguous. Plus the registry of every codec by `Module.Type`.
 */
export function indexFile(modules: readonly ModelModule[], generator: string, runtime: string, extra: readonly string[]): string {
  const count = new Map<string, number>();
  for (const m of modules) for (const t of m.types) count.set(t.tsName, (count.get(t.tsName) ?? 0) + 1);
  const lines = [`// Code generated by ${generator}. DO NOT EDIT.`, `import type { Codec } from '${runtime}';`];
  const sorted = [...modules].sort((a, b) => (a.tsFile < b.tsFile ? -1 : 1));
  for (const m of sorted) {
    if (m.types.length === 0) continue;
    lines.push(`import * as ${moduleIdentifier(m.name)} from './${m.tsFile}.js';`);
  }
  lines.push('');
  for (const m of sorted) {
    if (m.types.length === 0) continue;
    const clashing = m.types.filter((t) => count.get(t.tsName)! > 1);
    if (clashing.length === 0) lines.push(`export * from './${m.tsFile}.js';`);
    else {
      const unique = m.types.filter((t) => count.get(t.tsName) === 1).map((t) => t.tsName);
      if (unique.length > 0) lines.push(`export { ${unique.join(', ')} } from './${m.tsFile}.js';`);
    }
  }
  const namespaces = sorted.filter((m) => m.types.some((t) => count.get(t.tsName)! > 1)).map((m) => moduleIdentifier(m.name));
  lines.push('', '/** Modules that define a name another module defines too, as namespaces. */');
  lines.push(`export { ${namespaces.join(', ')} };`);
  for (const e of extra) lines.push(`export * from './${e}.js';`);
  lines.push('', '/** Every codec by its ASN.1 name, `Module.Type` (lifted inline types: `Module.Type.component`). */');
  lines.push('export const codecs: ReadonlyMap<string, Codec<unknown>> = new Map<string, Codec<unknown>>([');
  for (const m of sorted) {
    for (const t of m.types) lines.push(`  ['${t.fullName}', ${moduleIdentifier(m.name)}.${t.tsName} as Codec<unknown>],`);
  }
  lines.push(']);', '');
  return lines.join('\n');
}
