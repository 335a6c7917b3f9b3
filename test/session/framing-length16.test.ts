/**
 * The non-HiPath formats: LENGTH16_FRAMING (MD110 `pack "n"`, hipath-protocol.md §1.8) with the §8
 * APDUs re-framed, and a custom FrameFormat (the example in framing-formats.ts) to show that the
 * decoder and encoder need nothing but the interface.
 */
import { describe, expect, it } from '@jest/globals';

import {
  encodeFrame,
  FrameDecoder,
  frameBytes,
  FramingError,
  LENGTH16_FRAMING,
  type FrameFormat,
} from '../../src/session/framing.js';
import { concatAll, cut, decodeChunks, hex, readTable, toHex } from './framing-fixtures.js';

const apdus = readTable('hipath-frames.md').map((row) => hex(row.cells[2] ?? '').slice(3));

/** The example from the FrameFormat JSDoc, verbatim apart from the name. */
const LENGTH32_INCLUSIVE: FrameFormat = {
  name: 'length32-inclusive',
  headerLength: 4,
  maxPayload: 0xffff_ffff - 4,
  payloadLength(h, o) {
    const total = ((h[o]! << 24) >>> 0) + (h[o + 1]! << 16) + (h[o + 2]! << 8) + h[o + 3]!;
    if (total < 4) throw new FramingError('empty-frame', o, `length ${total} is shorter than the header`, 'Close the connection.');
    return total - 4;
  },
  writeHeader(d, o, n) {
    new DataView(d.buffer, d.byteOffset).setUint32(o, n + 4);
  },
};

function expectAllSplits(format: FrameFormat, stream: Uint8Array, expected: string[]): void {
  for (let at = 0; at <= stream.length; at++) {
    const run = decodeChunks(format, cut(stream, [at]));
    expect(`split at ${at}: ${run.frames.map((f) => toHex(f.payload)).join(' | ')}`).toBe(`split at ${at}: ${expected.join(' | ')}`);
  }
}

describe('LENGTH16_FRAMING', () => {
  it('frames the 312-byte Transferred APDU as 01 38 + APDU', () => {
    const transferred = apdus.find((a) => a.length === 312) ?? new Uint8Array();
    expect(toHex(frameBytes(LENGTH16_FRAMING, transferred).subarray(0, 2))).toBe('01 38');
  });

  it('decodes every §8 APDU, re-framed and coalesced, split at every offset and byte by byte', () => {
    const stream = concatAll(apdus.map((a) => frameBytes(LENGTH16_FRAMING, a)));
    expect(stream.length).toBe(apdus.reduce((n, a) => n + 2 + a.length, 0));
    const expected = apdus.map((a) => toHex(a));
    expectAllSplits(LENGTH16_FRAMING, stream, expected);
    const bytes = cut(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1));
    expect(decodeChunks(LENGTH16_FRAMING, bytes).frames.map((f) => toHex(f.payload))).toEqual(expected);
  });

  it('carries the 65535-byte maximum, and refuses 65536 on send', () => {
    const big = new Uint8Array(65535).map((_, i) => i * 7);
    const [header, payload] = encodeFrame(LENGTH16_FRAMING, big);
    expect(toHex(header)).toBe('FF FF');
    expect(payload).toBe(big);
    const got: Uint8Array[] = [];
    const decoder = new FrameDecoder(LENGTH16_FRAMING, (p) => got.push(p));
    decoder.push(header);
    for (let at = 0; at < big.length; at += 4096) decoder.push(big.subarray(at, at + 4096));
    expect(got).toHaveLength(1);
    expect(Buffer.from(got[0] ?? []).equals(Buffer.from(big))).toBe(true);
    expect(() => encodeFrame(LENGTH16_FRAMING, new Uint8Array(65536))).toThrow(
      expect.objectContaining({ code: 'payload-too-large' }),
    );
  });
});

describe('a custom FrameFormat (the framing-formats.ts example)', () => {
  it('round-trips the §8 APDUs through encoder and decoder at every split', () => {
    const stream = concatAll(apdus.map((a) => concatAll(encodeFrame(LENGTH32_INCLUSIVE, a))));
    expect(toHex(stream.subarray(0, 4))).toBe(`00 00 00 ${(apdus[0]!.length + 4).toString(16).toUpperCase()}`);
    expectAllSplits(LENGTH32_INCLUSIVE, stream, apdus.map((a) => toHex(a)));
  });

  it('gets its own errors moved to the absolute stream offset', () => {
    const stream = concatAll([frameBytes(LENGTH32_INCLUSIVE, hex('05 00')), hex('00 00 00 03')]);
    const run = decodeChunks(LENGTH32_INCLUSIVE, cut(stream, [3, 7]));
    expect(run.frames).toHaveLength(1);
    expect(run.error).toMatchObject({ code: 'empty-frame', offset: 6 });
  });

  it('lets a format allow empty payloads: the decoder emits a 0-byte frame', () => {
    const allowEmpty: FrameFormat = { ...LENGTH32_INCLUSIVE, name: 'length32-empty-ok' };
    const run = decodeChunks(allowEmpty, [hex('00 00 00 04 00 00 00 06 05 00')]);
    expect(run.frames.map((f) => `@${f.offset} [${toHex(f.payload)}]`)).toEqual(['@0 []', '@4 [05 00]']);
  });
});
