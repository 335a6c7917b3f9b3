/**
 * The HiPath byte vectors (../shared/fixtures/hipath-vectors.json: hipath-protocol.md §8), found
 * from the repository root so tests run the same here and in CI (which has shared/ beside the clone).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../../src/ber/index.js';

export interface Vector {
  readonly name: string;
  readonly source: 'verbatim' | 'reconstructed';
  readonly frame: string;
  readonly apdu: string;
  readonly operation?: string;
  readonly values: Record<string, unknown>;
}

/** The repository root: the nearest folder above this file with a package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export function sharedPath(...parts: string[]): string {
  return join(repoRoot(), '..', 'shared', ...parts);
}

export function loadVectors(): Vector[] {
  const file = sharedPath('fixtures', 'hipath-vectors.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] }).vectors;
}

export function vector(prefix: string): Vector {
  const v = loadVectors().find((x) => x.name.startsWith(prefix));
  if (!v) throw new Error(`no vector named ${prefix}…`);
  return v;
}

/** The APDU of a vector: its frame without the 3-byte `0x26` header. */
export function apduOf(v: Vector): Uint8Array {
  return fromHex(v.frame).subarray(3);
}
