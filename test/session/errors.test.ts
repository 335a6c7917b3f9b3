/**
 * errors.ts: CstaError from every UniversalFailure category as it comes out of decodeRose,
 * RejectError names from X.880, and the association / link errors. Assertions are on codes and
 * typed fields, never on message text.
 */
import { describe, expect, it } from '@jest/globals';
import { fromHex } from '../../src/ber/index.js';
import { errors } from '../../generated/operations.js';
import type { UniversalFailure } from '../../generated/csta-error-definition.js';
import {
  AssociationAbortedError,
  AssociationRejectedError,
  CstaError,
  isSessionError,
  LinkLostError,
  RejectError,
  rejectProblemValue,
  rejectReason,
  SessionError,
} from '../../src/session/errors.js';
import { decodeRose, encodeError, encodeReject } from '../../src/session/rose.js';

/** A ReturnError through the wire and back, then into a CstaError as link.ts builds it. */
function fromWire(apdu: Uint8Array, operation = 'makeCall'): CstaError {
  const m = decodeRose(apdu);
  if (m.kind !== 'error') throw new Error(`not a ReturnError: ${m.kind}`);
  return new CstaError({ operation, ...m });
}

describe('CstaError', () => {
  const cases: [UniversalFailure, string, string | number][] = [
    [{ case: 'operation', value: 'invalidCrossRefID' }, 'operation', 'invalidCrossRefID'],
    [{ case: 'security', value: 'timeStampViolated' }, 'security', 'timeStampViolated'],
    [{ case: 'stateIncompatibility', value: 'noCallToClear' }, 'stateIncompatibility', 'noCallToClear'],
    [{ case: 'systemResourceAvailability', value: 'overallMonitorLimitExceeded' }, 'systemResourceAvailability', 'overallMonitorLimitExceeded'],
    [{ case: 'subscribedResourceAvailability', value: 'outstandingReqLimitExceeded' }, 'subscribedResourceAvailability', 'outstandingReqLimitExceeded'],
    [{ case: 'performanceManagement', value: 'performanceLimitExceeded' }, 'performanceManagement', 'performanceLimitExceeded'],
    [{ case: 'privateData', value: 'cSTAPrivateDataInfoError' }, 'privateData', 'cSTAPrivateDataInfoError'],
    [{ case: 'unspecified', value: null }, 'unspecified', 'unspecified'],
  ];

  it.each(cases.map(([f, c, v]) => [c, f, v] as const))('%s', (category, failure, value) => {
    const e = fromWire(encodeError(3, errors.universalFailure, failure));
    expect(e).toBeInstanceOf(SessionError);
    expect(e.code).toBe('return-error');
    expect(e.operation).toBe('makeCall');
    expect(e.invokeId).toBe(3);
    expect(e.errcode).toBe(1);
    expect(e.category).toBe(category);
    expect(e.value).toBe(value);
    expect(e.failure).toEqual(failure);
  });

  it('a value this ASN.1 edition does not name: category from the tag, value as the number', () => {
    const e = fromWire(fromHex('A3 0C 02 01 03 02 01 01 A2 04 0A 02 00 FA'));
    expect(e.category).toBe('stateIncompatibility');
    expect(e.value).toBe(250);
    expect(e.failure).toBeUndefined();
  });

  it('universalFailure without a parameter', () => {
    const e = fromWire(fromHex('A3 06 02 01 03 02 01 01'));
    expect(e.category).toBe('universalFailure');
    expect(e.failure).toBeUndefined();
  });

  it('a non-CSTA error code: category is the error name (or errcode N), value the code', () => {
    const refuse = fromWire(encodeError(4, errors.refuse));
    expect(refuse.category).toBe('refuse');
    expect(refuse.value).toBe(-1);
    const unknown = fromWire(fromHex('A3 06 02 01 03 02 01 63'));
    expect(unknown.category).toBe('errcode 99');
    expect(unknown.value).toBe(99);
  });

  it('can also be built from a decoded parameter alone', () => {
    const e = new CstaError({ operation: 'monitorStart', invokeId: 9, errcode: 1, parameter: { case: 'operation', value: 'invalidMonitorObject' } });
    expect([e.category, e.value]).toEqual(['operation', 'invalidMonitorObject']);
  });
});

describe('RejectError', () => {
  it.each([
    ['general', 1, 'general-mistypedPDU'],
    ['invoke', 0, 'invoke-duplicateInvocation'],
    ['invoke', 1, 'invoke-unrecognizedOperation'],
    ['invoke', 2, 'invoke-mistypedArgument'],
    ['invoke', 3, 'invoke-resourceLimitation'],
    ['returnResult', 1, 'returnResult-resultResponseUnexpected'],
    ['returnError', 2, 'returnError-unrecognizedError'],
    ['returnError', 77, 'returnError-77'],
  ] as const)('%s %d → %s', (problem, value, reason) => {
    const m = decodeRose(encodeReject(12, problem, value));
    if (m.kind !== 'reject') throw new Error('not a reject');
    const e = new RejectError({ ...m, operation: 'makeCall' });
    expect(e.code).toBe('rejected');
    expect(e.problem).toBe(problem);
    expect(e.value).toBe(value);
    expect(e.reason).toBe(reason);
    expect(e.invokeId).toBe(12);
    expect(e.operation).toBe('makeCall');
    expect(rejectReason(problem, value)).toBe(reason);
  });

  it('absent invoke id and no operation', () => {
    const e = new RejectError({ problem: 'general', value: 0, invokeId: null });
    expect(e.invokeId).toBeNull();
    expect(e.operation).toBeUndefined();
  });

  it('rejectProblemValue maps X.880 names to numbers and refuses others', () => {
    expect(rejectProblemValue('general', 'badlyStructuredPDU')).toBe(2);
    expect(rejectProblemValue('returnError', 'mistypedParameter')).toBe(4);
    expect(() => rejectProblemValue('invoke', 'mistypedPDU')).toThrow(RangeError);
  });
});

describe('association and link errors', () => {
  it('AssociationRejectedError carries result and diagnostic', () => {
    const e = new AssociationRejectedError(
      { value: 1, name: 'rejected-permanent' },
      { source: 'acse-service-user', value: 13, name: 'authentication-failure' },
    );
    expect(e.code).toBe('association-rejected');
    expect(e.result.value).toBe(1);
    expect(e.diagnostic).toEqual({ source: 'acse-service-user', value: 13, name: 'authentication-failure' });
    expect(isSessionError(e, 'association-rejected')).toBe(true);
  });

  it('AssociationAbortedError carries source and diagnostic', () => {
    const e = new AssociationAbortedError({ value: 1, name: 'acse-service-provider' }, 'protocol-error');
    expect(e.code).toBe('association-aborted');
    expect(e.source.value).toBe(1);
    expect(e.diagnostic).toBe('protocol-error');
  });

  it('LinkLostError: code link-lost, reason, cause', () => {
    const cause = new Error('ECONNRESET');
    const e = new LinkLostError('error', 'socket error', { cause });
    expect(e.code).toBe('link-lost');
    expect(e.reason).toBe('error');
    expect(e.cause).toBe(cause);
    expect(e).toBeInstanceOf(Error);
  });

  it('isSessionError distinguishes codes and foreign errors', () => {
    const e = new SessionError('not-connected', 'no association');
    expect(isSessionError(e)).toBe(true);
    expect(isSessionError(e, 'not-connected')).toBe(true);
    expect(isSessionError(e, 'link-lost')).toBe(false);
    expect(isSessionError(new Error('x'))).toBe(false);
  });
});
