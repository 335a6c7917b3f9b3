/**
 * `csta encode <Type> ['<JER>']`: a value written as JER (ITU-T X.697) to its BER encoding, as
 * hex. The type is `Module.Type` or a unique type name (type-names.ts); the JER comes from the
 * argument, or from stdin when the argument is `-` or missing.
 */
import type { Command } from 'commander';
import { BerError } from '../ber/error.js';
import { encode, toHex } from '../ber/index.js';
import { hipathFrameOf } from '../inspect/index.js';
import { fromJer } from '../jer/index.js';
import { berAdvice, CliError } from './cli-error.js';
import { readStdin, requirePipedStdin, type CliIO } from './input.js';
import { resolveType } from './type-names.js';

interface EncodeOptions {
  spaced?: boolean;
  frame?: boolean;
}

const EXAMPLES = `
Examples:
  $ csta encode MakeCallArgument '{"callingDevice":{"deviceIdentifier":{"dialingNumber":"100"}},"calledDirectoryNumber":{"deviceIdentifier":{"dialingNumber":"101"}}}'
  300E3005800331303030058003313031
  $ csta encode CSTA-system-status.SystemStatusArg '{"systemStatus":"normal"}' --spaced
  30 03 0A 01 02
  $ echo '{"noData":null}' | csta encode SystemStatusRes -`;

export function registerEncode(program: Command, io: CliIO): void {
  program
    .command('encode')
    .summary('encode a JER value of an ASN.1 type and print its BER as hex')
    .description(
      'Encode a value, written as JER (ITU-T X.697: SEQUENCE = object keyed by component names, CHOICE = {"alternative": value}, ' +
        'OCTET STRING = hex, ENUMERATED = identifier), with the BER codec of the named type, and print the bytes as hex.',
    )
    .argument('<type>', 'Module.Type, or a type name defined in one module only (e.g. MakeCallArgument)')
    .argument('[jer]', "the value as JER text; '-' or nothing reads it from stdin")
    .option('--spaced', 'print the hex with a space between bytes')
    .option('--frame', 'prepend the HiPath frame header (26, then 0x8000 | length)')
    .addHelpText('after', EXAMPLES)
    .action(async (typeName: string, jer: string | undefined, options: EncodeOptions) => {
      const codec = resolveType(typeName);
      let text = jer;
      if (text === undefined || text === '-') {
        requirePipedStdin(io, 'JER value');
        text = (await readStdin(io)).toString('utf8');
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new CliError(
          'bad-json',
          `the JER text for ${codec.name} is not JSON (${(e as Error).message})`,
          `write the value as JSON and quote it for the shell, e.g. csta encode SystemStatusArg '{"systemStatus":"normal"}'`,
        );
      }
      let bytes: Uint8Array;
      try {
        bytes = encode(codec, fromJer(codec, json));
      } catch (e) {
        if (!(e instanceof BerError)) throw e;
        throw new CliError('bad-value', `the JER value does not fit ${codec.name}`, berAdvice(e), 1, e);
      }
      if (options.frame) {
        if (bytes.length > 0x7fff) {
          throw new CliError('too-large-for-frame', `the encoding is ${bytes.length} bytes; a HiPath frame carries at most 32767`, 'leave out --frame');
        }
        bytes = hipathFrameOf(bytes);
      }
      io.stdout.write(toHex(bytes, options.spaced ? ' ' : '') + '\n');
    });
}
