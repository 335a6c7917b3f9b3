/**
 * The parser against the real inputs: every reference module (ECMA-285, X.880, X.227bis) and the
 * project's own asn1/ tree must parse, quickly, into the AST the resolver relies on.
 *
 * The reference copies are read from CSTA_ASN1_REFERENCE (default ../shared/reference/asn1 beside
 * the repository, as on developer machines and in CI; see its PROVENANCE.md); the project's asn1/
 * folder is found above the compiled test.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Assignment, ClassAssignment, ModuleNode, TypeNode } from '../../codegen/src/ast.js';
import { parseModules } from '../../codegen/src/parser.js';

function repoRoot(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'codegen'))) return d;
  }
  throw new Error('repository root not found above the compiled test file');
}

const REFERENCE = process.env['CSTA_ASN1_REFERENCE'] ?? join(repoRoot(), '..', 'shared', 'reference', 'asn1');

function asn1Files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return asn1Files(p);
      return name.endsWith('.asn1') ? [p] : [];
    });
}

/** File name → its parsed modules. */
function parseAll(files: readonly string[]): Map<string, ModuleNode[]> {
  const out = new Map<string, ModuleNode[]>();
  for (const f of files) out.set(f.slice(f.lastIndexOf('/') + 1), parseModules(readFileSync(f, 'utf8'), f));
  return out;
}

function assignment(modules: Map<string, ModuleNode[]>, file: string, name: string): Assignment {
  const a = modules.get(file)?.[0]?.assignments.find((x) => x.name === name);
  if (a === undefined) throw new Error(`${name} not found in ${file}`);
  return a;
}

const referenceFiles = existsSync(REFERENCE) ? asn1Files(REFERENCE) : [];

