/**
 * Cross-check against an independent implementation: for every type asn1c compiled from the same
 * modules (all of ECMA-285 and the HiPath additions), values generated from our model are encoded
 * by our codecs, decoded and re-encoded (DER) by asn1c, and asn1c's bytes decoded by our codecs
 * must give the same value. A wrong tagging decision round-trips perfectly through our own code;
 * this, and the real HiPath bytes, catch it.
 *
 * Two differences are asn1c's and are normalised away on both sides before comparing:
 * - DEFAULT: asn1c fills an absent DEFAULT component on decode and encodes it; we keep it absent.
 * - GeneralizedTime: asn1c turns a local time into UTC and appends `Z` (asn1c-rt runs with TZ=UTC,
 *   so only the `Z` is added). Its conversion goes through mktime, whose -1 for 1969-12-31 23:59:59
 *   reads as an error: generated times before 1971 are moved to 2000 before the check.
 *
 * The HiPath dialect's types get more values than the rest (HIPATH_RUNS vs RUNS).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decode, encode, resolveRef, toHex, type Codec, type Schema } from '../../src/ber/index.js';
import { codecs } from '../../generated/index.js';
import { arbitrary } from '../support/arbitrary.js';
import { asn1cAvailable, asn1cNames, startAsn1c, type Asn1cProcess } from './asn1c.js';

const RUNS = Number(process.env.ASN1C_RUNS ?? 20);
const HIPATH_RUNS = Number(process.env.ASN1C_HIPATH_RUNS ?? 200);

/** The types a HiPath client and switch exchange (hipath-protocol.md §3–§8). */
const HIPATH_TYPES = [
  'CSTA-system-status.SystemStatusArg',
  'CSTA-system-status.SystemStatusRes',
  'CSTA-monitor-start.MonitorStartArgument',
  'CSTA-monitor-start.MonitorStartResult',
  'CSTA-monitor-stop.MonitorStopArgument',
  'CSTA-monitor-stop.MonitorStopResult',
  'CSTA-make-call.MakeCallArgument',
  'CSTA-make-call.MakeCallResult',
  'CSTA-set-display.SetDisplayArgument',
  'CSTA-event-report-definitions.CSTAEventReportArgument',
  'CSTA-delivered-event.DeliveredEvent',
  'CSTA-established-event.EstablishedEvent',
  'CSTA-connection-cleared-event.ConnectionClearedEvent',
  'CSTA-transferred-event.TransferredEvent',
  'CSTA-error-definition.UniversalFailure',
  'CSTA-application-context-information-csta3.ACSEUserInformationForCSTA',
  'HiPath-CSTA-Authentication.HiPathAuthenticationValue',
];

const available = asn1cAvailable();
if (!available && process.env.CI) {
  throw new Error('asn1c harness not built in CI: .ci/run must run test/asn1c/build.sh before the tests');
}
const d = available ? describe : describe.skip;
if (!available) console.warn('asn1c cross-check skipped: run test/asn1c/build.sh (needs apt-get install asn1c)');

/**
 * Follows the schema: fills absent DEFAULT components and maps every time through `time`
 * (normalising: strip asn1c's `Z`; preparing: move years before 1971 to 2000).
 */
function normalise(schema: Schema, value: unknown, time = (t: string): string => t.replace(/Z$/, ''), defaults = true): unknown {
  const again = (s: Schema, x: unknown): unknown => normalise(s, x, time, defaults);
  switch (schema.t) {
    case 'sequence':
    case 'set': {
      const v = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of schema.fields) {
        const x = v[f.key] === undefined && defaults ? f.default : v[f.key];
        if (x !== undefined) out[f.key] = again(resolveRef(f.type), x);
      }
      return out;
    }
    case 'choice': {
      const v = value as { case: string; value: unknown };
      const alt = schema.alternatives.find((a) => a.key === v.case);
      return alt ? { case: v.case, value: again(resolveRef(alt.type), v.value) } : v;
    }
    case 'sequenceOf':
    case 'setOf':
      return (value as unknown[]).map((x) => again(resolveRef(schema.item), x));
    case 'time':
      return schema.kind === 'GeneralizedTime' ? time(value as string) : value;
    default:
      return value;
  }
}

d('asn1c 0.9.28 agrees with our codecs, value for value', () => {
  let asn1c: Asn1cProcess;
  const names = available ? asn1cNames() : {};
  const shared = [...codecs.keys()].filter((n) => n in names && !n.startsWith('ACSE-1.')).sort();

  beforeAll(() => {
    asn1c = startAsn1c();
  });
  afterAll(async () => {
    await asn1c.close();
  });

  it('compiles the same types we generate (all of ECMA-285 and HiPath)', () => {
    expect(shared.length).toBeGreaterThan(950);
    for (const t of HIPATH_TYPES) expect(shared).toContain(t);
  });

  async function check(name: string, runs: number): Promise<void> {
    const codec = codecs.get(name)! as Codec<unknown>;
    const samples = fc.sample(arbitrary(codec), { numRuns: runs, seed: 20261126 });
    for (const sample of samples) {
      const value = normalise(codec.schema, sample, (t) => (t < '1971' ? `2000${t.slice(4)}` : t), false);
      const ours = encode(codec, value);
      let theirs: Uint8Array;
      try {
        theirs = await asn1c.roundTrip(name, ours);
      } catch (e) {
        throw new Error(`asn1c refused our encoding of ${name} ${toHex(ours)}: ${(e as Error).message}`);
      }
      const back = decode(codec, theirs);
      expect(normalise(codec.schema, back)).toEqual(normalise(codec.schema, value));
    }
  }

  it.each(HIPATH_TYPES)('HiPath type %s', async (name) => {
    await check(name, HIPATH_RUNS);
  });

  it('every other type', async () => {
    for (const name of shared) if (!HIPATH_TYPES.includes(name)) await check(name, RUNS);
  }, 300_000);
});
