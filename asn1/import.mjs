#!/usr/bin/env node
// Reproduces asn1/ecma-285/*, asn1/x880/* and asn1/x227/ACSE-1.asn1 from the reference copies in
// ../shared/reference/asn1 (see asn1/README.md for provenance and for every edit listed in EDITS).
//
//   node asn1/import.mjs [referenceDir]            write the files
//   node asn1/import.mjs [referenceDir] --verify   re-derive in memory, compare with the files on
//                                                  disk, and print every difference between the
//                                                  comment-stripped originals and the output
//
// Steps per file: strip comments (X.680 12.6: `--` to the next `--` or end of line, `/* */` nested;
// never inside "strings"), drop trailing whitespace, collapse 3+ blank lines to one, apply the
// numbered EDITS (exact string, must match exactly once, else fail), prepend a header comment.
// No dependencies; output is deterministic (no dates, sorted file lists).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ASN1_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(ASN1_DIR, '..');
const REPOSITORY = 'github.com/Wildboar-Software/asn1-typescript-libraries';

// Numbered edits; README.md "2. Defect fixes" documents each one (same numbers). Edit 4 is a decision
// without a text change and edit 5 adds a module (x227/InformationFramework.asn1) instead.
const EDITS = [
  { n: 1, file: 'change-connection-information.asn1', line: 22,
    before: 'CSTACommonArguments FROM CSTA-error-definition',
    after: 'CSTACommonArguments FROM CSTA-extension-types' },
  { n: 2, file: 'single-step-transfer.asn1', line: 3,
    before: 'single-step-conference( 50)',
    after: 'single-step-transfer( 50)' },
  ...['get-location-tracking-capabilities', 'start-location-tracking-session',
    'stop-location-tracking-session', 'suspend-location-tracking-session'].map((m, k) => ({
    n: `3${'abcd'[k]}`, file: `${m}.asn1`, line: 13,
    before: 'universalFailure FROM CSTA-error-definitioneq',
    after: 'universalFailure FROM CSTA-error-definition' })),
];

/** Files in the imported folders that are ours, not copies (see README.md, edit 5). */
const HAND_WRITTEN = [join('x227', 'InformationFramework.asn1')];

/** Which reference file goes where, with the source facts copied from PROVENANCE.md. */
function plan(refDir) {
  const names = readdirSync(refDir).filter((f) => f.endsWith('.asn1')).sort();
  const csta = names.filter((f) => !f.startsWith('itu-t_'));
  const out = csta.map((f) => ({
    src: f, dest: join('ecma-285', f), set: 'ECMA-285 (4th edition content, December 2011)',
    from: `${REPOSITORY} commit 8edab49c986ccd1158e05ccc1aefedf32cfe4053, packages/csta/doc/${f}`,
  }));
  for (const f of names.filter((n) => n.startsWith('itu-t_x_x880_'))) {
    out.push({
      src: f, dest: join('x880', f.replace('itu-t_x_x880_1994-TC1-Amd1_', '')),
      set: 'ITU-T X.880 (07/1994) with Amd.1 (11/1995)',
      from: `${REPOSITORY} master b8ba87788e73cb1fb22fb5efd3a7bba94ab8594e, packages/rose/doc/modules/${f}`,
    });
  }
  for (const f of names.filter((n) => n.startsWith('itu-t_x_x227bis_'))) {
    out.push({
      src: f, dest: join('x227', 'ACSE-1.asn1'), set: 'ITU-T X.227bis (09/1998)',
      from: `${REPOSITORY} (commit not recorded), packages/acse/doc/modules/${f}`,
    });
  }
  return out;
}

