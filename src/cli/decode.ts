/**
 * `csta decode [hex...] [-f file]`: captured bytes to one JER object per APDU, one per line.
 * Framing (HiPath `26 8x xx` header or bare BER) and protocol (ACSE or ROSE) are detected; ROSE
 * arguments/results/errors are decoded through the operation table (src/inspect).
 *
 * Every APDU that can be delimited is tried: the ones that decode are printed, each one that does
 * not is reported on stderr (offset, ASN.1 path, advice) and the exit code is 1.
 */
import { Option, type Command } from 'commander';
import { BerError } from '../ber/error.js';
import { apduToJer, decodeApdu, FRAME_FORMATS, scanFrames, type FrameFormatName } from '../inspect/index.js';
import { InspectError } from '../inspect/inspect-error.js';
import { AlreadyReported, berAdvice, CliError, describeFailure } from './cli-error.js';
import { readBytesInput, type CliIO } from './input.js';
import { printableJson } from '../session/printable.js';

interface DecodeOptions {
  file?: string;
  framing: FrameFormatName;
  pretty?: boolean;
  raw?: boolean;
}

const EXAMPLES = `
Examples:
  $ csta decode 26 80 0E A1 0C 02 01 01 02 02 00 D3 30 03 0A 01 02
  {"apdu":"invoke","invokeId":1,"operation":"systemStatus","opcode":211,"argument":{"systemStatus":"normal"}}
  $ csta decode -f capture.bin --pretty
  $ xxd -p capture.bin | csta decode --raw`;

export function registerDecode(program: Command, io: CliIO): void {
  program
    .command('decode')
    .summary('decode CSTA APDUs (hex, a file or stdin) and print them as JER')
    .description(
      'Decode ACSE and ROSE APDUs, with or without the HiPath frame header (26 8x xx), and print one JER (ITU-T X.697) ' +
        'object per APDU, one per line. ROSE arguments, results and error parameters are decoded through the operation table. ' +
        'Without hex arguments or -f, the bytes are read from stdin (hex text or binary).',
    )
    .argument('[hex...]', 'the bytes as hex; spaces are allowed and several arguments are joined')
    .option('-f, --file <path>', 'read the bytes from a file (hex text or binary)')
    .addOption(
      new Option('--framing <format>', 'auto: HiPath header where there is one; hipath: required; none: bare BER elements')
        .choices(FRAME_FORMATS)
        .default('auto'),
    )
    .option('--pretty', 'indent the JSON (one object per APDU, several lines each)')
    .option('--raw', 'do not decode open types: arguments, results and EXTERNALs stay as hex')
    .addHelpText('after', EXAMPLES)
    .action(async (hex: string[], options: DecodeOptions) => {
      const bytes = await readBytesInput(hex, options.file, io);
      runDecode(bytes, options, io);
    });
}

function runDecode(bytes: Uint8Array, options: DecodeOptions, io: CliIO): void {
  const { frames, error } = scanFrames(bytes, options.framing);
  let failed = 0;
  const report = (e: unknown) => {
    failed++;
    io.stderr.write(describeFailure('decode', e).text);
  };
  frames.forEach((frame, i) => {
    try {
      const decoded = decodeApdu(frame.apdu, { offset: frame.offset, raw: options.raw });
      io.stdout.write(printableJson(JSON.stringify(apduToJer(decoded), null, options.pretty ? 2 : undefined)) + '\n');
    } catch (e) {
      if (!(e instanceof BerError) && !(e instanceof InspectError)) throw e;
      const which = frames.length > 1 || error !== undefined ? `APDU ${i + 1} (at offset ${frame.offset})` : `the APDU at offset ${frame.offset}`;
      report(new CliError('bad-apdu', `cannot decode ${which}`, adviceFor(e), 1, e));
    }
  });
  if (error !== undefined) {
    if (!(error instanceof BerError) && !(error instanceof InspectError)) throw error;
    const after = frames.length > 0 ? ` after ${frames.length} APDU${frames.length === 1 ? '' : 's'}` : '';
    report(new CliError('bad-frame', `cannot find the next APDU${after}`, adviceFor(error), 1, error));
  }
  if (failed > 0) throw new AlreadyReported();
}

function adviceFor(e: BerError | InspectError): string {
  if (!(e instanceof InspectError)) return berAdvice(e);
  // InspectError advice is a sentence; the CLI's "what to do:" line continues lower case.
  return e.advice.charAt(0).toLowerCase() + e.advice.slice(1).replace(/\.$/, '');
}
