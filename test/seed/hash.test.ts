/**
 * The seed hash helpers: the timestamp form S2's decode_timestamp produced, and kebab-case keys
 * that reproduce the seed's names from the ECMA-285 component names.
 */
import { describe, expect, it } from '@jest/globals';
import { kebab, seedTimestamp } from '../../src/seed/hash.js';

describe('seedTimestamp', () => {
  it.each([
    ['20100925113510', '2010-09-25 11:35:10'],
    ['20100925113510Z', '2010-09-25 11:35:10Z'],
    ['20100925113510.25+0100', '2010-09-25 11:35:10.25+0100'],
  ])('%s → %s', (raw, shown) => {
    expect(seedTimestamp(raw)).toBe(shown);
  });

  it.each(['201009251135', '2010-09-25', ''])('leaves %j out (not YYYYMMDDhhmmss)', (raw) => {
    expect(seedTimestamp(raw)).toBeUndefined();
  });
});

describe('kebab', () => {
  it.each([
    ['alertingDevice', 'alerting-device'],
    ['callingDevice', 'calling-device'],
    ['releasingDevice', 'releasing-device'],
    ['transferredToDevice', 'transferred-to-device'],
    ['lastRedirectionDevice', 'last-redirection-device'],
  ])('%s → %s', (field, key) => {
    expect(kebab(field)).toBe(key);
  });
});
