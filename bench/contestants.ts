// The codec benchmark's contestants and the interface a new one implements.
//
// To add csta3's generated codec: write an adapter module (e.g. bench/csta3-generated.ts)
// exporting a Contestant whose name starts with "csta3" (e.g. "csta3 (generated)"), then
// add it to CONTESTANTS below. codec.ts reports it against the fastest library and
// against the hand-written ceiling. The adapter must accept and return the plain
// objects of messages.ts (EventReportValue): decode(msg, bytes) must deep-equal
// REFERENCE[msg], and encode(msg, REFERENCE[msg]) should give APDU_BYTES[msg] exactly.

import { asn1Ts } from './asn1-ts.js';
import { asn1jsSchema } from './asn1js.js';
import { asn1Js } from './asn1-js.js';
import { handWritten } from './hand-written.js';
import { csta3Generated } from './csta3-generated.js';
import type { MessageName } from './messages.js';

export type { MessageName } from './messages.js';

export interface Contestant {
  name: string;
  /** Decodes one complete ROSE Invoke APDU (no 0x26 frame header) into an EventReportValue. */
  decode(msg: MessageName, bytes: Uint8Array): unknown;
  /** Encodes an EventReportValue into a complete ROSE Invoke APDU. */
  encode(msg: MessageName, value: unknown): Uint8Array;
}

export type ContestantRole = 'library' | 'ceiling' | 'ours';

/** Name prefix that marks csta3's own codec. */
export const OURS_PREFIX = 'csta3';

export function roleOf(c: Contestant): ContestantRole {
  if (c.name.startsWith(OURS_PREFIX)) return 'ours';
  if (c.name === handWritten.name) return 'ceiling';
  return 'library';
}

/** Every contestant, in report order. All of them run in the same process run. */
export const CONTESTANTS: Contestant[] = [
  asn1Ts,
  asn1jsSchema,
  asn1Js,
  handWritten,
  csta3Generated,
];
