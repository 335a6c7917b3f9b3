/**
 * `csta encode` as a user runs it. The expected bytes come from the fixture: the MakeCall invoke
 * of hipath-protocol.md §8.2 carries MakeCallArgument 100 → 101, and its argument TLV is what
 * encoding that value must give.
 */
import { describe, expect, it } from '@jest/globals';
import { decode, fromHex, toHex } from '../../src/ber/index.js';
import { ROSE_APDU } from '../../generated/csta-rose-apdus.js';
import { apduOf, vector } from '../support/vectors.js';
import { csta, STACK_LINE } from './run-csta.js';

const MAKE_CALL_JER =
  '{"callingDevice":{"deviceIdentifier":{"dialingNumber":"100"}},"calledDirectoryNumber":{"deviceIdentifier":{"dialingNumber":"101"}}}';

/** The argument TLV of the §8.2 MakeCall invoke, as the ROSE codec cuts it out. */
function makeCallArgumentHex(): string {
  const apdu = decode(ROSE_APDU, apduOf(vector('MakeCall 100 to 101')));
  if (apdu.case !== 'invoke' || apdu.value.argument === undefined) throw new Error('the MakeCall vector is not an invoke with an argument');
  return toHex(apdu.value.argument.bytes);
}

describe('csta encode', () => {
  const expected = makeCallArgumentHex();

  it('MakeCallArgument (unique type name) gives the §8.2 argument bytes', () => {
    const r = csta(['encode', 'MakeCallArgument', MAKE_CALL_JER]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected + '\n');
  });

  it('Module.Type, JER from stdin with -', () => {
    const r = csta(['encode', 'CSTA-make-call.MakeCallArgument', '-'], MAKE_CALL_JER);
    expect(r.stdout).toBe(expected + '\n');
  });

  it('--spaced and --frame', () => {
    const r = csta(['encode', 'MakeCallArgument', MAKE_CALL_JER, '--spaced', '--frame']);
    const bytes = fromHex(expected);
    const header = toHex(new Uint8Array([0x26, 0x80 | (bytes.length >> 8), bytes.length & 0xff]));
    expect(r.stdout).toBe(toHex(fromHex(header + expected), ' ') + '\n');
  });

  it('SystemStatusRes noData gives the result of the §8.1 V3 answer', () => {
    const v3 = decode(ROSE_APDU, apduOf(vector('systemStatus result')));
    if (v3.case !== 'returnResult' || v3.value.result === undefined) throw new Error('V3 is not a returnResult with a result');
    const r = csta(['encode', 'SystemStatusRes', '{"noData":null}']);
    expect(r.stdout).toBe(toHex(v3.value.result.result.bytes) + '\n');
  });

  it('JER that does not fit: exit 1 naming the ASN.1 path, no stack trace', () => {
    const r = csta(['encode', 'MakeCallArgument', '{"callingDevice":{"deviceIdentifier":{"dialingNumbr":"100"}}}']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('callingDevice.deviceIdentifier');
    expect(r.stderr).toContain('dialingNumber');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a missing mandatory component: exit 1 naming it', () => {
    const r = csta(['encode', 'MakeCallArgument', '{"calledDirectoryNumber":{"deviceIdentifier":{"dialingNumber":"101"}}}']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('callingDevice');
  });

  it('text that is not JSON: exit 1', () => {
    const r = csta(['encode', 'MakeCallArgument', '{"callingDevice":']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not JSON');
  });

  it('an unknown type: exit 1 with "did you mean"', () => {
    const r = csta(['encode', 'MakCallArgumnt', MAKE_CALL_JER]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/did you mean .*MakeCallArgument/);
  });

  it('a type name defined in several modules: exit 1 listing them', () => {
    const r = csta(['encode', 'CallControlEvents', '{}']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CSTA-application-context-information-csta3.CallControlEvents');
    expect(r.stderr).toContain('CSTA-event-report-definitions.CallControlEvents');
  });

  it('no type: usage error, exit 2', () => {
    expect(csta(['encode']).status).toBe(2);
  });
});
