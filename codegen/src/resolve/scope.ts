/**
 * Module scopes: which assignment a name means inside a module. Local assignments first, then
 * IMPORTS, followed by module name (never by OID: the CSTA modules import X.880 as version1(0)
 * while the X.880 text declares version2(1)). An imported symbol may itself be an import of the
 * module it is taken from (X.680 allows re-exporting); that chain is followed.
 */
import type * as A from '../ast.js';
import { Asn1Error } from '../diagnostics.js';

export interface SourceModule {
  readonly ast: A.ModuleNode;
  /** Path relative to the ASN.1 root, forward slashes. */
  readonly file: string;
}

export interface Found {
  readonly module: SourceModule;
  readonly assignment: A.Assignment;
}

export class Scopes {
  private readonly byName = new Map<string, SourceModule>();
  private readonly locals = new Map<SourceModule, Map<string, A.Assignment>>();
  private readonly imported = new Map<SourceModule, Map<string, { module: string; pos: A.Pos }>>();

  constructor(readonly modules: readonly SourceModule[]) {
    for (const m of modules) {
      const clash = this.byName.get(m.ast.name);
      if (clash) {
        throw new Asn1Error(
          'duplicate-module',
          m.ast.pos,
          `module ${m.ast.name} is defined twice (also in ${clash.file}); remove one of the files from the input`,
        );
      }
      this.byName.set(m.ast.name, m);
      const locals = new Map<string, A.Assignment>();
      for (const a of m.ast.assignments) {
        const prev = locals.get(a.name);
        if (prev) {
          throw new Asn1Error('duplicate-name', a.pos, `${m.ast.name}.${a.name} is assigned twice (first at line ${prev.pos.line})`);
        }
        locals.set(a.name, a);
      }
      this.locals.set(m, locals);
      const imports = new Map<string, { module: string; pos: A.Pos }>();
      for (const imp of m.ast.imports) {
        for (const s of imp.symbols) imports.set(s.name, { module: imp.module, pos: s.pos });
      }
      this.imported.set(m, imports);
    }
  }

  module(name: string): SourceModule | undefined {
    return this.byName.get(name);
  }

  /** Checks that every IMPORTS names a module that exists and a symbol that module has. */
  checkImports(): void {
    for (const m of this.modules) {
      for (const imp of m.ast.imports) {
        const from = this.byName.get(imp.module);
        if (!from) {
          throw new Asn1Error(
            'unknown-module',
            imp.pos,
            `${m.ast.name} imports from module ${imp.module}, which is not among the input files; add its .asn1 file to the input folder`,
          );
        }
        for (const s of imp.symbols) {
          if (!this.lookupIn(from, s.name, new Set())) {
            throw new Asn1Error('unresolved-import', s.pos, `${m.ast.name} imports ${s.name} from ${imp.module}, which does not define it`);
          }
        }
      }
    }
  }

  /** Resolves `name` as seen from inside `from`; `undefined` when it is nowhere. */
  lookup(from: SourceModule, name: string): Found | undefined {
    return this.lookupIn(from, name, new Set());
  }

  /** Like lookup, but fails with `unresolved-name` naming where the reference was made. */
  require(from: SourceModule, name: string, pos: A.Pos, what: string): Found {
    const found = this.lookup(from, name);
    if (!found) {
      throw new Asn1Error(
        'unresolved-name',
        pos,
        `${what} refers to ${name}, which is neither defined in ${from.ast.name} nor imported by it`,
      );
    }
    return found;
  }

  /** `Module.Name` external references. */
  requireExternal(moduleName: string, name: string, pos: A.Pos): Found {
    const m = this.byName.get(moduleName);
    const a = m && this.locals.get(m)!.get(name);
    if (!m || !a) throw new Asn1Error('unresolved-name', pos, `${moduleName}.${name} does not exist in the input`);
    return { module: m, assignment: a };
  }

  private lookupIn(m: SourceModule, name: string, seen: Set<SourceModule>): Found | undefined {
    if (seen.has(m)) return undefined;
    seen.add(m);
    const local = this.locals.get(m)!.get(name);
    if (local) return { module: m, assignment: local };
    const imp = this.imported.get(m)!.get(name);
    if (!imp) return undefined;
    const from = this.byName.get(imp.module);
    return from ? this.lookupIn(from, name, seen) : undefined;
  }
}