describe('reference modules', () => {
  it(`finds the 272 reference files in ${REFERENCE} (set CSTA_ASN1_REFERENCE to move them)`, () => {
    // 268 ECMA-285 modules + 3 X.880 + 1 X.227bis (PROVENANCE.md).
    expect(referenceFiles).toHaveLength(272);
  });

  const modules = parseAll(referenceFiles);

  it('parses every file into exactly one module with the kinds of assignment expected', () => {
    const all = [...modules.values()].flat();
    expect(all).toHaveLength(272);
    const kinds: Record<string, number> = {};
    for (const m of all) for (const a of m.assignments) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
    expect(kinds).toEqual({ type: 1050, object: 187, value: 3, class: 7, objectSet: 9 });
    expect(all.reduce((n, m) => n + m.imports.length, 0)).toBe(1419);
    expect(all.filter((m) => m.exports !== undefined)).toHaveLength(19);
  });

  it('keeps the monitorStart OPERATION body as tokens with positions', () => {
    const a = assignment(modules, 'monitor-start.asn1', 'monitorStart');
    expect(a.kind).toBe('object');
    if (a.kind !== 'object') return;
    expect(a.className).toBe('OPERATION');
    expect(a.pos).toMatchObject({ line: 24, col: 1 });
    expect(a.body.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:ARGUMENT', 'word:MonitorStartArgument', 'word:RESULT', 'word:MonitorStartResult',
      'word:ERRORS', 'punct:{', 'word:universalFailure', 'punct:}',
      'word:CODE', 'word:local', 'punct::', 'number:71',
    ]);
    expect(a.body[8]?.pos).toMatchObject({ line: 28, col: 2 });
    expect(a.source.split('\n')).toEqual([
      'monitorStart OPERATION ::=',
      '{ \tARGUMENT \t\tMonitorStartArgument',
      '\tRESULT \t\t\tMonitorStartResult',
      '\tERRORS \t\t\t{universalFailure }',
      '\tCODE \t\t\tlocal: 71 }',
    ]);
  });

  it('reads the eight event CHOICEs of CSTA-event-report-definitions', () => {
    const expected: Record<string, number> = {
      CallControlEvents: 18, CallAssociatedEvents: 5, MediaAttachmentEvents: 2, PhysicalDeviceFeatureEvents: 11,
      LogicalDeviceFeatureEvents: 15, DeviceMaintenanceEvents: 4, VoiceUnitEvents: 18, VendorSpecEvents: 1,
    };
    for (const [name, count] of Object.entries(expected)) {
      const a = assignment(modules, 'event-report-definitions.asn1', name);
      expect(a.kind === 'type' && a.type.kind === 'choice' ? a.type.alternatives.length : -1).toBe(count);
    }
    const cc = assignment(modules, 'event-report-definitions.asn1', 'CallControlEvents');
    const tags = cc.kind === 'type' && cc.type.kind === 'choice'
      ? cc.type.alternatives.map((alt) => (alt.kind === 'component' && alt.type.kind === 'tagged' ? `${alt.name}[${alt.type.tag.number}]${alt.type.tag.mode ?? ''}` : '?'))
      : [];
    expect(tags.slice(0, 3)).toEqual(['bridged[0]IMPLICIT', 'callCleared[1]IMPLICIT', 'conferenced[2]IMPLICIT']);
    expect(tags[17]).toBe('transferred[17]IMPLICIT');
  });

  it('reads the X.880 OPERATION class: 13 fields and WITH SYNTAX with nested optional groups', () => {
    const a = assignment(modules, 'itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Information-Objects.asn1', 'OPERATION') as ClassAssignment;
    expect(a.kind).toBe('class');
    expect(a.fields.map((f) => `${f.name}:${f.kind}${f.unique ? ' UNIQUE' : ''}${f.optional ? ' OPTIONAL' : ''}${f.default ? ' DEFAULT' : ''}`)).toEqual([
      '&ArgumentType:type OPTIONAL', '&argumentTypeOptional:value OPTIONAL', '&returnResult:value DEFAULT',
      '&ResultType:type OPTIONAL', '&resultTypeOptional:value OPTIONAL', '&Errors:value OPTIONAL',
      '&Linked:value OPTIONAL', '&synchronous:value DEFAULT', '&idempotent:value DEFAULT',
      '&alwaysReturns:value DEFAULT', '&InvokePriority:value OPTIONAL', '&ResultPriority:value OPTIONAL',
      '&operationCode:value UNIQUE OPTIONAL',
    ]);
    expect(a.fields[5]?.governor).toMatchObject({ kind: 'reference', name: 'ERROR' });
    expect(a.withSyntax).toHaveLength(11);
    expect(a.withSyntax?.[0]).toEqual({
      kind: 'optional',
      items: [
        { kind: 'literal', text: 'ARGUMENT' },
        { kind: 'field', name: '&ArgumentType' },
        { kind: 'optional', items: [{ kind: 'literal', text: 'OPTIONAL' }, { kind: 'field', name: '&argumentTypeOptional' }] },
      ],
    });
    expect(a.withSyntax?.[10]).toEqual({ kind: 'optional', items: [{ kind: 'literal', text: 'CODE' }, { kind: 'field', name: '&operationCode' }] });
  });

  it('reads the parameterized X.880 ROS PDUs', () => {
    const file = 'itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Generic-ROS-PDUs.asn1';
    const ros = assignment(modules, file, 'ROS');
    expect(ros.parameters).toEqual([
      { governor: 'InvokeId', name: 'InvokeIdSet' },
      { governor: 'OPERATION', name: 'Invokable' },
      { governor: 'OPERATION', name: 'Returnable' },
    ]);
    const invoke = ros.kind === 'type' && ros.type.kind === 'choice' ? ros.type.alternatives[0] : undefined;
    const ref = invoke?.kind === 'component' && invoke.type.kind === 'tagged' ? invoke.type.type : undefined;
    expect(ref?.kind === 'reference' ? ref.actualParameters?.map((p) => p.map((t) => t.text).join(' ')) : undefined).toEqual(['{ InvokeIdSet }', '{ Invokable }']);
    expect(assignment(modules, file, 'Errors')).toMatchObject({ kind: 'objectSet', className: 'ERROR', parameters: [{ governor: 'OPERATION', name: 'Operations' }] });
    expect(assignment(modules, file, 'NoInvokeId')).toMatchObject({ kind: 'objectSet', className: 'InvokeId' });
    expect(assignment(modules, file, 'noInvokeId')).toMatchObject({ kind: 'value', value: { kind: 'choice', alternative: 'absent', value: { kind: 'null' } } });
    const bind = assignment(modules, file, 'Bind');
    const bindError = bind.kind === 'type' && bind.type.kind === 'choice' ? bind.type.alternatives[2] : undefined;
    const field: TypeNode | undefined = bindError?.kind === 'component' && bindError.type.kind === 'tagged' ? bindError.type.type : undefined;
    expect(field).toMatchObject({ kind: 'classField', className: 'OPERATION', field: '&ParameterType', fieldPath: ['&Errors', '&ParameterType'] });
  });

  it('reads the ACSE module: class alias, extensible SIZE with additions, OID values', () => {
    const file = 'itu-t_x_x227bis_1998_ACSE-1.asn1';
    expect(assignment(modules, file, 'MECHANISM-NAME')).toMatchObject({ kind: 'class', alias: 'TYPE-IDENTIFIER', fields: [] });
    expect(assignment(modules, file, 'Association-data')).toMatchObject({
      kind: 'type',
      type: { kind: 'sequenceOf', item: { kind: 'external' }, constraints: [{ kind: 'size', ranges: [{ lo: 1, hi: 1 }], extensible: true, additions: [{ lo: 0, hi: 0 }, { lo: 2, hi: 'MAX' }] }] },
    });
    expect(modules.get(file)?.[0]?.imports[0]?.oid).toBe('{joint-iso-itu-t ds(5) module(1) informationFramework(1) 7}');
  });

  it('parses all reference modules well under a second', () => {
    const texts = referenceFiles.map((f) => [f, readFileSync(f, 'utf8')] as const);
    const start = performance.now();
    for (const [f, text] of texts) parseModules(text, f);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("the project's asn1/ tree", () => {
  const dir = join(repoRoot(), 'asn1');
  const files = existsSync(dir) ? asn1Files(dir) : [];

  it('parses every file (failures listed with their error)', () => {
    expect(files.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const f of files) {
      try {
        if (parseModules(readFileSync(f, 'utf8'), f).length === 0) failures.push(`${f}: no module`);
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
    }
    expect(failures).toEqual([]);
  });
});
