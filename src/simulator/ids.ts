/**
 * Two-byte identifiers of the simulated switch: callIDs (HiPath: e.g. `B1 64`) and monitor
 * crossRefIdentifiers (HiPath: `00 01`), hipath-protocol.md §7.7.
 */

/** The 2 bytes (big-endian) of `n`. */
export function twoBytes(n: number): Uint8Array {
  return new Uint8Array([(n >> 8) & 0xff, n & 0xff]);
}

/** The number in 2 big-endian bytes, or undefined when `bytes` is not exactly 2 bytes long. */
export function fromTwoBytes(bytes: Uint8Array): number | undefined {
  return bytes.length === 2 ? (bytes[0] << 8) | bytes[1] : undefined;
}

/** Lower-case hex of the bytes, e.g. `b164` (the key S1 used for crossRefs). */
export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Hands out numbers 1..0xFFFF in increasing order from `start`, wrapping back to 1 after 0xFFFF and
 * skipping every number still in use. 0 is never handed out.
 */
export class IdAllocator {
  private next: number;
  private readonly live = new Set<number>();

  constructor(
    start: number,
    private readonly what: string,
  ) {
    if (!Number.isInteger(start) || start < 1 || start > 0xffff) {
      throw new RangeError(`first ${what} ${start} is not in 1..65535 (0x0001..0xFFFF)`);
    }
    this.next = start;
  }

  /** A number not in use, now marked in use; undefined when all 65535 are in use. */
  allocate(): number | undefined {
    if (this.live.size >= 0xffff) return undefined;
    while (this.live.has(this.next)) this.advance();
    const n = this.next;
    this.live.add(n);
    this.advance();
    return n;
  }

  /** Marks `n` free again. */
  release(n: number): void {
    this.live.delete(n);
  }

  /** Forgets every number in use (the counter goes on where it was). */
  releaseAll(): void {
    this.live.clear();
  }

  get inUse(): number {
    return this.live.size;
  }

  toString(): string {
    return `${this.what} allocator (${this.live.size} in use)`;
  }

  private advance(): void {
    this.next = this.next >= 0xffff ? 1 : this.next + 1;
  }
}
