/**
 * ROSE APDUs (`A1`..`A4`, hipath-protocol.md §3): the generated ROSE-APDU codec, then the open
 * types through the operation table: an invoke's argument by its opcode, a returnResult's result
 * by the opcode inside it, a returnError's parameter by its errcode. A reject has no open type.
 */
import { decode } from '../ber/index.js';
import { ROSE_APDU } from '../../generated/csta-rose-apdus.js';
import { errorsByCode, operationsByCode, type OperationInfo } from '../../generated/operations.js';
import type { InvokeId } from '../../generated/remote-operations-generic-ros-pdus.js';
import type { Code } from '../../generated/remote-operations-information-objects.js';
import { decodeInner, type DecodeApduOptions, type DecodedRose, type Inner } from './decoded-apdu.js';
import { atInput } from './inspect-error.js';

export function decodeRose(apdu: Uint8Array, options: DecodeApduOptions): DecodedRose {
  const base = options.offset ?? 0;
  let value: ROSE_APDU;
  try {
    value = decode(ROSE_APDU, apdu, options.limits);
  } catch (e) {
    throw atInput(e, base);
  }
  const warnings: string[] = [];
  const common = { kind: 'ROSE' as const, apdu: value.case, value, offset: base, warnings };

  switch (value.case) {
    case 'invoke': {
      const v = value.value;
      const info = lookupOperation(v.opcode, 'invoke', warnings);
      let argument: Inner | undefined;
      if (v.argument !== undefined && info !== undefined && !options.raw) {
        const codec = info.argument;
        if (codec === undefined) warnings.push(`${info.name} (${info.code}) takes no argument, but the invoke carries one; kept as raw hex`);
        else argument = decodeInner(codec, v.argument, apdu, options, `the argument of ${info.name}`, warnings);
      }
      return {
        ...common,
        invokeId: invokeIdOf(v.invokeId),
        operation: info && { name: info.name, code: info.code },
        event: argument && info?.name === 'cSTAEventReport' ? eventOf(argument.value) : undefined,
        argument,
      };
    }
    case 'returnResult': {
      const v = value.value;
      const info = v.result === undefined ? undefined : lookupOperation(v.result.opcode, 'returnResult', warnings);
      let result: Inner | undefined;
      if (v.result !== undefined && info !== undefined && !options.raw) {
        const codec = info.result;
        if (codec === undefined) warnings.push(`${info.name} (${info.code}) has no result type, but the returnResult carries one; kept as raw hex`);
        else result = decodeInner(codec, v.result.result, apdu, options, `the result of ${info.name}`, warnings);
      }
      return { ...common, invokeId: invokeIdOf(v.invokeId), operation: info && { name: info.name, code: info.code }, result };
    }
    case 'returnError': {
      const v = value.value;
      const code = localCode(v.errcode);
      const info = code === undefined ? undefined : errorsByCode.get(code);
      if (info === undefined) {
        warnings.push(`errcode ${describeCode(v.errcode)} is not in the error table; the parameter (if any) is kept as raw hex`);
      }
      let parameter: Inner | undefined;
      if (v.parameter !== undefined && info !== undefined && !options.raw) {
        if (info.parameter === undefined) warnings.push(`error ${info.name} (${info.code}) has no parameter type, but the returnError carries one; kept as raw hex`);
        else parameter = decodeInner(info.parameter, v.parameter, apdu, options, `the parameter of error ${info.name}`, warnings);
      }
      return { ...common, invokeId: invokeIdOf(v.invokeId), error: info && { name: info.name, code: info.code }, parameter };
    }
    case 'reject':
      return { ...common, invokeId: invokeIdOf(value.value.invokeId) };
  }
}

function invokeIdOf(id: InvokeId): number | null {
  return id.case === 'present' ? id.value : null;
}

function localCode(code: Code): number | undefined {
  return code.case === 'local' ? code.value : undefined;
}

/** `211`, or `global 1.2.3` for an OBJECT IDENTIFIER code. */
export function describeCode(code: Code): string {
  return code.case === 'local' ? String(code.value) : `global ${code.value}`;
}

function lookupOperation(opcode: Code, where: string, warnings: string[]): OperationInfo | undefined {
  const code = localCode(opcode);
  const info = code === undefined ? undefined : operationsByCode.get(code);
  if (info === undefined) {
    warnings.push(`opcode ${describeCode(opcode)} of the ${where} is not in the operation table; its open type is kept as raw hex`);
  }
  return info;
}

/** The event of a CSTAEventReportArgument: `{ eventSpecificInfo: { case: category, value: { case: event } } }`. */
function eventOf(argument: unknown): { category: string; name: string } | undefined {
  const info = (argument as { eventSpecificInfo?: { case?: unknown; value?: { case?: unknown } } }).eventSpecificInfo;
  if (typeof info?.case !== 'string' || typeof info.value?.case !== 'string') return undefined;
  return { category: info.case, name: info.value.case };
}
