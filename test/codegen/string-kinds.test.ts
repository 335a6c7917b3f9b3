/**
 * The string types exist twice: in the generator (codegen/src/model.ts, with their tags in
 * resolve/tags.ts) and in the runtime (src/ber/schema.ts, tags in contents.ts), because codegen
 * does not import the runtime. What the generator emits must be what the runtime reads.
 */
import { describe, expect, it } from '@jest/globals';
import { STRING_TAGS } from '../../codegen/src/resolve/tags.js';
import { STRING_TAG } from '../../src/ber/index.js';

describe('string kinds: generator and runtime agree', () => {
  it('the same kinds with the same universal tags', () => {
    expect(Object.entries(STRING_TAGS).sort()).toEqual(Object.entries(STRING_TAG).sort());
  });
});
