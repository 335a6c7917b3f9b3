/**
 * `csta sim` as a child process: it says where it listens (port 0 → the port chosen), logs the
 * association, the monitors and the services of a client, turns SIGHUP into a switch restart
 * (the client gets systemStatus enabled), and stops cleanly on SIGINT (exit 0). Bad flags are
 * usage errors (exit 2).
 */
import { describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../support/tls.js';
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
    const sim = csta(['sim', '--port', '0', '--devices', '100-119', '--status-interval', '0', '--max-monitors', '1']);
    await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(sim.output()), 'the listening line', 10_000);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
    expect(sim.output()).toMatch(/20 phones \(100-119\)/);
    const client = await clientOf({ address: () => ({ port }) });
    await client.monitor('100');
    await expect(client.monitor('101')).rejects.toMatchObject({ value: 'overallMonitorLimitExceeded' });
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
    for (const line of [/AMHOST@127\.0\.0\.1:\d+ associated/, /monitors 100 \(crossRef 0001\)/, /monitorStart refused: systemResourceAvailability\.overallMonitorLimitExceeded \(the simulated switch allows 1 monitor and all are in use.*--max-monitors/, /AMHOST@\S+ makeCall$/m, /operation\.invalidDestination/, /switch restarted/, /stopping/]) {
      expect(log).toMatch(line);
    }
  }, 20_000);

  it('logs what a client sent with its control characters escaped (no escape sequence reaches the terminal)', async () => {
    const sim = csta(['sim', '--port', '0', '--status-interval', '0']);
    await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(sim.output()), 'the listening line', 10_000);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
    await expect(clientOf({ address: () => ({ port }) }, { user: 'AM\u001b[2JHOST\nforged line', password: 'x' })).rejects.toThrow();
    await waitFor(() => /refused/.test(sim.output()), 'the refusal in the log');
    expect(sim.output()).toContain('refused (name AM\\e[2JHOST\\nforged line,');
    expect(sim.output()).not.toContain('\u001b');
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  }, 20_000);

  it('--group: a call to the pilot is queued and handed to a free member', async () => {
    const sim = csta(['sim', '--port', '0', '--devices', '100-109,300', '--group', '300=101-102', '--status-interval', '0']);
    await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(sim.output()), 'the listening line', 10_000);
    expect(sim.output()).toMatch(/; 10 phones \(100-109,300\) and hunt group 300 \(2 members\)/);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
    const client = await clientOf({ address: () => ({ port }) });
    const pilot = await client.monitor('300');
    const seen: string[] = [];
    pilot.on('event', (e) => seen.push(`${e.name} ${String((e.value as { cause?: string }).cause)}`));
    const member = await client.monitor('101');
    const ringing = new Promise((resolve) => member.once('delivered', resolve));
    await client.makeCall('100', '300');
    await expect(ringing).resolves.toMatchObject({ value: { cause: 'distributed' } });
    expect(seen).toEqual(['queued enteringDistribution', 'diverted distributed']);
    await client.close();
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  }, 20_000);

  it('--quiet leaves out monitors and services that succeeded, and keeps refusals', async () => {
    const sim = csta(['sim', '--port', '0', '--devices', '100-119', '--status-interval', '0', '--quiet']);
    await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(sim.output()), 'the listening line', 10_000);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
    const client = await clientOf({ address: () => ({ port }) });
    await client.monitor('100');
    await client.makeCall('100', '101');
    await expect(client.makeCall('102', '150')).rejects.toMatchObject({ value: 'invalidDestination' });
    await waitFor(() => /makeCall refused/.test(sim.output()), 'the refusal in the log');
    await client.close();
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
    expect(sim.output()).toMatch(/associated/);
    expect(sim.output()).not.toMatch(/monitors 100|stopped monitoring|makeCall$/m);
  }, 20_000);

  it('with --traffic: says what it will do, reports what it did, and sums it up when it stops', async () => {
    const sim = csta(['sim', '--port', '0', '--devices', '100-119', '--status-interval', '0', '--traffic', '20', '--talk', '0.5', '--max-calls', '8', '--report-interval', '1', '--seed', '4']);
    await waitFor(() => /random calls: conversations of 0\.5 s on average \(--talk\), at most 8 in progress \(--max-calls\)/.test(sim.output()), 'the settings line', 10_000);
    await waitFor(() => /traffic: \d+ call\(s\) started in the last 1 s/.test(sim.output()), 'a traffic report', 10_000);
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
    const total = /traffic in all: (\d+) call\(s\) started in \d+ s \([\d.]+\/s\), (\d+) arrival\(s\) dropped( \(.*\))?; (\d+) answered/.exec(sim.output());
    expect(total).not.toBeNull();
    expect(Number(total![1])).toBeGreaterThan(0);
    // 20 calls/s with room for 8: arrivals were dropped, and the line says why.
    expect(Number(total![2])).toBeGreaterThan(0);
    expect(total![3]).toMatch(/at the --max-calls limit/);
  }, 20_000);

  it('serves TLS with --tls-cert and --tls-key; a bad key or certificate is a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csta-sim-tls-'));
    try {
      const cert = join(dir, 'cert.pem');
      const key = join(dir, 'key.pem');
      await writeFile(cert, TEST_TLS_CERT);
      await writeFile(key, TEST_TLS_KEY);
      const sim = csta(['sim', '--port', '0', '--devices', '100-109', '--status-interval', '0', '--tls-cert', cert, '--tls-key', key]);
      await waitFor(() => /listening on 127\.0\.0\.1:\d+ \(TLS\)/.test(sim.output()), 'the listening line', 10_000);
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
      const client = await clientOf({ address: () => ({ port }) }, { tls: { ca: TEST_TLS_CERT } });
      const phone = await client.monitor('101');
      const ringing = new Promise((resolve) => phone.once('delivered', resolve));
      await client.makeCall('100', '101');
      await expect(ringing).resolves.toMatchObject({ name: 'delivered' });
      await client.close();
      sim.child.kill('SIGINT');
      expect(await sim.exited).toBe(0);

      const bad = csta(['sim', '--port', '0', '--tls-cert', key, '--tls-key', key]);
      expect(await bad.exited).toBe(1);
      expect(bad.output()).toMatch(/the TLS certificate \S+key\.pem and key \S+key\.pem cannot be used/);
      const missing = csta(['sim', '--port', '0', '--tls-cert', join(dir, 'none.pem'), '--tls-key', key]);
      expect(await missing.exited).toBe(1);
      expect(missing.output()).toMatch(/cannot read --tls-cert \S+none\.pem/);
      const half = csta(['sim', '--port', '0', '--tls-cert', cert]);
      expect(await half.exited).toBe(2);
      expect(half.output()).toMatch(/give both --tls-cert and --tls-key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses bad flags with a usage error', async () => {
    const bad = csta(['sim', '--devices', '300-200']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/--devices/);
    const port = csta(['sim', '--port', '70000']);
    expect(await port.exited).toBe(2);
    const group = csta(['sim', '--port', '0', '--devices', '100-109', '--group', '300=101-102']);
    expect(await group.exited).toBe(2);
    expect(group.output()).toMatch(/--group 300=101-102: hunt group 300 is not a device of the switch/);
    for (const flags of [['--talk', '0'], ['--max-calls', '0'], ['--max-calls', '2.5'], ['--report-interval', '-1'], ['--max-monitors', '70000'], ['--ring-time', '-1']]) {
      const bad = csta(['sim', '--port', '0', '--traffic', '1', ...flags]);
      expect([flags.join(' '), await bad.exited]).toEqual([flags.join(' '), 2]);
      expect(bad.output()).toContain(flags[0]);
    }
    const noTraffic = csta(['sim', '--port', '0', '--talk', '5']);
    expect(await noTraffic.exited).toBe(2);
    expect(noTraffic.output()).toMatch(/--talk shapes the random calls of --traffic, and no --traffic was given/);
    const scenario = csta(['sim', '--port', '0', '--scenario', '/nonexistent/story.yaml']);
    expect(await scenario.exited).toBe(1);
    expect(scenario.output()).toMatch(/no scenario file \/nonexistent\/story\.yaml/);
  }, 20_000);
});
