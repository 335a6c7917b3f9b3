/**
 * SIZE and value-range constraints in JER input, through generated codecs: a constraint is a bound
 * only when it is not extensible (ACSE-1 `ASOI-identifier ::= INTEGER (1..128, ...)` takes 200 from
 * a later version; `CSTA-device-identifiers` dialing numbers stay bounded).
 */
import { describe, expect, it } from '@jest/globals';
import { BerError } from '../../src/ber/error.js';
import { decode, encode } from '../../src/ber/index.js';
import { fromJer } from '../../src/jer/index.js';
import { ABRT_source, ASOI_identifier, ASOI_tag } from '../../generated/acse-1.js';
import { codecs } from '../../generated/index.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof BerError) return e.code;
    throw e;
  }
  return undefined;
}

describe('fromJer and extensible constraints', () => {
  it('accepts values outside the root of an extensible value range, and they round-trip through BER', () => {
    expect(fromJer(ASOI_identifier, 200)).toBe(200);
    expect(fromJer(ABRT_source, 2)).toBe(2);
    expect(decode(ASOI_identifier, encode(ASOI_identifier, 200))).toBe(200);
  });

  it('accepts more items than the root of an extensible SIZE allows', () => {
    const items = Array.from({ length: 8 }, () => ({ identifier: 1 }));
    expect(fromJer(ASOI_tag, items)).toHaveLength(8);
  });

  it('still refuses values outside a constraint that is not extensible', () => {
    const bounded = [...codecs.values()].find((c) => c.schema.t === 'integer' && c.schema.range?.max !== undefined);
    expect(bounded).toBeDefined();
    const max = (bounded!.schema as { range: { max: number } }).range.max;
    expect(code(() => fromJer(bounded!, max))).toBeUndefined();
    expect(code(() => fromJer(bounded!, max + 1))).toBe('invalid-value');
  });
});
