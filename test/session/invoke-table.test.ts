/**
 * invoke-table.ts: id allocation (never reused while pending, wrap, exhaustion), timeouts and
 * AbortSignal with fake timers, failAll, and timers that neither outlive their request nor keep
 * the process alive.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SessionError } from '../../src/session/errors.js';
import { InvokeTable } from '../../src/session/invoke-table.js';

/** The SessionError code a promise rejects with ('resolved' if it does not). */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof SessionError ? e.code : `other: ${String(e)}`;
  }
}

describe('invoke ids', () => {
  it('count up from 1 by default', () => {
    const t = new InvokeTable();
    expect([1, 2, 3].map(() => t.start('x', 0).invokeId)).toEqual([1, 2, 3]);
    expect(t.size).toBe(3);
  });

  it('wrap from maxId to firstId', async () => {
    const t = new InvokeTable({ firstId: 5, maxId: 7 });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { invokeId, promise } = t.start('x', 0);
      ids.push(invokeId);
      t.resolve(invokeId, null);
      await promise;
    }
    expect(ids).toEqual([5, 6, 7, 5, 6]);
  });

  it('are never reused while pending: a wrapped counter skips them', () => {
    const t = new InvokeTable({ firstId: 1, maxId: 3 });
    const a = t.start('a', 0);
    const b = t.start('b', 0);
    t.start('c', 0);
    t.resolve(b.invokeId, 'done');
    expect(t.start('d', 0).invokeId).toBe(2); // 1 (a) is still pending
    expect(t.isPending(a.invokeId)).toBe(true);
    expect(t.operationOf(2)).toBe('d');
  });

  it('all ids pending → too-many-requests, thrown at once', () => {
    const t = new InvokeTable({ firstId: 1, maxId: 2 });
    t.start('a', 0);
    t.start('b', 0);
    let code: string | undefined;
    try {
      t.start('c', 0);
    } catch (e) {
      code = (e as SessionError).code;
    }
    expect(code).toBe('too-many-requests');
    expect(t.size).toBe(2);
  });

  it('the full default range 1..32767 then wraps to 1', async () => {
    const t = new InvokeTable();
    let last = 0;
    for (let i = 0; i < 32767; i++) {
      last = t.start('x', 0).invokeId;
      t.resolve(last, null);
    }
    expect(last).toBe(32767);
    expect(t.start('x', 0).invokeId).toBe(1);
  });

  it('a bad range or timeout is a RangeError', () => {
    expect(() => new InvokeTable({ firstId: 10, maxId: 9 })).toThrow(RangeError);
    expect(() => new InvokeTable({ firstId: 1.5 })).toThrow(RangeError);
    expect(() => new InvokeTable().start('x', -1)).toThrow(RangeError);
    expect(() => new InvokeTable().start('x', Number.NaN)).toThrow(RangeError);
    expect(() => new InvokeTable({ firstId: 0, maxId: 2 ** 20 })).toThrow(/spans more than 1048576 ids/);
    expect(new InvokeTable({ firstId: 1, maxId: 2 ** 20 }).start('x', 0).invokeId).toBe(1); // the largest range taken
  });

  it('ids far from firstId, settled twice, and the count of what is pending', () => {
    const t = new InvokeTable({ firstId: 1000, maxId: 1003 });
    const ids = [0, 1, 2, 3].map(() => t.start('x', 0).invokeId);
    expect(ids).toEqual([1000, 1001, 1002, 1003]);
    expect(t.resolve(1001, null)).toBe(true);
    expect(t.resolve(1001, null)).toBe(false); // already settled: its slot is free
    expect([t.resolve(999, null), t.resolve(1004, null)]).toEqual([false, false]); // outside the range
    expect([t.size, t.isPending(1001), t.isPending(1002), t.operationOf(1002)]).toEqual([3, false, true, 'x']);
    expect(t.start('x', 0).invokeId).toBe(1001); // the one free id
    expect(t.size).toBe(4);
  });
});

describe('settling', () => {
  it('resolve delivers the value once; a second resolve or an unknown id returns false', async () => {
    const t = new InvokeTable();
    const { invokeId, promise } = t.start<string>('makeCall', 0);
    expect(t.resolve(invokeId, 'answer')).toBe(true);
    expect(t.resolve(invokeId, 'again')).toBe(false);
    expect(t.reject(invokeId, new Error('late'))).toBe(false);
    expect(t.resolve(999, 'x')).toBe(false);
    await expect(promise).resolves.toBe('answer');
    expect(t.size).toBe(0);
  });

  it('reject fails the request with the given error', async () => {
    const t = new InvokeTable();
    const { invokeId, promise } = t.start('makeCall', 0);
    const error = new SessionError('rejected', 'rejected');
    expect(t.reject(invokeId, error)).toBe(true);
    await expect(promise).rejects.toBe(error);
  });

  it('failAll fails every pending request and empties the table', async () => {
    const t = new InvokeTable();
    const promises = [t.start('a', 0).promise, t.start('b', 1000).promise];
    const lost = new SessionError('link-lost', 'gone');
    t.failAll(lost);
    expect(t.size).toBe(0);
    for (const p of promises) await expect(p).rejects.toBe(lost);
  });
});

