/**
 * apduToJer: one JSON object per APDU, for the CLI, logs and fixtures (architecture.md "Values as
 * JSON"). Every value in it is X.697 JER of its ASN.1 type; the object around them is ours:
 *
 * ```json
 * {"apdu":"invoke","invokeId":1,"operation":"systemStatus","opcode":211,"argument":{"systemStatus":"normal"}}
 * {"apdu":"returnResult","invokeId":1,"operation":"systemStatus","opcode":211,"result":{"noData":null}}
 * {"apdu":"returnError","invokeId":3,"error":"universalFailure","errcode":1,"parameter":{"operation":"invalidDeviceID"}}
 * {"apdu":"reject","invokeId":4,"problem":{"invoke":"unrecognizedOperation"}}
 * {"apdu":"aarq","aSO-context-name":"1.3.12.0.218", …,"calling-authentication-value":{"external":{"encoding":
 *   {"single-ASN1-type":{"password":{"authentication-name":"414D484F5354","password":"3737373737"}}}}}, …}
 * ```
 *
 * - ROSE: `invokeId` is the number (null for `absent`), `opcode`/`errcode` the local code (the
 *   dotted OID for a global one); `operation`/`error` the table's name; `event` the event name of
 *   a cSTAEventReport; `argument`/`result`/`parameter` the JER of the decoded open type, or the hex
 *   of its TLV when it was not decoded (unknown opcode, `raw`, or a decode failure).
 * - ACSE: the APDU's own JER members beside `"apdu"`, with each decoded EXTERNAL's
 *   `single-ASN1-type` replaced by the JER of its value (what X.697 does for an open type whose
 *   type is known), and the hex kept where it is not.
 * - `"warnings"`: present only when something was kept raw; says what and why.
 * - Elements the ASN.1 does not define are kept as `"$unknown": ["<TLV hex>", …]`.
 */
import { toHex, type RawElement } from '../ber/index.js';
import { toJer } from '../jer/index.js';
import { ACSE_apdu } from '../../generated/acse-1.js';
import { Reject_problem } from '../../generated/remote-operations-generic-ros-pdus.js';
import type { Code } from '../../generated/remote-operations-information-objects.js';
import type { DecodedAcse, DecodedApdu, DecodedRose, Inner } from './decoded-apdu.js';

export type JerObject = Record<string, unknown>;

export function apduToJer(decoded: DecodedApdu): JerObject {
  const out = decoded.kind === 'ROSE' ? roseToJer(decoded) : acseToJer(decoded);
  if (decoded.warnings.length > 0) out.warnings = decoded.warnings.slice();
  return out;
}

function roseToJer(d: DecodedRose): JerObject {
  const out: JerObject = { apdu: d.apdu, invokeId: d.invokeId };
  const v = d.value;
  switch (v.case) {
    case 'invoke':
      if (v.value.linkedId !== undefined) out.linkedId = v.value.linkedId.case === 'present' ? v.value.linkedId.value : null;
      if (d.operation) out.operation = d.operation.name;
      out.opcode = codeToJer(v.value.opcode);
      if (d.event) out.event = d.event.name;
      if (v.value.argument !== undefined) out.argument = openToJer(d.argument, v.value.argument);
      break;
    case 'returnResult':
      if (v.value.result !== undefined) {
        if (d.operation) out.operation = d.operation.name;
        out.opcode = codeToJer(v.value.result.opcode);
        out.result = openToJer(d.result, v.value.result.result);
        // Unknown elements of the inner { opcode, result } SEQUENCE join the APDU's own list.
        unknownToJer(v.value.result.$unknown, out);
      }
      break;
    case 'returnError':
      if (d.error) out.error = d.error.name;
      out.errcode = codeToJer(v.value.errcode);
      if (v.value.parameter !== undefined) out.parameter = openToJer(d.parameter, v.value.parameter);
      break;
    case 'reject':
      out.problem = toJer(Reject_problem, v.value.problem);
      break;
  }
  unknownToJer(v.value.$unknown, out);
  return out;
}

function codeToJer(code: Code): number | string {
  return code.value;
}

function openToJer(inner: Inner | undefined, raw: RawElement): unknown {
  return inner === undefined ? toHex(raw.bytes) : toJer(inner.codec, inner.value);
}

function unknownToJer(unknown: readonly RawElement[] | undefined, out: JerObject): void {
  if (unknown !== undefined && unknown.length > 0) {
    const list = (out.$unknown as string[] | undefined) ?? [];
    out.$unknown = list.concat(unknown.map((u) => toHex(u.bytes)));
  }
}

function acseToJer(d: DecodedAcse): JerObject {
  const whole = toJer(ACSE_apdu, d.value) as JerObject;
  const body = whole[d.apdu] as JerObject;
  const authKey = d.apdu === 'aarq' ? 'calling-authentication-value' : 'responding-authentication-value';
  if (d.authentication !== undefined) {
    const external = (body[authKey] as JerObject | undefined)?.external as JerObject | undefined;
    if (external !== undefined) replaceSingleType(external, d.authentication);
  }
  if (d.userInformation !== undefined) {
    const list = body['user-information'] as JerObject[] | undefined;
    d.userInformation.forEach((inner, i) => {
      if (inner !== undefined && list?.[i] !== undefined) replaceSingleType(list[i], inner);
    });
  }
  return { apdu: d.apdu, ...body };
}

/** An EXTERNAL's JER `{ …, "encoding": { "single-ASN1-type": "<hex>" } }`: the hex becomes the value's JER. */
function replaceSingleType(external: JerObject, inner: Inner): void {
  const encoding = external.encoding as JerObject | undefined;
  if (encoding !== undefined && 'single-ASN1-type' in encoding) {
    encoding['single-ASN1-type'] = toJer(inner.codec, inner.value);
  }
}
