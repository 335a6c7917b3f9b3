/**
 * Type resolution: AST type nodes → TypeUse, in the scope of the module they are written in.
 *
 * - References become `ref` to the NamedType they denote (through IMPORTS).
 * - Tags become effective: a tag written without IMPLICIT/EXPLICIT takes the module default,
 *   except that an untagged CHOICE or an open type is always tagged explicitly (X.680 31.2.7).
 *   AUTOMATIC TAGS numbers the components of SEQUENCE/SET/CHOICE that have no tags (X.680 25.3).
 * - Structured types written inside other types (SEQUENCE/SET/CHOICE, ENUMERATED, named INTEGER
 *   or BIT STRING) are lifted out as named types `Parent.component`, so each gets a codec of its own.
 */
import type * as A from '../ast.js';
import type { Bounds, Component, ModelModule, NamedType, TypeUse } from '../model.js';
import { Asn1Error } from '../diagnostics.js';
import { propertyName, typeName } from '../naming.js';
import { Scopes, type SourceModule } from './scope.js';
import { APPLICATION, CONTEXT, PRIVATE, UNIVERSAL, checkChoice, checkSequence, tagNum } from './tags.js';
import { defaultValue, numberValue } from './values.js';

const CLASS_NUM: Record<A.TagClass, number> = { UNIVERSAL, APPLICATION, CONTEXT, PRIVATE };

/** Built-in information object classes (X.681 Annex A/B): their fields as type nodes. */
const BUILTIN_CLASS_FIELDS: Record<string, Record<string, 'open' | 'oid'>> = {
  'TYPE-IDENTIFIER': { '&id': 'oid', '&Type': 'open' },
  'ABSTRACT-SYNTAX': { '&id': 'oid', '&Type': 'open' },
};

export interface TypeContext {
  readonly source: SourceModule;
  readonly module: ModelModule;
}

export class TypeResolver {
  /** Named types by their AST assignment (one per non-parameterized type assignment). */
  private readonly named = new Map<A.Assignment, NamedType>();
  private readonly pending: { nt: NamedType; node: A.TypeNode; ctx: TypeContext }[] = [];
  private readonly resolved = new Set<NamedType>();
  /** Distinct-tag checks, run once every named type is resolved (they look through references). */
  private readonly checks: (() => void)[] = [];
  private readonly defaults: (() => void)[] = [];

  constructor(
    private readonly scopes: Scopes,
    private readonly modelOf: (m: SourceModule) => ModelModule,
    /** The EXTERNAL type from the prelude module. */
    private readonly external: () => NamedType,
  ) {}

  /** Registers a type assignment; its right-hand side is resolved by `resolveAll`. */
  declare(source: SourceModule, a: A.TypeAssignment): NamedType {
    const module = this.modelOf(source);
    const fullName = `${module.name}.${a.name}`;
    const nt: NamedType = {
      module,
      asn1Name: a.name,
      tsName: typeName(fullName),
      source: a.source,
      pos: a.pos,
      fullName,
      type: { k: 'open' },
    };
    this.named.set(a, nt);
    module.types.push(nt);
    this.pending.push({ nt, node: a.type, ctx: { source, module } });
    return nt;
  }

  resolveAll(): void {
    // Lifting inline types appends to `pending` while we go.
    for (let i = 0; i < this.pending.length; i++) this.ensure(this.pending[i]!.nt);
  }

  /** Runs the X.680 distinct-tag checks over everything resolved. */
  check(): void {
    for (const d of this.defaults.splice(0)) d();
    for (const c of this.checks.splice(0)) c();
  }

  private ensure(nt: NamedType): void {
    if (this.resolved.has(nt)) return;
    this.resolved.add(nt);
    const p = this.pending.find((x) => x.nt === nt)!;
    nt.type = this.typeUse(p.node, p.ctx, nt.fullName, nt);
  }

  namedFor(a: A.Assignment): NamedType | undefined {
    return this.named.get(a);
  }

