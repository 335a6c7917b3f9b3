/**
 * The error family of the framing layer (see framing.ts). Callers and tests branch on `code`,
 * a stable string, never on the message text.
 *
 * Receive side (thrown by FrameDecoder.push, which then stays 'failed'):
 * - `bad-magic`: the first header byte is not the format's constant (HiPath: 0x26).
 * - `bad-length-marker`: HiPath length field with bit 15 clear (every HiPath sender sets it).
 * - `empty-frame`: the length field says 0; no APDU is 0 bytes long.
 * - `frame-too-large`: the length field says more than the decoder's `maxPayload`; raised as soon
 *   as the header is complete, before any payload byte is buffered.
 *
 * Send side (thrown by FrameEncoder / encodeFrame / FrameFormat.writeHeader):
 * - `payload-too-large`: the payload does not fit the format (or the encoder's `maxPayload`).
 * - `empty-frame`: a zero-length payload, for formats that cannot carry one.
 */
export type FramingErrorCode =
  | 'bad-magic'
  | 'bad-length-marker'
  | 'empty-frame'
  | 'frame-too-large'
  | 'payload-too-large';

export class FramingError extends Error {
  override readonly name = 'FramingError';

  constructor(
    readonly code: FramingErrorCode,
    /**
     * Where, in bytes. From FrameDecoder: the absolute stream offset of the first header byte of
     * the offending frame (counting every byte pushed since construction or reset()). From a
     * FrameFormat called directly: the `offset` it was given. From FrameEncoder: the outgoing
     * stream offset at which the refused frame would have started; -1 from the stateless
     * encodeFrame/frameBytes.
     */
    readonly offset: number,
    /** What was wrong, in words, without the offset (that is added to `message`). */
    readonly detail: string,
    /** What the caller should do about it. */
    readonly advice: string,
    /** A copy of the offending header bytes, when the error is about a received header. */
    readonly header?: Uint8Array,
  ) {
    super('');
    this.message = describe(code, offset, detail, advice, header);
  }

  /** The same error, `delta` bytes further along the stream (used to turn a header-relative offset into a stream offset). */
  movedBy(delta: number): FramingError {
    return new FramingError(this.code, this.offset + delta, this.detail, this.advice, this.header);
  }
}

/** `bad-magic at stream offset 17 (header 03 00 00): expected 0x26, found 0x03 ... Close the connection ...` */
function describe(
  code: FramingErrorCode,
  offset: number,
  detail: string,
  advice: string,
  header: Uint8Array | undefined,
): string {
  const where = offset >= 0 ? ` at stream offset ${offset}` : '';
  const bytes = header !== undefined ? ` (header ${hexBytes(header)})` : '';
  return `${code}${where}${bytes}: ${detail}. ${advice}`;
}

/** `26 81 38`: bytes as space-separated upper-case hex pairs. */
function hexBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    out += (i === 0 ? '' : ' ') + (bytes[i] as number).toString(16).padStart(2, '0').toUpperCase();
  }
  return out;
}

/** `0x26`, or `0x47 'G'` for printable ASCII (a peer talking HTTP or text shows up at once). */
export function hexByte(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  return byte >= 0x20 && byte < 0x7f ? `${hex} '${String.fromCharCode(byte)}'` : hex;
}

/**
 * Checks a `maxPayload` option against the format's own maximum; returns the effective limit.
 * A bad option is a programming error (RangeError), not a framing error.
 */
export function effectiveMaxPayload(formatName: string, formatMax: number, option: number | undefined): number {
  if (option === undefined) return formatMax;
  if (!Number.isInteger(option) || option < 0 || option > formatMax) {
    throw new RangeError(
      `maxPayload ${option} is not an integer between 0 and ${formatMax} (the most a ${formatName} header can express)`,
    );
  }
  return option;
}
