/**
 * Raw elements (open types, unknown extensions) as JER text: the hex of the complete TLV.
 *
 * Reading one back checks that the hex is exactly one well-formed BER element (X.690 8.1):
 * identifier octets, a definite or indefinite length, and contents that end where the length
 * says. Its `tag` (tags.ts: `class << 24 | number`) and `constructed` flag are taken from the
 * identifier. It stays independent of the BER reader on purpose: only the framing is checked.
 */
import type { RawElement } from '../ber/codec.js';
import { bytesToHex, hexToBytes } from './text.js';

/** Nesting allowed inside an indefinite-length element before it is refused. */
const MAX_NESTING = 64;
const MAX_TAG_NUMBER = 0xffffff;

export function rawToHex(raw: RawElement): string {
  return bytesToHex(raw.bytes);
}

/** One BER element from hex, or a problem in words. */
export function hexToRaw(text: string): RawElement | { problem: string } {
  const bytes = hexToBytes(text);
  if (!(bytes instanceof Uint8Array)) return bytes;
  if (bytes.length === 0) return { problem: 'expected the hex of one BER element, found an empty string' };
  try {
    const head = readHeader(bytes, 0);
    if (head.tag === 0) return { problem: 'the hex starts with an end-of-contents marker (tag [UNIVERSAL 0]), not an element' };
    const end = elementEnd(bytes, head, 0);
    if (end !== bytes.length) {
      return { problem: `the BER element ends at octet ${end}, but the hex holds ${bytes.length} octets; give exactly one element` };
    }
    return { tag: head.tag, constructed: head.constructed, bytes };
  } catch (e) {
    if (e instanceof FramingProblem) return { problem: `not a well-formed BER element: ${e.message}` };
    throw e;
  }
}

class FramingProblem extends Error {}

interface Header {
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the first contents octet. */
  readonly contents: number;
  /** Contents length, or -1 for the indefinite form. */
  readonly length: number;
}

function readHeader(b: Uint8Array, at: number): Header {
  let p = at;
  const first = b[p++];
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let number = first & 0x1f;
  if (number === 0x1f) {
    // X.690 8.1.2.4: high tag number, base 128, no leading 0x80 octet.
    if (p >= b.length) throw new FramingProblem(`the identifier at octet ${at} is cut short`);
    if (b[p] === 0x80) throw new FramingProblem(`the tag number at octet ${at} starts with 0x80 (X.690 8.1.2.4.2 c)`);
    number = 0;
    let c: number;
    do {
      if (p >= b.length) throw new FramingProblem(`the identifier at octet ${at} is cut short`);
      c = b[p++];
      number = number * 128 + (c & 0x7f);
      if (number > MAX_TAG_NUMBER) throw new FramingProblem(`the tag number at octet ${at} exceeds ${MAX_TAG_NUMBER}`);
    } while (c & 0x80);
  }
  if (p >= b.length) throw new FramingProblem(`the element at octet ${at} has no length octets`);
  const l = b[p++];
  let length: number;
  if (l < 0x80) length = l;
  else if (l === 0x80) {
    if (!constructed) throw new FramingProblem(`the primitive element at octet ${at} has an indefinite length (X.690 8.1.3.2 a)`);
    length = -1;
  } else {
    const n = l & 0x7f;
    if (n > 6) throw new FramingProblem(`the length at octet ${at} takes ${n} octets; at most 6 are accepted`);
    if (p + n > b.length) throw new FramingProblem(`the length at octet ${at} is cut short`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[p++];
  }
  return { tag: (cls << 24) | number, constructed, contents: p, length };
}

/** Offset just past the element whose header is `h`: its contents, or up to and including its end-of-contents. */
function elementEnd(b: Uint8Array, h: Header, depth: number): number {
  if (h.length >= 0) {
    const end = h.contents + h.length;
    if (end > b.length) throw new FramingProblem(`the element's length says ${h.length} octets, but only ${b.length - h.contents} follow`);
    return end;
  }
  if (depth >= MAX_NESTING) throw new FramingProblem(`indefinite-length elements nest deeper than ${MAX_NESTING}`);
  let p = h.contents;
  for (;;) {
    if (p + 1 >= b.length) throw new FramingProblem('an indefinite-length element has no end-of-contents octets');
    if (b[p] === 0 && b[p + 1] === 0) return p + 2;
    const inner = readHeader(b, p);
    p = elementEnd(b, inner, depth + 1);
  }
}
