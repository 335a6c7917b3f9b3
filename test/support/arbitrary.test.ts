import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Codec } from '../../src/ber/codec.js';
import type { Schema } from '../../src/ber/schema.js';
import { fromJer, toJer } from '../../src/jer/index.js';
import { AllKinds, codec, DeviceID, Expr, Loop, MonitorStartArgument, SAMPLES, Tree, type MonitorStartArgument as MSA } from '../jer/sample-codecs.js';
import { arbitrary } from './arbitrary.js';

/**
 * A value fits its codec: JER reading (which checks types, repertoires, SIZE, ranges, hex, TLV
 * framing, time and OID syntax) gives it back unchanged; no property is `undefined`; nothing is
 * `$unknown`.
 */
function conforms(c: Codec<unknown>, v: unknown): void {
  expect(fromJer(c, toJer(c, v))).toStrictEqual(v);
  const problems: string[] = [];
  const walk = (x: unknown, at: string): void => {
    if (x === null || typeof x !== 'object' || x instanceof Uint8Array) return;
    if (Array.isArray(x)) return x.forEach((y, i) => walk(y, `${at}[${i}]`));
    for (const [k, y] of Object.entries(x)) {
      if (y === undefined) problems.push(`${at}.${k} is undefined`);
      if (k === '$unknown' || y === '$unknown') problems.push(`${at}.${k} is $unknown`);
      walk(y, `${at}.${k}`);
    }
  };
  walk(v, '');
  expect(problems).toStrictEqual([]);
}

const sample = <T>(c: Codec<T>, n: number, options?: Parameters<typeof arbitrary>[1]) => fc.sample(arbitrary(c, options), { numRuns: n, seed: 42 });

