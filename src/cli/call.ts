/**
 * `csta call <from> <to> --host <switch> [--port] [--user --password] [--tls] [--json]`: MakeCall
 * from one device to a number, then prints the call: `callID=005b connection=100` (the calling
 * side's ConnectionID, which `holdCall`, `clearConnection`, … take), or with --json the
 * MakeCallResult as JER. The association is released afterwards; the call goes on.
 */
import type { Command } from 'commander';
import { toJer } from '../jer/index.js';
import { MakeCallResult } from '../../generated/csta-make-call.js';
import { callIdOf, dialingNumberOf } from '../session/device.js';
import { CstaError, isSessionError } from '../session/errors.js';
import { CliError } from './cli-error.js';
import type { CliIO } from './input.js';
import { addConnectionOptions, connectClient, type ConnectionFlags } from './monitor.js';
import { printable, printableJson } from '../session/printable.js';

interface CallFlags extends ConnectionFlags {
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ csta call 100 101 --host 10.0.0.5 --port 8800
  callID=005b connection=100
  $ csta call 100 0711234567 --host pbx --json`;

export function registerCall(program: Command, io: CliIO): void {
  const command = program
    .command('call')
    .summary('make a call from a device to a number (MakeCall) and print its connection')
    .description('Ask the switch to call <to> from <from> (MakeCall: <from> rings or goes off-hook first, as the switch does it) and print the callID and connection it returns.')
    .argument('<from>', 'the calling device (dialing number)')
    .argument('<to>', 'the number to call')
    .option('--json', 'print the MakeCallResult as JER (ITU-T X.697)');
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (from: string, to: string, flags: CallFlags) => runCall(from, to, flags, io));
}

async function runCall(from: string, to: string, flags: CallFlags, io: CliIO): Promise<void> {
  const { client, embedded } = await connectClient(flags, { reconnect: false });
  try {
    let result: MakeCallResult;
    try {
      result = await client.makeCall(from, to);
    } catch (e) {
      throw callFailure(e, from, to);
    }
    if (flags.json) {
      io.stdout.write(printableJson(JSON.stringify(toJer(MakeCallResult, result))) + '\n');
    } else {
      const callId = callIdOf(result.callingDevice) ?? '-';
      const device = dialingNumberOf(result.callingDevice) ?? '-';
      io.stdout.write(printable(`callID=${callId} connection=${device}`) + '\n');
    }
  } finally {
    await client.close();
    await embedded?.close();
  }
}

function callFailure(e: unknown, from: string, to: string): unknown {
  const what = `makeCall ${from} → ${to}`;
  if (e instanceof CstaError) {
    return new CliError('call-refused', `${what}: the switch refused (${e.category}/${String(e.value)})`, 'check both numbers and that the CSTA link may control the calling device', 1, e);
  }
  if (isSessionError(e, 'request-timeout')) {
    return new CliError('call-timeout', `${what}: no answer from the switch`, 'the call may still be set up; check the phone before trying again (raise --timeout for slow switches)', 1, e);
  }
  if (isSessionError(e)) return new CliError(`call-${e.code}`, `${what} failed`, 'check the switch and the link, then try again', 1, e);
  return e;
}
