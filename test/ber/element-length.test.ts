/**
 * elementLength, the stream-side question "is a whole element here yet?": a three-way table
 * (length / need-more / error code), every truncation of real multi-level encodings, and a small
 * reassembler fed every split of back-to-back elements.
 */
import { describe, expect, it } from '@jest/globals';
import { BerError, elementLength, toHex, type BerErrorCode, type DecodeOptions } from '../../src/ber/index.js';
import { hex } from './support.js';
import { TRANSFERRED, AARQ, MONITOR_START } from './hipath-vectors.js';

type Expect = number | 'need-more' | BerErrorCode;

function outcome(bytes: Uint8Array, start = 0, options?: DecodeOptions): Expect {
  try {
    const n = elementLength(bytes, start, bytes.length, options);
    return n === -1 ? 'need-more' : n;
  } catch (e) {
    if (e instanceof BerError) return e.code;
    throw e;
  }
}

const table: [name: string, input: string, want: Expect, options?: DecodeOptions][] = [
  ['empty input', '', 'need-more'],
  ['identifier only', '30', 'need-more'],
  ['contents cut', '30 03 02 01', 'need-more'],
  ['NULL', '05 00', 2],
  ['first of two elements', '05 00 05 00', 2],
  ['definite constructed', '30 03 02 01 05', 5],
  ['contents not parsed when definite', '30 02 FF FF', 4],
  ['long length', '04 81 01 AA', 4],
  ['long length cut', '04 82 01', 'need-more'],
  ['long length, contents cut', `04 82 01 00 ${'00 '.repeat(255)}`, 'need-more'],
  ['indefinite', '30 80 02 01 05 00 00', 7],
  ['indefinite, EOC cut', '30 80 02 01 05 00', 'need-more'],
  ['indefinite, no EOC yet', '30 80 02 01 05', 'need-more'],
  ['indefinite 3 deep', '30 80 30 80 30 80 00 00 00 00 00 00', 12],
  ['indefinite 3 deep, outer EOC missing', '30 80 30 80 30 80 00 00 00 00', 'need-more'],
  ['definite inside indefinite', '30 80 30 02 05 00 00 00', 8],
  ['high tag cut', '9F', 'need-more'],
  ['high tag number cut', '9F 81', 'need-more'],
  ['high tag, no length', '9F 81 00', 'need-more'],
  ['high tag complete', '9F 81 00 00', 4],
  ['high tag too large', '5F 88 80 80 00', 'tag-number-too-large'],
  ['high tag still growing', '5F 88', 'need-more'],
  ['high tag not minimal', '9F 80', 'bad-tag-encoding'],
  ['five length octets', '04 85', 'length-too-long'],
  ['length octet 0xFF', '04 FF', 'bad-length'],
  ['indefinite primitive', '04 80', 'indefinite-primitive'],
  ['EOC at top level', '00 00', 'bad-eoc'],
  ['lone 00 at top level', '00', 'bad-eoc'],
  ['EOC with a length', '30 80 00 01', 'bad-eoc'],
  ['constructed [UNIVERSAL 0]', '30 80 20 00', 'bad-eoc'],
  ['huge length fails now, not after 2 GB', '04 84 7F FF FF FF', 'length-limit'],
  ['above maxLength', '04 81 80', 'length-limit', { maxLength: 127 }],
  ['nesting above maxDepth', '30 80 30 80 30 80', 'depth-limit', { maxDepth: 2 }],
  ['elements above maxElements', '30 80 05 00 05 00', 'element-limit', { maxElements: 2 }],
];

describe('elementLength: ok / need-more / error', () => {
  for (const [name, input, want, options] of table) {
    it(`${name}: ${input || '(empty)'} → ${want}`, () => expect(outcome(hex(input), 0, options)).toBe(want));
  }

  it('counts from `start` and reports absolute offsets', () => {
    const bytes = hex('FF FF FF 30 80 00 01');
    expect(elementLength(hex('FF FF 05 00 FF'), 2, 5)).toBe(2);
    try {
      elementLength(bytes, 3, bytes.length);
      throw new Error('expected a BerError');
    } catch (e) {
      expect([(e as BerError).code, (e as BerError).offset]).toEqual(['bad-eoc', 5]);
    }
  });

  it('does not look past `end`', () => {
    expect(elementLength(hex('30 03 02 01 05'), 0, 4)).toBe(-1);
  });
});

const encodings: [string, Uint8Array][] = [
  ['Transferred event (312 bytes, long lengths)', TRANSFERRED],
  ['AARQ', AARQ],
  ['MonitorStart', MONITOR_START],
  ['indefinite mix', hex('A1 80 02 01 01 30 80 9F 81 00 02 AA BB 24 80 04 01 01 00 00 00 00 30 03 05 00 00 00 00')],
];

describe('every truncation of a valid multi-level encoding is need-more', () => {
  for (const [name, bytes] of encodings) {
    it(name, () => {
      for (let k = 0; k < bytes.length; k++) expect([k, elementLength(bytes, 0, k)]).toEqual([k, -1]);
      expect(elementLength(bytes, 0, bytes.length)).toBe(bytes.length);
      const more = new Uint8Array(bytes.length + 3);
      more.set(bytes);
      expect(elementLength(more, 0, more.length)).toBe(bytes.length);
    });
  }
});

/** What a stream user does: keep leftovers, take every complete element out. */
function reassemble(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  let pending = new Uint8Array(0);
  for (const chunk of chunks) {
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    let start = 0;
    for (;;) {
      const n = elementLength(joined, start, joined.length);
      if (n === -1) break;
      out.push(toHex(joined.subarray(start, start + n)));
      start += n;
    }
    pending = joined.slice(start);
  }
  expect(pending.length).toBe(0);
  return out;
}

describe('stream reassembly', () => {
  const elements = encodings.map(([, b]) => b);
  const stream = new Uint8Array(elements.reduce((n, b) => n + b.length, 0));
  elements.reduce((o, b) => (stream.set(b, o), o + b.length), 0);
  const want = elements.map((b) => toHex(b));

  it('back-to-back elements in one chunk', () => expect(reassemble([stream])).toEqual(want));

  it('split at every offset', () => {
    for (let k = 0; k <= stream.length; k++) expect(reassemble([stream.subarray(0, k), stream.subarray(k)])).toEqual(want);
  });

  it('one byte at a time', () => {
    expect(reassemble(Array.from(stream, (b) => Uint8Array.of(b)))).toEqual(want);
  });
});