  /** A type written in an information object (ARGUMENT, RESULT, PARAMETER): a reference, or lifted as `object.field`. */
  objectFieldType(node: A.TypeNode, source: SourceModule, path: string): NamedType {
    const ctx = { source, module: this.modelOf(source) };
    if (node.kind === 'reference') return this.refTarget(node, ctx, path);
    return this.lift(node, ctx, `${ctx.module.name}.${path}`);
  }

  // -------------------------------------------------------------------------------------------

  private typeUse(node: A.TypeNode, ctx: TypeContext, path: string, self?: NamedType): TypeUse {
    switch (node.kind) {
      case 'tagged': {
        const inner = this.typeUse(node.type, ctx, path, self);
        const explicit = this.isExplicit(node.tag, node.type, ctx);
        return { k: 'tagged', tag: tagNum(CLASS_NUM[node.tag.cls], node.tag.number), explicit, inner };
      }
      case 'reference':
        return { k: 'ref', target: this.refTarget(node, ctx, path) };
      case 'sequence':
      case 'set':
        if (!self || self.fullName !== path) return this.liftRef(node, ctx, path);
        return this.sequence(node, ctx, path);
      case 'choice':
        if (!self || self.fullName !== path) return this.liftRef(node, ctx, path);
        return this.choice(node, ctx, path);
      case 'enumerated':
        if (!self || self.fullName !== path) return this.liftRef(node, ctx, path);
        return { k: 'enumerated', items: enumItems(node, path), extensible: node.items.some((i) => i.kind === 'extensionMarker') };
      case 'integer':
        if (node.named && (!self || self.fullName !== path)) return this.liftRef(node, ctx, path);
        return { k: 'integer', named: this.namedNumbers(node.named, ctx), range: this.bounds(node.constraints, 'value', ctx) };
      case 'bitString':
        if (node.named && (!self || self.fullName !== path)) return this.liftRef(node, ctx, path);
        return { k: 'bits', named: this.namedNumbers(node.named, ctx), size: this.bounds(node.constraints, 'size', ctx) };
      case 'sequenceOf':
      case 'setOf':
        return {
          k: node.kind,
          item: this.typeUse(node.item, ctx, `${path}.${node.itemName ?? 'item'}`),
          size: this.bounds(node.constraints, 'size', ctx),
        };
      case 'classField':
        return this.classField(node, ctx);
      case 'selection':
        return this.selection(node, ctx, path);
      default:
        return this.builtin(node, ctx);
    }
  }

  private builtin(node: A.BuiltinTypeNode, ctx: TypeContext): TypeUse {
    switch (node.kind) {
      case 'boolean':
        return { k: 'boolean' };
      case 'null':
        return { k: 'null' };
      case 'octetString':
        return { k: 'octets', size: this.bounds(node.constraints, 'size', ctx) };
      case 'objectIdentifier':
        return { k: 'oid' };
      case 'relativeOid':
        return { k: 'relativeOid' };
      case 'generalizedTime':
        return { k: 'time', kind: 'GeneralizedTime' };
      case 'utcTime':
        return { k: 'time', kind: 'UTCTime' };
      case 'any':
        return { k: 'open' };
      case 'external':
        return { k: 'ref', target: this.external() };
      case 'string': {
        const kind = node.stringType === 'ISO646String' ? 'VisibleString' : node.stringType === 'T61String' ? 'TeletexString' : node.stringType!;
        return { k: 'string', kind, size: this.bounds(node.constraints, 'size', ctx) };
      }
      case 'real':
        throw new Asn1Error('unsupported', node.pos, 'REAL is not supported by this compiler (no ECMA-285 module uses it)');
    }
  }

  private liftRef(node: A.TypeNode, ctx: TypeContext, path: string): TypeUse {
    return { k: 'ref', target: this.lift(node, ctx, path) };
  }

  /** Makes a named type of an inline type; its TS name comes from its path `Module.Type.component`. */
  private lift(node: A.TypeNode, ctx: TypeContext, fullName: string): NamedType {
    const nt: NamedType = {
      module: ctx.module,
      asn1Name: fullName.slice(ctx.module.name.length + 1),
      tsName: typeName(fullName),
      source: '',
      pos: node.pos,
      fullName,
      type: { k: 'open' },
    };
    ctx.module.types.push(nt);
    this.pending.push({ nt, node, ctx });
    return nt;
  }

