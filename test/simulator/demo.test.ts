/**
 * The demo (`npm start`) as a child process with --story-only: it prints the story's events, one
 * readable line each, in the story's order, and exits 0 after closing; --ascii (and a non-UTF-8
 * locale) gives plain ASCII; bad options are refused.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../src/demo/main.js', import.meta.url));

function runDemo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The lines matching each pattern, in this order (other lines may come between). */
function inOrder(lines: string[], patterns: RegExp[]): string[] {
  const found: string[] = [];
  let at = 0;
  for (const pattern of patterns) {
    const i = lines.findIndex((line, k) => k >= at && pattern.test(line));
    if (i < 0) throw new Error(`no line after line ${at} matches ${pattern}:\n${lines.join('\n')}`);
    found.push(lines[i]);
    at = i + 1;
  }
  return found;
}

const T = String.raw`^\d\d:\d\d:\d\d  `;
const STORY_ASCII = [
  new RegExp(`${T}>> 100 calls 101`),
  new RegExp(`${T}100  \\^ serviceInitiated +100 off-hook +dialing$`),
  new RegExp(`${T}101  \\* delivered +100 -> 101 +ringing$`),
  new RegExp(`${T}>> 101 answers`),
  new RegExp(`${T}101  \\+ established +100 -> 101 +connected$`),
  new RegExp(`${T}>> 101 puts 100 on hold and calls 102`),
  new RegExp(`${T}101  \\| held +101 holds +on hold  \\(consultation\\)$`),
  new RegExp(`${T}102  \\* delivered +101 -> 102 +ringing  \\(consultation\\)$`),
  new RegExp(`${T}>> 102 answers`),
  new RegExp(`${T}102  \\+ established +101 -> 102 +connected$`),
  new RegExp(`${T}>> 101 transfers`),
  new RegExp(`${T}101  ~ transferred +by 101: 100 <-> 102 +idle  \\(transfer\\)$`),
  new RegExp(`${T}102  ~ transferred +by 101: 100 <-> 102 +connected  \\(transfer\\)$`),
  new RegExp(`${T}>> 100 and 102 talk \\.\\.\\. then 100 hangs up`),
  new RegExp(`${T}100  x connectionCleared +100 hung up +idle$`),
  new RegExp(`${T}102  x callCleared +call [0-9a-f]{4} ended$`),
  new RegExp(`${T}>> closing`),
];

describe('the demo (npm start)', () => {
  it('--story-only --ascii: the story as readable lines, in order, then exit 0', async () => {
    const { code, stdout, stderr } = await runDemo(['--story-only', '--pace', '20', '--ascii'], { LANG: 'en_US.UTF-8' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    inOrder(lines, STORY_ASCII);
    expect(stdout).not.toMatch(/[^\x00-\x7f]/);
    const eventLines = lines.filter((line) => /^\d\d:\d\d:\d\d  \d{3} /.test(line));
    expect(eventLines).toHaveLength(22); // 4 + 2 + 6 + 2 + 3 + 5: every event of the story, none twice
    expect(eventLines.filter((line) => /[{}"]/.test(line))).toEqual([]); // no JSON
  }, 30_000);

  it('picks Unicode symbols on a UTF-8 terminal and ASCII otherwise', async () => {
    const utf8 = await runDemo(['--story-only', '--pace', '0'], { LANG: 'C.UTF-8' });
    expect(utf8.code).toBe(0);
    inOrder(utf8.stdout.split('\n'), [new RegExp(`${T}101  ☎ delivered +100 → 101 +ringing$`), new RegExp(`${T}100  ⇄ transferred +by 101: 100 ⇄ 102`)]);
    const plain = await runDemo(['--story-only', '--pace', '0'], { LANG: 'C' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(/[^\x00-\x7f]/);
    inOrder(plain.stdout.split('\n'), [new RegExp(`${T}101  \\* delivered +100 -> 101 +ringing$`)]);
  }, 30_000);

  it('refuses a bad --rate', async () => {
    const { code, stderr } = await runDemo(['--rate', 'fast']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--rate/);
  });
});
