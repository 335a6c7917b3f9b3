/**
 * decodeApdu: one APDU's bytes (no frame header) to a DecodedApdu. The first byte says which
 * protocol it belongs to (hipath-protocol.md §1.2): ACSE APDUs are `[APPLICATION 0..7]`
 * constructed (`60`..`67`: AARQ, AARE, RLRQ, RLRE, ABRT, A-DT, ACRQ, ACRP), ROSE APDUs are
 * context `[1]`..`[4]` constructed (`A1`..`A4`: invoke, returnResult, returnError, reject).
 *
 * Throws a BerError (offset counted from `options.offset`) when the APDU itself does not decode,
 * an InspectError when the first byte fits neither protocol. Open types that do not decode are
 * not errors: they stay raw and the DecodedApdu's `warnings` say why.
 */
import { decodeAcse } from './acse.js';
import type { DecodeApduOptions, DecodedApdu } from './decoded-apdu.js';
import { InspectError, hexBytes } from './inspect-error.js';
import { decodeRose } from './rose.js';
import { isApduStart, splitFrames, type FrameFormatName } from './frames.js';

export function decodeApdu(apdu: Uint8Array, options: DecodeApduOptions = {}): DecodedApdu {
  const at = options.offset ?? 0;
  if (apdu.length === 0) {
    throw new InspectError('empty-input', at, 'the APDU holds no bytes', 'Give the hex of an ACSE or ROSE APDU.');
  }
  const first = apdu[0];
  if (isApduStart(first)) return first < 0x80 ? decodeAcse(apdu, options) : decodeRose(apdu, options);
  throw new InspectError(
    'not-an-apdu',
    at,
    `the APDU starts ${hexBytes(apdu, 0, 4)}; an ACSE APDU starts 60..67 and a ROSE APDU A1..A4`,
    'Check the hex starts at an APDU or at a HiPath frame header (26 8x xx), and that it is CSTA Phase III BER',
  );
}

export interface DecodeAllOptions extends Omit<DecodeApduOptions, 'offset'> {
  readonly framing?: FrameFormatName;
}

/** Every APDU in `bytes` (framed or not, see splitFrames), decoded; offsets count from the start of `bytes`. */
export function decodeAll(bytes: Uint8Array, options: DecodeAllOptions = {}): DecodedApdu[] {
  return splitFrames(bytes, options.framing).map((f) => decodeApdu(f.apdu, { ...options, offset: f.offset }));
}