  private refTarget(node: Extract<A.TypeNode, { kind: 'reference' }>, ctx: TypeContext, path: string): NamedType {
    if (node.actualParameters) {
      throw new Asn1Error('unsupported', node.pos, `${path} uses the parameterized type ${node.name}{...}; parameterized types are not instantiated by this compiler`);
    }
    const found = node.module
      ? this.scopes.requireExternal(node.module, node.name, node.pos)
      : this.scopes.require(ctx.source, node.name, node.pos, path);
    if (found.assignment.kind !== 'type') {
      throw new Asn1Error('not-a-type', node.pos, `${path} uses ${node.name} as a type, but ${found.module.ast.name}.${node.name} is a ${found.assignment.kind} assignment`);
    }
    if (found.assignment.parameters) {
      throw new Asn1Error('unsupported', node.pos, `${path} refers to the parameterized type ${found.module.ast.name}.${node.name} without parameters`);
    }
    return this.named.get(found.assignment)!;
  }

  /** Whether a tag on `inner` is explicit: as written, else the module default, but always for untagged CHOICE/open types. */
  private isExplicit(tag: A.TagNode, inner: A.TypeNode, ctx: TypeContext): boolean {
    if (this.isUntaggedChoiceOrOpen(inner, ctx, new Set())) return true;
    if (tag.mode) return tag.mode === 'EXPLICIT';
    return ctx.source.ast.tagDefault === 'EXPLICIT';
  }

  private isUntaggedChoiceOrOpen(node: A.TypeNode, ctx: TypeContext, seen: Set<A.TypeNode>): boolean {
    if (seen.has(node)) throw new Asn1Error('circular-type', node.pos, 'type is defined in terms of itself without any structure in between');
    seen.add(node);
    switch (node.kind) {
      case 'choice':
      case 'any':
        return true;
      case 'classField':
        return this.classFieldKind(node, ctx) === 'open';
      case 'reference': {
        if (node.actualParameters) return false;
        const found = node.module ? this.scopes.requireExternal(node.module, node.name, node.pos) : this.scopes.lookup(ctx.source, node.name);
        if (!found || found.assignment.kind !== 'type') return false;
        return this.isUntaggedChoiceOrOpen(found.assignment.type, { source: found.module, module: this.modelOf(found.module) }, seen);
      }
      default:
        return false;
    }
  }

  private sequence(node: Extract<A.TypeNode, { kind: 'sequence' | 'set' }>, ctx: TypeContext, path: string): TypeUse {
    const components: Component[] = [];
    let markers = 0;
    let extensionAt = -1;
    const automatic = ctx.source.ast.tagDefault === 'AUTOMATIC' && !hasTags(node.components);
    const add = (c: A.ComponentNode, inExtension: boolean): void => {
      if (c.kind === 'extensionMarker') {
        markers++;
        if (markers === 2) extensionAt = components.length;
        return;
      }
      if (c.kind === 'extensionGroup') {
        for (const g of c.components) add(g, true);
        return;
      }
      if (c.kind === 'componentsOf') {
        for (const inherited of this.componentsOf(c, ctx, path)) components.push(inherited);
        return;
      }
      components.push(this.component(c, ctx, path, inExtension, automatic ? components.length : undefined));
    };
    for (const c of node.components) add(c, markers === 1);
    const extensible = markers > 0 || ctx.source.ast.extensibilityImplied;
    if (extensionAt < 0) extensionAt = components.length;
    this.checks.push(() => checkSequence(path, node.kind, components));
    return { k: node.kind, components, extensible, extensionAt };
  }

