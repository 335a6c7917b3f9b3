#!/usr/bin/env node
// Builds the working copy of the ASN.1 modules that asn1c 0.9.28 can compile, and
// names.json mapping "<Module>.<Type>" (our names) to asn1c's C type name (asn_DEF_<name>).
//
//   node prepare.mjs <outDir> <file.asn1>...
//
// Edits made in the copy (see README.md): comments stripped; OPERATION/ERROR information
// objects and the IMPORTS of classes/objects set aside; IMPORTS whose module name does not
// define the symbols re-pointed to the module whose OID they carry; type names defined in
// more than one module suffixed in all but one module (asn1c's C output has one namespace).
// No dependencies; Node 20.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stripComments, parseModules, isLower, isClassRef, oidArcs, where } from './asn1-scan.mjs';

/** Modules that give way on a clash (their names get the suffix); any other module that has to give way gets its initials. */
const SUFFIX = {
  'CSTA-application-context-information-csta3': 'AC',
  'CSTA-capability-exchange': 'CE',
};
const suffixOf = (mod) => SUFFIX[mod] ?? mod.replace(/^CSTA-/, '').split('-').map((w) => w[0].toUpperCase()).join('');
/** asn1c's C identifier for an ASN.1 type reference (asn1c_make_identifier: non-alphanumerics become '_'). */
const cName = (name) => name.replace(/[^A-Za-z0-9]/g, '_');

function fail(message) {
  process.stderr.write(`prepare.mjs: ${message}\n`);
  process.exit(1);
}

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) fail('usage: node prepare.mjs <outDir> <file.asn1>...');

const modules = new Map();
for (const file of files) {
  const raw = readFileSync(file, 'utf8');
  let parsed;
  try { parsed = parseModules(file, stripComments(raw)); } catch (e) { fail(e.message); }
  for (const m of parsed) {
    if (modules.has(m.name)) fail(`module ${m.name} is defined twice: ${modules.get(m.name).file} and ${file}`);
    m.defs = new Map(m.assignments.map((a) => [a.name, a]));
    modules.set(m.name, m);
  }
}
const byOid = new Map([...modules.values()].filter((m) => m.oid).map((m) => [m.oid, m]));
const log = [];
const setAside = (a) => a.kind === 'object' || a.kind === 'object-set' || a.kind === 'class';

// 1. Resolve every IMPORTS clause to a compiled module (by name, else by OID).
for (const m of modules.values()) {
  for (const clause of m.imports) {
    const named = modules.get(clause.module.v);
    const kept = clause.symbols.filter((s) => !isClassRef(s.v));
    const defines = (target) => target && kept.every((s) => target.defs.has(s.v) || target.imports.some((c) => c.symbols.some((x) => x.v === s.v)));
    if (defines(named)) { clause.target = named; continue; }
    const viaOid = clause.oidToks && byOid.get(oidArcs(clause.oidToks));
    if (defines(viaOid)) {
      clause.target = viaOid;
      log.push(`${m.name}: IMPORTS ${kept.map((s) => s.v).join(', ')} FROM ${clause.module.v} -> FROM ${viaOid.name} (the module with that OID)`);
      continue;
    }
    if (kept.length === 0 || kept.every((s) => isLower(s) && !named)) {
      clause.target = null; // only classes/objects from a module that is not compiled (X.880)
      continue;
    }
    const missing = kept.filter((s) => !named?.defs.has(s.v)).map((s) => s.v).join(', ');
    fail(`${where(m.file, m.text, clause.module.s)}: ${m.name} imports ${missing} FROM ${clause.module.v}, ` +
      `which ${named ? 'does not define them' : 'is not among the modules compiled'}, and no compiled module has the OID ${clause.oidText || '(none)'}`);
  }
}

/** The module that really defines `name` as seen from module `m` (following re-exports). */
function definer(m, name, seen = new Set()) {
  if (m.defs.has(name)) return m;
  if (seen.has(m.name)) return null;
  seen.add(m.name);
  const clause = m.imports.find((c) => c.symbols.some((s) => s.v === name));
  return clause?.target ? definer(clause.target, name, seen) : null;
}

// 2. Clashing names: one C namespace, so a type name (as a C identifier) may be defined once.
const owners = new Map();
for (const m of modules.values())
  for (const a of m.assignments) if (!setAside(a)) owners.set(cName(a.name), [...(owners.get(cName(a.name)) ?? []), m]);
