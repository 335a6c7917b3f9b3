/**
 * `csta monitor` as a user runs it: a child process (the compiled CLI) against the switch role in
 * this process. One line per event, JSON lines with --json, keeps going across a reconnect with
 * status on stderr, Ctrl-C (SIGINT) stops the monitors, releases and exits 0; clear errors.
 */
import { describe, expect, it } from '@jest/globals';
import { vector } from '../support/vectors.js';
import { startCli } from '../seed/cli-runner.js';
import type { DeviceID } from '../../generated/csta-device-identifiers.js';
import { connectionId, dialingNumberOf } from '../../src/session/device.js';
import { clientTestGuards, FakeSwitch, waitFor } from '../seed/switch-harness.js';

clientTestGuards();

describe('csta monitor', () => {
  it('prints one line per event, survives a reconnect, and stops cleanly on SIGINT', async () => {
    const sw = await FakeSwitch.start();
    const cli = startCli(['monitor', '100', '101', '--host', '127.0.0.1', '--port', String(sw.port)]);
    await sw.received('monitorStart', 2, 10_000);
    await waitFor(() => cli.err.some((l) => l.includes('monitoring 100 (0001), 101 (0002)')), 'the monitoring status line', 10_000);
    sw.writeRaw(vector('Delivered').frame);
    await waitFor(() => cli.out.length === 1, 'an event line');
    expect(cli.out[0]).toBe(
      '2010-09-25 11:35:10  100  delivered  call=005b  connection=100  alerting=100  calling=200  called=100  lastRedirection=-  state=alerting  cause=newCall',
    );

    // after the reconnect, 100 has a call going on
    sw.answer('snapshotDevice', (argument: { snapshotObject: DeviceID }) => ({
      crossRefIDorSnapshotData: {
        case: 'snapshotData',
        value:
          dialingNumberOf(argument.snapshotObject) === '100'
            ? [{ connectionIdentifier: connectionId('b164', '100'), localCallState: { case: 'compoundCallState', value: ['connected', 'alerting'] } }]
            : [],
      },
    }));
    sw.session.close();
    await sw.received('monitorStart', 4, 10_000);
    await waitFor(() => cli.err.some((l) => l.includes('reconnected')), 'the reconnected status line', 10_000);
    expect(cli.err.some((l) => l.startsWith('csta monitor: link lost (closed)'))).toBe(true);
    // each device's snapshot, taken once its monitor runs again
    await waitFor(() => cli.err.filter((l) => l.includes(' now: ')).length === 2, 'the resync status lines');
    expect(cli.err.filter((l) => l.includes(' now: ')).sort()).toEqual([
      'csta monitor: 100 now: call=b164 state=connected (others: alerting)',
      'csta monitor: 101 now: no calls',
    ]);
    sw.writeRaw(vector('ConnectionCleared').frame.replace('55020001', '55020003'));
    await waitFor(() => cli.out.length === 2, 'an event line after the reconnect');
    expect(cli.out[1]).toMatch(/^2010-09-25 11:35:10 {2}100 {2}connectionCleared {2}call=005b {2}connection=100 {2}releasing=200 {2}state=null {2}cause=normalClearing$/);

    const session = sw.session;
    const released = new Promise<{ reason: string }>((resolve) => session.once('close', resolve));
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
    expect((await released).reason).toBe('released');
    expect(sw.requests.filter((r) => r.op === 'monitorStop' && r.connection === 1)).toHaveLength(2);
  });

  it('--json prints each event as one JSON object with its JER value', async () => {
    const sw = await FakeSwitch.start();
    const cli = startCli(['monitor', '100', '--json', '--host', '127.0.0.1', '--port', String(sw.port)]);
    await sw.received('monitorStart', 1, 10_000);
    sw.writeRaw(vector('Transferred').frame);
    await waitFor(() => cli.out.length === 1, 'a JSON line', 10_000);
    const line = JSON.parse(cli.out[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ device: '100', crossRefIdentifier: '0001', invokeId: 0x010203, category: 'callControlEvents', event: 'transferred' });
    expect(line.value).toMatchObject({
      primaryOldCall: { both: { callID: 'B164', deviceID: { staticID: { deviceIdentifier: { dialingNumber: '100' } } } } },
      transferredToDevice: { deviceIdentifier: { deviceIdentifier: { dialingNumber: '257' } } },
      cause: 'transfer',
      extensions: { security: { timestamp: '20100925113510' } },
    });
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  it('without --host monitors on the embedded simulator, and stops on SIGINT', async () => {
    const cli = startCli(['monitor', '100']);
    await waitFor(() => cli.err.some((l) => l.startsWith('csta monitor: monitoring 100 (')), 'the monitoring status line', 20_000);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  it('a device the switch refuses is a clear error, exit 1', async () => {
    const sw = await FakeSwitch.start();
    const { CstaError } = await import('../../src/session/errors.js');
    sw.answer('monitorStart', () => {
      throw new CstaError({ operation: 'monitorStart', invokeId: 0, errcode: 1, parameter: { case: 'operation', value: 'invalidDeviceID' } });
    });
    const cli = startCli(['monitor', '999', '--host', '127.0.0.1', '--port', String(sw.port)]);
    expect(await cli.exit).toBe(1);
    const text = cli.err.join('\n');
    expect(text).toContain('csta monitor: the switch did not start monitoring 999');
    expect(text).toContain('operation/invalidDeviceID');
    expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('takes ranges of devices as csta sim does, each device once', async () => {
    const { monitorDevices } = await import('../../src/cli/monitor.js');
    expect(monitorDevices(['100-103', '200', '102', '+4989123'])).toEqual(['100', '101', '102', '103', '200', '+4989123']);
    expect(() => monitorDevices(['109-100'])).toThrow(/109-100/);
    const cli = startCli(['monitor', '100-102']);
    await waitFor(() => cli.err.some((l) => l.startsWith('csta monitor: monitoring 100 (')), 'the monitoring status line', 20_000);
    expect(cli.err.find((l) => l.startsWith('csta monitor: monitoring'))).toMatch(/^csta monitor: monitoring 100 \(\w+\), 101 \(\w+\), 102 \(\w+\);/);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
    const bad = startCli(['monitor', '300-200']);
    expect(await bad.exit).toBe(2);
    expect(bad.err.join('\n')).toMatch(/300-200/);
  });

  it('a wrong --port is a usage error', async () => {
    const cli = startCli(['monitor', '100', '--host', '127.0.0.1', '--port', '99999']);
    expect(await cli.exit).toBe(2);
    expect(cli.err.join('\n')).toContain('--port "99999" is not a number from 1 to 65535');
  });
});
