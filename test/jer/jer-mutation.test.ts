/**
 * `csta encode` reads JSON a person wrote. Any JSON at all, in the place of a valid value of a
 * CSTA type or anywhere inside one: fromJer returns a value or throws a BerError that names the
 * path (never a TypeError from deep inside), and a value it returns encodes to BER that reads back
 * to the same JSON, or is refused by the encoder with a BerError (fromJer leaves SIZE and ranges
 * to the encoder).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BerError } from '../../src/ber/error.js';
import { decode, encode } from '../../src/ber/index.js';
import type { Codec } from '../../src/ber/codec.js';
import { fromJer, toJer } from '../../src/jer/index.js';
import { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { operations } from '../../generated/operations.js';
import { arbitrary } from '../support/arbitrary.js';

/** The JSON with one place (picked by `at`) replaced by `by`, a member removed, or a stray member added. */
function mutate(json: unknown, at: number, by: unknown, how: number): unknown {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (places.push({ parent: v, key: i }), walk(x)));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) places.push({ parent: v as Record<string, unknown>, key: k }), walk(x);
  };
  const root = { value: structuredClone(json) };
  walk(root);
  const place = places[at % places.length]!;
  const parent = place.parent as Record<string | number, unknown>;
  if (how === 0 && !Array.isArray(parent) && place.key !== 'value') delete parent[place.key];
  else if (how === 1 && parent[place.key] !== null && typeof parent[place.key] === 'object' && !Array.isArray(parent[place.key])) (parent[place.key] as Record<string, unknown>)['stray'] = by;
  else parent[place.key] = by;
  return root.value;
}

const CODECS: [string, Codec<unknown>][] = [
  ['CSTAEventReportArgument', CSTAEventReportArgument as Codec<unknown>],
  ...Object.values(operations).flatMap((op) => {
    const o = op as { name: string; argument?: Codec<unknown>; result?: Codec<unknown> };
    return [...(o.argument ? [[`${o.name}.argument`, o.argument] as [string, Codec<unknown>]] : []), ...(o.result ? [[`${o.name}.result`, o.result] as [string, Codec<unknown>]] : [])];
  }),
];

describe('fromJer on JSON a person may write', () => {
  it(`any JSON inside a valid value of ${CODECS.length} CSTA types: a value that encodes, or a BerError`, () => {
    const cases = fc.constantFrom(...CODECS).chain(([name, codec]) =>
      fc.tuple(fc.constant(name), fc.constant(codec), arbitrary(codec, { maxDepth: 3, maxItems: 2 }), fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.nat(2)),
    );
    fc.assert(
      fc.property(cases, ([name, codec, value, at, by, how]) => {
        const json = mutate(toJer(codec, value), at, by, how);
        let decoded: unknown;
        try {
          decoded = fromJer(codec, json);
        } catch (e) {
          if (e instanceof BerError) return;
          throw new Error(`${name}: fromJer(${JSON.stringify(json)}) threw ${(e as Error).stack}`);
        }
        let bytes: Uint8Array;
        try {
          bytes = encode(codec, decoded as never);
        } catch (e) {
          if (!(e instanceof BerError)) throw new Error(`${name}: encode after fromJer(${JSON.stringify(json)}) threw ${(e as Error).stack}`);
          return;
        }
        // What was accepted is what goes on the wire: its BER reads back to the same JER.
        expect(toJer(codec, decode(codec, bytes))).toEqual(toJer(codec, decoded));
      }),
      { seed: 20261126, numRuns: Number(process.env.JER_RUNS ?? 1500) },
    );
  });
});
