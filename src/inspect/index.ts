/**
 * Inspecting captured CSTA traffic: frames cut out of a byte string, each APDU decoded (ACSE or
 * ROSE, open types through the operation table) and written as one JER object. What `csta decode`
 * prints; usable from code the same way:
 *
 * ```ts
 * for (const frame of splitFrames(fromHex('26 80 0E A1 0C 02 01 01 02 02 00 D3 30 03 0A 01 02'))) {
 *   const apdu = decodeApdu(frame.apdu, { offset: frame.offset });
 *   console.log(JSON.stringify(apduToJer(apdu)));
 *   // {"apdu":"invoke","invokeId":1,"operation":"systemStatus","opcode":211,"argument":{"systemStatus":"normal"}}
 * }
 * ```
 */
export { splitFrames, scanFrames, hipathFrameOf, FRAME_FORMATS, HIPATH_MAGIC, type Frame, type FrameFormatName } from './frames.js';
export { decodeApdu, decodeAll, type DecodeAllOptions } from './decode-apdu.js';
export type {
  AcseApduName,
  ApduName,
  DecodeApduOptions,
  DecodedAcse,
  DecodedApdu,
  DecodedRose,
  Inner,
  RoseApduName,
} from './decoded-apdu.js';
export { apduToJer, type JerObject } from './apdu-jer.js';
export { InspectError, atInput, type InspectErrorCode } from './inspect-error.js';
