/**
 * One CSTA association over one byte stream, whichever side we play: the machinery CstaLink (the
 * client role, link.ts) and ServerSession (the switch role, server.ts) share. It frames and
 * unframes APDUs, answers and dispatches ROSE invokes, matches answers to pending requests, probes
 * a silent link, and ends exactly once. The roles add only how the association is opened.
 *
 * Incoming invokes are answered by invoke-dispatch.ts (systemStatus always, events never, handlers,
 * Reject / ReturnError for the rest). An APDU that is not ROSE at all → Reject general (X.880
 * GeneralProblem, see #badApdu); the association stays up. A framing error cannot be recovered
 * from: the association ends ('framing').
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { BerError, BerWriter } from '../ber/index.js';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import type { SystemStatus } from '../../generated/csta-device-feature-types.js';
import type { SystemStatusArg } from '../../generated/csta-system-status.js';
import { operations, type ArgumentOf, type OperationInfo, type OperationName, type ResultOf } from '../../generated/operations.js';
import { abortError, buildAbrt, buildRlre, buildRlrq, decodeAcse, isAcseApdu, type AcseMessage } from './acse.js';
import { CstaError, LinkLostError, RejectError, rejectProblemValue, SessionError, type LinkLostReason } from './errors.js';
import { InvokeDispatcher, type InvokeHandler, type UnhandledInvoke } from './invoke-dispatch.js';
import { FrameDecoder, FrameEncoder, FramingError } from './framing.js';
import { FrameOutbox } from './frame-outbox.js';
import { InvokeTable, newPromise, resolvers } from './invoke-table.js';
import { KeepAlive } from './keepalive.js';
import { describeApdu, type Logger } from './logger.js';
import type { DialectProfile } from './profile.js';
import { decodeRose, encodeReject, writeError, writeInvoke, writeResult, type RoseMessage } from './rose.js';

export { NOT_SUPPORTED, type InvokeHandler, type UnhandledInvoke } from './invoke-dispatch.js';

const IN_FLIGHT = 'requests still waiting for an answer may or may not have reached the switch, check before repeating them';

export type AssociationState = 'associating' | 'up' | 'releasing' | 'closed';
export interface RequestOptions {
  /** Default: the association's requestTimeoutMs. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface AssociationConfig {
  readonly profile: DialectProfile;
  readonly logger: Logger;
  readonly requestTimeoutMs: number;
  /** Who is at the other end, for log lines and messages: 'switch' or 'client'. */
  readonly peer: string;
  /** Largest APDU accepted; a frame announcing more ends the association ('framing'). Default: the framing's maximum. */
  readonly maxPayload?: number;
}

export interface Association {
  on(event: 'event', listener: (report: CSTAEventReportArgument, invokeId: number) => void): this;
  on(event: 'systemStatus', listener: (status: SystemStatus, argument: SystemStatusArg, invokeId: number) => void): this;
  on(event: 'invoke', listener: (invoke: UnhandledInvoke) => void): this;
  on(event: 'close', listener: (error: LinkLostError) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: 'close', listener: (error: LinkLostError) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}

export abstract class Association extends EventEmitter {
  readonly socket: Duplex;
  readonly profile: DialectProfile;
  readonly requestTimeoutMs: number;
  protected readonly logger: Logger;
  protected readonly peer: string;
  #state: AssociationState = 'associating';
  #closeError: LinkLostError | undefined;
  readonly #table = new InvokeTable();
  readonly #dispatcher: InvokeDispatcher;
  readonly #decoder: FrameDecoder;
  readonly #outbox: FrameOutbox;
  /** Writes the APDUs sent through #sendInvoke (kept: it grows once to fit them). */
  readonly #writer = new BerWriter(1024);
  #lastReceived = performance.now();
  #keepAlive: KeepAlive | undefined;
  #releaseTimer: NodeJS.Timeout | undefined;
  readonly #closeWaiters: (() => void)[] = [];

