/**
 * Where the CLI's input comes from: hex on the command line, a file (-f), or stdin. A file or
 * stdin is hex text when it holds nothing but hex digits and whitespace (a pasted trace), and
 * binary otherwise (a raw capture: HiPath frames start with 0x26 '&', ROSE APDUs with 0xA1..0xA4,
 * neither of which is a hex digit).
 */
import { readFile } from 'node:fs/promises';
import { fromHex } from '../ber/index.js';
import { BerError } from '../ber/error.js';
import { CliError, usageError } from './cli-error.js';

/** Standard streams, passed in so a command can be run against other streams (tests, embedding). */
export interface CliIO {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const processIO: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/** Bytes from hex text; a bad digit or an odd count is a CliError that says where. `source` names the input. */
export function parseHex(text: string, source: string): Uint8Array {
  try {
    return fromHex(text);
  } catch (e) {
    if (!(e instanceof BerError)) throw e;
    throw new CliError(
      'bad-hex',
      `${source} is not valid hex: ${e.detail.replace(/^fromHex: /, '')}`,
      'give the bytes as hex digits, with or without spaces between them (e.g. "26 80 0E A1 0C …")',
    );
  }
}

function isHexText(data: Uint8Array): boolean {
  let digits = 0;
  for (const c of data) {
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    const l = c | 0x20;
    if ((c >= 0x30 && c <= 0x39) || (l >= 0x61 && l <= 0x66)) digits++;
    else return false;
  }
  return digits > 0;
}

/** Hex text is parsed, anything else is taken as raw bytes. */
export function bytesFromData(data: Uint8Array, source: string): Uint8Array {
  return isHexText(data) ? parseHex(Buffer.from(data).toString('latin1'), source) : data;
}

export async function readStdin(io: CliIO): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Refuses to wait on an interactive terminal for input that the user did not mean to type. */
export function requirePipedStdin(io: CliIO, what: string): void {
  if (io.stdin.isTTY) {
    throw usageError('no-input', `no ${what} given`, `give it as an argument, with -f <file>, or pipe it to stdin (see --help)`);
  }
}

export async function readInputFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new CliError('unreadable-file', `cannot read ${path}: ${why}`, 'check the path given to -f');
  }
}

/**
 * The bytes to decode: the hex arguments joined, or the file, or stdin. Hex arguments and -f
 * together are a usage error (which one was meant is not clear).
 */
export async function readBytesInput(hexArgs: readonly string[], file: string | undefined, io: CliIO): Promise<Uint8Array> {
  if (hexArgs.length > 0 && file !== undefined) {
    throw usageError('conflicting-inputs', 'both hex arguments and -f were given', 'give the bytes one way: as hex arguments, with -f <file>, or on stdin');
  }
  if (hexArgs.length > 0) return parseHex(hexArgs.join(' '), 'the hex argument');
  if (file !== undefined) return bytesFromData(await readInputFile(file), file);
  requirePipedStdin(io, 'bytes to decode');
  return bytesFromData(await readStdin(io), 'stdin');
}
