/** Device lists, 2-byte identifier allocation, timestamps and the seeded PRNG. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hipathTimestamp } from '../../src/simulator/clock.js';
import { DeviceDirectory, DeviceSpecError, parseDeviceRanges } from '../../src/simulator/devices.js';
import { IdAllocator } from '../../src/simulator/ids.js';
import { Prng } from '../../src/simulator/random.js';
import { codeOf, monitor, setup } from './support.js';

describe('parseDeviceRanges', () => {
  it('expands ranges and single numbers in order, keeping the width of equal-width ranges', () => {
    expect(parseDeviceRanges('100-103,200, 300-301')).toEqual(['100', '101', '102', '103', '200', '300', '301']);
    expect(parseDeviceRanges('0098-0101')).toEqual(['0098', '0099', '0100', '0101']);
    expect(parseDeviceRanges('8-10')).toEqual(['8', '9', '10']);
    expect(new DeviceDirectory().numbers()).toHaveLength(100);
  });

  it('counts 20-digit ranges exactly (past 2^53 a range never ended)', () => {
    expect(parseDeviceRanges('9007199254740992-9007199254740993')).toEqual(['9007199254740992', '9007199254740993']);
    expect(parseDeviceRanges('99999999999999999998-99999999999999999999')).toEqual(['99999999999999999998', '99999999999999999999']);
  });

  it('any text: the numbers it names or a DeviceSpecError; a list of ranges: exactly their numbers', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', '-', ',', ' ', 'x'), maxLength: 30 }), (spec) => {
        try {
          const numbers = parseDeviceRanges(spec);
          expect(numbers.length).toBeGreaterThan(0);
          expect(new Set(numbers).size).toBe(numbers.length);
          for (const n of numbers) expect(n).toMatch(/^[0-9]{1,20}$/);
        } catch (e) {
          expect(e).toBeInstanceOf(DeviceSpecError);
        }
      }),
      { seed: 20261126, numRuns: 2000 },
    );
    // Disjoint ranges of 1-20 digits: each expands to its numbers, in order.
    const range = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.uniqueArray(range, { selector: ([k]) => k, minLength: 1, maxLength: 5 }), (ranges) => {
        const spec = ranges.map(([k, n]) => `${k * 10n}-${k * 10n + BigInt(n)}`).join(','); // 10k..10k+n: disjoint
        const expected = ranges.flatMap(([k, n]) => Array.from({ length: n + 1 }, (_, i) => String(k * 10n + BigInt(i))));
        expect(parseDeviceRanges(spec)).toEqual(expected);
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it('rejects bad items with a code and the offset of the item', () => {
    const err = (spec: string) => {
      try {
        parseDeviceRanges(spec);
      } catch (e) {
        return [(e as { code: string }).code, (e as { at: number }).at];
      }
      return 'no error';
    };
    expect(err('100,abc')).toEqual(['bad-device-number', 4]);
    expect(err('100-1x')).toEqual(['bad-device-range', 0]);
    expect(err('110-100')).toEqual(['bad-device-range', 0]);
    expect(err('100-105,103')).toEqual(['duplicate-device', 8]);
    expect(err('100,,101')).toEqual(['bad-device-number', 4]);
    expect(err('  ')).toEqual(['empty-device-list', 0]);
    expect(err('1-200000')).toEqual(['too-many-devices', 0]);
  });
});

describe('IdAllocator', () => {
  it('never hands out a number in use, wraps after FFFF, and says when all are taken', () => {
    const ids = new IdAllocator(0xfffe, 'callID');
    const got: number[] = [];
    for (let i = 0; i < 0xffff; i++) got.push(ids.allocate() as number);
    expect(got.slice(0, 3)).toEqual([0xfffe, 0xffff, 1]);
    expect(new Set(got).size).toBe(0xffff);
    expect(ids.allocate()).toBeUndefined();
    ids.release(5);
    expect(ids.allocate()).toBe(5);
  });

  it('makes the model refuse a call, changing nothing, when every callID is live', () => {
    const { model, act, log } = setup({ devices: '100-101', firstCallId: 1 });
    monitor(model, ['100']);
    for (let i = 0; i < 0xffff; i++) model.calls.create('100', '101');
    expect(codeOf(() => act.makeCall('100', '101'))).toBe('systemResourceAvailability.resourceLimitExceeded');
    expect(model.connectionsOf('100')).toEqual([]);
    expect(log.records).toEqual([]);
  });
});

describe('hipathTimestamp', () => {
  it('is YYYYMMDDhhmmss in the switch local time, seconds truncated', () => {
    expect(hipathTimestamp(Date.UTC(2010, 8, 25, 11, 35, 10, 999), 0)).toBe('20100925113510');
    expect(hipathTimestamp(Date.UTC(2010, 11, 31, 23, 30, 0), 60)).toBe('20110101003000');
    expect(hipathTimestamp(Date.UTC(2010, 0, 1, 0, 30, 0), -300)).toBe('20091231193000');
  });
});

describe('Prng', () => {
  it('gives the same numbers for the same seed and others for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