/** X.680 comment removal. Returns text with comments gone; newlines are always kept. */
export function stripComments(text, file) {
  let out = '';
  let i = 0;
  let line = 1;
  const at = () => `${file}:${line}`;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') { // cstring; "" is an escaped quote
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error(`${at()}: string not closed before end of file`);
        if (text[j] === '"' && text[j + 1] === '"') j += 2;
        else if (text[j] === '"') break;
        else j++;
      }
      const s = text.slice(i, j + 1);
      line += s.split('\n').length - 1;
      out += s;
      i = j + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      let j = i + 2;
      while (j < text.length && text[j] !== '\n' && !(text[j] === '-' && text[j + 1] === '-')) j++;
      const closed = text[j] === '-';
      const end = closed ? j + 2 : j;
      out += separator(out, text[end]);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      let j = i + 2;
      let newlines = '';
      while (depth > 0) {
        if (j >= text.length) throw new Error(`${at()}: /* comment not closed before end of file`);
        if (text[j] === '/' && text[j + 1] === '*') { depth++; j += 2; }
        else if (text[j] === '*' && text[j + 1] === '/') { depth--; j += 2; }
        else { if (text[j] === '\n') newlines += '\n'; j++; }
      }
      line += newlines.length;
      out += newlines || separator(out, text[j]);
      i = j;
    } else {
      if (c === '\n') line++;
      out += c;
      i++;
    }
  }
  return out;
}

/** A removed comment between two lexical items on one line must still separate them. */
function separator(before, next) {
  const prev = before[before.length - 1];
  const blank = (ch) => ch === undefined || /\s/.test(ch);
  return blank(prev) || blank(next) ? '' : ' ';
}

/** Trailing whitespace off, 3+ blank lines to one, no leading blank lines, one final newline. */
export function tidy(text) {
  const lines = text.split('\n').map((l) => l.replace(/[ \t\r]+$/, ''));
  const kept = [];
  let blanks = 0;
  for (const l of lines) {
    if (l === '') { blanks++; continue; }
    if (kept.length > 0) for (let k = 0; k < (blanks >= 3 ? 1 : blanks); k++) kept.push('');
    blanks = 0;
    kept.push(l);
  }
  return kept.join('\n') + '\n';
}

