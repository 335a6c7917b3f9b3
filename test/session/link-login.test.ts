/**
 * The HiPath login and event delivery between CstaLink (client) and CstaServer (switch) over real
 * loopback sockets, byte for byte against the vectors of hipath-protocol.md §8, and the same
 * exchange with the switch's bytes cut at every offset or coalesced.
 */
import { describe, expect, it } from '@jest/globals';
import type { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { buildAare, checkAare } from '../../src/session/acse.js';
import { FrameDecoder } from '../../src/session/framing.js';
import { CstaLink } from '../../src/session/link.js';
import { HIPATH } from '../../src/session/profile.js';
import type { ServerSession } from '../../src/session/server.js';
import { apduOf, vector } from '../support/vectors.js';
import { concat, connectTo, eventValues, frame, frameOf, hex, openLink, RawPeer, sessionTestGuards, startServer, Tap, waitFor } from './link-harness.js';

sessionTestGuards();

const V1 = vector('systemStatus invoke');
const V2 = vector('AARQ');
const V3 = vector('systemStatus result');
const EVENTS = ['Delivered', 'Established', 'ConnectionCleared', 'Transferred'].map((name) => vector(name));

describe('login exchange (V2 → AARE → V1 → V3)', () => {
  it('is byte-exact in both directions', async () => {
    const server = await startServer();
    const { link, tap } = await openLink(server.address().port);

    // What the client wrote: V2, then V3, each frame whole in one write (they are sent in different turns of the event loop).
    expect(hex(concat(tap.written))).toBe(hex(concat([frameOf('AARQ'), frameOf('systemStatus result')])));
    expect(tap.written.map((w) => w.length)).toEqual([3 + 51, 3 + 13]);
    // What the switch wrote: an accepted AARE, then V1.
    const aare = buildAare(HIPATH, { accepted: true });
    expect(hex(concat(tap.received))).toBe(hex(concat([frame(aare), frameOf('systemStatus invoke')])));
    expect(checkAare(aare).applicationContext).toBe('1.3.12.0.218');
    expect(link.state).toBe('up');
    expect(link.info?.applicationContext).toBe('1.3.12.0.218');
  });

  it('opens only after the switch\'s first systemStatus was answered', async () => {
    const server = await startServer();
    const { tap } = await openLink(server.address().port);
    // open() resolved: V1 has arrived and V3 is already on the wire, not merely scheduled.
    expect(tap.got()[1]).toBe(hex(apduOf(V1)));
    expect(tap.sent()).toEqual([hex(apduOf(V2)), hex(apduOf(V3))]);
  });
});

describe('events from the switch', () => {
  it('every §8 event frame reaches the link as an event with its values, and none is answered', async () => {
    const server = await startServer();
    const sessions: ServerSession[] = [];
    server.on('session', (s) => sessions.push(s));
    const { link, tap } = await openLink(server.address().port);
    const got: [CSTAEventReportArgument, number][] = [];
    link.on('event', (report, invokeId) => got.push([report, invokeId]));
    for (const v of EVENTS) sessions[0]!.socket.write(frameOf(v.name));
    await waitFor(() => got.length === EVENTS.length, 'four events');
    EVENTS.forEach((v, i) => {
      const [report, invokeId] = got[i]!;
      expect(report.eventSpecificInfo.case).toBe('callControlEvents');
      expect(eventValues(report, invokeId, Object.keys(v.values))).toEqual(v.values);
    });
    expect(got.map(([, id]) => id)).toEqual([5, 6, 7, 0x010203]);
    expect(tap.sent()).toHaveLength(2); // V2 and V3 only: cSTAEventReport is never answered
  });
});

/** The switch's side of the login plus the four events, as one byte stream. */
const switchStream = concat([frame(buildAare(HIPATH, { accepted: true })), frameOf('systemStatus invoke'), ...EVENTS.map((v) => frameOf(v.name))]);

/**
 * A scripted switch writes `switchStream` in pieces ending at `cuts`; each piece is delivered
 * before the next is written (the tap sees it arrive), so the link's reads are exactly these pieces.
 */
async function loginWithCuts(peer: RawPeer, cuts: readonly number[]): Promise<void> {
  const socket = await connectTo(peer.port);
  const tap = new Tap(socket);
  const events: [CSTAEventReportArgument, number][] = [];
  const opened = CstaLink.open(socket, { deadLinkMs: 0 }).then((link) => {
    link.on('event', (report, invokeId) => events.push([report, invokeId]));
    return link;
  });
  const sw = await peer.accept();
  expect(hex(await sw.take(frameOf('AARQ').length))).toBe(hex(frameOf('AARQ')));
  let from = 0;
  for (const cut of [...cuts, switchStream.length]) {
    sw.write(switchStream.subarray(from, cut));
    await tap.receivedAtLeast(cut);
    from = cut;
  }
  const link = await opened;
  expect(await sw.apdu()).toBe(hex(apduOf(V3)));
  await waitFor(() => events.length === EVENTS.length, `four events (cuts ${cuts.join(',')})`);
  expect(events.map(([r, id]) => eventValues(r, id, ['event', 'invokeId']))).toEqual(
    EVENTS.map((v, i) => ({ event: v.values.event, invokeId: [5, 6, 7, 0x010203][i] })),
  );
  expect(eventValues(events[3]![0], events[3]![1], Object.keys(EVENTS[3]!.values))).toEqual(EVENTS[3]!.values);
  link.abort();
  await sw.closed();
}

describe('the switch\'s bytes split and coalesced', () => {
  it('works with the stream cut in two at every offset', async () => {
    const peer = await RawPeer.listen();
    for (let cut = 1; cut < switchStream.length; cut++) await loginWithCuts(peer, [cut]);
  }, 60_000);

  it('works one byte at a time', async () => {
    const peer = await RawPeer.listen();
    await loginWithCuts(peer, Array.from({ length: switchStream.length - 1 }, (_, i) => i + 1));
  }, 30_000);

  it('works with everything coalesced into one write', async () => {
    const peer = await RawPeer.listen();
    await loginWithCuts(peer, []);
  });

  it('works with cuts inside the header of every frame', async () => {
    const peer = await RawPeer.listen();
    const starts: number[] = [];
    new FrameDecoder(HIPATH.framing, (_a, at) => starts.push(at)).push(switchStream);
    await loginWithCuts(peer, starts.flatMap((s) => [s + 1, s + 2]).filter((c) => c > 0 && c < switchStream.length));
  });
});
