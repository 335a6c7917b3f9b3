/**
 * Runs the compiled `csta` CLI (src/cli/main.js next to this compiled test tree) as a child
 * process, the way a user runs it, while the test process plays the switch. Lines of stdout and
 * stderr are collected as they come; the child is killed after the test if still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { onCleanup } from './switch-harness.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname;
const RUN = "const m = await import(process.argv[1]); process.exitCode = await m.main(['node', 'csta', ...process.argv.slice(2)]);";

export interface Cli {
  readonly child: ChildProcess;
  readonly out: string[];
  readonly err: string[];
  readonly exit: Promise<number | null>;
}

/** Starts `csta <args>` as a child process, collecting its stdout and stderr lines. */
export function startCli(args: readonly string[]): Cli {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RUN, MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  const lines = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
    };
  };
  child.stdout?.on('data', lines(out));
  child.stderr?.on('data', lines(err));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return { child, out, err, exit };
}

