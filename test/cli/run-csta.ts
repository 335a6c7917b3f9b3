/**
 * Runs the built `csta` command (`node bin/csta.js`, which loads dist/src/cli/main.js) as a child
 * process, the way a user does. Build first (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/vectors.js';

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function csta(args: readonly string[], input?: string | Uint8Array): Run {
  const root = repoRoot();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'csta.js'), ...args], {
    cwd: root,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stdout as one parsed JSON value per line. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

/** A stack trace line (`    at f (file.js:1:2)`): never shown for a user error. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
