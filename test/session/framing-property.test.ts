/**
 * Properties (fast-check): random payload lists -> encode -> concatenate -> random split points ->
 * decode gives back the payloads, at the right offsets; and garbage after random good frames gives
 * those frames, then one error at the garbage's offset, however the stream is cut.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { encodeFrame, HIPATH_FRAMING, LENGTH16_FRAMING, type FrameFormat } from '../../src/session/framing.js';
import { concatAll, cut, decodeChunks, hex, toHex } from './framing-fixtures.js';

/** A stream and split points inside it (0..length, duplicates allowed: empty chunks). */
function framedWithSplits(format: FrameFormat, maxLength: number) {
  return fc
    .array(fc.uint8Array({ minLength: 1, maxLength }), { maxLength: 12 })
    .chain((payloads) => {
      const stream = concatAll(payloads.flatMap((p) => encodeFrame(format, p)));
      return fc.tuple(fc.constant(payloads), fc.constant(stream), fc.array(fc.nat({ max: stream.length }), { maxLength: 8 }));
    });
}

function roundTrip(format: FrameFormat, maxLength: number, numRuns: number): void {
  fc.assert(
    fc.property(framedWithSplits(format, maxLength), ([payloads, stream, splits]) => {
      const run = decodeChunks(format, cut(stream, splits));
      expect(run.error).toBeUndefined();
      expect(run.frames.map((f) => toHex(f.payload))).toEqual(payloads.map((p) => toHex(p)));
      let offset = 0;
      for (const [i, f] of run.frames.entries()) {
        expect(f.offset).toBe(offset);
        offset += format.headerLength + (payloads[i]?.length ?? 0);
      }
      expect(run.decoder.pendingBytes).toBe(0);
    }),
    { numRuns },
  );
}

describe('framing properties', () => {
  it('hipath: random payloads (1..700 bytes) survive encode, concatenate, random cuts, decode', () => {
    roundTrip(HIPATH_FRAMING, 700, 300);
  });

  it('length16: the same', () => {
    roundTrip(LENGTH16_FRAMING, 700, 300);
  });

  it('hipath: a few large payloads (up to 32767 bytes)', () => {
    roundTrip(HIPATH_FRAMING, 32767, 15);
  });

  it('hipath: good frames then a header with a wrong first byte -> the frames, then bad-magic at its offset', () => {
    fc.assert(
      fc.property(
        framedWithSplits(HIPATH_FRAMING, 300),
        fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x26),
        ([payloads, stream, splits], bad) => {
          const input = concatAll([stream, Uint8Array.of(bad), hex('80 05 00 00 00 00 00')]);
          const run = decodeChunks(HIPATH_FRAMING, cut(input, splits));
          expect(run.frames.map((f) => toHex(f.payload))).toEqual(payloads.map((p) => toHex(p)));
          expect(run.error).toMatchObject({ code: 'bad-magic', offset: stream.length });
        },
      ),
      { numRuns: 200 },
    );
  });
});
