/**
 * parse → **resolve** → emit. Takes the parsed modules, returns the model the emitter prints.
 */
import type * as A from '../ast.js';
import type { ErrorModel, Model, ModelModule, NamedType, OperationModel } from '../model.js';
import { Asn1Error } from '../diagnostics.js';
import { fileName } from '../naming.js';
import { booleanSetting, classOf, localCode, objectList, readObject } from './objects.js';
import { Scopes, type SourceModule } from './scope.js';
import { TypeResolver } from './types.js';

export type { SourceModule } from './scope.js';

export interface ResolveOptions {
  /** Parses the tokens of a type written inside an information object (`ARGUMENT SEQUENCE {...}`). */
  readonly parseType: (tokens: readonly A.Token[]) => A.TypeNode;
}

/** The module with the ASN.1 built-ins the compiler defines in ASN.1 itself (EXTERNAL). */
export const PRELUDE_MODULE = 'ASN1-Prelude';

export function resolve(sources: readonly SourceModule[], options: ResolveOptions): Model {
  const scopes = new Scopes(sources);
  scopes.checkImports();

  const models = new Map<SourceModule, ModelModule>();
  for (const s of sources) {
    models.set(s, { name: s.ast.name, file: s.file, tsFile: fileName(s.ast.name), types: [], skipped: [] });
  }
  const modelOf = (s: SourceModule): ModelModule => models.get(s)!;
  const outputNames = new Map<string, string>();
  for (const m of models.values()) {
    const prev = outputNames.get(m.tsFile);
    if (prev) throw new Asn1Error('duplicate-module', sourceOf(sources, m).ast.pos, `modules ${prev} and ${m.name} would both be written to ${m.tsFile}.ts`);
    outputNames.set(m.tsFile, m.name);
  }

  let external: NamedType | undefined;
  const types = new TypeResolver(scopes, modelOf, () => {
    if (!external) throw new Error(`the compiler's prelude module ${PRELUDE_MODULE} was not loaded`);
    return external;
  });

  for (const s of sources) {
    for (const a of s.ast.assignments) {
      if (a.kind !== 'type') continue;
      if (a.parameters) {
        modelOf(s).skipped.push(a.name);
        continue;
      }
      const nt = types.declare(s, a);
      if (s.ast.name === PRELUDE_MODULE && a.name === 'External') external = nt;
    }
  }
  types.resolveAll();

  const operations: OperationModel[] = [];
  const errors: ErrorModel[] = [];
  for (const s of sources) {
    for (const a of s.ast.assignments) {
      if (a.kind !== 'object' || a.parameters) continue;
      const cls = classOf(scopes, s, a.className, a.pos);
      if (cls.name !== 'OPERATION' && cls.name !== 'ERROR') continue;
      const where = `${s.ast.name}.${a.name}`;
      const settings = readObject(cls, a.body, where, a.pos);
      const typeOf = (field: string, suffix: string): NamedType | undefined => {
        const tokens = settings.get(field);
        if (!tokens) return undefined;
        const node = options.parseType(tokens);
        return types.objectFieldType(node, s, `${a.name}.${suffix}`);
      };
      // Types first, so a malformed setting is reported even on an object without a code.
      const argument = typeOf('&ArgumentType', 'argument');
      const result = typeOf('&ResultType', 'result');
      const parameter = typeOf('&ParameterType', 'parameter');
      const codeTokens = settings.get('&operationCode') ?? settings.get('&errorCode');
      if (!codeTokens) continue; // X.880 objects without a code (emptyBind) are not on the wire.
      const code = localCode(codeTokens, where, a.pos);
      if (cls.name === 'OPERATION') {
        operations.push({
          name: a.name,
          module: modelOf(s),
          code,
          argument,
          result,
          errors: objectList(settings.get('&Errors') ?? []),
          alwaysReturns: booleanSetting(settings.get('&alwaysReturns'), true) ?? true,
          source: a.source,
        });
      } else {
        errors.push({ name: a.name, module: modelOf(s), code, parameter, source: a.source });
      }
    }
  }
  types.resolveAll(); // types lifted out of objects
  types.check();
  checkCodes(operations, errors, sources);
  return { modules: [...models.values()], operations, errors };
}

function sourceOf(sources: readonly SourceModule[], m: ModelModule): SourceModule {
  return sources.find((s) => s.ast.name === m.name)!;
}

/** Operation and error codes must be unique (they key the tables); errors named in ERRORS must exist. */
function checkCodes(operations: readonly OperationModel[], errors: readonly ErrorModel[], sources: readonly SourceModule[]): void {
  const posOf = (m: ModelModule, name: string): A.Pos =>
    sourceOf(sources, m).ast.assignments.find((a) => a.name === name)?.pos ?? sourceOf(sources, m).ast.pos;
  const seen = new Map<number, OperationModel>();
  for (const op of operations) {
    const prev = seen.get(op.code);
    if (prev) {
      throw new Asn1Error('duplicate-code', posOf(op.module, op.name), `operations ${prev.module.name}.${prev.name} and ${op.module.name}.${op.name} both have CODE local:${op.code}`);
    }
    seen.set(op.code, op);
    for (const e of op.errors) {
      if (!errors.some((x) => x.name === e)) {
        throw new Asn1Error('unresolved-name', posOf(op.module, op.name), `${op.module.name}.${op.name} lists error ${e}, which is not an ERROR object with a code`);
      }
    }
  }
  const seenErrors = new Map<number, ErrorModel>();
  for (const e of errors) {
    const prev = seenErrors.get(e.code);
    if (prev) {
      throw new Asn1Error('duplicate-code', posOf(e.module, e.name), `errors ${prev.module.name}.${prev.name} and ${e.module.name}.${e.name} both have CODE local:${e.code}`);
    }
    seenErrors.set(e.code, e);
  }
}
