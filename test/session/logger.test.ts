/**
 * logger.ts: describeApdu on every HiPath vector (one line, kind + operation + invokeId + size,
 * never a password), on malformed input, and the console logger's levels, prefix and masking.
 */
import { describe, expect, it } from '@jest/globals';
import { fromHex } from '../../src/ber/index.js';
import { errors, operations } from '../../generated/operations.js';
import { buildAare, buildAarq, buildAbrt, buildRlrq } from '../../src/session/acse.js';
import { consoleLogger, describeApdu, formatLine, silentLogger, type LogLevel } from '../../src/session/logger.js';
import { HIPATH } from '../../src/session/profile.js';
import { encodeError, encodeInvoke, encodeReject, encodeResult } from '../../src/session/rose.js';
import { apduOf, loadVectors, vector } from '../support/vectors.js';

describe('describeApdu', () => {
  it.each(loadVectors().map((v) => [v.name, v] as const))('%s: one line with its size, nothing undecodable', (_, v) => {
    const apdu = apduOf(v);
    const line = describeApdu(apdu);
    expect(line).not.toContain('\n');
    expect(line.endsWith(`(${apdu.length} bytes)`)).toBe(true);
    expect(line.startsWith('undecodable')).toBe(false);
  });

  it('V2 AARQ: name shown, password masked', () => {
    const line = describeApdu(apduOf(vector('AARQ')));
    expect(line).toMatch(/^aarq name=AMHOST password=\*\*\* /);
    expect(line).not.toContain('77777');
  });

  it('never prints the password, whatever it is, even in a truncated AARQ', () => {
    const aarq = buildAarq(HIPATH, { name: 'op', password: 'S3cret!pw' });
    expect(describeApdu(aarq)).not.toContain('S3cret');
    const cut = describeApdu(aarq.subarray(0, aarq.length - 14));
    expect(cut.startsWith('undecodable 60')).toBe(true);
    expect(cut).not.toMatch(/S3cret|53 33 63/);
  });

  it('ROSE: kind, operation(code), event, invokeId', () => {
    expect(describeApdu(apduOf(vector('systemStatus invoke')))).toBe('invoke systemStatus(211) invokeId=1 (14 bytes)');
    expect(describeApdu(apduOf(vector('systemStatus result')))).toBe('result systemStatus(211) invokeId=1 (13 bytes)');
    expect(describeApdu(apduOf(vector('Delivered')))).toMatch(/^invoke cSTAEventReport\(21\) delivered invokeId=5 /);
    expect(describeApdu(apduOf(vector('Transferred')))).toMatch(/ transferred invokeId=66051 \(312 bytes\)$/);
  });

  it('errors, rejects, unknown operations, mistyped arguments', () => {
    const err = encodeError(3, errors.universalFailure, { case: 'operation', value: 'invalidCrossRefID' });
    expect(describeApdu(err)).toMatch(/^error universalFailure operation\/invalidCrossRefID invokeId=3 /);
    expect(describeApdu(encodeReject(4, 'invoke', 1))).toMatch(/^reject invoke-unrecognizedOperation invokeId=4 /);
    expect(describeApdu(encodeReject(null, 'general', 0))).toMatch(/invokeId=absent/);
    expect(describeApdu(fromHex('A1 07 02 01 09 02 02 27 0F'))).toMatch(/^invoke unknown-operation\(9999\) invokeId=9 /);
    expect(describeApdu(fromHex('A1 0B 02 01 03 02 01 0A 30 03 05 01 00'))).toMatch(/argument-error=unexpected-tag/);
    expect(describeApdu(encodeResult(2, operations.monitorStop))).toMatch(/^result monitorStop\(73\) invokeId=2 /);
    expect(describeApdu(encodeInvoke(7, operations.monitorStop, { crossRefIdentifier: fromHex('0001') }))).toMatch(/^invoke monitorStop\(73\) invokeId=7 /);
  });

  it('ACSE: AARE accepted / rejected with names, ABRT, RLRQ', () => {
    expect(describeApdu(buildAare(HIPATH, { accepted: true }))).toMatch(/^aare accepted context=1\.3\.12\.0\.218 /);
    expect(describeApdu(buildAare(HIPATH, { accepted: false, result: 1, diagnostic: 13 }))).toMatch(
      /^aare rejected-permanent acse-service-user authentication-failure /,
    );
    expect(describeApdu(buildAbrt())).toBe('abrt source=acse-service-user diagnostic=no-reason-given (8 bytes)');
    expect(describeApdu(buildRlrq())).toBe('rlrq reason=normal (5 bytes)');
  });

  it('bytes that are no APDU: undecodable, the error code, only two bytes shown', () => {
    expect(describeApdu(fromHex('A1 08 02 01'))).toBe('undecodable A1 08… (4 bytes): truncated at offset 0');
    expect(describeApdu(new Uint8Array())).toMatch(/^undecodable \(0 bytes\)/);
  });
});

describe('consoleLogger', () => {
  function capture(options: Parameters<typeof consoleLogger>[0] = {}): { lines: [LogLevel, string][]; log: ReturnType<typeof consoleLogger> } {
    const lines: [LogLevel, string][] = [];
    return { lines, log: consoleLogger({ ...options, sink: (level, line) => lines.push([level, line]) }) };
  }

  it('debug lines only with debug: true; prefix on every line', () => {
    const quiet = capture();
    quiet.log.debug('hidden');
    quiet.log.info('shown');
    expect(quiet.lines).toEqual([['info', 'shown']]);
    const loud = capture({ debug: true, prefix: '[DEBUG] ' });
    loud.log.debug('sent', { apdu: 'aarq' });
    loud.log.warn('slow');
    loud.log.error('lost');
    expect(loud.lines).toEqual([
      ['debug', '[DEBUG] sent apdu=aarq'],
      ['warn', '[DEBUG] slow'],
      ['error', '[DEBUG] lost'],
    ]);
  });

  it('masks secret-looking fields at any depth and prints bytes as hex', () => {
    const line = formatLine('login', {
      password: '77777',
      credentials: { name: 'AMHOST', password: '77777' },
      options: { auth: { password: '77777' } },
      bytes: fromHex('2680'),
      text: 'two words',
    });
    expect(line).not.toContain('77777');
    expect(line).toContain('password=***');
    expect(line).toContain('bytes=26 80');
    expect(line).toContain('text="two words"');
  });

  it('silentLogger accepts everything and says nothing', () => {
    expect(() => {
      silentLogger.debug('x', { a: 1 });
      silentLogger.error('y');
    }).not.toThrow();
  });
});
