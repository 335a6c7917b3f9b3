/**
 * fixtures/framing-trace.md: hex in, decoder trace out (frames, need-more, error code + offset),
 * for HiPath and length16, each row whole, split at every offset and byte by byte.
 */
import { describe, expect, it } from '@jest/globals';

import { chunkings, decodeChunks, expectedTrace, formatNamed, hex, readTable, toHex, traceOf } from './framing-fixtures.js';

const rows = readTable('framing-trace.md').map((row) => {
  const [name = '', format = '', max = '', input = '', trace = ''] = row.cells;
  return {
    where: row.where,
    name,
    format: formatNamed(format),
    maxPayload: max === '' ? undefined : Number(max),
    input: hex(input),
    trace,
  };
});

describe('framing traces (fixtures/framing-trace.md)', () => {
  it('has rows for every error code the decoder raises, in both formats', () => {
    const codes = new Set(rows.flatMap((r) => [...r.trace.matchAll(/code=([a-z-]+)/g)].map((m) => `${r.format.name} ${m[1]}`)));
    expect([...codes].sort()).toEqual([
      'hipath bad-length-marker',
      'hipath bad-magic',
      'hipath empty-frame',
      'hipath frame-too-large',
      'length16 empty-frame',
      'length16 frame-too-large',
    ]);
  });

  for (const row of rows) {
    it(`${row.where} ${row.format.name}: ${row.name}`, () => {
      const header = row.format.headerLength;
      for (const { name, chunks } of chunkings(row.input)) {
        const run = decodeChunks(row.format, chunks, row.maxPayload);
        expect(`${name}: ${traceOf(run)}`).toBe(`${name}: ${expectedTrace(row.trace, chunks)}`);
        for (const f of run.frames) {
          const expected = row.input.subarray(f.offset + header, f.offset + header + f.payload.length);
          expect(`${name} @${f.offset}: ${toHex(f.payload)}`).toBe(`${name} @${f.offset}: ${toHex(expected)}`);
        }
        if (run.error === undefined) {
          expect(run.decoder.bytesReceived).toBe(row.input.length);
        } else {
          expect(run.decoder.state).toBe('failed');
          expect(run.error.header?.length).toBe(header);
          expect(toHex(run.error.header ?? new Uint8Array())).toBe(
            toHex(row.input.subarray(run.error.offset, run.error.offset + header)),
          );
          expect(run.error.message).toContain(`stream offset ${run.error.offset}`);
        }
      }
    });
  }
});
