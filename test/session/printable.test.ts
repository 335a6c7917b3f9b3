/** Text from the wire shown on a terminal or in a log line: controls and bidi characters escaped. */
import { describe, expect, it } from '@jest/globals';
import { consoleLogger, type LogLevel } from '../../src/session/logger.js';
import { printable, printableJson, printableLines } from '../../src/session/printable.js';

describe('printable', () => {
  it.each([
    ['101', '101'],
    ['101\n\u001b[2Jevil', '101\\n\\e[2Jevil'],
    ['a\rb\tc\u0000d\u007fe\u0085f', 'a\\rb\\tc\\x00d\\x7fe\\x85f'],
    ['abc\u202edcba', 'abc\\u{202e}dcba'],
    ['Müller ☎ 电话', 'Müller ☎ 电话'],
  ])('%j → %j', (text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it('printableLines keeps the line breaks and escapes the rest', () => {
    expect(printableLines('csta: refused\n  name AM\u001bHOST\r')).toBe('csta: refused\n  name AM\\eHOST\\r');
  });

  it('consoleLogger writes each message as one line, whatever the peer put in it', () => {
    const lines: [LogLevel, string][] = [];
    consoleLogger({ sink: (level, line) => lines.push([level, line]) }).warn('association from 10.0.0.9 refused (name AM\nHOST\u001b[31m)');
    expect(lines).toEqual([['warn', 'association from 10.0.0.9 refused (name AM\\nHOST\\e[31m)']]);
  });
});

describe('printableJson', () => {
  it('escapes what JSON.stringify leaves and a terminal acts on, and stays the same JSON', () => {
    const value = { name: 'a\u0085b\u202ec\u007fd', plain: 'Müller ☎', control: '\u001b[2J' };
    const text = printableJson(JSON.stringify(value));
    expect(text).toBe('{"name":"a\\u0085b\\u202ec\\u007fd","plain":"Müller ☎","control":"\\u001b[2J"}');
    expect(JSON.parse(text)).toEqual(value);
  });
});
