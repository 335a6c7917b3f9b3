/**
 * profile.ts: the HiPath profile's facts (hipath-protocol.md §1, §2, §5, §7), the monitor filter
 * builder against the §8.2 filter and Open CSTA's captured presets (V5), and the plain ECMA profile.
 */
import { describe, expect, it } from '@jest/globals';
import { BerWriter, setBits, toHex, fromHex } from '../../src/ber/index.js';
import { MonitorFilter } from '../../generated/csta-status-reporting.js';
import { CSTAVersion } from '../../generated/csta-application-context-information-csta3.js';
import { HIPATH_FRAMING, LENGTH16_FRAMING } from '../../src/session/framing.js';
import {
  ECMA_FILTER_WIDTHS,
  ECMA_PLAIN,
  FILTER_CATEGORIES,
  HIPATH,
  HIPATH_AUTHENTICATION,
  HIPATH_FILTER_WIDTHS,
  latin1Bytes,
  latin1Text,
  monitorFilter,
} from '../../src/session/profile.js';
import { apduOf, vector } from '../support/vectors.js';

const hex = (u: Uint8Array): string => toHex(u, ' ');

/** The filter as MonitorStart carries it: `[0] IMPLICIT MonitorFilter` (`A0 24 …`). */
function filterBytes(f: MonitorFilter): string {
  const w = new BerWriter();
  MonitorFilter.encode(w, f, 0x2000000);
  return hex(w.finish());
}

/** Open CSTA's MonitorStart2 preset (V5), `A0 24` + contents. */
const V5_MONITOR_START2 =
  'A0 24 80 04 06 00 00 00 86 02 03 40 87 02 06 00 88 03 05 54 00 89 03 02 FC 18 83 02 05 C0 85 02 01 C0 84 02 07 00';

describe('HIPATH', () => {
  it('framing, port, credentials, application context (§1, §2.1, S8)', () => {
    expect(HIPATH.framing).toBe(HIPATH_FRAMING);
    expect(HIPATH.defaultPort).toBe(8800);
    expect(HIPATH.defaultCredentials).toEqual({ name: 'AMHOST', password: '77777' });
    expect(HIPATH.applicationContext).toBe('1.3.12.0.218');
    expect(HIPATH.authentication).toBe(HIPATH_AUTHENTICATION);
  });

  it('offers versionFour only: BIT STRING 00 10 00, 16 bits (§2.1, §7.4)', () => {
    expect(HIPATH.cstaVersion.length).toBe(16);
    expect(hex(HIPATH.cstaVersion.bytes)).toBe('10 00');
    expect(setBits(HIPATH.cstaVersion)).toEqual([CSTAVersion.bits.versionFour]);
  });

  it('timings are positive and the dead-link probe comes after the request timeout', () => {
    expect(HIPATH.timings.requestTimeoutMs).toBeGreaterThan(0);
    expect(HIPATH.timings.deadLinkMs).toBeGreaterThan(HIPATH.timings.requestTimeoutMs);
  });

  it('the default filter is the all-zero filter of the §8.2 MonitorStart, byte for byte', () => {
    const monitorStart = hex(apduOf(vector('MonitorStart 100')));
    const filter = filterBytes(HIPATH.defaultMonitorFilter!);
    expect(filter.startsWith('A0 24')).toBe(true);
    expect(monitorStart.endsWith(filter)).toBe(true);
  });

  it('the default filter has the widths 18/5/2/11/14/3/7/1 in §5.1 order', () => {
    const f = HIPATH.defaultMonitorFilter!;
    expect(FILTER_CATEGORIES.map((c) => f[c]!.length)).toEqual([18, 5, 2, 11, 14, 3, 7, 1]);
    expect(FILTER_CATEGORIES.map((c) => HIPATH_FILTER_WIDTHS[c])).toEqual([18, 5, 2, 11, 14, 3, 7, 1]);
  });
});