describe('timeouts and aborts (fake timers)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('no answer in timeoutMs → request-timeout; the id is free again', async () => {
    const t = new InvokeTable();
    const { invokeId, promise } = t.start('makeCall', 1000);
    const result = outcome(promise);
    jest.advanceTimersByTime(999);
    expect(t.isPending(invokeId)).toBe(true);
    jest.advanceTimersByTime(1);
    expect(await result).toBe('request-timeout');
    expect(t.isPending(invokeId)).toBe(false);
    expect(t.resolve(invokeId, 'too late')).toBe(false);
  });

  it('the timeout error names the operation, the invoke id and the time', async () => {
    const t = new InvokeTable({ firstId: 41 });
    const { promise } = t.start('monitorStart', 2500);
    const caught = promise.then(
      () => undefined,
      (e: unknown) => e as SessionError,
    );
    jest.advanceTimersByTime(2500);
    const e = (await caught)!;
    expect(e.code).toBe('request-timeout');
    for (const part of ['monitorStart', '41', '2500']) expect(e.message).toContain(part);
  });

  it('the timer is cleared when the answer comes', async () => {
    const t = new InvokeTable();
    const { invokeId, promise } = t.start('makeCall', 1000);
    expect(jest.getTimerCount()).toBe(1);
    t.resolve(invokeId, 'ok');
    expect(jest.getTimerCount()).toBe(0);
    await expect(promise).resolves.toBe('ok');
  });

  it('timeout 0 or Infinity sets no timer', () => {
    const t = new InvokeTable();
    t.start('a', 0);
    t.start('b', Infinity);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('AbortSignal → request-aborted with the reason as cause; timer cleared', async () => {
    const t = new InvokeTable();
    const controller = new AbortController();
    const { invokeId, promise } = t.start('makeCall', 1000, controller.signal);
    const caught = promise.then(
      () => undefined,
      (e: unknown) => e as SessionError,
    );
    const reason = new Error('user went away');
    controller.abort(reason);
    const e = (await caught)!;
    expect(e.code).toBe('request-aborted');
    expect(e.cause).toBe(reason);
    expect(t.isPending(invokeId)).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('an already-aborted signal rejects at once and reserves nothing', async () => {
    const t = new InvokeTable();
    const { invokeId, promise } = t.start('makeCall', 1000, AbortSignal.abort());
    expect(t.isPending(invokeId)).toBe(false);
    expect(t.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    expect(await outcome(promise)).toBe('request-aborted');
  });

  it('aborting after the answer changes nothing', async () => {
    const t = new InvokeTable();
    const controller = new AbortController();
    const { invokeId, promise } = t.start('makeCall', 1000, controller.signal);
    t.resolve(invokeId, 'ok');
    controller.abort();
    expect(await outcome(promise)).toBe('resolved');
  });

  it('one timer serves every pending request, whatever their timeouts and order', async () => {
    const t = new InvokeTable();
    const long = t.start('monitorStart', 5000);
    const short = t.start('makeCall', 1000); // started later, due earlier
    const answered = t.start('snapshotDevice', 500);
    const none = t.start('systemStatus', 0);
    const outcomes = [long, short, answered, none].map((r) => outcome(r.promise));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(200);
    t.resolve(answered.invokeId, 'snapshot');
    jest.advanceTimersByTime(799); // 999 ms
    expect(t.isPending(short.invokeId)).toBe(true);
    jest.advanceTimersByTime(1); // 1000 ms
    expect(t.isPending(short.invokeId)).toBe(false);
    expect(t.isPending(long.invokeId)).toBe(true);
    jest.advanceTimersByTime(3999); // 4999 ms
    expect(t.isPending(long.invokeId)).toBe(true);
    jest.advanceTimersByTime(1); // 5000 ms
    expect(t.isPending(long.invokeId)).toBe(false);
    expect(t.isPending(none.invokeId)).toBe(true); // no timeout: waits for ever
    expect(jest.getTimerCount()).toBe(0);
    t.resolve(none.invokeId, null);
    expect(await Promise.all(outcomes)).toEqual(['request-timeout', 'request-timeout', 'resolved', 'resolved']);
  });

  it('requests with the same timeout, started over time, each time out after their own timeoutMs', async () => {
    const t = new InvokeTable();
    const timedOutAt = new Map<number, number>();
    const started: { at: number; invokeId: number }[] = [];
    // Time moves in 10 ms steps with the microtasks run after each (a rejection handler runs
    // after advanceTimersByTime returns, so a step bounds how late it can be seen).
    const advance = async (ms: number): Promise<void> => {
      for (let i = 0; i < ms; i += 10) {
        jest.advanceTimersByTime(10);
        await Promise.resolve();
      }
    };
    for (const wait of [0, 300, 300, 700]) {
      await advance(wait); // the 700 passes the first request's deadline
      const s = { at: Date.now(), ...t.start('makeCall', 1000) };
      s.promise.catch(() => timedOutAt.set(s.invokeId, Date.now()));
      started.push(s);
    }
    await advance(2500);
    for (const s of started) expect(timedOutAt.get(s.invokeId)! - s.at).toBeGreaterThanOrEqual(1000);
    for (const s of started) expect(timedOutAt.get(s.invokeId)! - s.at).toBeLessThanOrEqual(1010);
  });

  it('a sooner deadline re-arms the timer; failAll clears it', async () => {
    const t = new InvokeTable();
    const slow = t.start('a', 10_000);
    const quick = t.start('b', 10);
    const results = [outcome(slow.promise), outcome(quick.promise)];
    jest.advanceTimersByTime(10);
    expect(t.isPending(quick.invokeId)).toBe(false);
    expect(jest.getTimerCount()).toBe(1);
    t.failAll(new SessionError('link-lost', 'gone'));
    expect(jest.getTimerCount()).toBe(0);
    expect(await Promise.all(results)).toEqual(['link-lost', 'request-timeout']);
  });
});

describe('real timers', () => {
  it('a pending request does not keep the process alive (the timer is unref-ed)', () => {
    const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const t = new InvokeTable();
    const { invokeId, promise } = t.start('makeCall', 60_000);
    expect(timeouts()).toBe(before);
    t.resolve(invokeId, null);
    return promise;
  });
});