  private choice(node: Extract<A.TypeNode, { kind: 'choice' }>, ctx: TypeContext, path: string): TypeUse {
    const alternatives: Component[] = [];
    let extensible = ctx.source.ast.extensibilityImplied;
    const automatic = ctx.source.ast.tagDefault === 'AUTOMATIC' && !hasTags(node.alternatives);
    const add = (c: A.ComponentNode): void => {
      if (c.kind === 'extensionMarker') extensible = true;
      else if (c.kind === 'extensionGroup') c.components.forEach(add);
      else if (c.kind === 'componentsOf') throw new Asn1Error('syntax', c.pos, 'COMPONENTS OF cannot appear in a CHOICE');
      else alternatives.push(this.component(c, ctx, path, false, automatic ? alternatives.length : undefined));
    };
    node.alternatives.forEach(add);
    this.checks.push(() => checkChoice(path, alternatives));
    return { k: 'choice', alternatives, extensible };
  }

  private component(
    c: Extract<A.ComponentNode, { kind: 'component' }>,
    ctx: TypeContext,
    path: string,
    inExtension: boolean,
    automaticTag: number | undefined,
  ): Component {
    const where = `${path}.${c.name}`;
    let type = this.typeUse(c.type, ctx, where);
    if (automaticTag !== undefined) {
      const explicit = this.isUntaggedChoiceOrOpen(c.type, ctx, new Set());
      type = { k: 'tagged', tag: tagNum(CONTEXT, automaticTag), explicit, inner: type };
    }
    const comp: Component = { id: c.name, key: propertyName(c.name), type, optional: c.optional || inExtension, pos: c.pos };
    if (c.default) {
      const dflt = c.default;
      // The DEFAULT's meaning depends on the component's type, which may not be resolved yet.
      this.defaults.push(() => (comp.default = defaultValue(dflt, type, this.scopes, ctx.source, where)));
    }
    return comp;
  }

  private componentsOf(c: Extract<A.ComponentNode, { kind: 'componentsOf' }>, ctx: TypeContext, path: string): Component[] {
    if (c.type.kind !== 'reference') throw new Asn1Error('syntax', c.pos, `${path}: COMPONENTS OF needs a type reference`);
    const target = this.refTarget(c.type, ctx, path);
    this.ensure(target);
    let t = target.type;
    while (t.k === 'tagged') t = t.inner;
    if (t.k !== 'sequence' && t.k !== 'set') {
      throw new Asn1Error('syntax', c.pos, `${path}: COMPONENTS OF ${target.asn1Name} needs a SEQUENCE or SET type`);
    }
    // X.680 25.5: the root components only, without the extension additions.
    return t.components.filter((_, i) => !t.extensible || i < t.extensionAt);
  }

  private classFieldKind(node: Extract<A.TypeNode, { kind: 'classField' }>, ctx: TypeContext): 'open' | 'oid' | A.TypeNode {
    let className = node.className;
    let source = ctx.source;
    for (let hops = 0; hops < 8; hops++) {
      const builtin = BUILTIN_CLASS_FIELDS[className];
      if (builtin) {
        const kind = builtin[node.field];
        if (!kind) throw new Asn1Error('unresolved-name', node.pos, `class ${className} has no field ${node.field}`);
        return kind;
      }
      const found = this.scopes.require(source, className, node.pos, `${className}.${node.field}`);
      if (found.assignment.kind !== 'class') {
        throw new Asn1Error('not-a-class', node.pos, `${className} is used as an information object class but is a ${found.assignment.kind} assignment`);
      }
      if (found.assignment.alias) {
        className = found.assignment.alias;
        source = found.module;
        continue;
      }
      const field = found.assignment.fields.find((f) => f.name === node.field);
      if (!field) throw new Asn1Error('unresolved-name', node.pos, `class ${className} has no field ${node.field}`);
      if (field.kind === 'type' || !field.governor) return 'open';
      return field.governor;
    }
    throw new Asn1Error('circular-type', node.pos, `class ${node.className} is defined as an alias of itself`);
  }

  private classField(node: Extract<A.TypeNode, { kind: 'classField' }>, ctx: TypeContext): TypeUse {
    const kind = this.classFieldKind(node, ctx);
    if (kind === 'open') return { k: 'open' };
    if (kind === 'oid') return { k: 'oid' };
    // A value field with a fixed type (`&operationCode Code`): the type, in the class's module.
    const found = this.findClassModule(node.className, ctx);
    return this.typeUse(kind, { source: found, module: this.modelOf(found) }, `${node.className}.${node.field}`);
  }

