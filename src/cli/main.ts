/**
 * The `csta` command line (architecture.md "The command line"). Each command lives in its own
 * file, src/cli/<command>.ts, exporting `register<Command>(program, io)`; adding one is that file
 * plus one line in COMMANDS below. Commands throw CliError (or BerError / InspectError) for
 * anything the user can fix; `main` prints it without a stack trace and picks the exit code
 * (cli-error.ts: 1 bad input, 2 usage, 70 internal error).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describeFailure, EXIT_OK, EXIT_USAGE } from './cli-error.js';
import { registerCall } from './call.js';
import { registerDecode } from './decode.js';
import { registerEncode } from './encode.js';
import { processIO, type CliIO } from './input.js';
import { registerMonitor } from './monitor.js';
import { registerSim } from './sim.js';
import { printableLines } from '../session/printable.js';

/** Every command, in the order `csta --help` lists them. */
const COMMANDS: readonly ((program: Command, io: CliIO) => void)[] = [registerDecode, registerEncode, registerMonitor, registerCall, registerSim];

/** The package version, from the nearest package.json above this file (dist/src/cli/ or src/cli/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'csta3') return pkg.version ?? 'unknown';
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

export function buildProgram(io: CliIO = processIO): Command {
  const program = new Command('csta')
    .description('CSTA Phase III (ECMA-269/ECMA-285) tools: decode and encode APDUs (JER), monitor devices, make calls, run the PBX simulator')
    .version(packageVersion())
    // Throw instead of process.exit, so main() chooses the exit code; inherited by every command
    // added after this call.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(add --help for usage)');
  for (const register of COMMANDS) register(program, io);
  return program;
}

/** Runs the command line `argv` (as process.argv: node, script, args…) and returns the exit code. */
export async function main(argv: readonly string[] = process.argv, io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed the message (or the help / version) already.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const command = program.args[0] !== undefined && program.commands.some((c) => c.name() === program.args[0]) ? program.args[0] : '';
    const { text, exitCode } = describeFailure(command, e);
    io.stderr.write(printableLines(text)); // a message may quote what the switch sent
    return exitCode;
  }
}