describe('arbitrary: values fit the schema', () => {
  it.each(SAMPLES.map((c) => [c.name, c] as const))('every value of %s conforms', (_name, c) => {
    fc.assert(fc.property(arbitrary(c), (v) => conforms(c, v)), { numRuns: 300 });
  });

  it('keeps built-in values within bounds, repertoires and formats', () => {
    for (const v of sample(AllKinds, 300)) {
      const s = v as Record<string, any>;
      expect(s.kRange).toBeGreaterThanOrEqual(-5);
      expect(s.kRange).toBeLessThanOrEqual(5);
      expect(s.kSizedString.length).toBeGreaterThanOrEqual(3);
      expect(s.kSizedString.length).toBeLessThanOrEqual(5);
      expect(s.kSetOf).toHaveLength(2);
      expect(s.kFixedBits.length).toBe(12);
      expect(s.kBits.length).toBeLessThanOrEqual(24);
      expect(s.kOctets.length).toBeLessThanOrEqual(8);
      expect(s.kIA5String).toMatch(/^[\x00-\x7f]{0,8}$/); // all of ASCII, controls too
      expect(s.kPrintableString).toMatch(/^[A-Za-z0-9 '()+,\-./:=?]{0,8}$/);
      expect(s.kNumericString).toMatch(/^[0-9 ]{0,8}$/);
      expect(s.kBMPString).not.toMatch(/[\ud800-\udfff]/);
      expect(s.kGeneralizedTime).toMatch(/^\d{14}$/);
      expect(s.kUtcTime).toMatch(/^\d{12}Z$/);
      const arcs = s.kOid.split('.').map(Number);
      expect(arcs.length).toBeGreaterThanOrEqual(3);
      expect(arcs.length).toBeLessThanOrEqual(7);
      expect(arcs[0] <= 2 && (arcs[0] === 2 || arcs[1] < 40)).toBe(true);
    }
  });

  it('draws named, negative and large integers', () => {
    const ints = sample(AllKinds, 300).map((v) => (v as { kInteger: number }).kInteger);
    expect(ints).toContain(2 ** 40);
    expect(ints.some((i) => i < 0)).toBe(true);
    expect(ints.some((i) => Math.abs(i) > 2 ** 32)).toBe(true);
    expect(ints.some((i) => Math.abs(i) <= 300)).toBe(true);
  });
});

describe('arbitrary: coverage of shapes', () => {
  const values = sample(MonitorStartArgument, 500) as MSA[];

  it('leaves each OPTIONAL and DEFAULT component out sometimes (omitted, not undefined) and in sometimes', () => {
    for (const key of ['requestedMonitorFilter', 'monitorType', 'privateData', 'extensions'] as const) {
      expect(values.some((v) => Object.hasOwn(v, key))).toBe(true);
      expect(values.some((v) => !Object.hasOwn(v, key))).toBe(true);
    }
  });

  it('draws every CHOICE alternative and ENUMERATED value, and no $unknown', () => {
    const ids = new Set(values.map((v) => v.monitorObject.deviceIdentifier.case));
    expect([...ids].sort()).toStrictEqual(['deviceNumber', 'dialingNumber', 'otherId']);
    expect(new Set(values.map((v) => v.monitorType ?? 'absent'))).toStrictEqual(new Set(['absent', 'call', 'device']));
    expect(new Set(values.flatMap((v) => (v.privateData ? [v.privateData.case] : [])))).toStrictEqual(new Set(['private', 'privateTag']));
  });

  it('draws open types with the tag and constructed bit of their identifier octet', () => {
    const raws = values.flatMap((v) => (v.privateData?.case === 'private' ? [v.privateData.value] : []));
    expect(new Set(raws.map((r) => r.constructed))).toStrictEqual(new Set([true, false]));
    for (const r of raws) expect(r.constructed).toBe((r.bytes[0] & 0x20) !== 0);
  });
});

describe('arbitrary: recursion', () => {
  const exprDepth = (e: Expr): number =>
    e.case === 'num' ? 1 : e.case === 'neg' ? 1 + exprDepth(e.value) : 1 + Math.max(exprDepth(e.value.left), exprDepth(e.value.right));
  const treeHeight = (t: Tree): number => 1 + Math.max(0, ...t.children.map(treeHeight));

  it.each([1, 2, 4])('cuts Expr and Tree at maxDepth %d, reaching that depth', (maxDepth) => {
    const exprs = sample(Expr, 300, { maxDepth }).map(exprDepth);
    expect(Math.max(...exprs)).toBe(maxDepth + 1);
    const trees = sample(Tree, 300, { maxDepth }).map(treeHeight);
    expect(Math.max(...trees)).toBe(Math.floor(maxDepth / 2) + 1);
  });

  it('respects maxItems where the SIZE allows more', () => {
    for (const t of sample(Tree, 200, { maxItems: 1 })) expect(t.children.length).toBeLessThanOrEqual(1);
  });

  it('fills a SEQUENCE OF with a minimum SIZE even at the depth limit', () => {
    const Node: Codec<unknown> = codec('Test.Node', {
      t: 'choice',
      name: 'Test.Node',
      extensible: false,
      alternatives: [
        { key: 'many', id: 'many', type: { t: 'sequenceOf', item: () => Node, size: { min: 2, max: 4 } } },
        { key: 'leaf', id: 'leaf', type: { t: 'null' } },
      ],
    });
    fc.assert(fc.property(arbitrary(Node, { maxDepth: 3 }), (v) => conforms(Node, v)), { numRuns: 200 });
  });

  it('never draws an OPTIONAL component or SEQUENCE OF item that has no finite value', () => {
    const Holder: Codec<unknown> = codec('Test.Holder', {
      t: 'sequence',
      name: 'Test.Holder',
      extensible: false,
      fields: [
        { key: 'n', id: 'n', optional: false, type: { t: 'integer' } },
        { key: 'loop', id: 'loop', optional: true, type: () => Loop },
        { key: 'loops', id: 'loops', optional: false, type: { t: 'sequenceOf', item: () => Loop } },
      ],
    });
    for (const v of sample(Holder, 100)) expect(v).toStrictEqual({ n: (v as { n: number }).n, loops: [] });
  });

  it.each<[string, Schema]>([
    ['a mandatory component', { t: 'sequence', name: 'Test.Outer', extensible: false, fields: [{ key: 'inner', id: 'inner', optional: false, type: () => Loop }] }],
    ['a CHOICE whose every alternative recurses', { t: 'choice', name: 'Test.Outer', extensible: false, alternatives: [{ key: 'a', id: 'a', type: () => Loop }] }],
    ['a SEQUENCE OF with a minimum SIZE', { t: 'sequenceOf', item: () => Loop, size: { min: 1 } }],
  ])('throws, naming the loop, for a type that needs itself through %s', (_what, schema) => {
    expect(() => arbitrary(codec('Test.Outer', schema))).toThrow(/Test\.Outer.*Test\.Loop → next → Test\.Loop/);
  });
});

describe('arbitrary: memoization', () => {
  it('hands back the same arbitrary for the same codec and options', () => {
    expect(arbitrary(DeviceID)).toBe(arbitrary(DeviceID));
    expect(arbitrary(DeviceID, { maxDepth: 2 })).not.toBe(arbitrary(DeviceID));
  });

  it('builds arbitraries for 2,000 interlinked types quickly', () => {
    const N = 2000;
    const types: Codec<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      const ref = (j: number) => () => types[j % N];
      types.push(
        codec(`Big.T${i}`, {
          t: 'sequence',
          name: `Big.T${i}`,
          extensible: false,
          fields: [
            { key: 'n', id: 'n', optional: false, type: { t: 'integer' } },
            { key: 'a', id: 'a', optional: true, type: ref(i + 1) },
            { key: 'b', id: 'b', optional: true, type: { t: 'sequenceOf', item: ref(i * 7 + 3) } },
            {
              key: 'c',
              id: 'c',
              optional: false,
              type: { t: 'choice', name: `Big.T${i}.c`, extensible: false, alternatives: [{ key: 'x', id: 'x', type: { t: 'boolean' } }, { key: 'y', id: 'y', type: ref(i + 5) }] },
            },
          ],
        }),
      );
    }
    const start = performance.now();
    const arbs = types.map((t) => arbitrary(t));
    const elapsed = performance.now() - start;
    expect(elapsed).toBeLessThan(10_000);
    for (const i of [0, 999, 1999]) for (const v of fc.sample(arbs[i], 20)) conforms(types[i], v);
  });
});
