/**
 * Every generated type round-trips: values built from the compiler's model (each codec's schema)
 * encode, decode back to the same value, and re-encode to the same bytes. Also through JER.
 *
 * RUNS_PER_TYPE values per type (env ROUNDTRIP_RUNS to raise it locally).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decode, encode, toHex, type Codec } from '../../src/ber/index.js';
import { fromJer, toJer } from '../../src/jer/index.js';
import { codecs } from '../../generated/index.js';
import { arbitrary } from '../support/arbitrary.js';

const RUNS_PER_TYPE = Number(process.env.ROUNDTRIP_RUNS ?? 25);
const all = [...codecs.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

/** Groups of types per test so a failure names a small set and the suite stays quick. */
const byModule = new Map<string, [string, Codec<unknown>][]>();
for (const [name, codec] of all) {
  const module = name.slice(0, name.indexOf('.'));
  if (!byModule.has(module)) byModule.set(module, []);
  byModule.get(module)!.push([name, codec]);
}

describe('every generated type round-trips (BER and JER)', () => {
  it('covers all types of all modules', () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(byModule.size).toBeGreaterThan(270);
  });

  it.each([...byModule.keys()])('%s', (module) => {
    for (const [name, codec] of byModule.get(module)!) {
      fc.assert(
        fc.property(arbitrary(codec), (value) => {
          const bytes = encode(codec, value);
          const back = decode(codec, bytes);
          expect(back).toEqual(value);
          expect(toHex(encode(codec, back))).toBe(toHex(bytes));
          expect(fromJer(codec, JSON.parse(JSON.stringify(toJer(codec, value))))).toEqual(value);
        }),
        { numRuns: RUNS_PER_TYPE, seed: hashSeed(name), endOnFailure: true },
      );
    }
  });
});

/** A fixed seed per type: CI failures reproduce; raise ROUNDTRIP_RUNS to explore more. */
function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
