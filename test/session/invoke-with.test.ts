/**
 * CstaLink.invokeWith: the callback form of invoke. Its callbacks run while the answer is read, in
 * order with the events read around it (what the client's resync after a re-creation relies on);
 * failures found before anything is sent come in a microtask, never during the call.
 */
import { describe, expect, it } from '@jest/globals';
import { fromHex } from '../../src/ber/index.js';
import { operations } from '../../generated/operations.js';
import { deviceId } from '../../src/session/device.js';
import { encodeResult } from '../../src/session/rose.js';
import { vector } from '../support/vectors.js';
import { concat, frame, rawLogin, sessionTestGuards, waitFor } from './link-harness.js';

sessionTestGuards();

const DELIVERED = fromHex(vector('Delivered').frame);
const ESTABLISHED = fromHex(vector('Established').frame);
const snapshot100 = { snapshotObject: deviceId('100') };
const empty = { crossRefIDorSnapshotData: { case: 'snapshotData' as const, value: [] } };

describe('invokeWith', () => {
  it('runs onResult between the events read before the answer and those read after it, where a promise runs after both', async () => {
    const { link, sw } = await rawLogin();
    const order: string[] = [];
    link.on('event', (report) => order.push(`event ${report.eventSpecificInfo.value.case}`));
    link.invokeWith(
      'snapshotDevice',
      snapshot100,
      (result) => order.push(`callback ${result.crossRefIDorSnapshotData.case}`),
      (e) => order.push(`error ${e.message}`),
    );
    const viaPromise = link.invoke('snapshotDevice', snapshot100).then(() => order.push('promise'));
    const first = await sw.rose();
    const second = await sw.rose();
    // one write, so both arrive in one read: event, answer, event, answer, event
    sw.write(
      concat([
        DELIVERED,
        frame(encodeResult(first.invokeId!, operations.snapshotDevice, empty)),
        ESTABLISHED,
        frame(encodeResult(second.invokeId!, operations.snapshotDevice, empty)),
        DELIVERED,
      ]),
    );
    await viaPromise;
    expect(order).toEqual(['event delivered', 'callback snapshotData', 'event established', 'event delivered', 'promise']);
    expect(link.pendingRequests).toBe(0);
  });

  it('a request that cannot be sent fails in a microtask, not during the call', async () => {
    const { link } = await rawLogin();
    const seen: string[] = [];
    link.invokeWith('monitorStart', { monitorObject: '100' } as never, () => seen.push('result'), (e) => seen.push(`error ${(e as { code?: string }).code}`));
    expect(seen).toEqual([]);
    await waitFor(() => seen.length > 0, 'the error');
    expect(seen).toEqual(['error invalid-value']);
    expect(link.pendingRequests).toBe(0);
    link.abort();
    link.invokeWith('snapshotDevice', snapshot100, () => seen.push('result'), (e) => seen.push(`error ${(e as { code?: string }).code}`));
    expect(seen).toHaveLength(1);
    await waitFor(() => seen.length > 1, 'the second error');
    expect(seen[1]).toBe('error not-connected');
  });

  it('the value that did not encode was never sent: the next request is the first the switch reads', async () => {
    const { link, sw } = await rawLogin();
    const seen: string[] = [];
    link.invokeWith('monitorStart', { monitorObject: '100' } as never, () => seen.push('result'), () => seen.push('error'));
    link.invokeWith('snapshotDevice', snapshot100, () => seen.push('result'), () => seen.push('error'));
    const request = await sw.rose();
    expect(request.kind === 'invoke' && request.operation?.name).toBe('snapshotDevice');
    sw.write(frame(encodeResult(request.invokeId!, operations.snapshotDevice, empty)));
    await waitFor(() => seen.length === 2, 'both callbacks');
    expect(seen).toEqual(['error', 'result']);
  });

  it('timeouts and link loss reach onError', async () => {
    const { link } = await rawLogin();
    const errors: string[] = [];
    link.invokeWith('snapshotDevice', snapshot100, () => errors.push('result'), (e) => errors.push((e as { code?: string }).code ?? e.message), { timeoutMs: 20 });
    link.invokeWith('snapshotDevice', snapshot100, () => errors.push('result'), (e) => errors.push((e as { code?: string }).code ?? e.message));
    await waitFor(() => errors.length === 1, 'the timeout');
    link.abort();
    await waitFor(() => errors.length === 2, 'the link loss');
    expect(errors).toEqual(['request-timeout', 'link-lost']);
  });
});
