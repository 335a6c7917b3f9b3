/**
 * `csta decode` as a user runs it: hex arguments, stdin (hex text and binary), -f files, several
 * frames, --raw, --pretty; bad input exits 1 with the offset and ASN.1 path and no stack trace;
 * usage errors exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex } from '../../src/ber/index.js';
import { apduOf, loadVectors, vector } from '../support/vectors.js';
import { csta, jsonLines, STACK_LINE } from './run-csta.js';

const V1 = vector('systemStatus invoke');
const V1_JER = { apdu: 'invoke', invokeId: 1, operation: 'systemStatus', opcode: 211, argument: { systemStatus: 'normal' } };
const spaced = (hex: string) => toHex(fromHex(hex), ' ');

describe('csta decode: input', () => {
  it('hex arguments, spaced and split over several arguments', () => {
    const r = csta(['decode', ...spaced(V1.frame).split(' ')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([V1_JER]);
    expect(r.stdout).toBe(JSON.stringify(V1_JER) + '\n');
  });

  it('hex text on stdin', () => {
    const r = csta(['decode'], spaced(V1.frame) + '\n');
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([V1_JER]);
  });

  it('binary on stdin, every fixture frame back to back: one line per APDU', () => {
    const vectors = loadVectors();
    const r = csta(['decode'], Buffer.concat(vectors.map((v) => fromHex(v.frame))));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = jsonLines(r.stdout) as { apdu: string }[];
    expect(lines).toHaveLength(vectors.length);
    expect(lines[0]).toEqual(V1_JER);
    expect(lines.map((l) => l.apdu)).toContain('aarq');
  });

  describe('-f', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'csta-decode-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a binary file of bare APDUs', () => {
      const file = join(dir, 'two.bin');
      writeFileSync(file, Buffer.concat([apduOf(V1), apduOf(vector('systemStatus result'))]));
      const r = csta(['decode', '-f', file]);
      expect(r.status).toBe(0);
      expect(jsonLines(r.stdout)).toEqual([V1_JER, { apdu: 'returnResult', invokeId: 1, operation: 'systemStatus', opcode: 211, result: { noData: null } }]);
    });

    it('a hex text file', () => {
      const file = join(dir, 'v1.hex');
      writeFileSync(file, `${spaced(V1.frame)}\n`);
      expect(jsonLines(csta(['decode', '--file', file]).stdout)).toEqual([V1_JER]);
    });

    it('a missing file exits 1 naming it', () => {
      const r = csta(['decode', '-f', join(dir, 'nope.bin')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('nope.bin');
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  });
});

describe('csta decode: options', () => {
  it('--raw keeps the argument as the hex of its TLV', () => {
    const r = csta(['decode', '--raw', V1.frame]);
    expect(jsonLines(r.stdout)).toEqual([{ ...V1_JER, argument: toHex(apduOf(V1).subarray(9)) }]);
  });

  it('--pretty indents', () => {
    const r = csta(['decode', '--pretty', V1.frame]);
    expect(r.stdout.split('\n').length).toBeGreaterThan(5);
    expect(JSON.parse(r.stdout)).toEqual(V1_JER);
  });

  it('--framing none refuses a HiPath header', () => {
    const r = csta(['decode', '--framing', 'none', V1.frame]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not-an-apdu at offset 0');
  });
});

describe('csta decode: errors', () => {
  it('an APDU that does not decode: exit 1, offset and ASN.1 path, advice, no stack trace', () => {
    // Invoke with invokeId and no opcode.
    const r = csta(['decode', '26 80 05 A1 03 02 01 01']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('offset 8');
    expect(r.stderr).toContain('invoke.opcode');
    expect(r.stderr).toContain('what to do:');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('garbage bytes: exit 1 with the offset', () => {
    const r = csta(['decode', V1.frame + '0102030405']);
    expect(r.status).toBe(1);
    expect(jsonLines(r.stdout)).toEqual([V1_JER]);
    expect(r.stderr).toContain('offset 17');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a truncated frame: exit 1 with the offset of its header', () => {
    const r = csta(['decode'], V1.frame.slice(0, -4));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('truncated-frame at offset 0');
  });

  it('text that is not hex: exit 1', () => {
    const r = csta(['decode', 'A1', '0G']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not valid hex');
  });

  it('usage errors exit 2: unknown option, hex and -f together, bad --framing', () => {
    expect(csta(['decode', '--bogus', V1.frame]).status).toBe(2);
    expect(csta(['decode', '-f', 'x.bin', V1.frame]).status).toBe(2);
    expect(csta(['decode', '--framing', 'tpkt', V1.frame]).status).toBe(2);
    expect(csta(['frobnicate']).status).toBe(2);
  });

  it('--help exits 0 and shows an example', () => {
    const r = csta(['decode', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('csta decode');
  });
});
