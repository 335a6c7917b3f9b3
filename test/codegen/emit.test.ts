/**
 * Generator goldens: each `test/codegen/emit/NN-topic-OK.asn1` is compiled and every file the
 * generator writes for it (the prelude aside) must equal `NN-topic-OK.golden`, reviewed like code.
 * Each `NN-topic-ERR.asn1` must fail with the code and `line:col` in `NN-topic-ERR.json`, and a
 * message naming the file.
 *
 * After an intended change to the generator, rewrite the goldens and review the diff:
 *   UPDATE_GOLDEN=1 npm test -- emit
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Asn1Error } from '../../codegen/src/diagnostics.js';
import { DEFAULT_OPTIONS, buildModel, emit, loadSources } from '../../codegen/src/generate.js';
import { repoRoot } from '../support/vectors.js';

const dir = join(repoRoot(), 'test', 'codegen', 'emit');
const rel = 'test/codegen/emit';
const cases = readdirSync(dir).filter((f) => f.endsWith('.asn1')).sort();

function generate(file: string): Map<string, string> {
  return emit(buildModel(loadSources([`${rel}/${file}`], repoRoot())), DEFAULT_OPTIONS);
}

describe('generator goldens (test/codegen/emit)', () => {
  it('has OK and ERR cases', () => {
    expect(cases.filter((c) => c.includes('-OK')).length).toBeGreaterThanOrEqual(9);
    expect(cases.filter((c) => c.includes('-ERR')).length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases.filter((c) => c.includes('-OK')))('%s', (file) => {
    const out = generate(file);
    const text = [...out]
      .filter(([name]) => name !== 'asn1-prelude.ts')
      .map(([name, content]) => `// ===== ${name} =====\n${content}`)
      .join('\n');
    const golden = join(dir, file.replace(/\.asn1$/, '.golden'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
    // Deterministic: a second run gives the same bytes.
    expect([...generate(file)].filter(([n]) => n !== 'asn1-prelude.ts').map(([n, c]) => `// ===== ${n} =====\n${c}`).join('\n')).toBe(text);
  });

  it.each(cases.filter((c) => c.includes('-ERR')))('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.asn1$/, '.json')), 'utf8')) as { code: string; line: number; col: number };
    let error: unknown;
    try {
      generate(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Asn1Error);
    const e = error as Asn1Error;
    expect({ code: e.code, line: e.pos.line, col: e.pos.col }).toEqual(expected);
    expect(e.message).toContain(`${rel}/${file}:${expected.line}:${expected.col}`);
  });
});
