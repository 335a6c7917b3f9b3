/**
 * invoke-dispatch.ts on its own, through a fake association: when a handler's answer is written
 * (a plain value at once, a promise when it settles), what a throw, a rejection, a value that does
 * not encode and a failure that does not encode become on the wire, and that nothing is written
 * once the association has ended.
 */
import { describe, expect, it } from '@jest/globals';
import { errors, operations, type OperationInfo } from '../../generated/operations.js';
import { CstaError } from '../../src/session/errors.js';
import { InvokeDispatcher, type DispatchContext, type UnhandledInvoke } from '../../src/session/invoke-dispatch.js';
import type { Logger } from '../../src/session/logger.js';
import { decodeRose, encodeError, encodeInvoke, encodeResult, type RoseMessage } from '../../src/session/rose.js';
import { deviceId } from '../../src/session/device.js';
import { apduOf, vector } from '../support/vectors.js';

/** A fake association: answers are encoded as the real one does and kept decoded; log lines kept. */
function harness() {
  const sent: RoseMessage[] = [];
  const logs: string[] = [];
  const delivered: string[] = [];
  const state = { ended: false, linkGone: false };
  const log = (level: string) => (message: string) => void logs.push(`${level}: ${message}`);
  const logger: Logger = { debugEnabled: false, debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error') };
  const write = (apdu: () => Uint8Array): void => {
    if (state.linkGone) {
      state.ended = true; // as the association: a destroyed socket is an ended association
      throw new Error('the connection is closed');
    }
    sent.push(decodeRose(apdu()));
  };
  const context: DispatchContext = {
    logger,
    peer: 'client',
    send: (apdu) => write(() => apdu),
    sendResult: (invokeId, operation, result) => write(() => encodeResult(invokeId, operation, result)),
    sendError: (invokeId, error, parameter) => write(() => encodeError(invokeId, error, parameter)),
    deliver: (event) => void delivered.push(event),
    systemStatusAnswered: () => undefined,
    isEnded: () => state.ended,
  };
  const dispatcher = new InvokeDispatcher(context);
  /** Hands the dispatcher an invoke as the association would (decoded from its bytes). */
  const receive = (invokeId: number, op: OperationInfo, argument: unknown): void =>
    dispatcher.receive(decodeRose(encodeInvoke(invokeId, op, argument)) as UnhandledInvoke);
  /** What was sent, one line each: `result 5` or `error 5 operation/invalidDeviceID`. */
  const lines = (): string[] =>
    sent.map((m) => {
      if (m.kind === 'result') return `result ${m.invokeId}`;
      if (m.kind === 'error') {
        const failure = m.parameter as { case: string; value: unknown };
        return `error ${m.invokeId} ${failure.case}/${String(failure.value)}`;
      }
      return `${m.kind} ${String(m.invokeId)}`;
    });
  return { dispatcher, receive, sent, logs, delivered, state, lines };
}

const snapshot100 = { snapshotObject: deviceId('100') };
const snapshotResult = { crossRefIDorSnapshotData: { case: 'snapshotData' as const, value: [] } };
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const invalidDevice = (): CstaError =>
  new CstaError({
    operation: 'snapshotDevice',
    invokeId: 0,
    errcode: errors.universalFailure.code,
    error: errors.universalFailure,
    parameter: { case: 'operation', value: 'invalidDeviceID' },
  });

describe('when a handler is answered', () => {
  it('a plain value: ReturnResult before receive() returns', () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', () => snapshotResult);
    h.receive(7, operations.snapshotDevice, snapshot100);
    expect(h.lines()).toEqual(['result 7']);
    expect(h.sent[0]).toMatchObject({ kind: 'result', invokeId: 7, result: snapshotResult });
  });

  it('a promise: when it settles; a later plain value is not held up behind it', async () => {
    const h = harness();
    let finish: (v: typeof snapshotResult) => void = () => undefined;
    h.dispatcher.handle('snapshotDevice', (_arg, invokeId) => (invokeId === 1 ? new Promise((resolve) => (finish = resolve)) : snapshotResult));
    h.receive(1, operations.snapshotDevice, snapshot100);
    h.receive(2, operations.snapshotDevice, snapshot100);
    expect(h.lines()).toEqual(['result 2']);
    finish(snapshotResult);
    await tick();
    expect(h.lines()).toEqual(['result 2', 'result 1']);
  });

  it('a thenable that is not a promise, and one whose then() throws: answered, never a crash', async () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', (_arg, invokeId) =>
      invokeId === 1
        ? ({ then: (ok: (v: unknown) => void) => ok(snapshotResult) } as never)
        : ({
            get then(): never {
              throw new TypeError('then getter exploded');
            },
          } as never),
    );
    h.receive(1, operations.snapshotDevice, snapshot100);
    h.receive(2, operations.snapshotDevice, snapshot100);
    await tick();
    expect(h.lines().sort()).toEqual(['error 2 unspecified/null', 'result 1']);
    expect(h.logs).toEqual([expect.stringMatching(/then getter exploded/)]);
  });

  it('the handler gets the decoded argument and the invokeId', () => {
    const h = harness();
    const seen: unknown[] = [];
    h.dispatcher.handle('snapshotDevice', (argument, invokeId) => {
      seen.push(argument, invokeId);
      return snapshotResult;
    });
    h.receive(9, operations.snapshotDevice, snapshot100);
    expect(seen).toEqual([snapshot100, 9]);
  });

  it('an operation that need not be answered, whose handler returns undefined: no answer', () => {
    const h = harness();
    const seen: number[] = [];
    h.dispatcher.handle('cSTAEventReport', (_arg, invokeId) => void seen.push(invokeId));
    h.dispatcher.receive(decodeRose(apduOf(vector('Delivered'))) as UnhandledInvoke); // the §8.2 event
    expect(seen).toHaveLength(1);
    expect(h.sent).toEqual([]);
  });
});

