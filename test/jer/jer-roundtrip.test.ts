import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromJer, fromJerString, toJer, toJerString } from '../../src/jer/index.js';
import { arbitrary } from '../support/arbitrary.js';
import { SAMPLES } from './sample-codecs.js';

describe('JER round trip over arbitrary values', () => {
  it.each(SAMPLES.map((c) => [c.name, c] as const))('fromJer(toJer(v)) equals v for %s', (_name, codec) => {
    fc.assert(
      fc.property(arbitrary(codec), (v) => {
        expect(fromJer(codec, toJer(codec, v))).toStrictEqual(v);
      }),
      { numRuns: 200 },
    );
  });

  it.each(SAMPLES.map((c) => [c.name, c] as const))('survives JSON text for %s', (_name, codec) => {
    fc.assert(
      fc.property(arbitrary(codec, { maxDepth: 3 }), fc.constantFrom(undefined, 2), (v, indent) => {
        const text = toJerString(codec, v, indent);
        expect(fromJerString(codec, text)).toStrictEqual(v);
        // JER is canonical here: writing the read value again gives the same text.
        expect(toJerString(codec, fromJerString(codec, text), indent)).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
