import type { BerWriter } from '../ber/index.js';
import type { FrameEncoder } from './framing-encoder.js';

/** Size of the slabs frames are gathered in; a frame larger than this gets a slab of its own size. */
export const OUTBOX_SLAB_BYTES = 64 * 1024;

/**
 * The frames one connection sends in one turn of the event loop, gathered into one buffer and
 * written with one `write()` when the turn ends (or when `flush()` is called).
 *
 * Why not cork() and two write()s per frame: each write() is a stream request object, a
 * Uint8Array→Buffer conversion and, on uncork, an iovec of its own in one writev. With 1,000
 * requests in flight that was a fifth of the client's time (bench/README.md, session benchmark).
 * Copying a frame of a few dozen bytes into a slab is far cheaper, and the bytes on the wire are
 * the same: TCP does not preserve write boundaries, and no switch can tell how a frame was written.
 *
 * Slabs are taken from `Buffer.allocUnsafeSlow` and filled front to back; a flush writes the part
 * filled since the last flush (a view: the slab lives until the socket has written it) and keeps
 * filling the same slab after it, so bytes already handed to the socket are never touched again.
 */
export class FrameOutbox {
  readonly #encoder: FrameEncoder;
  readonly #write: (chunk: Buffer) => void;
  #slab: Buffer | undefined;
  /** Start of the bytes not yet handed to `write`. */
  #from = 0;
  #to = 0;
  #scheduled = false;

  /** `write` receives each batch once; it is called from `flush()` or from a `process.nextTick`. */
  constructor(encoder: FrameEncoder, write: (chunk: Buffer) => void) {
    this.#encoder = encoder;
    this.#write = write;
  }

  /** Bytes waiting for the end of the tick. */
  get pendingBytes(): number {
    return this.#to - this.#from;
  }

  /**
   * Appends the frame of `payload` (header + a copy of the payload). Throws the encoder's
   * FramingError (`payload-too-large`, ...) with nothing appended. The first frame of a tick
   * schedules the flush.
   */
  push(payload: Uint8Array): void {
    const size = this.#encoder.format.headerLength + payload.length;
    const slab = this.#room(size);
    this.#encoder.encodeInto(payload, slab, this.#to);
    this.#appended(size);
  }

  /**
   * Appends the frame of what `w` holds, copied straight from the writer (no array of its own in
   * between), and resets `w`. Returns where the payload lies in the slab when `view` is true (for
   * a debug line), else undefined. Throws the encoder's FramingError with nothing appended and `w`
   * left as it was.
   */
  pushWritten(w: BerWriter, view: boolean): Uint8Array | undefined {
    const length = w.mark();
    const header = this.#encoder.format.headerLength;
    const size = header + length;
    const slab = this.#room(size);
    const at = this.#to;
    this.#encoder.headerInto(length, slab, at);
    w.finishInto(slab, at + header);
    this.#appended(size);
    return view ? slab.subarray(at + header, at + size) : undefined;
  }

  /** Hands everything appended so far to `write` now (before an end() or a close). */
  flush(): void {
    this.#scheduled = false;
    const slab = this.#slab;
    if (slab === undefined || this.#to === this.#from) return;
    const chunk = slab.subarray(this.#from, this.#to);
    this.#from = this.#to;
    // Nearly full: let the socket keep the old slab alive alone; the next push takes a new one.
    if (slab.length - this.#to < 256) this.#slab = undefined;
    this.#write(chunk);
  }

  /** Drops what has not been written (the connection is gone) and the slab. */
  discard(): void {
    this.#slab = undefined;
    this.#from = this.#to = 0;
  }

  /** The slab the next `size` bytes go into at `#to` (a new one when this one lacks the room). */
  #room(size: number): Buffer {
    const slab = this.#slab;
    return slab !== undefined && slab.length - this.#to >= size ? slab : this.#fresh(size);
  }

  /** `size` bytes were written at `#to`; the first frame of a tick schedules the flush. */
  #appended(size: number): void {
    this.#to += size;
    if (!this.#scheduled) {
      this.#scheduled = true;
      process.nextTick(flushLater, this);
    }
  }

  /** A new slab for a frame of `size` bytes; what the old one holds is written first. */
  #fresh(size: number): Buffer {
    if (this.#to > this.#from) {
      const scheduled = this.#scheduled;
      this.flush();
      this.#scheduled = scheduled; // the tick's flush is still pending (and harmless when empty)
    }
    const slab = Buffer.allocUnsafeSlow(Math.max(OUTBOX_SLAB_BYTES, size));
    this.#slab = slab;
    this.#from = this.#to = 0;
    return slab;
  }
}

function flushLater(outbox: FrameOutbox): void {
  outbox.flush();
}