describe('monitorFilter (a set bit = the event is NOT reported, ECMA-269 12.2.23)', () => {
  it('no argument: all zeros at the HiPath widths', () => {
    expect(filterBytes(monitorFilter())).toBe(filterBytes(HIPATH.defaultMonitorFilter!));
  });

  it("rebuilds Open CSTA's MonitorStart2 preset (V5) from event names", () => {
    const f = monitorFilter({
      callAssociated: ['charging'],
      physicalDeviceFeature: ['buttonPress', 'hookswitch', 'messageWaiting'],
      logicalDeviceFeature: [
        'agentBusy',
        'agentLoggedOn',
        'agentLoggedOff',
        'agentNotReady',
        'agentReady',
        'agentWorkingAfterCall',
        'doNotDisturb',
        'forwarding',
      ],
      maintenance: ['backInService', 'outOfService'],
      voiceUnit: ['stop', 'play'],
    });
    expect(filterBytes(f)).toBe(V5_MONITOR_START2);
  });

  it('rebuilds the callControl of MonitorStart_SI_CC_only (V5): 80 04 06 5F F4 00', () => {
    const f = monitorFilter({
      callControl: ['conferenced', 'delivered', 'diverted', 'established', 'failed', 'held', 'networkReached', 'originated', 'queued', 'retrieved', 'transferred'],
    });
    expect(filterBytes(f).startsWith('A0 24 80 04 06 5F F4 00 86 02 03 00')).toBe(true);
  });

  it('order of names and duplicates do not matter', () => {
    const a = monitorFilter({ callControl: ['held', 'retrieved'] });
    const b = monitorFilter({ callControl: ['retrieved', 'held', 'held'] });
    expect(filterBytes(a)).toBe(filterBytes(b));
  });

  it('refuses an unknown category, an unknown event, and an event outside the HiPath width (RangeError)', () => {
    expect(() => monitorFilter({ nonsense: ['x'] } as never)).toThrow(RangeError);
    expect(() => monitorFilter({ callControl: ['ringing'] } as never)).toThrow(RangeError);
    // presenceState is bit 14 of LogicalDeviceFeatureEvents; HiPath sends 14 bits (0..13)
    expect(() => monitorFilter({ logicalDeviceFeature: ['presenceState'] })).toThrow(RangeError);
    expect(() => monitorFilter({ voiceUnit: ['voiceErrorOccured'] })).toThrow(RangeError);
  });

  it('with the ECMA widths the same event fits', () => {
    const f = monitorFilter({ logicalDeviceFeature: ['presenceState'] }, ECMA_PLAIN);
    expect(f.logicalDeviceFeature!.length).toBe(15);
    expect(setBits(f.logicalDeviceFeature!)).toEqual([14]);
  });
});

describe('ECMA_PLAIN: a second dialect is a profile', () => {
  it('2-byte length framing, no authentication, no default filter or port', () => {
    expect(ECMA_PLAIN.framing).toBe(LENGTH16_FRAMING);
    expect(ECMA_PLAIN.authentication).toBeUndefined();
    expect(ECMA_PLAIN.defaultCredentials).toBeUndefined();
    expect(ECMA_PLAIN.defaultMonitorFilter).toBeUndefined();
    expect(ECMA_PLAIN.defaultPort).toBeUndefined();
    expect(ECMA_PLAIN.applicationContext).toBe('1.3.12.0.218');
  });

  it('filter widths cover every named event of the 4th-edition types', () => {
    expect(FILTER_CATEGORIES.map((c) => ECMA_FILTER_WIDTHS[c])).toEqual([18, 5, 2, 11, 15, 4, 18, 1]);
  });
});

describe('HIPATH_AUTHENTICATION', () => {
  it('credentials → EXTERNAL single-ASN1-type without direct-reference → back', () => {
    const v = HIPATH_AUTHENTICATION.encodeCredentials({ name: 'AMHOST', password: '77777' });
    expect(v.case).toBe('external');
    if (v.case !== 'external') return;
    expect(v.value.directReference).toBeUndefined();
    expect(v.value.encoding.case).toBe('singleASN1Type');
    const raw = v.value.encoding.value as { bytes: Uint8Array };
    expect(hex(raw.bytes)).toBe('A0 0F 04 06 41 4D 48 4F 53 54 04 05 37 37 37 37 37');
    expect(HIPATH_AUTHENTICATION.decodeCredentials(v)).toEqual({ name: 'AMHOST', password: '77777' });
  });

  it('the AARE stamp: [1] { aps-stamp, system-version } as lowercase hex', () => {
    const fields = { apsStamp: '00112233445566778899aabbccddeeff', systemVersion: '56332e30523031' };
    const v = HIPATH_AUTHENTICATION.encodeResponse(fields);
    expect(HIPATH_AUTHENTICATION.decodeResponse(v)).toEqual(fields);
    expect(HIPATH_AUTHENTICATION.decodeCredentials(v)).toBeUndefined();
    expect(HIPATH_AUTHENTICATION.decodeResponse(HIPATH_AUTHENTICATION.encodeCredentials({ name: 'a', password: 'b' }))).toBeUndefined();
  });

  it('other Authentication-value forms are not HiPath credentials', () => {
    expect(HIPATH_AUTHENTICATION.decodeCredentials({ case: 'charstring', value: 'secret' })).toBeUndefined();
  });

  it('names and passwords are byte strings: latin1 both ways, characters above 0xFF refused', () => {
    expect(hex(latin1Bytes('Ab\u00e9'))).toBe('41 62 E9');
    expect(latin1Text(fromHex('41 62 E9'))).toBe('Ab\u00e9');
    expect(() => latin1Bytes('\u20ac')).toThrow(RangeError);
  });
});
