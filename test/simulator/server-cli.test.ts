/**
 * `csta sim` as a child process: it says where it listens (port 0 → the port chosen), logs the
 * association, the monitors and the services of a client, turns SIGHUP into a switch restart
 * (the client gets systemStatus enabled), and stops cleanly on SIGINT (exit 0). Bad flags are
 * usage errors (exit 2).
 */
import { describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clientOf, simulatorTestGuards, waitFor } from './server-harness.js';

simulatorTestGuards();

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const SCRIPT = `import(${JSON.stringify(MAIN)}).then(async (m) => { process.exitCode = await m.main(process.argv); });`;

function csta(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, 'csta', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (output += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve(code))));
  return { child, output: () => output, exited };
}

describe('csta sim', () => {
  it('serves clients, logs briefly, restarts on SIGHUP, stops cleanly on SIGINT', async () => {
    const sim = csta(['sim', '--port', '0', '--devices', '100-119', '--status-interval', '0']);
    await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(sim.output()), 'the listening line', 10_000);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
    expect(sim.output()).toMatch(/20 phones \(100-119\)/);
    const client = await clientOf({ address: () => ({ port }) });
    await client.monitor('100');
    await client.makeCall('100', '101');
    await expect(client.makeCall('100', '150')).rejects.toMatchObject({ code: 'return-error', value: 'invalidDestination' });
    await waitFor(() => /makeCall refused/.test(sim.output()), 'the refusal in the log');
    const statuses: string[] = [];
    client.on('systemStatus', (s) => statuses.push(s));
    sim.child.kill('SIGHUP');
    await waitFor(() => statuses.includes('enabled'), 'systemStatus enabled after SIGHUP');
    await client.close();
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
    const log = sim.output();
    for (const line of [/AMHOST@127\.0\.0\.1:\d+ associated/, /monitors 100 \(crossRef 0001\)/, /AMHOST@\S+ makeCall$/m, /operation\.invalidDestination/, /switch restarted/, /stopping/]) {
      expect(log).toMatch(line);
    }
  }, 20_000);

  it('refuses bad flags with a usage error', async () => {
    const bad = csta(['sim', '--devices', '300-200']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/--devices/);
    const port = csta(['sim', '--port', '70000']);
    expect(await port.exited).toBe(2);
    const scenario = csta(['sim', '--port', '0', '--scenario', '/nonexistent/story.yaml']);
    expect(await scenario.exited).toBe(1);
    expect(scenario.output()).toMatch(/no scenario file \/nonexistent\/story\.yaml/);
  }, 20_000);
});
