// Lexing and shallow parsing of ASN.1 modules, just enough for prepare.mjs to build
// asn1c's working copy: module header (name, OID), EXPORTS, IMPORTS and the list of
// top-level assignments with their token ranges. Not a general ASN.1 parser.
// No dependencies; Node 20.

/** Blank out comments (`-- ... --|EOL` and nested `/* ... *\/`), keeping offsets and newlines. */
export function stripComments(text) {
  const out = text.split('');
  let i = 0;
  const blank = (from, to) => { for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' '; };
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      let j = i + 2;
      while (j < text.length && text[j] !== '\n' && !(text[j] === '-' && text[j + 1] === '-')) j++;
      if (text[j] === '-') j += 2;
      blank(i, j);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1, j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') { depth++; j += 2; }
        else if (text[j] === '*' && text[j + 1] === '/') { depth--; j += 2; }
        else j++;
      }
      blank(i, j);
      i = j;
    } else i++;
  }
  return out.join('');
}

/** Where an offset is, as `file:line:col`. */
export function where(file, text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `${file}:${line}:${col}`;
}

const PUNCT = ['::=', '...', '..', '[[', ']]', '{', '}', '(', ')', '[', ']', ',', ';', '.', '|', '^', '@', '!', '<', '>', ':', '-', '+', '*'];

/** Tokens `{ t: 'id'|'num'|'str'|'p'|'field', v, s, e }` (s/e = offsets into the text). */
export function tokenize(file, text) {
  const toks = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const s = i;
    if (/[A-Za-z&]/.test(c)) {
      i++;
      while (i < text.length && (/[A-Za-z0-9]/.test(text[i]) || (text[i] === '-' && /[A-Za-z0-9]/.test(text[i + 1] ?? '')))) i++;
      toks.push({ t: c === '&' ? 'field' : 'id', v: text.slice(s, i), s, e: i });
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i])) i++;
      toks.push({ t: 'num', v: text.slice(s, i), s, e: i });
    } else if (c === '"') {
      i++;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      i++;
      toks.push({ t: 'str', v: text.slice(s, i), s, e: i });
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`${where(file, text, s)}: unterminated 'string'; fix the module text`);
      i = end + 1;
      if (/[BH]/.test(text[i] ?? '')) i++;
      toks.push({ t: 'str', v: text.slice(s, i), s, e: i });
    } else {
      const p = PUNCT.find((q) => text.startsWith(q, i));
      if (!p) throw new Error(`${where(file, text, s)}: unexpected character ${JSON.stringify(c)} (U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}) outside a comment; fix the module text`);
      i += p.length;
      toks.push({ t: 'p', v: p, s, e: i });
    }
  }
  return toks;
}

export const isUpper = (tok) => tok?.t === 'id' && /^[A-Z]/.test(tok.v);
export const isLower = (tok) => tok?.t === 'id' && /^[a-z]/.test(tok.v);
/** An all-capitals reference is an information object class (OPERATION, ERROR, TYPE-IDENTIFIER...). */
export const isClassRef = (name) => /^[A-Z][A-Z0-9-]*$/.test(name) && /[A-Z]{2}/.test(name);

function matching(toks, open) {
  const pairs = { '{': '}', '(': ')', '[': ']' };
  const close = pairs[toks[open].v];
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    if (toks[k].v === toks[open].v && toks[k].t === 'p') depth++;
    else if (toks[k].v === close && toks[k].t === 'p' && --depth === 0) return k;
  }
  return -1;
}

const OID_NAMES = { 'itu-t': 0, ccitt: 0, iso: 1, 'joint-iso-itu-t': 2, 'joint-iso-ccitt': 2, 'identified-organization': 3 };

/** Numeric arcs of an OID written as tokens between braces (`iso(1) ... foo(12)` or bare names/numbers). */
export function oidArcs(toks) {
  const arcs = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.t === 'num') arcs.push(t.v);
    else if (t.t === 'id' && toks[k + 1]?.v === '(') { arcs.push(toks[k + 2].v); k += 3; }
    else if (t.t === 'id') arcs.push(String(OID_NAMES[t.v] ?? t.v));
  }
  return arcs.join('.');
}

/**
 * Parse one file into modules: { name, nameTok, oid, oidText, bodyStart, endTok, exports, imports, assignments }.
 * imports: [{ symbols: [tok], module: tok, oidToks: [tok] | null, oidText, s, e }]
 * assignments: [{ name, kind: 'type'|'value'|'object'|'class'|'param-type', typeTok, first, last }] (token indices).
 */
