/**
 * HiPath APDUs (frame header `26 hh ll` stripped) from ../shared/docs/hipath-protocol.md §8 and
 * ../shared/fixtures/hipath-vectors.json. Verbatim ones were sniffed from a switch (S2, S4); the
 * MonitorStart and Transferred ones are re-encodings of captured templates (RECON). Every APDU
 * section 8 lists is here, so each can be walked and re-encoded.
 */
import { fromHex } from '../../src/ber/index.js';

/** Every APDU of §8 with its name, in document order. */
export const HIPATH_APDUS: readonly (readonly [name: string, apdu: Uint8Array])[] = [
  ['systemStatus invoke from the switch (normal) (verbatim)', fromHex('A1 0C 02 01 01 02 02 00 D3 30 03 0A 01 02')],
  [
    'AARQ with AMHOST/77777 (verbatim)',
    fromHex(`
    60 31 A1 07 06 05 2B 0C 00 81 5A 8A 02 06 80 AC 15 A2 13 A0 11 A0 0F 04 06 41 4D 48 4F 53 54 04
    05 37 37 37 37 37 BE 0B 28 09 A0 07 A0 05 03 03 00 10 00`),
  ],
  ['systemStatus result from the client (verbatim)', fromHex('A2 0B 02 01 01 30 06 02 02 00 D3 05 00')],
  ['ABRT from the client (verbatim)', fromHex('64 06 80 01 00 81 01 01')],
  [
    'MonitorStart 100, all-zero filter (reconstructed)',
    fromHex(`
    A1 35 02 01 01 02 01 47 30 2D 30 05 80 03 31 30 30 A0 24 80 04 06 00 00 00 86 02 03 00 87 02 06
    00 88 03 05 00 00 89 03 02 00 00 83 02 05 00 85 02 01 00 84 02 07 00`),
  ],
  ['MonitorStart result (reconstructed)', fromHex('A2 0E 02 01 01 30 09 02 01 47 30 04 55 02 00 01')],
  ['MonitorStop (reconstructed)', fromHex('A1 0C 02 01 02 02 01 49 30 04 55 02 00 01')],
  ['MonitorStop result (reconstructed)', fromHex('A2 0A 02 01 02 30 05 02 01 49 05 00')],
  ['MakeCall 100 to 101 (reconstructed)', fromHex('A1 16 02 01 03 02 01 0A 30 0E 30 05 80 03 31 30 30 30 05 80 03 31 30 31')],
  ['MakeCall result (reconstructed)', fromHex('A2 1B 02 01 03 30 16 02 01 0A 30 11 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03 31 30 30')],
  ['SetDisplay 100 Hello (reconstructed)', fromHex('A1 17 02 01 04 02 02 01 12 30 0E 30 05 80 03 31 30 30 16 05 48 65 6C 6C 6F')],
  [
    'Delivered (reconstructed)',
    fromHex(`
    A1 5A 02 01 05 02 01 15 30 52 55 02 00 01 A0 4C A4 4A 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03
    31 30 30 63 07 30 05 80 03 31 30 30 61 07 30 05 80 03 32 30 30 62 07 30 05 80 03 31 30 30 64 02
    87 00 4E 01 02 0A 01 16 7E 12 A0 10 18 0E 32 30 31 30 30 39 32 35 31 31 33 35 31 30`),
  ],
  [
    'Established (reconstructed)',
    fromHex(`
    A1 5A 02 01 06 02 01 15 30 52 55 02 00 01 A0 4C A7 4A 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03
    31 30 30 63 07 30 05 80 03 31 30 30 61 07 30 05 80 03 32 30 30 62 07 30 05 80 03 31 30 30 64 02
    87 00 4E 01 03 0A 01 16 7E 12 A0 10 18 0E 32 30 31 30 30 39 32 35 31 31 33 35 31 30`),
  ],
  [
    'ConnectionCleared (reconstructed)',
    fromHex(`
    A1 44 02 01 07 02 01 15 30 3C 55 02 00 01 A0 36 A3 34 6B 0F 30 0D 80 02 00 5B A1 07 30 05 80 03
    31 30 30 63 07 30 05 80 03 32 30 30 4E 01 00 0A 01 30 7E 12 A0 10 18 0E 32 30 31 30 30 39 32 35
    31 31 33 35 31 30`),
  ],
  [
    'Transferred (312-byte APDU, captured shape) (reconstructed)',
    fromHex(`
    A1 82 01 34 02 03 01 02 03 02 01 15 30 82 01 28 55 02 00 01 A0 82 01 20 B1 82 01 1C 6B 0F 30 0D
    80 02 B1 64 A1 07 30 05 80 03 31 30 30 A0 0F 30 0D 80 02 B1 69 A1 07 30 05 80 03 31 30 30 63 07
    30 05 80 03 31 30 30 63 07 30 05 80 03 32 35 37 A1 76 30 43 A0 12 6B 10 30 0E 80 02 B1 6B A1 08
    30 06 80 04 37 38 30 37 A1 12 6B 10 30 0E 80 02 B1 64 A1 08 30 06 80 04 37 38 30 36 A2 0F 30 0D
    80 0B 30 31 37 31 31 32 33 34 35 36 37 A3 08 30 06 80 04 37 38 30 36 30 2F A0 11 6B 0F 30 0D 80
    02 B1 64 A1 07 30 05 80 03 32 35 37 A1 11 6B 0F 30 0D 80 02 B1 69 A1 07 30 05 80 03 32 35 37 A2
    07 30 05 80 03 32 35 37 4E 01 00 0A 01 20 A7 54 30 28 30 12 81 10 01 3C BA AA 50 F7 07 88 01 00
    80 00 00 00 B1 6B 30 12 81 10 04 B4 42 92 50 F7 07 88 01 00 80 00 00 00 B1 64 30 28 30 12 81 10
    00 01 30 8A 50 F7 07 88 01 00 80 00 00 00 B1 69 30 12 81 10 04 B4 42 92 50 F7 07 88 01 00 80 00
    00 00 B1 64 7E 12 A0 10 18 0E 32 30 31 30 30 39 32 35 31 31 33 35 31 30`),
  ],
];

function apdu(name: string): Uint8Array {
  const found = HIPATH_APDUS.find(([n]) => n.startsWith(name));
  if (!found) throw new Error(`no HiPath vector named ${name}`);
  return found[1];
}

export const SYSTEM_STATUS_INVOKE = apdu('systemStatus invoke from the switch (normal)');
export const AARQ = apdu('AARQ with AMHOST/77777');
export const SYSTEM_STATUS_RESULT = apdu('systemStatus result from the client');
export const ABRT = apdu('ABRT from the client');
export const MONITOR_START = apdu('MonitorStart 100, all-zero filter');
export const TRANSFERRED = apdu('Transferred (312-byte APDU, captured shape)');