function applyEdit(text, edit) {
  const count = text.split(edit.before).length - 1;
  if (count !== 1) {
    throw new Error(`edit ${edit.n}: ${edit.file} (original line ${edit.line}) should contain ` +
      `${JSON.stringify(edit.before)} exactly once but contains it ${count} times; ` +
      'the reference file changed: re-check the edit against asn1/README.md');
  }
  return text.replace(edit.before, edit.after);
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const moduleName = (asn1) => asn1.match(/^(?:\s*--[^\n]*\n)*\s*([A-Za-z][\w-]*)/)[1];

/** The stripped original, the output text, and the edits applied, for one planned file. */
function derive(refDir, entry) {
  const raw = readFileSync(join(refDir, entry.src));
  const stripped = tidy(stripComments(raw.toString('utf8'), entry.src));
  const bad = stripped.search(/[^\x09\x0a\x20-\x7e]/);
  if (bad >= 0) {
    const line = stripped.slice(0, bad).split('\n').length;
    throw new Error(`${entry.src}: non-ASCII or control character outside comments at stripped ` +
      `line ${line}; check the comment syntax there`);
  }
  const edits = EDITS.filter((e) => e.file === entry.src);
  const body = edits.reduce(applyEdit, stripped);
  const header = [
    `-- ${entry.set}: module ${moduleName(stripped)}`,
    `-- From ${entry.from}`,
    `--   sha256 ${sha256(raw)}`,
    `-- Made by asn1/import.mjs: comments removed; edits: ${edits.map((e) => e.n).join(', ') || 'none'}` +
      ' (see asn1/README.md).',
    '',
  ].join('\n');
  return { stripped, body, text: `${header}\n${body}`, edits, raw };
}

/** sha256 prefixes in PROVENANCE.md's file table must match the files found. */
function checkProvenance(refDir, entries) {
  const path = join(refDir, 'PROVENANCE.md');
  if (!existsSync(path)) throw new Error(`${path} not found: is ${refDir} the reference folder?`);
  const table = new Map();
  for (const m of readFileSync(path, 'utf8').matchAll(/^\| `([^`]+\.asn1)` \|.*\| `([0-9a-f]{16})` \|$/gm)) {
    table.set(m[1], m[2]);
  }
  for (const e of entries) {
    const want = table.get(e.src);
    const got = sha256(readFileSync(join(refDir, e.src))).slice(0, 16);
    if (want !== got) {
      throw new Error(`${e.src}: sha256 starts ${got}, PROVENANCE.md says ${want ?? '(no row)'}`);
    }
  }
}

function verify(refDir, entries) {
  let problems = 0;
  for (const e of entries) {
    const d = derive(refDir, e);
    const path = join(ASN1_DIR, e.dest);
    const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (onDisk !== d.text) {
      problems++;
      console.log(`DIFFERS asn1/${e.dest}: not what import.mjs makes from ${e.src}; run node asn1/import.mjs`);
    }
    if (moduleName(d.raw.toString('utf8')) !== moduleName(d.body)) {
      problems++;
      console.log(`MODULE NAME CHANGED ${e.src}: ${moduleName(d.raw.toString('utf8'))} -> ${moduleName(d.body)}`);
    }
    const a = d.stripped.split('\n');
    const b = d.body.split('\n');
    if (a.length !== b.length) {
      problems++;
      console.log(`LINE COUNT CHANGED by edits in ${e.src}: ${a.length} -> ${b.length}`);
      continue;
    }
    for (let k = 0; k < a.length; k++) {
      if (a[k] === b[k]) continue;
      const edit = d.edits.find((x) => a[k].includes(x.before) && b[k] === a[k].replace(x.before, x.after));
      if (!edit) problems++;
      console.log(`${edit ? `edit ${edit.n}` : 'UNDOCUMENTED'} asn1/${e.dest}:${k + 6} (original line ` +
        `${edit ? edit.line : '?'})\n  - ${a[k]}\n  + ${b[k]}`);
    }
  }
  const planned = new Set([...entries.map((e) => e.dest), ...HAND_WRITTEN]);
  for (const dir of ['ecma-285', 'x880', 'x227']) {
    for (const f of existsSync(join(ASN1_DIR, dir)) ? readdirSync(join(ASN1_DIR, dir)) : []) {
      if (!planned.has(join(dir, f))) {
        problems++;
        console.log(`EXTRA asn1/${dir}/${f}: not made by import.mjs from the reference; remove it`);
      }
    }
  }
  const codeLocal = (s) => (s.match(/^.*CODE\s+local\b.*$/gm) ?? []).length;
  let before = 0;
  let after = 0;
  for (const e of entries) {
    before += codeLocal(readFileSync(join(refDir, e.src), 'utf8'));
    after += codeLocal(readFileSync(join(ASN1_DIR, e.dest), 'utf8'));
  }
  if (before !== after) problems++;
  console.log(`CODE local lines: ${before} in the originals, ${after} in asn1/`);
  const count = (d) => entries.filter((e) => e.dest.startsWith(d)).length;
  console.log(`files: ecma-285 ${count('ecma-285')}, x880 ${count('x880')}, x227 ${count('x227')} (+ stub)`);
  if (problems > 0) {
    console.log(`${problems} problem(s): asn1/ does not match the reference plus the documented edits`);
    process.exitCode = 1;
  } else {
    console.log('OK: asn1/ = comment-stripped reference + documented edits only');
  }
}

function main() {
  const args = process.argv.slice(2);
  const verifyMode = args.includes('--verify');
  const refDir = resolve(args.find((a) => !a.startsWith('--')) ?? join(REPO_ROOT, '../shared/reference/asn1'));
  const entries = plan(refDir);
  checkProvenance(refDir, entries);
  for (const edit of EDITS) {
    if (!entries.some((e) => e.src === edit.file)) throw new Error(`edit ${edit.n}: ${edit.file} not in ${refDir}`);
  }
  if (verifyMode) return verify(refDir, entries);
  const texts = entries.map((e) => derive(refDir, e).text); // all or nothing: derive before writing
  entries.forEach((e, k) => {
    const path = join(ASN1_DIR, e.dest);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, texts[k]);
  });
  console.log(`wrote ${entries.length} files under asn1/ from ${refDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
