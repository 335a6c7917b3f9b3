/**
 * What an association does with the invokes the peer sends (X.880 and ECMA-285 rules,
 * hipath-protocol.md §3, §4), the same in the client and the switch role:
 *
 * - systemStatus: answered at ANY time with ReturnResult noData (Net::CSTAv3::Client answered only
 *   the first one, §9.4), then emitted as 'systemStatus'; a registered handler answers instead.
 * - cSTAEventReport (ALWAYS RESPONDS FALSE): never answered, emitted as 'event'.
 * - an operation with a handler (`handle()`): the handler's value → ReturnResult; a thrown
 *   CstaError → ReturnError with its UniversalFailure; any other throw, or a value its type
 *   cannot encode → ReturnError unspecified (the exception goes to the log, not to the peer). An
 *   operation that need not be answered (ALWAYS RESPONDS FALSE) whose handler returns undefined
 *   gets no answer. A handler that returns a plain value is answered at once, before the next
 *   invoke of the same chunk is read (no promise, no microtask: a switch answering thousands of
 *   requests a second allocates nothing per request here); one that returns a promise is
 *   answered when it settles.
 * - an unknown opcode → Reject invoke-unrecognizedOperation; an argument that does not decode
 *   (also an event this edition does not know) → Reject invoke-mistypedArgument; a known operation
 *   nobody handles → ReturnError universalFailure operation/serviceNotSupported (NOT_SUPPORTED), or
 *   Reject invoke-unrecognizedOperation for the few without that error. Each of these is logged
 *   and emitted as 'invoke' after it was answered.
 */
import type { UniversalFailure } from '../../generated/csta-error-definition.js';
import type { SystemStatusArg } from '../../generated/csta-system-status.js';
import { errors, operations, type ArgumentOf, type ErrorInfo, type OperationInfo, type OperationName, type ResultOf } from '../../generated/operations.js';
import { CstaError, rejectProblemValue } from './errors.js';
import type { Logger } from './logger.js';
import { encodeReject, type RoseMessage } from './rose.js';

/**
 * The answer to a known operation nobody handles. OperationErrors has no "not implemented here";
 * serviceNotSupported says exactly that and tells the peer that retrying will not help, unlike
 * generic (no information) or invalidFeature (a feature argument the service does not know).
 */
export const NOT_SUPPORTED: UniversalFailure = Object.freeze({ case: 'operation', value: 'serviceNotSupported' });
/** What a handler's unexpected exception becomes on the wire (its text stays in our log). */
const HANDLER_FAILED: UniversalFailure = Object.freeze({ case: 'unspecified', value: null });

export type InvokeHandler<N extends OperationName> = (argument: ArgumentOf<N>, invokeId: number) => ResultOf<N> | Promise<ResultOf<N>>;
/** A received invoke; as the 'invoke' event: one answered with a Reject or ReturnError because nothing here handles it. */
export type UnhandledInvoke = Extract<RoseMessage, { kind: 'invoke' }>;

/** What the dispatcher needs from its association. */
export interface DispatchContext {
  readonly logger: Logger;
  /** 'switch' or 'client', for log lines. */
  readonly peer: string;
  /** Writes an APDU (a Reject); throws when the association has ended. */
  send(apdu: Uint8Array): void;
  /**
   * Writes the ReturnResult / ReturnError straight into the outgoing frame. Throws with nothing
   * sent when the value does not encode, or the association's error when it has ended.
   */
  sendResult(invokeId: number, operation: OperationInfo, result: unknown): void;
  sendError(invokeId: number, error: ErrorInfo, parameter: unknown): void;
  /** Emits an event on the association. */
  deliver(event: string, ...args: unknown[]): void;
  /** A systemStatus invoke was just answered. */
  systemStatusAnswered(argument: SystemStatusArg): void;
  /** True once nothing can be sent any more (late handler results are then dropped). */
  isEnded(): boolean;
}

type AnyHandler = (argument: unknown, invokeId: number) => unknown;

export class InvokeDispatcher {
  readonly #context: DispatchContext;
  readonly #handlers = new Map<string, AnyHandler>();

  constructor(context: DispatchContext) {
    this.#context = context;
  }

  handle<N extends OperationName>(op: N, handler: InvokeHandler<N>): void {
    if (!Object.hasOwn(operations, op)) throw new RangeError(`${String(op)} is not a CSTA operation (see generated/operations.ts)`);
    this.#handlers.set(op, handler as AnyHandler);
  }

