/**
 * rose.ts against the HiPath vectors (hipath-protocol.md §8) first, byte for byte, then the edge
 * cases a switch or a client can produce: unknown opcodes, mistyped arguments, ReturnError and
 * Reject of every kind, multi-byte and absent invoke ids, malformed APDUs.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BerError, BerReader, encode, fromHex, toHex, type Codec, type RawElement } from '../../src/ber/index.js';
import { ROSE_APDU } from '../../generated/csta-rose-apdus.js';
import { errors, operations, type ErrorInfo, type OperationInfo } from '../../generated/operations.js';
import type { UniversalFailure } from '../../generated/csta-error-definition.js';
import { decodeRose, decodeRoseGeneric, encodeError, encodeInvoke, encodeReject, encodeResult, nullResultOf, type RoseMessage } from '../../src/session/rose.js';
import { rejectProblemValue } from '../../src/session/errors.js';
import { deviceId } from '../../src/session/device.js';
import { HIPATH } from '../../src/session/profile.js';
import { apduOf, loadVectors, vector } from '../support/vectors.js';
import { arbitrary } from '../support/arbitrary.js';

const hex = (u: Uint8Array): string => toHex(u, ' ');
const bytes = (h: string): Uint8Array => fromHex(h);

function as<K extends RoseMessage['kind']>(m: RoseMessage, kind: K): Extract<RoseMessage, { kind: K }> {
  expect(m.kind).toBe(kind);
  return m as Extract<RoseMessage, { kind: K }>;
}

const roseVectors = loadVectors().filter((v) => (apduOf(v)[0]! & 0xe0) === 0xa0);

describe('decodeRose on the HiPath vectors', () => {
  it('finds the 13 ROSE vectors of §8', () => {
    expect(roseVectors).toHaveLength(13);
  });

  it.each(roseVectors.map((v) => [v.name, v] as const))('%s: decodes completely, and re-encodes byte for byte', (_, v) => {
    const apdu = apduOf(v);
    const m = decodeRose(apdu);
    let again: Uint8Array;
    switch (m.kind) {
      case 'invoke':
        expect(m.argumentError).toBeUndefined();
        expect(m.operation?.code).toBe(m.opcode);
        again = encodeInvoke(m.invokeId, m.operation!, m.argument);
        break;
      case 'result':
        expect(m.resultError).toBeUndefined();
        again = encodeResult(m.invokeId, m.operation!, m.result);
        break;
      default:
        throw new Error(`unexpected ${m.kind}`);
    }
    expect(hex(again)).toBe(hex(apdu));
    expect(v.operation?.startsWith(`${m.operation!.name} (${m.operation!.code})`)).toBe(true);
  });

  it('every event vector is an invoke of cSTAEventReport (21) with its event decoded', () => {
    const events = roseVectors.filter((v) => v.operation?.startsWith('cSTAEventReport'));
    expect(events.map((v) => v.name.split(' ')[0])).toEqual(['Delivered', 'Established', 'ConnectionCleared', 'Transferred']);
    const names = events.map((v) => {
      const m = as(decodeRose(apduOf(v)), 'invoke');
      expect(m.operation?.name).toBe('cSTAEventReport');
      expect(m.operation?.alwaysReturns).toBe(false);
      const arg = m.argument as { eventSpecificInfo: { case: string; value: { case: string } } };
      expect(arg.eventSpecificInfo.case).toBe('callControlEvents');
      return arg.eventSpecificInfo.value.case;
    });
    expect(names).toEqual(['delivered', 'established', 'connectionCleared', 'transferred']);
  });

  it('V1 systemStatus invoke: invokeId 1, opcode 211, normal', () => {
    const m = as(decodeRose(apduOf(vector('systemStatus invoke'))), 'invoke');
    expect(m.invokeId).toBe(1);
    expect(m.opcode).toBe(211);
    expect(m.operation).toBe(operations.systemStatus);
    expect(m.argument).toEqual({ systemStatus: 'normal' });
  });

  it('Transferred carries the 3-byte invokeId 66051 (01 02 03)', () => {
    expect(as(decodeRose(apduOf(vector('Transferred'))), 'invoke').invokeId).toBe(66051);
  });
});

describe('encoders on the HiPath vectors', () => {
  it('V3: the systemStatus answer to V1 is A2 0B 02 01 01 30 06 02 02 00 D3 05 00 (NULL result by default)', () => {
    const invoke = as(decodeRose(apduOf(vector('systemStatus invoke'))), 'invoke');
    const answer = encodeResult(invoke.invokeId, invoke.operation!);
    expect(hex(answer)).toBe('A2 0B 02 01 01 30 06 02 02 00 D3 05 00');
    expect(hex(answer)).toBe(hex(apduOf(vector('systemStatus result'))));
  });

  it('MonitorStop result: encodeResult with no value gives the NULL (noData) of §5.4', () => {
    expect(hex(encodeResult(2, operations.monitorStop))).toBe(hex(apduOf(vector('MonitorStop result'))));
  });

  it('MonitorStart 100 with the HIPATH default filter is the §8.2 frame', () => {
    const arg = { monitorObject: { case: 'deviceObject' as const, value: deviceId('100') }, requestedMonitorFilter: HIPATH.defaultMonitorFilter };
    expect(hex(encodeInvoke(1, operations.monitorStart, arg))).toBe(hex(apduOf(vector('MonitorStart 100'))));
  });

  it('MakeCall 100 → 101 and SetDisplay 100 "Hello" from hand-written arguments', () => {
    const makeCall = encodeInvoke(3, operations.makeCall, { callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') });
    expect(hex(makeCall)).toBe(hex(apduOf(vector('MakeCall 100'))));
    const setDisplay = encodeInvoke(4, operations.setDisplay, { device: deviceId('100'), contentsOfDisplay: 'Hello' });
    expect(hex(setDisplay)).toBe(hex(apduOf(vector('SetDisplay'))));
  });
});

describe('invoke edge cases', () => {
  it('unknown opcode: no operation, opcode and raw argument kept (caller rejects invoke/unrecognizedOperation)', () => {
    const apdu = encode(ROSE_APDU, {
      case: 'invoke',
      value: { invokeId: { case: 'present', value: 9 }, opcode: { case: 'local', value: 9999 }, argument: { tag: 5, constructed: false, bytes: bytes('0500') } },
    });
    const m = as(decodeRose(apdu), 'invoke');
    expect(m.opcode).toBe(9999);
    expect(m.operation).toBeUndefined();
    expect(m.argument).toBeUndefined();
    expect(hex(m.raw!.bytes)).toBe('05 00');
    expect(rejectProblemValue('invoke', 'unrecognizedOperation')).toBe(1);
  });

  it('global (OID) opcode: opcode NaN, globalCode set, no operation', () => {
    const apdu = encode(ROSE_APDU, { case: 'invoke', value: { invokeId: { case: 'present', value: 1 }, opcode: { case: 'global', value: '1.3.12.0.218' } } });
    const m = as(decodeRose(apdu), 'invoke');
    expect(m.opcode).toBeNaN();
    expect(m.globalCode).toBe('1.3.12.0.218');
    expect(m.operation).toBeUndefined();
  });

  it('mistyped argument: argumentError with code and path (caller rejects invoke/mistypedArgument)', () => {
    // makeCall whose callingDevice is a NULL instead of a DeviceID SEQUENCE
    const m = as(decodeRose(bytes('A1 0B 02 01 03 02 01 0A 30 03 05 01 00')), 'invoke');
    expect(m.operation?.name).toBe('makeCall');
    expect(m.argument).toBeUndefined();
    expect(m.argumentError).toBeInstanceOf(BerError);
    expect(m.argumentError?.code).toBe('unexpected-tag');
    expect(m.argumentError?.offset).toBe(10);
    expect(m.argumentError?.path).toEqual(['makeCall', 'argument', 'callingDevice']);
    expect(rejectProblemValue('invoke', 'mistypedArgument')).toBe(2);
  });

  it('missing argument of an operation that has one → argumentError missing-component', () => {
    const m = as(decodeRose(bytes('A1 06 02 01 03 02 01 47')), 'invoke');
    expect(m.argumentError?.code).toBe('missing-component');
  });

  it('an element the ASN.1 does not define inside the argument is kept, not an error (extensibility)', () => {
    // systemStatus argument SEQUENCE { ENUMERATED normal, [9] 00 }
    const m = as(decodeRose(bytes('A1 0E 02 01 01 02 02 00 D3 30 05 0A 01 02 89 00')), 'invoke');
    expect(m.argumentError).toBeUndefined();
    expect(m.argument).toMatchObject({ systemStatus: 'normal' });
  });

  it('invoke ids of any size, negative included, are encoded as minimal INTEGERs and read back', () => {
    for (const [id, enc] of [
      [66051, '02 03 01 02 03'],
      [128, '02 02 00 80'],
      [2 ** 31, '02 05 00 80 00 00 00'],
      [-1, '02 01 FF'],
    ] as const) {
      const apdu = encodeInvoke(id, operations.monitorStop, { crossRefIdentifier: bytes('0001') });
      expect(hex(apdu).includes(enc)).toBe(true);
      expect(as(decodeRose(apdu), 'invoke').invokeId).toBe(id);
    }
  });

  it('encodeInvoke refuses a missing or surplus argument and a non-integer id (BerError invalid-value)', () => {
    const code = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return (e as BerError).code;
      }
      return 'no error';
    };
    expect(code(() => encodeInvoke(1, operations.makeCall))).toBe('invalid-value');
    expect(code(() => encodeInvoke(1, operations.noOp, { x: 1 }))).toBe('invalid-value');
    expect(code(() => encodeInvoke(1.5, operations.monitorStop, { crossRefIdentifier: bytes('0001') }))).toBe('invalid-value');
    expect(code(() => encodeResult(1, operations.makeCall))).toBe('invalid-value');
    expect(code(() => encodeResult(1, operations.cSTAEventReport, null))).toBe('invalid-value');
    expect(code(() => encodeError(1, errors.universalFailure))).toBe('invalid-value');
    expect(code(() => encodeError(1, errors.refuse, { case: 'unspecified', value: null }))).toBe('invalid-value');
  });

  it('a value of the wrong shape is a BerError naming the operation, the part and the field, not a bare TypeError', () => {
    const before = hex(encodeInvoke(2, operations.monitorStop, { crossRefIdentifier: bytes('0001') }));
    const thrown = (f: () => unknown): BerError => {
      try {
        f();
      } catch (e) {
        return e as BerError;
      }
      throw new Error('no error');
    };
    // the encoder fails with a TypeError; the schema walk says where and what
    const shape = thrown(() => encodeInvoke(1, operations.makeCall, { callingDevice: '100' } as never));
    expect(shape).toBeInstanceOf(BerError);
    expect([shape.code, shape.path]).toEqual(['invalid-value', ['makeCall', 'argument', 'callingDevice']]);
    expect(shape.message).toBe('invalid-value in makeCall.argument.callingDevice: expected an object for SEQUENCE CSTA-device-identifiers.DeviceID, found string "100"');
    expect(shape.cause).toBeInstanceOf(TypeError);
    const missing = thrown(() => encodeInvoke(1, operations.makeCall, {} as never));
    expect(missing.message).toBe('invalid-value in makeCall.argument: mandatory component "callingDevice" (property "callingDevice") is missing');
    // the writer's own error named no field ("wrap(7): the mark is not one this writer returned")
    const dn = (value: unknown): unknown => ({ deviceIdentifier: { case: 'dialingNumber', value } });
    const number = thrown(() => encodeInvoke(1, operations.makeCall, { callingDevice: dn(100), calledDirectoryNumber: dn('200') } as never));
    expect(number.path).toEqual(['makeCall', 'argument', 'callingDevice', 'deviceIdentifier', 'dialingNumber']);
    expect(number.message).toMatch(/: expected a string, found number 100$/);
    expect(number.cause).toBeInstanceOf(BerError);
    const typo = thrown(() => encodeInvoke(1, operations.monitorStart, { monitorObject: { case: 'device', value: dn('100') } } as never));
    expect(typo.path).toEqual(['monitorStart', 'argument', 'monitorObject']);
    expect(typo.message).toMatch(/case "device" is not an alternative of CHOICE CSTA-switching-function-objects\.CSTAObject; its cases are "deviceObject", "callObject"$/);
    // the shape is right, the writer refuses the value: its own error, with the operation and part
    const euro = thrown(() => encodeInvoke(1, operations.makeCall, { callingDevice: dn('1€0'), calledDirectoryNumber: dn('200') }));
    expect(euro.message).toBe('invalid-value in makeCall.argument: IA5String "1€0": character U+20AC at index 1 does not fit one octet');
    expect(euro.cause).toBeUndefined();
    // neither the encoder nor the schema walk can read the value: what the encoder threw, as the cause
    const unreadable = thrown(() =>
      encodeInvoke(1, operations.makeCall, {
        calledDirectoryNumber: dn('200'),
        get callingDevice(): never {
          throw new RangeError('not now');
        },
      } as never),
    );
    expect(unreadable.message).toBe('invalid-value in makeCall.argument: not a value of CSTA-make-call.MakeCallArgument (RangeError: not now)');
    expect(unreadable.cause).toBeInstanceOf(RangeError);
    // a BerError from inside the codec keeps its own detail and gains the same path
    const inner = thrown(() => encodeResult(1, operations.snapshotDevice, { crossRefIDorSnapshotData: { case: 'noSuchAlternative', value: null } } as never));
    expect(inner.path.slice(0, 2)).toEqual(['snapshotDevice', 'result']);
    expect(inner.message).toMatch(/^invalid-value in snapshotDevice\.result/);
    const parameter = thrown(() => encodeError(1, errors.universalFailure, { case: 'operation', value: 'noSuchValue' } as never));
    expect(parameter.path.slice(0, 2)).toEqual(['universalFailure', 'parameter']);
    // the writer is usable afterwards: the next APDU is whole
    expect(hex(encodeInvoke(2, operations.monitorStop, { crossRefIdentifier: bytes('0001') }))).toBe(before);
  });
});

describe('result edge cases', () => {
  it('operation without a RESULT type: ReturnResult with no result part, read back with no opcode', () => {
    const apdu = encodeResult(5, operations.cSTAEventReport);
    expect(hex(apdu)).toBe('A2 03 02 01 05');
    const m = as(decodeRose(apdu), 'result');
    expect(m.invokeId).toBe(5);
    expect(m.opcode).toBeUndefined();
    expect(m.operation).toBeUndefined();
  });

  it('unknown opcode in a result: opcode kept, raw kept, nothing decoded', () => {
    const m = as(decodeRose(bytes('A2 0A 02 01 07 30 05 02 01 63 05 00')), 'result');
    expect(m.opcode).toBe(99);
    expect(m.operation).toBeUndefined();
    expect(hex(m.raw!.bytes)).toBe('05 00');
  });

  it('mistyped result: resultError (makeCall result that is a NULL)', () => {
    const m = as(decodeRose(bytes('A2 0A 02 01 03 30 05 02 01 0A 05 00')), 'result');
    expect(m.operation?.name).toBe('makeCall');
    expect(m.resultError?.code).toBe('unexpected-tag');
    expect(m.resultError?.path.slice(0, 2)).toEqual(['makeCall', 'result']);
  });

  it('nullResultOf: NULL alternative of a CHOICE, none for a SEQUENCE', () => {
    expect(nullResultOf(operations.systemStatus.result)).toEqual({ case: 'noData', value: null });
    expect(nullResultOf(operations.makeCall.result)).toBeUndefined();
  });
});

describe('ReturnError', () => {
  const failures: UniversalFailure[] = [
    { case: 'operation', value: 'invalidDestination' },
    { case: 'security', value: 'sequenceNumberViolated' },
    { case: 'stateIncompatibility', value: 'invalidDeviceState' },
    { case: 'systemResourceAvailability', value: 'overallMonitorLimitExceeded' },
    { case: 'subscribedResourceAvailability', value: 'objectMonitorLimitExceeded' },
    { case: 'performanceManagement', value: 'performanceLimitExceeded' },
    { case: 'privateData', value: 'cSTAPrivateDataInfoError' },
    { case: 'unspecified', value: null },
  ];

  it.each(failures.map((f) => [f.case, f] as const))('universalFailure %s round-trips through encodeError / decodeRose', (_, f) => {
    const m = as(decodeRose(encodeError(3, errors.universalFailure, f)), 'error');
    expect(m.invokeId).toBe(3);
    expect(m.errcode).toBe(1);
    expect(m.error).toBe(errors.universalFailure);
    expect(m.parameter).toEqual(f);
    expect(m.parameterError).toBeUndefined();
  });

  it('the wire form is A3 { invokeId, 02 01 01, [n] { ENUMERATED } } (§3.1)', () => {
    expect(hex(encodeError(3, errors.universalFailure, { case: 'operation', value: 'invalidCrossRefID' }))).toBe('A3 0B 02 01 03 02 01 01 A0 03 0A 01 11');
  });

  it('an ENUMERATED value the edition does not name: parameterError, raw kept', () => {
    const m = as(decodeRose(bytes('A3 0C 02 01 03 02 01 01 A0 04 0A 02 00 FA')), 'error');
    expect(m.parameter).toBeUndefined();
    expect(m.parameterError?.code).toBe('unknown-enumerated');
    expect(hex(m.raw!.bytes)).toBe('A0 04 0A 02 00 FA');
  });

  it('an errcode not in the table: no error info, raw kept', () => {
    const m = as(decodeRose(bytes('A3 08 02 01 03 02 01 63 05 00')), 'error');
    expect(m.errcode).toBe(99);
    expect(m.error).toBeUndefined();
    expect(m.parameter).toBeUndefined();
  });
});

describe('Reject', () => {
  const cases = [
    ['general', 0, 'general-unrecognizedPDU'],
    ['general', 2, 'general-badlyStructuredPDU'],
    ['invoke', 1, 'invoke-unrecognizedOperation'],
    ['invoke', 2, 'invoke-mistypedArgument'],
    ['invoke', 7, 'invoke-unexpectedLinkedOperation'],
    ['returnResult', 0, 'returnResult-unrecognizedInvocation'],
    ['returnResult', 2, 'returnResult-mistypedResult'],
    ['returnError', 4, 'returnError-mistypedParameter'],
    ['invoke', 42, 'invoke-42'],
  ] as const;

  it.each(cases)('%s problem %d reads back as %s', (problem, value, reason) => {
    const m = as(decodeRose(encodeReject(6, problem, value)), 'reject');
    expect(m).toEqual({ kind: 'reject', invokeId: 6, problem, value, reason });
  });

  it('bytes: A4 06 02 01 03 81 01 01 (invoke unrecognizedOperation); absent id is NULL', () => {
    expect(hex(encodeReject(3, 'invoke', 1))).toBe('A4 06 02 01 03 81 01 01');
    expect(hex(encodeReject(null, 'general', 2))).toBe('A4 05 05 00 80 01 02');
    expect(as(decodeRose(bytes('A4 05 05 00 80 01 02')), 'reject').invokeId).toBeNull();
  });
});

describe('malformed APDUs throw BerError', () => {
  const codeOf = (h: string): string => {
    try {
      decodeRose(bytes(h));
    } catch (e) {
      expect(e).toBeInstanceOf(BerError);
      return (e as BerError).code;
    }
    return 'no error';
  };

  it.each([
    ['truncated', 'A1 08 02 01'],
    ['unexpected-tag', 'A5 03 02 01 01'],
    ['missing-component', 'A1 07 05 00 02 01 47 05 00'],
    ['missing-component', 'A2 02 05 00'],
    ['trailing-data', 'A2 03 02 01 05 00'],
  ])('%s: %s', (code, h) => {
    expect(codeOf(h)).toBe(code);
  });
});

describe('the APDU writers against the generated ROSE-APDU codec', () => {
  // encodeInvoke/encodeResult/encodeError write the open type in place; the reference is the
  // generated codec with the open type encoded on its own first (what ROSE's ASN.1 says).
  const openType = (codec: Codec<unknown>, value: unknown): RawElement => new BerReader(encode(codec, value)).readRaw();
  const invokeIds = fc.oneof(fc.integer({ min: -128, max: 32767 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));

  it('every operation: invoke and result byte-identical, and decodeRose reads them back', () => {
    for (const operation of Object.values(operations) as OperationInfo[]) {
      const argument = operation.argument === undefined ? fc.constant(undefined) : arbitrary(operation.argument, { maxDepth: 3, maxItems: 2 });
      const result = operation.result === undefined ? fc.constant(undefined) : arbitrary(operation.result, { maxDepth: 3, maxItems: 2 });
      fc.assert(
        fc.property(invokeIds, argument, result, (invokeId, a, r) => {
          const id = { case: 'present' as const, value: invokeId };
          const opcode = { case: 'local' as const, value: operation.code };
          const invoke = encode(ROSE_APDU, { case: 'invoke', value: { invokeId: id, opcode, argument: a === undefined ? undefined : openType(operation.argument!, a) } });
          expect(hex(encodeInvoke(invokeId, operation, a))).toBe(hex(invoke));
          const answer =
            operation.result === undefined
              ? encode(ROSE_APDU, { case: 'returnResult', value: { invokeId: id } })
              : encode(ROSE_APDU, { case: 'returnResult', value: { invokeId: id, result: { opcode, result: openType(operation.result, r) } } });
          expect(hex(encodeResult(invokeId, operation, r))).toBe(hex(answer));
          const back = as(decodeRose(answer), 'result');
          expect(back.invokeId).toBe(invokeId);
          if (operation.result !== undefined) expect(back.resultError).toBeUndefined();
          // decodeRose's fast path gives what the generic ROSE-APDU decode gives
          expect(decodeRose(invoke)).toEqual(decodeRoseGeneric(invoke));
          expect(decodeRose(answer)).toEqual(decodeRoseGeneric(answer));
        }),
        { numRuns: 5, seed: 285 },
      );
    }
  });

  it('every error: ReturnError byte-identical', () => {
    for (const error of Object.values(errors) as ErrorInfo[]) {
      const parameter = error.parameter === undefined ? fc.constant(undefined) : arbitrary(error.parameter, { maxDepth: 3, maxItems: 2 });
      fc.assert(
        fc.property(invokeIds, parameter, (invokeId, p) => {
          const value = { invokeId: { case: 'present' as const, value: invokeId }, errcode: { case: 'local' as const, value: error.code }, parameter: p === undefined ? undefined : openType(error.parameter!, p) };
          expect(hex(encodeError(invokeId, error, p))).toBe(hex(encode(ROSE_APDU, { case: 'returnError', value })));
        }),
        { numRuns: 20, seed: 285 },
      );
    }
  });

  it('a value that does not encode leaves nothing behind for the next APDU', () => {
    expect(() => encodeInvoke(1, operations.makeCall, { callingDevice: 42 } as never)).toThrow();
    expect(hex(encodeResult(1, operations.systemStatus))).toBe('A2 0B 02 01 01 30 06 02 02 00 D3 05 00');
  });
});

describe('decodeRose fast path = generic decode, on damaged and unusual APDUs', () => {
  /** The message, or the error's code, path and offset. */
  const outcome = (decoder: (apdu: Uint8Array) => RoseMessage, apdu: Uint8Array): unknown => {
    try {
      return decoder(apdu);
    } catch (e) {
      if (!(e instanceof BerError)) throw e;
      return { code: e.code, path: e.path, offset: e.offset, message: e.message };
    }
  };
  const same = (apdu: Uint8Array): void => expect(outcome(decodeRose, apdu)).toEqual(outcome(decodeRoseGeneric, apdu));
  const samples = [
    encodeInvoke(7, operations.makeCall, { callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') }),
    encodeInvoke(66051, operations.snapshotDevice, { snapshotObject: deviceId('100') }),
    encodeResult(7, operations.snapshotDevice, { crossRefIDorSnapshotData: { case: 'snapshotData', value: [] } }),
    encodeResult(1, operations.systemStatus),
    encodeResult(9, operations.monitorStop),
    ...roseVectors.map(apduOf),
  ];

  it('every byte of each sample changed to every value of interest', () => {
    for (const apdu of samples) {
      same(apdu);
      for (let i = 0; i < apdu.length; i++) {
        for (const b of [0x00, 0x01, 0x05, 0x1f, 0x30, 0x80, 0x81, 0xa0, 0xa1, 0xa2, 0xff, apdu[i]! ^ 0x20, apdu[i]! + 1]) {
          const damaged = Uint8Array.from(apdu);
          damaged[i] = b & 0xff;
          same(damaged);
        }
      }
    }
  });

  it('truncated, extended, with a linkedId, with an element the ASN.1 does not define', () => {
    for (const apdu of samples) {
      for (let n = 0; n < apdu.length; n++) same(apdu.subarray(0, n));
      same(Uint8Array.from([...apdu, 0x00]));
    }
    // invoke { invokeId 1, linkedId [0] 5, opcode 211, systemStatus normal }
    same(bytes('A1 0D 02 01 01 80 01 05 02 02 00 D3 30 03 0A 01 02'));
    // invoke { 1, opcode 211, argument, an extra INTEGER }
    same(bytes('A1 0D 02 01 01 02 02 00 D3 30 03 0A 01 02 02 01 00'));
    // result { 1, { 211, NULL, extra } }
    same(bytes('A2 0E 02 01 01 30 09 02 02 00 D3 05 00 02 01 00'));
    // result { 1 } (no result part), { 1, { 211 } } (no value)
    same(bytes('A2 03 02 01 01'));
    same(bytes('A2 08 02 01 01 30 04 02 02 00 D3'));
    // indefinite lengths throughout
    same(bytes('A2 80 02 01 01 30 80 02 02 00 D3 05 00 00 00 00 00'));
    // argument with a high tag number
    same(bytes('A1 0A 02 01 01 02 02 00 D3 9F 30 00'));
  });

  it('random APDUs', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(0xa1, 0xa2), (tail, first) => same(Uint8Array.from([first, tail.length, ...tail]))), { numRuns: 2000, seed: 269 });
  });
});
