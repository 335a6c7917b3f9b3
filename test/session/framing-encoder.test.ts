/**
 * Outgoing frames: header bytes, [header, payload] without copying, limits and their errors.
 */
import { describe, expect, it } from '@jest/globals';

import {
  encodeFrame,
  FrameEncoder,
  frameBytes,
  FramingError,
  HIPATH_FRAMING,
  LENGTH16_FRAMING,
} from '../../src/session/framing.js';
import { hex, toHex } from './framing-fixtures.js';

/** Header bytes per payload length, from hipath-protocol.md §1.1 and the 15-bit rule. */
const HIPATH_HEADERS: [number, string][] = [
  [1, '26 80 01'],
  [8, '26 80 08'], // V4 ABRT
  [51, '26 80 33'], // V2 AARQ
  [255, '26 80 FF'],
  [256, '26 81 00'], // where Open CSTA's `26 80 <1 byte>` breaks
  [312, '26 81 38'], // Transferred
  [1000, '26 83 E8'], // the Perl client's send limit
  [1001, '26 83 E9'], // ... which we do not keep
  [32767, '26 FF FF'],
];

function thrown(f: () => unknown): FramingError {
  try {
    f();
  } catch (e) {
    if (e instanceof FramingError) return e;
    throw e;
  }
  throw new Error('expected a FramingError');
}

describe('HIPATH_FRAMING.writeHeader and encodeFrame', () => {
  for (const [length, header] of HIPATH_HEADERS) {
    it(`a ${length}-byte payload gets header ${header}, and the header reads back as ${length}`, () => {
      const payload = new Uint8Array(length).fill(0xa1);
      const [h, p] = encodeFrame(HIPATH_FRAMING, payload);
      expect(toHex(h)).toBe(header);
      expect(p).toBe(payload); // not copied
      expect(HIPATH_FRAMING.payloadLength(h, 0)).toBe(length);
    });
  }

  it('writes at an offset inside a larger buffer', () => {
    const dst = new Uint8Array(6).fill(0xee);
    HIPATH_FRAMING.writeHeader(dst, 2, 312);
    expect(toHex(dst)).toBe('EE EE 26 81 38 EE');
    expect(HIPATH_FRAMING.payloadLength(dst, 2)).toBe(312);
  });

  it('frameBytes is the header followed by a copy of the payload', () => {
    const payload = hex('64 06 80 01 00 81 01 01');
    const frame = frameBytes(HIPATH_FRAMING, payload);
    expect(toHex(frame)).toBe('26 80 08 64 06 80 01 00 81 01 01');
    payload[0] = 0;
    expect(frame[3]).toBe(0x64);
  });

  it('refuses 32768 bytes (payload-too-large) and 0 bytes (empty-frame)', () => {
    expect(thrown(() => encodeFrame(HIPATH_FRAMING, new Uint8Array(32768)))).toMatchObject({
      code: 'payload-too-large',
      offset: -1,
    });
    expect(thrown(() => frameBytes(HIPATH_FRAMING, new Uint8Array(0))).code).toBe('empty-frame');
    expect(thrown(() => HIPATH_FRAMING.writeHeader(new Uint8Array(3), 0, 40000)).code).toBe('payload-too-large');
    expect(() => HIPATH_FRAMING.writeHeader(new Uint8Array(3), 0, -1)).toThrow(RangeError);
  });
});

describe('FrameEncoder', () => {
  it('counts bytes and frames, and puts the outgoing stream offset into its errors', () => {
    const encoder = new FrameEncoder(HIPATH_FRAMING, { maxPayload: 1000 });
    encoder.encode(new Uint8Array(8).fill(1));
    encoder.frameBytes(new Uint8Array(1000).fill(2));
    expect([encoder.framesEncoded, encoder.bytesEncoded]).toEqual([2, 11 + 1003]);
    const e = thrown(() => encoder.encode(new Uint8Array(1001)));
    expect([e.code, e.offset]).toEqual(['payload-too-large', 1014]);
    expect(e.message).toContain('1001');
    expect(thrown(() => encoder.encode(new Uint8Array(0)))).toMatchObject({ code: 'empty-frame', offset: 1014 });
    expect([encoder.framesEncoded, encoder.bytesEncoded]).toEqual([2, 1014]); // refused frames not counted
  });

  it('defaults to the format maximum and refuses options above it', () => {
    expect(new FrameEncoder(HIPATH_FRAMING).maxPayload).toBe(32767);
    expect(new FrameEncoder(LENGTH16_FRAMING).maxPayload).toBe(65535);
    expect(() => new FrameEncoder(HIPATH_FRAMING, { maxPayload: 65535 })).toThrow(RangeError);
  });
});

describe('HIPATH_FRAMING.payloadLength called directly', () => {
  it('reports errors at the offset it was given, with the header bytes', () => {
    const e = thrown(() => HIPATH_FRAMING.payloadLength(hex('00 00 03 00 00 0B'), 2));
    expect([e.code, e.offset, toHex(e.header ?? new Uint8Array())]).toEqual(['bad-magic', 2, '03 00 00']);
    expect(e.message).toMatch(/TPKT/);
  });
});