describe('what a failing handler becomes', () => {
  it('a thrown CstaError → ReturnError with its UniversalFailure, nothing logged', () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', () => {
      throw invalidDevice();
    });
    h.receive(4, operations.snapshotDevice, snapshot100);
    expect(h.lines()).toEqual(['error 4 operation/invalidDeviceID']);
    expect(h.logs).toEqual([]);
  });

  it('a rejected promise → the same, when it rejects', async () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', () => Promise.reject(invalidDevice()));
    h.receive(5, operations.snapshotDevice, snapshot100);
    expect(h.sent).toEqual([]);
    await tick();
    expect(h.lines()).toEqual(['error 5 operation/invalidDeviceID']);
  });

  it('any other exception → ReturnError unspecified, and the exception in our log (not to the peer)', async () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', (_arg, invokeId) => {
      if (invokeId === 1) throw new TypeError('simulated bug');
      return Promise.reject(new Error('async bug'));
    });
    h.receive(1, operations.snapshotDevice, snapshot100);
    h.receive(2, operations.snapshotDevice, snapshot100);
    await tick();
    expect(h.lines()).toEqual(['error 1 unspecified/null', 'error 2 unspecified/null']);
    expect(h.logs).toHaveLength(2);
    expect(h.logs[0]).toMatch(/^error: the snapshotDevice handler failed \(answered with ReturnError unspecified\): TypeError: simulated bug/);
    expect(h.logs[1]).toMatch(/async bug/);
  });

  it("a value its result type cannot encode → ReturnError unspecified, with the encoder's exception in the log", () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', (_arg, invokeId) =>
      invokeId === 6
        ? ({ crossRefIDorSnapshotData: { case: 'snapshotData', value: ['not a snapshot entry'] } } as never) // wrong shape: a TypeError inside
        : ({ crossRefIDorSnapshotData: { case: 'noSuchAlternative', value: null } } as never), // a BerError inside
    );
    h.receive(6, operations.snapshotDevice, snapshot100);
    h.receive(7, operations.snapshotDevice, snapshot100);
    expect(h.lines()).toEqual(['error 6 unspecified/null', 'error 7 unspecified/null']);
    expect(h.logs).toHaveLength(2);
    expect(h.logs[0]).toMatch(
      /^error: the snapshotDevice handler failed \(answered with ReturnError unspecified\): BerError: invalid-value in snapshotDevice\.result\.crossRefIDorSnapshotData\.snapshotData\[0\]: expected an object for SEQUENCE CSTA-status-reporting\.SnapshotDeviceResponseInfo, found string "not a snapshot entry"/,
    );
    expect(h.logs[1]).toMatch(/^error: the snapshotDevice handler failed \(answered with ReturnError unspecified\): BerError: invalid-value in snapshotDevice\.result\.crossRefIDorSnapshotData: case "noSuchAlternative" is not an alternative/);
  });

  it('a CstaError whose failure its type cannot hold → ReturnError unspecified, and why in the log', () => {
    const h = harness();
    const bad = invalidDevice();
    Object.defineProperty(bad, 'failure', { value: { case: 'operation', value: 'noSuchValue' } });
    h.dispatcher.handle('snapshotDevice', () => {
      throw bad;
    });
    h.receive(8, operations.snapshotDevice, snapshot100);
    expect(h.lines()).toEqual(['error 8 unspecified/null']);
    expect(h.logs).toEqual([expect.stringMatching(/^error: the snapshotDevice handler's error does not encode \(.+\); answered with ReturnError unspecified$/)]);
  });
});

describe('after the association has ended', () => {
  it('a late answer, or a late failure, is dropped without a word to the peer', async () => {
    const h = harness();
    const later: ((v: typeof snapshotResult) => void)[] = [];
    h.dispatcher.handle('snapshotDevice', (_arg, invokeId) =>
      new Promise((resolve, reject) => later.push(invokeId === 1 ? resolve : () => reject(invalidDevice()))),
    );
    h.receive(1, operations.snapshotDevice, snapshot100);
    h.receive(2, operations.snapshotDevice, snapshot100);
    h.state.ended = true;
    for (const settle of later) settle(snapshotResult);
    await tick();
    expect(h.sent).toEqual([]);
    expect(h.logs).toEqual([]);
  });

  it('an answer that cannot be written (the link went while writing) is a warning, not a ReturnError attempt', () => {
    const h = harness();
    h.dispatcher.handle('snapshotDevice', (_arg, invokeId) => {
      if (invokeId === 2) throw invalidDevice();
      return snapshotResult;
    });
    h.state.linkGone = true;
    h.receive(1, operations.snapshotDevice, snapshot100);
    h.receive(2, operations.snapshotDevice, snapshot100); // ended by then: dropped, no second warning
    expect(h.sent).toEqual([]);
    expect(h.logs).toEqual(['warn: could not answer snapshotDevice (invokeId 1): the connection is closed']);
  });
});
