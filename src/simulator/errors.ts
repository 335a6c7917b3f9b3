/**
 * How the call model refuses a service: a `ModelError` carrying the ECMA-269 UniversalFailure the
 * server layer puts into a ROSE ReturnError (errcode universalFailure, local:1).
 */
import type {
  OperationErrors,
  StateIncompatibilityErrors,
  SystemResourceAvailabilityErrors,
  UniversalFailure,
} from '../../generated/csta-error-definition.js';

/**
 * A service the model refuses. `code` is `<category>.<value>` of the UniversalFailure
 * (e.g. `operation.invalidDestination`), stable for tests and logs; `message` says what was wrong.
 */
export class ModelError extends Error {
  readonly failure: UniversalFailure;
  readonly code: string;

  constructor(failure: UniversalFailure, message: string) {
    super(message);
    this.name = 'ModelError';
    this.failure = failure;
    this.code = `${failure.case}.${String(failure.value)}`;
  }
}

/** An `operation` error: the request names something that does not exist or is not allowed. */
export function operationError(value: OperationErrors, message: string): ModelError {
  return new ModelError({ case: 'operation', value }, message);
}

/** A `stateIncompatibility` error: the objects exist but are in the wrong state for the service. */
export function stateError(value: StateIncompatibilityErrors, message: string): ModelError {
  return new ModelError({ case: 'stateIncompatibility', value }, message);
}

/** A `systemResourceAvailability` error: a limit of the simulated switch was reached. */
export function resourceError(value: SystemResourceAvailabilityErrors, message: string): ModelError {
  return new ModelError({ case: 'systemResourceAvailability', value }, message);
}

/** Whether `e` is a ModelError (optionally with this `code`). */
export function isModelError(e: unknown, code?: string): e is ModelError {
  return e instanceof ModelError && (code === undefined || e.code === code);
}
