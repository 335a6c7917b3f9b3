/**
 * `csta call <from> <to>` as a user runs it (a child process) against the switch role in this
 * process: MakeCall with the right argument, the call printed (human or JER), the association
 * released; refusals and unreachable switches are clear errors with exit code 1.
 */
import { describe, expect, it } from '@jest/globals';
import { deviceId } from '../../src/session/device.js';
import { CstaError } from '../../src/session/errors.js';
import { startCli } from '../seed/cli-runner.js';
import { clientTestGuards, FakeSwitch } from '../seed/switch-harness.js';

clientTestGuards();

const at = (sw: FakeSwitch) => ['--host', '127.0.0.1', '--port', String(sw.port)];

describe('csta call', () => {
  it('makes the call, prints its callID and connection, and releases', async () => {
    const sw = await FakeSwitch.start();
    const cli = startCli(['call', '100', '101', ...at(sw)]);
    expect(await cli.exit).toBe(0);
    expect(cli.out).toEqual(['callID=005b connection=100']);
    expect(sw.of('makeCall')).toEqual([{ callingDevice: deviceId('100'), calledDirectoryNumber: deviceId('101') }]);
    expect(sw.session.closeError?.reason).toBe('released');
  });

  it('--json prints the MakeCallResult as JER', async () => {
    const sw = await FakeSwitch.start();
    const cli = startCli(['call', '100', '0711234567', '--json', ...at(sw)]);
    expect(await cli.exit).toBe(0);
    expect(cli.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { callingDevice: { both: { callID: '005B', deviceID: { staticID: { deviceIdentifier: { dialingNumber: '100' } } } } } },
    ]);
  });

  it('a refusal by the switch is exit 1 with the CSTA error category and value', async () => {
    const sw = await FakeSwitch.start();
    sw.answer('makeCall', () => {
      throw new CstaError({ operation: 'makeCall', invokeId: 0, errcode: 1, parameter: { case: 'operation', value: 'invalidDestination' } });
    });
    const cli = startCli(['call', '100', '999', ...at(sw)]);
    expect(await cli.exit).toBe(1);
    expect(cli.err[0]).toBe('csta call: makeCall 100 → 999: the switch refused (operation/invalidDestination)');
    expect(cli.err.join('\n')).toContain('what to do:');
  });

  it('an unreachable switch is exit 1 with what to check', async () => {
    const sw = await FakeSwitch.start();
    const port = sw.port;
    await sw.server.close();
    const cli = startCli(['call', '100', '101', '--host', '127.0.0.1', '--port', String(port)]);
    expect(await cli.exit).toBe(1);
    expect(cli.err[0]).toBe(`csta call: cannot connect to 127.0.0.1:${port}`);
    expect(cli.err.join('\n')).toContain('connection refused');
  });

  it('a wrong password is exit 1 naming --user and --password', async () => {
    const sw = await FakeSwitch.start();
    const cli = startCli(['call', '100', '101', '--password', 'nope', ...at(sw)]);
    expect(await cli.exit).toBe(1);
    expect(cli.err.join('\n')).toContain('check --user and --password');
    expect(cli.err.join('\n')).not.toContain('nope');
  });
});