export function parseModules(file, text) {
  const toks = tokenize(file, text);
  const at = (k) => where(file, text, toks[Math.min(k, toks.length - 1)]?.s ?? text.length);
  const modules = [];
  let k = 0;
  while (k < toks.length) {
    const mod = { file, text, toks, nameTok: toks[k], name: toks[k].v, oid: '', oidText: '', exports: null, imports: [], importsRange: null, assignments: [] };
    if (!isUpper(toks[k])) throw new Error(`${at(k)}: expected a module name, found "${toks[k].v}"`);
    k++;
    if (toks[k]?.v === '{') {
      const close = matching(toks, k);
      mod.oid = oidArcs(toks.slice(k + 1, close));
      mod.oidText = text.slice(toks[k].s, toks[close].e);
      k = close + 1;
    }
    while (k < toks.length && toks[k].v !== 'DEFINITIONS') k++;
    while (k < toks.length && toks[k].v !== '::=') k++;
    if (toks[k + 1]?.v !== 'BEGIN') throw new Error(`${at(k)}: expected "::= BEGIN" in the header of module ${mod.name}`);
    k += 2;
    if (toks[k]?.v === 'EXPORTS') {
      const semi = toks.findIndex((t, j) => j > k && t.v === ';');
      mod.exports = { first: k, last: semi, symbols: toks.slice(k + 1, semi).filter((t) => t.t === 'id' && t.v !== 'ALL') };
      k = semi + 1;
    }
    if (toks[k]?.v === 'IMPORTS') {
      const semi = toks.findIndex((t, j) => j > k && t.v === ';');
      if (semi < 0) throw new Error(`${at(k)}: IMPORTS of ${mod.name} has no closing ";"`);
      mod.importsRange = { first: k, last: semi };
      let j = k + 1, symbols = [];
      while (j < semi) {
        const t = toks[j];
        if (t.v === 'FROM') {
          const clause = { symbols, module: toks[j + 1], oidToks: null, oidText: '' };
          j += 2;
          if (toks[j]?.v === '{') {
            const close = matching(toks, j);
            clause.oidToks = toks.slice(j + 1, close);
            clause.oidText = text.slice(toks[j].s, toks[close].e);
            j = close + 1;
          }
          mod.imports.push(clause);
          symbols = [];
        } else if (t.t === 'id') { symbols.push(t); j++; if (toks[j]?.v === '{' && toks[j + 1]?.v === '}') j += 2; }
        else if (t.v === ',') j++;
        else throw new Error(`${at(j)}: unexpected "${t.v}" in IMPORTS of ${mod.name}`);
      }
      if (symbols.length) throw new Error(`${at(semi)}: IMPORTS of ${mod.name} ends with symbols but no FROM`);
      k = semi + 1;
    }
    mod.bodyStart = k;
    let depth = 0, end = -1;
    const starts = [];
    for (let j = k; j < toks.length; j++) {
      const t = toks[j];
      if (t.t === 'p' && ['{', '(', '[', '[['].includes(t.v)) depth++;
      else if (t.t === 'p' && ['}', ')', ']', ']]'].includes(t.v)) depth--;
      else if (depth === 0 && t.v === 'END' && t.t === 'id') { end = j; break; }
      else if (depth === 0 && t.v === '::=') starts.push(assignmentHead(toks, j, at));
    }
    if (end < 0) throw new Error(`${at(toks.length)}: module ${mod.name} has no END`);
    mod.endTok = end;
    starts.forEach((a, n) => { a.last = (n + 1 < starts.length ? starts[n + 1].first : end) - 1; });
    mod.assignments = starts;
    modules.push(mod);
    k = end + 1;
  }
  return modules;
}

function assignmentHead(toks, j, at) {
  const prev = toks[j - 1];
  if (prev.v === '}') {
    let depth = 0, o = j - 1;
    for (; o >= 0; o--) { if (toks[o].v === '}') depth++; else if (toks[o].v === '{' && --depth === 0) break; }
    return { name: toks[o - 1].v, kind: 'param-type', first: o - 1, assign: j };
  }
  if (!isUpper(prev)) throw new Error(`${at(j)}: cannot tell what is assigned before "::=" (found "${prev.v}")`);
  if (isLower(toks[j - 2])) {
    const kind = isClassRef(prev.v) ? 'object' : 'value';
    return { name: toks[j - 2].v, kind, typeTok: prev, first: j - 2, assign: j };
  }
  if (isUpper(toks[j - 2]) && isClassRef(prev.v) && !isClassRef(toks[j - 2].v)) {
    return { name: toks[j - 2].v, kind: 'object-set', typeTok: prev, first: j - 2, assign: j };
  }
  const kind = toks[j + 1]?.v === 'CLASS' ? 'class' : 'type';
  return { name: prev.v, kind, first: j - 1, assign: j };
}