  private findClassModule(className: string, ctx: TypeContext): SourceModule {
    const found = this.scopes.lookup(ctx.source, className);
    return found ? found.module : ctx.source;
  }

  private selection(node: Extract<A.TypeNode, { kind: 'selection' }>, ctx: TypeContext, path: string): TypeUse {
    let target = node.type;
    let source = ctx.source;
    while (target.kind === 'reference') {
      const found = this.scopes.require(source, target.name, target.pos, path);
      if (found.assignment.kind !== 'type') break;
      target = found.assignment.type;
      source = found.module;
    }
    if (target.kind !== 'choice') throw new Asn1Error('syntax', node.pos, `${path}: the selection ${node.identifier} < needs a CHOICE type`);
    const alt = target.alternatives.find((a) => a.kind === 'component' && a.name === node.identifier);
    if (!alt || alt.kind !== 'component') throw new Asn1Error('unresolved-name', node.pos, `${path}: the CHOICE has no alternative ${node.identifier}`);
    return this.typeUse(alt.type, { source, module: this.modelOf(source) }, path);
  }

  private namedNumbers(named: readonly A.NamedNumberNode[] | undefined, ctx: TypeContext): [string, number][] | undefined {
    if (!named) return undefined;
    return named.map((n) => [n.name, typeof n.value === 'number' ? n.value : numberValue(n.value, this.scopes, ctx.source, n.pos)]);
  }

  private bounds(constraints: readonly A.ConstraintNode[] | undefined, kind: 'size' | 'value', ctx: TypeContext): Bounds | undefined {
    const c = constraints?.find((x) => x.kind === kind);
    // An extensible constraint (`(1..128, ...)`, `SIZE (0..7, ...)`) bounds nothing: values outside its
    // root belong to later versions of the type and must be accepted (PER and JER encode them too).
    if (!c || c.kind === 'other' || c.ranges.length === 0 || c.extensible) return undefined;
    let min: number | undefined = Infinity;
    let max: number | undefined = -Infinity;
    for (const r of c.ranges) {
      const lo = r.lo === 'MIN' ? undefined : typeof r.lo === 'number' ? r.lo : numberValue(r.lo, this.scopes, ctx.source, c.pos);
      const hi = r.hi === 'MAX' ? undefined : typeof r.hi === 'number' ? r.hi : numberValue(r.hi, this.scopes, ctx.source, c.pos);
      min = lo === undefined || min === undefined ? undefined : Math.min(min, lo);
      max = hi === undefined || max === undefined ? undefined : Math.max(max, hi);
    }
    const b: { min?: number; max?: number } = {};
    if (min !== undefined) b.min = min;
    if (max !== undefined) b.max = max;
    return b;
  }
}

function hasTags(components: readonly A.ComponentNode[]): boolean {
  return components.some((c) => (c.kind === 'component' && c.type.kind === 'tagged') || (c.kind === 'extensionGroup' && hasTags(c.components)));
}

/** ENUMERATED items with X.680 20.3 automatic numbering for items written without a number. */
function enumItems(node: Extract<A.TypeNode, { kind: 'enumerated' }>, path: string): [string, number][] {
  const used = new Set(node.items.filter((i) => i.value !== undefined).map((i) => i.value!));
  const out: [string, number][] = [];
  let next = 0;
  for (const item of node.items) {
    if (item.kind !== 'item') continue;
    let value = item.value;
    if (value === undefined) {
      while (used.has(next)) next++;
      value = next++;
      used.add(value);
    }
    if (out.some(([n]) => n === item.name)) throw new Asn1Error('duplicate-name', item.pos, `${path}: ENUMERATED item ${item.name} appears twice`);
    if (out.some(([, v]) => v === value)) throw new Asn1Error('duplicate-value', item.pos, `${path}: ENUMERATED value ${value} is used by two items`);
    out.push([item.name!, value]);
  }
  return out;
}
