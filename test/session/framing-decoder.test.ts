/**
 * FrameDecoder life cycle: state, bytesReceived, pendingBytes, the sticky 'failed' state, reset(),
 * options, and what happens when onFrame throws, resets or re-enters.
 */
import { describe, expect, it } from '@jest/globals';

import { FrameDecoder, FramingError, HIPATH_FRAMING, LENGTH16_FRAMING } from '../../src/session/framing.js';
import { concatAll, hex, toHex } from './framing-fixtures.js';

const ABRT = hex('26 80 08 64 06 80 01 00 81 01 01');
const NULL1 = hex('26 80 02 05 00');

function collecting(): { decoder: FrameDecoder; got: string[] } {
  const got: string[] = [];
  const decoder = new FrameDecoder(HIPATH_FRAMING, (p, at) => got.push(`@${at} ${toHex(p)}`));
  return { decoder, got };
}

describe('FrameDecoder', () => {
  it('reports state, bytesReceived and pendingBytes as bytes arrive', () => {
    const { decoder, got } = collecting();
    const seen: string[] = [];
    for (const b of ABRT) {
      decoder.push(Uint8Array.of(b));
      seen.push(`${decoder.state}/${decoder.bytesReceived}/${decoder.pendingBytes}`);
    }
    expect(seen).toEqual([
      'header/1/1',
      'header/2/2',
      'payload/3/3',
      'payload/4/4',
      'payload/5/5',
      'payload/6/6',
      'payload/7/7',
      'payload/8/8',
      'payload/9/9',
      'payload/10/10',
      'header/11/0',
    ]);
    expect(got).toEqual(['@0 64 06 80 01 00 81 01 01']);
  });

  it('accepts empty chunks anywhere', () => {
    const { decoder, got } = collecting();
    decoder.push(new Uint8Array(0));
    decoder.push(ABRT.subarray(0, 2));
    decoder.push(new Uint8Array(0));
    decoder.push(ABRT.subarray(2));
    expect(got).toEqual(['@0 64 06 80 01 00 81 01 01']);
  });

  it('after a FramingError stays failed: every later push throws the same error object, even empty pushes', () => {
    const { decoder, got } = collecting();
    let first: unknown;
    try {
      decoder.push(concatAll([ABRT, hex('03 00 00 0B')]));
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(FramingError);
    expect((first as FramingError).code).toBe('bad-magic');
    expect((first as FramingError).offset).toBe(11);
    expect(decoder.state).toBe('failed');
    expect(decoder.error).toBe(first);
    expect(got).toHaveLength(1);
    expect(() => decoder.push(NULL1)).toThrow(first as Error);
    expect(() => decoder.push(new Uint8Array(0))).toThrow(first as Error);
    expect(got).toHaveLength(1);
  });

  it('reset() starts a fresh stream: offsets and counts from 0, partial frames dropped, failure cleared', () => {
    const { decoder, got } = collecting();
    decoder.push(ABRT.subarray(0, 5));
    decoder.reset();
    expect([decoder.state, decoder.bytesReceived, decoder.pendingBytes]).toEqual(['header', 0, 0]);
    expect(() => decoder.push(hex('26 00 01'))).toThrow(FramingError);
    decoder.reset();
    expect(decoder.error).toBeUndefined();
    decoder.push(concatAll([NULL1, ABRT]));
    expect(got).toEqual(['@0 05 00', '@5 64 06 80 01 00 81 01 01']);
    expect(decoder.bytesReceived).toBe(16);
  });

  it('checks maxPayload against the format', () => {
    expect(new FrameDecoder(HIPATH_FRAMING, () => {}).maxPayload).toBe(32767);
    expect(new FrameDecoder(LENGTH16_FRAMING, () => {}).maxPayload).toBe(65535);
    expect(new FrameDecoder(HIPATH_FRAMING, () => {}, { maxPayload: 8192 }).maxPayload).toBe(8192);
    expect(() => new FrameDecoder(HIPATH_FRAMING, () => {}, { maxPayload: 32768 })).toThrow(RangeError);
    expect(() => new FrameDecoder(HIPATH_FRAMING, () => {}, { maxPayload: 1.5 })).toThrow(RangeError);
  });

  it('refuses an oversized frame on its 3 header bytes alone, holding no payload buffer', () => {
    const decoder = new FrameDecoder(HIPATH_FRAMING, () => {}, { maxPayload: 8192 });
    decoder.push(hex('26 A0'));
    let error: unknown;
    try {
      decoder.push(hex('01'));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'frame-too-large', offset: 0 });
    expect(decoder.pendingBytes).toBe(0);
  });

  it('when onFrame throws, the exception escapes push and the rest of the chunk is decoded on the next push', () => {
    const got: string[] = [];
    const decoder = new FrameDecoder(HIPATH_FRAMING, (p, at) => {
      got.push(`@${at} ${toHex(p)}`);
      if (got.length === 1) throw new Error('handler bug');
    });
    const stream = concatAll([NULL1, ABRT, NULL1]);
    const chunk = stream.slice(0, 12); // NULL1, then 7 bytes of ABRT
    expect(() => decoder.push(chunk)).toThrow('handler bug');
    chunk.fill(0xff); // the decoder must have copied what it kept
    expect(decoder.state).toBe('header');
    expect(decoder.pendingBytes).toBe(7);
    decoder.push(stream.subarray(12));
    expect(got).toEqual(['@0 05 00', '@5 64 06 80 01 00 81 01 01', '@16 05 00']);
    expect(decoder.bytesReceived).toBe(stream.length);
  });

  it('reset() called from onFrame discards the rest of the chunk', () => {
    const got: string[] = [];
    const decoder: FrameDecoder = new FrameDecoder(HIPATH_FRAMING, (p) => {
      got.push(toHex(p));
      if (p[0] === 0x64) decoder.reset(); // ABRT: the association is gone
    });
    decoder.push(concatAll([NULL1, ABRT, NULL1, ABRT.subarray(0, 4)]));
    expect(got).toEqual(['05 00', '64 06 80 01 00 81 01 01']);
    expect([decoder.state, decoder.bytesReceived, decoder.pendingBytes]).toEqual(['header', 0, 0]);
    decoder.push(NULL1);
    expect(got).toHaveLength(3);
  });

  it('refuses push() from inside onFrame', () => {
    let inner: unknown;
    const decoder: FrameDecoder = new FrameDecoder(HIPATH_FRAMING, () => {
      try {
        decoder.push(NULL1);
      } catch (e) {
        inner = e;
      }
    });
    decoder.push(NULL1);
    expect(inner).toBeInstanceOf(Error);
    expect(inner).not.toBeInstanceOf(FramingError);
    decoder.push(NULL1); // still usable
    expect(decoder.bytesReceived).toBe(10);
  });
});