const clashes = [...owners].filter(([, ms]) => ms.length > 1);
const clashCount = new Map();
for (const [, ms] of clashes) for (const m of ms) clashCount.set(m.name, (clashCount.get(m.name) ?? 0) + 1);
const renamed = new Map(); // "<Module>.<Type>" -> new ASN.1 name
for (const [key, ms] of clashes) {
  // Modules listed in SUFFIX give way first, then the module with more clashing names, then by name.
  const yields = (m) => (m.name in SUFFIX ? 1 : 0);
  const ranked = [...ms].sort((a, b) => yields(a) - yields(b) || clashCount.get(a.name) - clashCount.get(b.name) || a.name.localeCompare(b.name));
  for (const m of ranked.slice(1)) {
    const name = m.assignments.find((a) => !setAside(a) && cName(a.name) === key).name;
    const fresh = `${name}-${suffixOf(m.name)}`;
    if (owners.has(cName(fresh))) fail(`renaming ${m.name}.${name} to ${fresh} would clash again; add a suffix for ${m.name} to SUFFIX in prepare.mjs`);
    renamed.set(`${m.name}.${name}`, fresh);
    log.push(`${m.name}: ${name} -> ${fresh} (also defined in ${ranked[0].name})`);
  }
}

// 3. Write each module: header, EXPORTS/IMPORTS regenerated, kept assignments with renames.
mkdirSync(join(outDir, 'asn1'), { recursive: true });
const names = {};
const lookupName = (m, name) => { const d = definer(m, name); return d ? renamed.get(`${d.name}.${name}`) ?? name : name; };
for (const m of modules.values()) {
  const { toks, text } = m;
  const removed = new Set(m.assignments.filter(setAside).map((a) => a.name));
  const slice = (first, last) => {
    let out = '';
    for (let k = first; k <= last; k++) {
      const t = toks[k];
      const gap = k === first ? '' : text.slice(toks[k - 1].e, t.s);
      out += gap + (t.t === 'id' && /^[A-Z]/.test(t.v) && toks[k - 1]?.v !== '.' ? lookupName(m, t.v) : t.v);
    }
    return out;
  };
  const parts = [`${m.name} ${m.oidText}\nDEFINITIONS ::=\nBEGIN\n`];
  if (m.exports) {
    const syms = m.exports.symbols.filter((s) => !removed.has(s.v) && !isLower(s)).map((s) => lookupName(m, s.v));
    if (syms.length) parts.push(`EXPORTS ${syms.join(', ')};\n`);
    else log.push(`${m.name}: EXPORTS dropped (it listed only information objects), so everything is exported`);
  }
  const clauses = m.imports.filter((c) => c.target).map((c) => {
    const syms = c.symbols.filter((s) => !isClassRef(s.v) && !(isLower(s) && c.target.defs.get(s.v) && setAside(c.target.defs.get(s.v))));
    return syms.length ? `  ${syms.map((s) => lookupName(m, s.v)).join(', ')}\n    FROM ${c.target.name} ${c.target.oidText}` : null;
  }).filter(Boolean);
  if (clauses.length) parts.push(`IMPORTS\n${clauses.join('\n')};\n`);
  for (const a of m.assignments) {
    if (setAside(a)) continue;
    for (let k = a.first; k <= a.last; k++) {
      // A set-aside name followed by a type or a tag is a component identifier, not a reference.
      const next = toks[k + 1];
      if (removed.has(toks[k].v) && !(next && (/^[A-Z]/.test(next.v) || next.v === '[')))
        fail(`${where(m.file, text, toks[k].s)}: ${a.name} refers to ${toks[k].v}, an information object that is set aside`);
    }
    const body = slice(a.first, a.last);
    parts.push(`\n${body}\n`);
    if (a.kind === 'type') names[`${m.name}.${a.name}`] = cName(lookupName(m, a.name));
  }
  parts.push(`\nEND\n`);
  writeFileSync(join(outDir, 'asn1', basename(m.file)), parts.join(''));
}

writeFileSync(join(outDir, 'names.json'), JSON.stringify(names, null, 1) + '\n');
// The driver's name -> descriptor table; linking it proves every name in names.json exists.
const cnames = [...new Set(Object.values(names))].sort();
writeFileSync(join(outDir, 'types-table.c'), [
  '/* generated by prepare.mjs from names.json */',
  '#include <asn_application.h>',
  ...cnames.map((c) => `extern asn_TYPE_descriptor_t asn_DEF_${c};`),
  'const struct rt_type { const char *name; asn_TYPE_descriptor_t *def; } rt_types[] = {',
  ...cnames.map((c) => `  { "${c}", &asn_DEF_${c} },`),
  '};',
  `const unsigned rt_types_count = ${cnames.length};`, '',
].join('\n'));
writeFileSync(join(outDir, 'prepare.log'), log.join('\n') + '\n');
const objects = [...modules.values()].reduce((n, m) => n + m.assignments.filter(setAside).length, 0);
process.stdout.write(`prepare.mjs: ${modules.size} modules, ${Object.keys(names).length} types, ` +
  `${objects} information objects set aside, ${renamed.size} names suffixed; edits in ${join(outDir, 'prepare.log')}\n`);
