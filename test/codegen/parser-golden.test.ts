/**
 * Parser goldens (asn1c style): test/codegen/parse/NN-topic-OK.asn1 must parse to the AST in
 * NN-topic-OK.json (positions included, file name = the .asn1 base name); NN-topic-ERR.asn1 must
 * fail with the `code`, `line` and `col` in NN-topic-ERR.json (its `message` is there for review
 * only and is not compared).
 *
 * After an intended parser change, rewrite the .json files and review the diff like code:
 *
 *   UPDATE_GOLDEN=1 npm test -- parser-golden
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Asn1Error } from '../../codegen/src/diagnostics.js';
import { parseModules } from '../../codegen/src/parser.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** The fixtures live in the source tree, not next to the compiled test: walk up to the repo. */
function fixtureDir(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    const candidate = join(d, 'test', 'codegen', 'parse');
    if (existsSync(join(d, 'package.json')) && existsSync(candidate)) return candidate;
  }
  throw new Error('test/codegen/parse not found above the compiled test file');
}

const dir = fixtureDir();
const inputs = readdirSync(dir).filter((f) => f.endsWith('.asn1')).sort();
const okCases = inputs.filter((f) => f.endsWith('-OK.asn1'));
const errCases = inputs.filter((f) => f.endsWith('-ERR.asn1'));

const goldenPath = (input: string): string => join(dir, input.replace(/\.asn1$/, '.json'));
const read = (input: string): string => readFileSync(join(dir, input), 'utf8');

function compareOrUpdate(input: string, actual: unknown): void {
  const path = goldenPath(input);
  if (UPDATE) writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

describe('parser goldens', () => {
  it('has the promised number of cases, every input has a golden and names follow NN-topic-{OK,ERR}', () => {
    expect(okCases.length).toBeGreaterThanOrEqual(15);
    expect(errCases.length).toBeGreaterThanOrEqual(10);
    expect(inputs.filter((f) => !/^\d\d-[a-z0-9-]+-(OK|ERR)\.asn1$/.test(f))).toEqual([]);
    if (!UPDATE) expect(inputs.filter((f) => !existsSync(goldenPath(f)))).toEqual([]);
  });

  describe.each(okCases)('%s', (input) => {
    it('parses to the golden AST', () => {
      const ast: unknown = JSON.parse(JSON.stringify(parseModules(read(input), input)));
      compareOrUpdate(input, ast);
    });
  });

  describe.each(errCases)('%s', (input) => {
    it('fails with the golden code and position', () => {
      let caught: unknown;
      try {
        parseModules(read(input), input);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Asn1Error);
      const err = caught as Asn1Error;
      expect(err.message.startsWith(`${input}:${err.pos.line}:${err.pos.col}: `)).toBe(true);
      const actual = { code: err.code, line: err.pos.line, col: err.pos.col };
      const path = goldenPath(input);
      if (UPDATE) writeFileSync(path, `${JSON.stringify({ ...actual, message: err.message }, null, 2)}\n`);
      const golden = JSON.parse(readFileSync(path, 'utf8')) as { code: string; line: number; col: number };
      expect(actual).toEqual({ code: golden.code, line: golden.line, col: golden.col });
    });
  });
});