  protected constructor(socket: Duplex, config: AssociationConfig) {
    super();
    this.socket = socket;
    this.profile = config.profile;
    this.logger = config.logger;
    this.requestTimeoutMs = config.requestTimeoutMs;
    this.peer = config.peer;
    this.#dispatcher = new InvokeDispatcher({
      logger: config.logger,
      peer: config.peer,
      send: (apdu) => this.send(apdu),
      sendResult: (invokeId, operation, result) => this.#sendWritten(writeResult, invokeId, operation, result),
      sendError: (invokeId, error, parameter) => this.#sendWritten(writeError, invokeId, error, parameter),
      deliver: (event, ...args) => this.deliver(event, ...args),
      systemStatusAnswered: (argument) => this.onSystemStatus(argument),
      isEnded: () => this.#ended,
    });
    const limit = config.maxPayload === undefined ? {} : { maxPayload: config.maxPayload };
    this.#decoder = new FrameDecoder(config.profile.framing, (apdu) => this.#receive(apdu), limit);
    this.#outbox = new FrameOutbox(new FrameEncoder(config.profile.framing), (chunk) => {
      if (!socket.destroyed) socket.write(chunk);
    });
    socket.on('data', this.#onData);
    socket.on('error', (e: Error) => this.terminate('error', `socket error: ${e.message}`, e));
    // 'end': the peer's FIN (also for Duplex streams that allow half-open connections).
    socket.on('end', () => this.terminate('closed', `the ${this.peer} closed the connection`));
    socket.on('close', () => this.terminate('closed', `the ${this.peer} closed the connection`));
  }

  get state(): AssociationState {
    return this.#state;
  }

  /** Why the association ended (undefined while it lasts). */
  get closeError(): LinkLostError | undefined {
    return this.#closeError;
  }

  /** Requests waiting for an answer. */
  get pendingRequests(): number {
    return this.#table.size;
  }

  /** Answers every incoming invoke of `op` (replacing the previous handler); see invoke-dispatch.ts. */
  handle<N extends OperationName>(op: N, handler: InvokeHandler<N>): void {
    this.#dispatcher.handle(op, handler);
  }

  /**
   * Sends an invoke and resolves with the decoded result. Rejects with CstaError (ReturnError),
   * RejectError, SessionError request-timeout / request-aborted / not-connected, or the
   * LinkLostError that ended the association. An operation that can never be answered
   * (cSTAEventReport) resolves as soon as it is written.
   */
  invoke<N extends OperationName>(op: N, argument: ArgumentOf<N>, options: RequestOptions = {}): Promise<ResultOf<N>> {
    const promise = newPromise<ResultOf<N>>();
    const { resolve, reject } = resolvers;
    this.#request(op, argument, options, resolve, reject, resolve, reject);
    return promise;
  }

  /**
   * `invoke` with callbacks instead of a promise, for when it matters what was read before the
   * answer and what after it: `onResult` runs while the answer is being read, so every event the
   * switch sent before the answer has been delivered and none sent after it has (a promise's
   * continuation runs only after the rest of what arrived with the answer). `onError` gets what
   * `invoke` would reject with; a failure found before anything is sent comes in a microtask,
   * never during this call. A callback that throws is logged and re-thrown on the next tick, as a
   * listener's exception is; it cannot break the association.
   */
  invokeWith<N extends OperationName>(
    op: N,
    argument: ArgumentOf<N>,
    onResult: (result: ResultOf<N>) => void,
    onError: (error: Error) => void,
    options: RequestOptions = {},
  ): void {
    const result = (value: unknown): void => this.#callBack(onResult as (value: unknown) => void, value, op);
    const error = (e: Error): void => this.#callBack(onError as (value: unknown) => void, e, op);
    this.#request(op, argument, options, result, error, (value) => queueMicrotask(() => result(value)), (e) => queueMicrotask(() => error(e)));
  }

  /**
   * Sends `op` for `invoke` and `invokeWith`. `resolve` / `reject` get the answer (or the table's
   * timeout, the abort, the link loss); `resolveNow` / `rejectNow` what is known before any answer
   * can come: not connected, the value does not encode, all ids pending, an operation that is
   * never answered (cSTAEventReport: done once written).
   */
  #request(
    op: OperationName,
    argument: unknown,
    options: RequestOptions,
    resolve: (value: unknown) => void,
    reject: (error: Error) => void,
    resolveNow: (value: unknown) => void,
    rejectNow: (error: Error) => void,
  ): void {
    if (this.#state !== 'up') return rejectNow(this.#notConnected(op));
    const operation: OperationInfo = operations[op];
    if (!operation.alwaysReturns && operation.result === undefined && operation.errors.length === 0) {
      try {
        this.sendInvokeOnce(operation, argument);
      } catch (e) {
        return rejectNow(e as Error);
      }
      return resolveNow(undefined);
    }
    let invokeId: number;
    try {
      invokeId = this.#table.startWith(op, options.timeoutMs ?? this.requestTimeoutMs, resolve, reject, options.signal);
    } catch (e) {
      return rejectNow(e as Error);
    }
    if (!this.#table.isPending(invokeId)) return; // the signal had already fired: `reject` gets it
    try {
      this.#sendInvoke(invokeId, operation, argument);
    } catch (e) {
      this.#table.cancel(invokeId); // nothing was sent
      rejectNow(e as Error);
    }
  }

  #callBack(f: (value: unknown) => void, value: unknown, op: string): void {
    try {
      f(value);
    } catch (e) {
      this.logger.error(`a callback of invokeWith('${op}') threw: ${String(e)}`);
      process.nextTick(() => {
        throw e;
      });
    }
  }

  /**
   * Orderly release: RLRQ, then close on the RLRE, or after requestTimeoutMs without one (the
   * Siemens clients never sent RLRQ, §2.4, so a HiPath switch may not answer it: abort() is what
   * they did). Resolves once the association has ended.
   */
  release(): Promise<void> {
    if (this.#state === 'closed') return Promise.resolve();
    const done = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    if (this.#state === 'up') {
      this.#state = 'releasing';
      try {
        this.send(buildRlrq());
      } catch (e) {
        this.terminate('released', `could not send the RLRQ (${(e as Error).message})`, e);
        return done;
      }
      this.#releaseTimer = setTimeout(
        () => this.terminate('released', `no RLRE within ${this.requestTimeoutMs} ms after the RLRQ; connection closed anyway`, undefined, true),
        this.requestTimeoutMs,
      );
      this.#releaseTimer.unref();
    } else if (this.#state === 'associating') {
      this.abort();
    }
    return done;
  }

  /** ABRT (`64 06 80 01 00 81 01 01`, what both Siemens clients send), then close. */
  abort(): void {
    if (this.#state === 'closed') return;
    try {
      this.send(buildAbrt());
    } catch {
      // The socket is already gone: closing is all that is left.
    }
    this.terminate('aborted', 'aborted by this side (ABRT sent)', undefined, true);
  }

  // ---------------------------------------------------------------------------------------------
  // For the roles

  /** AARQ / AARE while associating: the role's business. */
  protected abstract onAssociationApdu(message: AcseMessage, apdu: Uint8Array): void;

  /** The association failed before it was up (rejected, aborted, malformed). Default: close. */
  protected onAssociationFailed(error: SessionError): void {
    this.terminate(error.code === 'association-aborted' ? 'aborted' : 'protocol', error.message, error, true);
  }

  /** A systemStatus invoke from the peer was just answered. */
  protected onSystemStatus(_argument: SystemStatusArg): void {}

  /** Called once when the association ends, before pending requests fail and 'close' is emitted. */
  protected onClosed(_error: LinkLostError): void {}

  /** The association is up: requests may be sent; keep-alive probing starts when deadLinkMs > 0. */
  protected associated(deadLinkMs: number): void {
    if (this.#state !== 'associating') return;
    this.#state = 'up';
    if (deadLinkMs <= 0) return;
    this.#keepAlive = new KeepAlive({
      deadLinkMs,
      lastReceived: () => this.#lastReceived,
      isUp: () => this.#state === 'up',
      probe: () => this.invoke('systemStatus', { systemStatus: 'normal' }),
      dead: (detail) => this.terminate('keepalive', detail),
      debug: (message) => this.logger.debug(`${this.peer}: ${message}`),
    });
    this.#keepAlive.start();
  }

  /**
   * Sends one APDU as one frame. Every frame sent in one turn of the event loop (a burst of
   * events, many requests) is gathered and leaves in one write at the end of the turn (see
   * FrameOutbox), in the order sent.
   */
  protected send(apdu: Uint8Array): void {
    this.#assertOpen();
    this.#outbox.push(apdu);
    if (this.logger.debugEnabled !== false) this.logger.debug(`→ ${this.peer}: ${describeApdu(apdu)}`);
  }

  /** Nothing can be sent any more. */
  get #ended(): boolean {
    return this.#state === 'closed' || this.socket.destroyed;
  }

  /** Throws the error that ended the association (or 'closed') when nothing can be sent any more. */
  #assertOpen(): void {
    if (this.#ended) {
      throw this.#closeError ?? new LinkLostError('closed', 'the connection is closed');
    }
  }

  /**
   * `send(encodeInvoke(...))` without the array in between: the APDU is written by the
   * association's own writer and copied straight into the outgoing frame.
   */
  #sendInvoke(invokeId: number, operation: OperationInfo, argument: unknown): void {
    this.#sendWritten(writeInvoke, invokeId, operation, argument);
  }

  /**
   * Writes one APDU with `write` (writeInvoke, writeResult, writeError: plain functions, so no
   * closure per APDU) into the association's writer and copies it straight into the outgoing
   * frame. Throws the association's error when it has ended and the writer's BerError when the
   * value does not encode, with nothing sent and the writer cleared either way.
   */
  #sendWritten<A, B>(write: (w: BerWriter, invokeId: number, a: A, b: B) => void, invokeId: number, a: A, b: B): void {
    this.#assertOpen();
    const w = this.#writer;
    const debug = this.logger.debugEnabled !== false;
    let apdu: Uint8Array | undefined;
    try {
      write(w, invokeId, a, b);
      apdu = this.#outbox.pushWritten(w, debug);
    } catch (e) {
      w.clear();
      throw e;
    }
    if (debug) this.logger.debug(`→ ${this.peer}: ${describeApdu(apdu!)}`);
  }

  /** An invoke that gets no answer (an event report): a fresh id, never pending. Returns the id. */
  protected sendInvokeOnce(operation: OperationInfo, argument: unknown): number {
    if (this.#state !== 'up') throw this.#notConnected(operation.name);
    const invokeId = this.#table.nextId(operation.name); // an id no pending request has
    this.#sendInvoke(invokeId, operation, argument);
    return invokeId;
  }

  /**
   * Emits an event. A throwing listener cannot break the protocol state: its exception is logged
   * and re-thrown on the next tick (an uncaught exception, as with any EventEmitter listener).
   */
  protected deliver(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (e) {
      this.logger.error(`a '${event}' listener threw: ${String(e)}`);
      process.nextTick(() => {
        throw e;
      });
    }
  }

  /**
   * Ends the association once: timers stop, every pending request fails with the LinkLostError,
   * the socket is closed (`graceful`: after our last frame is flushed), 'close' is emitted.
   */
  protected terminate(reason: LinkLostReason, detail: string, cause?: unknown, graceful = false): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const error = new LinkLostError(reason, `${detail}; ${IN_FLIGHT}`, cause === undefined ? undefined : { cause });
    this.#closeError = error;
    this.#keepAlive?.stop();
    clearTimeout(this.#releaseTimer);
    this.onClosed(error);
    this.#table.failAll(error);
    if (graceful && !this.socket.destroyed) {
      this.#outbox.flush();
      this.socket.end(() => this.socket.destroy());
      setTimeout(() => this.socket.destroy(), 1000).unref();
    } else {
      this.#outbox.discard();
      this.socket.destroy();
    }
    this.logger.info(`association with the ${this.peer} ended: ${error.message}`);
    for (const resolve of this.#closeWaiters.splice(0)) resolve();
    this.deliver('close', error);
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving

  readonly #onData = (chunk: Buffer): void => {
    if (this.#state === 'closed') return;
    this.#lastReceived = performance.now();
    try {
      this.#decoder.push(chunk);
    } catch (e) {
      if (e instanceof FramingError) {
        this.terminate('framing', `the byte stream from the ${this.peer} is not ${this.profile.framing.name} framing: ${e.message}`, e);
      } else {
        this.terminate('protocol', `internal error while reading from the ${this.peer}: ${String(e)}`, e);
      }
    }
  };

  #receive(apdu: Uint8Array): void {
    if (this.#state === 'closed') return;
    if (this.logger.debugEnabled !== false) this.logger.debug(`← ${this.peer}: ${describeApdu(apdu)}`);
    try {
      if (isAcseApdu(apdu)) this.#receiveAcse(apdu);
      else this.#receiveRose(apdu);
    } catch (e) {
      const what = `internal error while handling an APDU from the ${this.peer}`;
      this.logger.error(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.terminate('protocol', `${what}: ${String(e)}`, e);
    }
  }

  #receiveAcse(apdu: Uint8Array): void {
    let message: AcseMessage;
    try {
      message = decodeAcse(apdu);
    } catch (e) {
      const error = new SessionError('protocol-error', `the ${this.peer} sent an ACSE APDU that cannot be used: ${(e as Error).message}`, { cause: e });
      if (this.#state === 'associating') this.onAssociationFailed(error);
      else this.logger.warn(`${error.message}; ignored`);
      return;
    }
    const v = message.value;
    if (v.case === 'abrt') {
      const error = abortError(v.value.abortSource, v.value.abortDiagnostic);
      if (this.#state === 'associating') this.onAssociationFailed(error);
      else this.terminate('aborted', error.message, error);
    } else if (v.case === 'rlrq' && this.#state !== 'associating') {
      this.send(buildRlre());
      this.terminate('released', `the ${this.peer} released the association (RLRQ answered with RLRE)`, undefined, true);
    } else if (v.case === 'rlre' && this.#state === 'releasing') {
      this.terminate('released', 'association released (RLRQ answered with RLRE)', undefined, true);
    } else if (this.#state === 'associating') {
      this.onAssociationApdu(message, apdu);
    } else {
      this.logger.warn(`unexpected ${message.kind.toUpperCase()} from the ${this.peer} while the association is ${this.#state}; ignored`);
    }
  }

  #receiveRose(apdu: Uint8Array): void {
    if (this.#state === 'associating') {
      // Ignoring it left the peer waiting for an answer that never came (its request timed out
      // with no word of why); an ABRT says at once that it spoke too early.
      const error = new SessionError('protocol-error', `the ${this.peer} sent a ROSE APDU before the association was up: nothing but the AARQ may come before the AARE`);
      this.logger.warn(`${error.message}; aborting (ABRT)`);
      try {
        this.send(buildAbrt());
      } catch {
        // The socket is already gone: closing is all that is left.
      }
      return this.onAssociationFailed(error);
    }
    let message: RoseMessage;
    try {
      message = decodeRose(apdu);
    } catch (e) {
      if (!(e instanceof BerError)) throw e;
      this.#badApdu(apdu, e);
      return;
    }
    switch (message.kind) {
      case 'invoke':
        this.#dispatcher.receive(message);
        return;
      case 'result': {
        const operation = this.#pendingOperation(message.invokeId, 'ReturnResult');
        if (operation === undefined) return;
        if (message.resultError !== undefined) {
          const detail = `the ${operation} result from the ${this.peer} does not decode: ${message.resultError.message}`;
          this.#table.reject(message.invokeId, new SessionError('protocol-error', detail, { cause: message.resultError }));
        } else {
          this.#table.resolve(message.invokeId, message.result);
        }
        return;
      }
      case 'error': {
        const operation = this.#pendingOperation(message.invokeId, 'ReturnError');
        if (operation !== undefined) this.#table.reject(message.invokeId, new CstaError({ operation, ...message }));
        return;
      }
      case 'reject': {
        if (message.invokeId === null) return this.logger.warn(`the ${this.peer} rejected an APDU whose invokeId it could not read (${message.reason})`);
        const operation = this.#pendingOperation(message.invokeId, 'Reject');
        if (operation !== undefined) this.#table.reject(message.invokeId, new RejectError({ ...message, operation }));
      }
    }
  }

  /**
   * An APDU that is not a usable ROSE APDU. X.880 GeneralProblem: unrecognizedPDU (0) for a tag
   * that is no ROSE APDU, badlyStructuredPDU (2) for bytes that are not valid BER, mistypedPDU (1)
   * for valid BER of the wrong shape. The invokeId cannot be trusted, so it is absent. A broken
   * Reject is not answered (X.880: never reject a Reject).
   */
  #badApdu(apdu: Uint8Array, error: BerError): void {
    const tag = apdu[0] ?? 0;
    if (tag === 0xa4) return this.logger.warn(`a Reject from the ${this.peer} that does not decode (${error.message}); ignored`);
    const problem = tag < 0xa1 || tag > 0xa4 ? 'unrecognizedPDU' : error.kind === 'syntax' ? 'badlyStructuredPDU' : 'mistypedPDU';
    this.logger.warn(`an APDU from the ${this.peer} that is not a usable ROSE APDU (${error.message}); answered with Reject general-${problem}`);
    this.send(encodeReject(null, 'general', rejectProblemValue('general', problem)));
  }

  #pendingOperation(invokeId: number, what: string): string | undefined {
    const operation = this.#table.operationOf(invokeId);
    if (operation === undefined) {
      this.logger.warn(`${what} from the ${this.peer} for invokeId ${invokeId}, which is not waiting for an answer (late after a timeout?); ignored`);
    }
    return operation;
  }

  #notConnected(op: string): SessionError {
    const why = { associating: 'is not up yet', releasing: 'is being released', up: 'is up', closed: `has ended (${this.#closeError?.message})` };
    return new SessionError('not-connected', `cannot send ${op}: the association ${why[this.#state]}`, { cause: this.#closeError });
  }
}
