/**
 * The framing layer of the csta3 session: how APDUs are cut out of, and put into, a TCP byte
 * stream. One strategy object per dialect (FrameFormat), one reassembler (FrameDecoder), one
 * writer (FrameEncoder / encodeFrame). No socket here: the net.Socket glue feeds `push()` and
 * writes the `[header, payload]` pieces.
 *
 * ```ts
 * const decoder = new FrameDecoder(HIPATH_FRAMING, (apdu, at) => association.receive(apdu, at));
 * socket.on('data', (chunk) => decoder.push(chunk));        // FramingError -> destroy the socket
 * const encoder = new FrameEncoder(HIPATH_FRAMING);
 * socket.cork(); for (const piece of encoder.encode(apdu)) socket.write(piece); socket.uncork();
 * ```
 *
 * Dialect facts: ../../../shared/docs/hipath-protocol.md §1 (HiPath `26 8x xx`, MD110 `pack "n"`).
 */
export { FramingError, type FramingErrorCode } from './framing-error.js';
export { HIPATH_FRAMING, HIPATH_LENGTH_MARKER, HIPATH_MAGIC, LENGTH16_FRAMING, type FrameFormat } from './framing-formats.js';
export {
  FrameDecoder,
  type FrameDecoderOptions,
  type FrameDecoderState,
  type FrameHandler,
} from './framing-decoder.js';
export {
  encodeFrame,
  FrameEncoder,
  frameBytes,
  type FrameEncoderOptions,
  type FramePieces,
} from './framing-encoder.js';
