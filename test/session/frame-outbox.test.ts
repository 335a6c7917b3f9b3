/**
 * frame-outbox.ts: the frames of one turn of the event loop leave in one write, whole and in
 * order; frames larger than a slab, explicit flushes, refused payloads and discards.
 */
import { describe, expect, it } from '@jest/globals';
import { BerWriter, encode, toHex, type Codec } from '../../src/ber/index.js';
import { FrameOutbox, OUTBOX_SLAB_BYTES } from '../../src/session/frame-outbox.js';
import { FrameDecoder, FrameEncoder, FramingError, HIPATH_FRAMING, LENGTH16_FRAMING, frameBytes } from '../../src/session/framing.js';

/** OCTET STRING as a codec, for the writer tests. */
const OCTET_STRING: Codec<Uint8Array> = {
  name: 'OCTET STRING',
  tag: 4,
  encode: (w, v) => w.writeOctetString(v),
  decode: (r) => r.readOctetString(),
  schema: { t: 'octets' } as never,
};
const tick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));
const payload = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

function outbox(): { box: FrameOutbox; writes: Buffer[]; encoder: FrameEncoder } {
  const writes: Buffer[] = [];
  const encoder = new FrameEncoder(HIPATH_FRAMING);
  return { box: new FrameOutbox(encoder, (chunk) => writes.push(chunk)), writes, encoder };
}

/** The frames a byte stream carries, as hex. */
function framesIn(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  const decoder = new FrameDecoder(HIPATH_FRAMING, (p) => out.push(toHex(p)));
  for (const c of chunks) decoder.push(c);
  expect(decoder.pendingBytes).toBe(0);
  return out;
}

describe('FrameOutbox', () => {
  it('frames pushed in one tick leave in one write at its end, whole and in order', async () => {
    const { box, writes, encoder } = outbox();
    const sent = [payload(51, 1), payload(13, 2), payload(312, 3)];
    for (const p of sent) box.push(p);
    expect(writes).toHaveLength(0);
    expect(box.pendingBytes).toBe(3 * 3 + 51 + 13 + 312);
    await tick();
    expect(writes).toHaveLength(1);
    expect(toHex(writes[0]!)).toBe(sent.map((p) => toHex(frameBytes(HIPATH_FRAMING, p))).join(''));
    expect(encoder.framesEncoded).toBe(3);
    box.push(payload(5, 4));
    await tick();
    expect(writes).toHaveLength(2);
    expect(framesIn(writes)).toEqual([...sent, payload(5, 4)].map((p) => toHex(p)));
  });

  it('copies the payload: changing it after push does not change what is written', async () => {
    const { box, writes } = outbox();
    const p = payload(20, 7);
    box.push(p);
    p.fill(0);
    await tick();
    expect(framesIn(writes)).toEqual([toHex(payload(20, 7))]);
  });

  it('bytes handed to the socket are never overwritten by later frames (same slab)', async () => {
    const { box, writes } = outbox();
    box.push(payload(100, 1));
    await tick();
    const first = toHex(writes[0]!);
    for (let i = 0; i < 50; i++) box.push(payload(100, 2));
    await tick();
    expect(toHex(writes[0]!)).toBe(first);
    expect(writes[1]!.buffer).toBe(writes[0]!.buffer);
  });

  it('more than a slab in one tick: the full slab is written first, nothing is lost or reordered', async () => {
    const { box, writes } = outbox();
    const sent: Uint8Array[] = [];
    for (let i = 0; sent.length * 1003 < 3 * OUTBOX_SLAB_BYTES; i++) sent.push(payload(1000, i & 0xff));
    for (const p of sent) box.push(p);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    await tick();
    expect(framesIn(writes)).toEqual(sent.map((p) => toHex(p)));
  });

  it('a frame larger than a slab gets a slab of its own size', async () => {
    const writes: Buffer[] = [];
    const box = new FrameOutbox(new FrameEncoder(LENGTH16_FRAMING), (chunk) => writes.push(chunk));
    const big = payload(LENGTH16_FRAMING.maxPayload, 9); // 65535 bytes + 2 of header > one slab
    expect(big.length + 2).toBeGreaterThan(OUTBOX_SLAB_BYTES);
    box.push(payload(10, 1));
    box.push(big);
    box.push(payload(10, 2));
    await tick();
    const frames: string[] = [];
    const decoder = new FrameDecoder(LENGTH16_FRAMING, (p) => frames.push(toHex(p)));
    for (const c of writes) decoder.push(c);
    expect(frames).toEqual([payload(10, 1), big, payload(10, 2)].map((p) => toHex(p)));
  });

  it('flush() writes at once; the end-of-tick flush then finds nothing', async () => {
    const { box, writes } = outbox();
    box.push(payload(3, 1));
    box.flush();
    expect(writes).toHaveLength(1);
    await tick();
    expect(writes).toHaveLength(1);
    box.flush();
    expect(writes).toHaveLength(1);
  });

  it('a payload the format cannot carry throws FramingError and appends nothing', async () => {
    const { box, writes, encoder } = outbox();
    box.push(payload(4, 1));
    expect(() => box.push(payload(HIPATH_FRAMING.maxPayload + 1, 2))).toThrow(FramingError);
    expect(() => box.push(new Uint8Array(0))).toThrow(FramingError);
    expect(encoder.framesEncoded).toBe(1);
    await tick();
    expect(framesIn(writes)).toEqual([toHex(payload(4, 1))]);
  });

  it('discard() drops what is waiting: nothing is written', async () => {
    const { box, writes } = outbox();
    box.push(payload(4, 1));
    box.discard();
    expect(box.pendingBytes).toBe(0);
    await tick();
    expect(writes).toHaveLength(0);
  });
});

describe('FrameOutbox.pushWritten (straight from a BerWriter)', () => {
  it('writes the same frame as push(finish()), resets the writer, and gives the payload view only when asked', async () => {
    const { box, writes, encoder } = outbox();
    const w = new BerWriter();
    w.writeOctetString(payload(30, 5));
    const expected = encode(OCTET_STRING, payload(30, 5));
    expect(box.pushWritten(w, false)).toBeUndefined();
    expect(w.mark()).toBe(0);
    w.writeOctetString(payload(30, 5));
    const view = box.pushWritten(w, true)!;
    expect(toHex(view)).toBe(toHex(expected));
    await tick();
    expect(framesIn(writes)).toEqual([toHex(expected), toHex(expected)]);
    expect(encoder.framesEncoded).toBe(2);
  });

  it('a payload too large throws FramingError; nothing is appended and the writer keeps its bytes', async () => {
    const writes: Buffer[] = [];
    const box = new FrameOutbox(new FrameEncoder(HIPATH_FRAMING, { maxPayload: 10 }), (chunk) => writes.push(chunk));
    const w = new BerWriter();
    w.writeOctetString(payload(20, 1));
    expect(() => box.pushWritten(w, false)).toThrow(FramingError);
    expect(w.mark()).toBe(22);
    await tick();
    expect(writes).toHaveLength(0);
  });

  it('BerWriter.finishInto copies at the offset, resets, and refuses a destination too small', () => {
    const w = new BerWriter();
    w.writeInteger(300);
    const dst = new Uint8Array(8);
    expect(w.finishInto(dst, 2)).toBe(4);
    expect(toHex(dst)).toBe('00000202012C0000');
    expect(w.mark()).toBe(0);
    w.writeInteger(300);
    expect(() => w.finishInto(dst, 6)).toThrow(RangeError);
  });
});
