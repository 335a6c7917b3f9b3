/**
 * What the client makes of an event for people and for the Perl-compatible API, given any event
 * ECMA-285 allows (drawn from the generated codec's schema: every event type, every DeviceID and
 * ConnectionID form, optional elements present or not, private data, unknown extensions): the
 * routing view (readEventReport, routedEvent), the seed's callback hash, the demo's and `csta
 * monitor`'s event line, the device and call helpers. None throws, and each gives the forms it
 * promises: hash values are strings or numbers (as sent: an API), a line is one line of text with
 * no control character in it, even when the switch put some in its strings.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CSTAEventReportArgument } from '../../generated/csta-event-report-definitions.js';
import { seedHash } from '../../src/seed/hash.js';
import { formatEventLine } from '../../src/demo/format.js';
import { formatEvent } from '../../src/cli/monitor.js';
import { eventDevices, mainConnection, readEventReport, routedEvent } from '../../src/session/csta-event.js';
import type { Monitor } from '../../src/session/monitor.js';
import { arbitrary } from '../support/arbitrary.js';

const monitor = { device: '100' } as unknown as Monitor;

/** The value with, at random strings, control characters added (IA5String allows them all; the arbitrary draws visible ones). */
function withControls(value: unknown, pick: () => number): unknown {
  if (typeof value === 'string') return pick() < 3 ? `${value}\n\u001b[2J\r\u0007${value}` : value;
  if (Array.isArray(value)) return value.map((x) => withControls(x, pick));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, k === 'case' ? x : withControls(x, pick)]));
}

describe('views of any event', () => {
  it('routing, the seed hash, the event line and the device helpers never throw', () => {
    fc.assert(
      fc.property(arbitrary(CSTAEventReportArgument, { maxDepth: 4, maxItems: 2 }), fc.nat(0x7fff), fc.boolean(), fc.infiniteStream(fc.nat(9)), (drawn, invokeId, unicode, draws) => {
        const next = draws[Symbol.iterator]();
        const report = withControls(drawn, () => next.next().value as number) as typeof drawn;
        const event = routedEvent(readEventReport(report, invokeId, new Date(0)), monitor);
        expect(event.name).toBe(report.eventSpecificInfo.value.case);
        const hash = seedHash(event);
        for (const [key, value] of Object.entries(hash)) expect([key, typeof value === 'string' || typeof value === 'number']).toEqual([key, true]);
        const line = formatEventLine(event, { unicode });
        expect(typeof line).toBe('string');
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        const cliLine = formatEvent(event);
        expect(cliLine).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(['both', 'callID', 'deviceID', undefined]).toContain(mainConnection(event.name, event.value)?.case);
        for (const d of eventDevices(event.name, event.value)) expect(d.number === undefined || typeof d.number === 'string').toBe(true);
      }),
      { seed: 20261126, numRuns: Number(process.env.EVENT_RUNS ?? 2000) },
    );
  });
});