  receive(message: UnhandledInvoke): void {
    const { invokeId, operation } = message;
    if (operation === undefined) {
      this.#unhandled(message, 'Reject invoke-unrecognizedOperation', () => this.#reject(invokeId, 'unrecognizedOperation'));
      return;
    }
    if (message.argumentError !== undefined) {
      const what = `Reject invoke-mistypedArgument (${message.argumentError.message})`;
      this.#unhandled(message, what, () => this.#reject(invokeId, 'mistypedArgument'));
      return;
    }
    const handler = this.#handlers.get(operation.name);
    if (operation.name === 'systemStatus') {
      if (handler !== undefined) this.#run(operation, message, handler);
      else this.#context.sendResult(invokeId, operation, undefined); // noData: V3 for invokeId 1
      const argument = message.argument as SystemStatusArg;
      this.#context.systemStatusAnswered(argument);
      this.#context.deliver('systemStatus', argument.systemStatus, argument, invokeId);
    } else if (handler !== undefined) {
      this.#run(operation, message, handler);
    } else if (operation.name === 'cSTAEventReport') {
      this.#context.deliver('event', message.argument, invokeId);
    } else if (operation.errors.includes(errors.universalFailure)) {
      this.#unhandled(message, 'ReturnError operation/serviceNotSupported', () => this.#context.sendError(invokeId, errors.universalFailure, NOT_SUPPORTED));
    } else {
      this.#unhandled(message, 'Reject invoke-unrecognizedOperation', () => this.#reject(invokeId, 'unrecognizedOperation'));
    }
  }

  #unhandled(message: UnhandledInvoke, answer: string, send: () => void): void {
    send();
    const name = message.operation?.name ?? `unknown operation ${message.opcode}`;
    this.#context.logger.warn(`invoke ${name} (invokeId ${message.invokeId}) from the ${this.#context.peer}: answered with ${answer}`);
    this.#context.deliver('invoke', message);
  }

  #reject(invokeId: number, problem: 'unrecognizedOperation' | 'mistypedArgument'): void {
    this.#context.send(encodeReject(invokeId, 'invoke', rejectProblemValue('invoke', problem)));
  }

  /** Runs the handler; a plain value is answered now, a promise when it settles. */
  #run(operation: OperationInfo, message: UnhandledInvoke, handler: AnyHandler): void {
    const { invokeId } = message;
    let result: unknown;
    try {
      result = handler(message.argument, invokeId);
      if (isThenable(result)) {
        // Promise.resolve: a thenable whose then() throws becomes a rejection, as with await
        Promise.resolve(result).then(
          (value) => this.#answer(operation, invokeId, value),
          (e: unknown) => this.#failed(operation, invokeId, e),
        );
        return;
      }
    } catch (e) {
      this.#failed(operation, invokeId, e); // the handler threw (or reading its value's `then` did)
      return;
    }
    this.#answer(operation, invokeId, result);
  }

  /** ReturnResult with the handler's value (none for undefined when the operation need not answer). */
  #answer(operation: OperationInfo, invokeId: number, result: unknown): void {
    if ((result === undefined && !operation.alwaysReturns) || this.#context.isEnded()) return;
    try {
      this.#context.sendResult(invokeId, operation, result);
    } catch (e) {
      // Still open: it was the value (BerError invalid-value, see rose.ts writeOpen), answered as
      // the handler's failure.
      if (this.#context.isEnded()) this.#couldNotAnswer(operation, invokeId, e);
      else this.#failed(operation, invokeId, e);
    }
  }

  /**
   * The handler threw (or its value does not encode): ReturnError with the CstaError's failure,
   * else unspecified with the exception in our log. A failure its type cannot hold still gets an
   * answer (unspecified): the peer is never left waiting.
   */
  #failed(operation: OperationInfo, invokeId: number, e: unknown): void {
    const { logger } = this.#context;
    const failure = e instanceof CstaError && e.failure !== undefined ? e.failure : HANDLER_FAILED;
    if (!(e instanceof CstaError)) {
      const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
      logger.error(`the ${operation.name} handler failed (answered with ReturnError unspecified): ${text}`);
    }
    if (this.#context.isEnded()) return;
    try {
      try {
        this.#context.sendError(invokeId, errors.universalFailure, failure);
      } catch (encodingError) {
        if (this.#context.isEnded()) throw encodingError;
        logger.error(`the ${operation.name} handler's error does not encode (${(encodingError as Error).message}); answered with ReturnError unspecified`);
        this.#context.sendError(invokeId, errors.universalFailure, HANDLER_FAILED);
      }
    } catch (sendError) {
      this.#couldNotAnswer(operation, invokeId, sendError);
    }
  }

  #couldNotAnswer(operation: OperationInfo, invokeId: number, e: unknown): void {
    this.#context.logger.warn(`could not answer ${operation.name} (invokeId ${invokeId}): ${(e as Error).message}`);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
