/**
 * Every HiPath frame of hipath-protocol.md §8 (fixtures/hipath-frames.md) through the decoder:
 * (1) each alone, (2) each split at every offset, (3) all coalesced into one chunk, (4) coalesced and
 * split at every offset, (5) byte by byte. The payloads must be the frames minus their 3-byte
 * headers, in order, at the right stream offsets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { FrameDecoder, frameBytes, HIPATH_FRAMING } from '../../src/session/framing.js';
import { chunkings, concatAll, cut, decodeChunks, hex, readTable, repoRoot, toHex } from './framing-fixtures.js';

const vectors = readTable('hipath-frames.md').map((row) => {
  const [name = '', source = '', frameHex = ''] = row.cells;
  const frame = hex(frameHex);
  return { where: row.where, name, source, frame, payload: frame.slice(3) };
});

/** Payloads and offsets of a run, as one comparable string. */
function summary(frames: readonly { payload: Uint8Array; offset: number }[]): string {
  return frames.map((f) => `@${f.offset} ${toHex(f.payload)}`).join('\n');
}

const all = concatAll(vectors.map((v) => v.frame));
const expectedAll = summary(
  vectors.map((v, i) => ({ payload: v.payload, offset: vectors.slice(0, i).reduce((n, w) => n + w.frame.length, 0) })),
);

describe('HiPath vectors (fixtures/hipath-frames.md)', () => {
  it('holds the 15 frames of §8, including the 312-byte Transferred event', () => {
    expect(vectors).toHaveLength(15);
    const transferred = vectors.find((v) => v.name.startsWith('Transferred'));
    expect(toHex(transferred?.frame.subarray(0, 3) ?? new Uint8Array())).toBe('26 81 38');
    expect(transferred?.payload.length).toBe(312);
  });

  const sharedPath = join(repoRoot, '..', 'shared', 'fixtures', 'hipath-vectors.json');
  (existsSync(sharedPath) ? it : it.skip)('still matches ../shared/fixtures/hipath-vectors.json', () => {
    const shared = JSON.parse(readFileSync(sharedPath, 'utf8')) as { vectors: { name: string; frame: string }[] };
    expect(vectors.map((v) => [v.name, toHex(v.frame)])).toEqual(shared.vectors.map((v) => [v.name, toHex(hex(v.frame))]));
  });

  for (const v of vectors) {
    describe(`${v.where} ${v.name}`, () => {
      it('(1) alone: one payload, the frame minus its header', () => {
        const run = decodeChunks(HIPATH_FRAMING, [v.frame]);
        expect(run.error).toBeUndefined();
        expect(summary(run.frames)).toBe(`@0 ${toHex(v.payload)}`);
        expect(run.decoder.state).toBe('header');
        expect(run.decoder.bytesReceived).toBe(v.frame.length);
      });

      it('(2) split into two chunks at every offset', () => {
        for (let at = 1; at < v.frame.length; at++) {
          const run = decodeChunks(HIPATH_FRAMING, cut(v.frame, [at]));
          expect(`split at ${at}: ${summary(run.frames)}`).toBe(`split at ${at}: @0 ${toHex(v.payload)}`);
        }
      });

      it('re-encodes to the same frame', () => {
        expect(toHex(frameBytes(HIPATH_FRAMING, v.payload))).toBe(toHex(v.frame));
      });
    });
  }

  it(`(3) all ${vectors.length} frames coalesced into one ${all.length}-byte chunk`, () => {
    const run = decodeChunks(HIPATH_FRAMING, [all]);
    expect(run.error).toBeUndefined();
    expect(summary(run.frames)).toBe(expectedAll);
    expect(run.decoder.pendingBytes).toBe(0);
  });

  it('(4) all coalesced, split into two chunks at every offset', () => {
    for (let at = 1; at < all.length; at++) {
      const run = decodeChunks(HIPATH_FRAMING, cut(all, [at]));
      expect(`split at ${at}:\n${summary(run.frames)}`).toBe(`split at ${at}:\n${expectedAll}`);
    }
  });

  it('(5) all coalesced, byte by byte', () => {
    const bytes = chunkings(all).find((c) => c.name === 'byte by byte')?.chunks ?? [];
    expect(bytes).toHaveLength(all.length);
    const run = decodeChunks(HIPATH_FRAMING, bytes);
    expect(summary(run.frames)).toBe(expectedAll);
  });

  it('(5b) all coalesced, in 3-byte chunks (every header straddles chunks differently)', () => {
    for (let phase = 1; phase <= 3; phase++) {
      const offsets: number[] = [];
      for (let at = phase; at < all.length; at += 3) offsets.push(at);
      expect(summary(decodeChunks(HIPATH_FRAMING, cut(all, offsets)).frames)).toBe(expectedAll);
    }
  });

  it('the Transferred payload (header 26 81 38) spanning chunks is assembled into one exact-size buffer', () => {
    const v = vectors.find((w) => w.name.startsWith('Transferred'));
    if (v === undefined) throw new Error('Transferred vector missing from hipath-frames.md');
    for (const at of [1, 2, 3, 4, 100, 256, 258, 314]) {
      const run = decodeChunks(HIPATH_FRAMING, cut(v.frame, [at]));
      const [frame] = run.frames;
      expect(run.frames).toHaveLength(1);
      expect(frame?.payload.length).toBe(312);
      if (at > 3) {
        // The cut lies inside the payload: assembled in a buffer of its own, allocated once.
        expect(frame?.payload.byteOffset).toBe(0);
        expect(frame?.payload.buffer.byteLength).toBe(312);
      }
      expect(toHex(frame?.payload ?? new Uint8Array())).toBe(toHex(v.payload));
    }
  });

  it('payloads are fresh: independent of the pushed chunk (even a Buffer) and of each other', () => {
    const chunk = Buffer.from(all);
    const payloads: Uint8Array[] = [];
    const decoder = new FrameDecoder(HIPATH_FRAMING, (p) => payloads.push(p));
    decoder.push(chunk.subarray(0, 200));
    decoder.push(chunk.subarray(200));
    chunk.fill(0);
    expect(payloads.map((p) => toHex(p))).toEqual(vectors.map((v) => toHex(v.payload)));
    // Plain Uint8Arrays, not Buffers (a Buffer's subarray is slower to take, and decoders take one
    // per OCTET STRING); small ones share a slab, never bytes.
    expect(payloads.every((p) => p.constructor === Uint8Array)).toBe(true);
    expect(payloads[1]?.buffer).toBe(payloads[0]?.buffer);
    for (const [i, p] of payloads.entries()) {
      p.fill(0xff);
      for (const [j, q] of payloads.entries()) if (j > i) expect(toHex(q)).toBe(toHex(vectors[j]!.payload));
    }
  });

  it('a payload of half a slab (4 KiB) or more gets memory of its own', () => {
    const payloads: Uint8Array[] = [];
    const decoder = new FrameDecoder(HIPATH_FRAMING, (p) => payloads.push(p));
    const big = new Uint8Array(5000).fill(7);
    decoder.push(concatAll([frameBytes(HIPATH_FRAMING, big), frameBytes(HIPATH_FRAMING, Uint8Array.of(1, 2))]));
    expect([payloads[0]?.constructor, payloads[0]?.byteOffset, payloads[0]?.buffer.byteLength]).toEqual([Uint8Array, 0, 5000]);
    expect(payloads[0]?.every((b) => b === 7)).toBe(true);
    expect([payloads[1]?.constructor, payloads[1]?.buffer.byteLength, toHex(payloads[1] ?? new Uint8Array())]).toEqual([Uint8Array, 8192, '01 02']);
  });
});
