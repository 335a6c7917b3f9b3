// Harness for cross-checking csta3's BER codecs against asn1c 0.9.28 (an independent
// implementation). test/asn1c/build.sh builds build/asn1c-rt and build/names.json; this module
// runs asn1c-rt once and streams requests to it (protocol: driver.c).
//
//   const asn1c = startAsn1c();
//   const der = await asn1c.roundTrip('CSTA-make-call.MakeCallArgument', ber); // asn1c's DER
//   await asn1c.close();
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type Asn1cErrorCode =
  | 'ASN1C_NOT_BUILT' // build/asn1c-rt or build/names.json missing: run test/asn1c/build.sh
  | 'ASN1C_UNKNOWN_TYPE' // "<Module>.<Type>" not in names.json (or not in asn1c-rt's table)
  | 'ASN1C_DECODE_FAILED' // asn1c's ber_decode returned RC_FAIL
  | 'ASN1C_INCOMPLETE' // ber_decode wanted more bytes (RC_WMORE)
  | 'ASN1C_PARTIAL' // the value ended before the input did
  | 'ASN1C_ENCODE_FAILED' // der_encode failed on the decoded value
  | 'ASN1C_BAD_REQUEST' // asn1c-rt could not parse the request line
  | 'ASN1C_EXITED' // asn1c-rt exited or could not start
  | 'ASN1C_CLOSED'; // the request came after close()

export class Asn1cError extends Error {
  constructor(readonly code: Asn1cErrorCode, message: string) {
    super(message);
    this.name = 'Asn1cError';
  }
}

const DRIVER_CODES: Record<string, Asn1cErrorCode> = {
  'bad-request': 'ASN1C_BAD_REQUEST',
  'unknown-type': 'ASN1C_UNKNOWN_TYPE',
  'decode-failed': 'ASN1C_DECODE_FAILED',
  incomplete: 'ASN1C_INCOMPLETE',
  partial: 'ASN1C_PARTIAL',
  'encode-failed': 'ASN1C_ENCODE_FAILED',
};

/** The checkout this file was compiled from: the nearest directory up with test/asn1c/build.sh. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'test', 'asn1c', 'build.sh'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Asn1cError('ASN1C_NOT_BUILT', `no test/asn1c/build.sh above ${fileURLToPath(import.meta.url)}; set ASN1C_BUILD_DIR`);
    dir = up;
  }
}

/** Where build.sh puts asn1c-rt and names.json ($ASN1C_BUILD_DIR overrides). */
function buildDir(): string {
  return process.env.ASN1C_BUILD_DIR ?? join(repoRoot(), 'test', 'asn1c', 'build');
}

export const asn1cPaths = {
  get rt(): string { return join(buildDir(), 'asn1c-rt'); },
  get names(): string { return join(buildDir(), 'names.json'); },
};

/** True when build.sh has produced an executable asn1c-rt and its names.json. */
export function asn1cAvailable(): boolean {
  try {
    accessSync(asn1cPaths.rt, constants.X_OK);
    accessSync(asn1cPaths.names, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** names.json: "<Module>.<Type>" (our name) -> asn1c's C type name (asn_DEF_<name>). */
export function asn1cNames(): Record<string, string> {
  if (!asn1cAvailable())
    throw new Asn1cError('ASN1C_NOT_BUILT', `${asn1cPaths.rt} or ${asn1cPaths.names} is missing; run test/asn1c/build.sh`);
  return JSON.parse(readFileSync(asn1cPaths.names, 'utf8')) as Record<string, string>;
}

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

interface Pending {
  request: string;
  xer: string[];
  resolve: (reply: { hex: string; xer: string }) => void;
  reject: (error: Asn1cError) => void;
}

export interface Asn1cProcess {
  /** Decode `ber` as `moduleType` ("<Module>.<Type>") with asn1c and return asn1c's DER of it. */
  roundTrip(moduleType: string, ber: Uint8Array): Promise<Uint8Array>;
  /** The value as asn1c's XER, for debugging a mismatch. */
  toXer(moduleType: string, ber: Uint8Array): Promise<string>;
  close(): Promise<void>;
}

/** Spawn build/asn1c-rt once; requests are answered in order. TZ=UTC: see README (GeneralizedTime). */
export function startAsn1c(): Asn1cProcess {
  const names = asn1cNames();
  const child: ChildProcessWithoutNullStreams = spawn(asn1cPaths.rt, [], {
    env: { ...process.env, TZ: 'UTC' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const queue: Pending[] = [];
  let stderr = '';
  let ended: Asn1cError | null = null;
  let exited: Promise<void> | null = null;

  const failAll = (error: Asn1cError): void => {
    ended ??= error;
    for (const p of queue.splice(0)) p.reject(error);
  };
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2000); });
  child.on('error', (e) => failAll(new Asn1cError('ASN1C_EXITED', `cannot run ${asn1cPaths.rt}: ${e.message}`)));
  const closed = new Promise<void>((resolve) => child.on('close', (code, signal) => {
    failAll(new Asn1cError('ASN1C_EXITED', `asn1c-rt exited (code ${code}, signal ${signal}) with requests pending; stderr: ${stderr || '(empty)'}`));
    resolve();
  }));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const head = queue[0];
    if (!head) return failAll(new Asn1cError('ASN1C_EXITED', `asn1c-rt printed "${line.slice(0, 80)}" with no request pending`));
    if (line.startsWith('OK ')) {
      queue.shift();
      head.resolve({ hex: line.slice(3), xer: head.xer.join('\n') });
    } else if (line.startsWith('ERR ')) {
      queue.shift();
      const m = /^ERR ([a-z-]+): (.*)$/.exec(line);
      const code = (m && DRIVER_CODES[m[1]]) ?? 'ASN1C_BAD_REQUEST';
      head.reject(new Asn1cError(code, `asn1c rejected ${head.request}: ${m ? m[2] : line}`));
    } else head.xer.push(line);
  });

  const ask = (moduleType: string, ber: Uint8Array, xer: boolean): Promise<{ hex: string; xer: string }> => {
    if (ended) return Promise.reject(ended);
    const cName = names[moduleType];
    if (!cName) {
      return Promise.reject(new Asn1cError('ASN1C_UNKNOWN_TYPE',
        `${moduleType} is not in ${asn1cPaths.names}; give "<Module>.<Type>" as in the ASN.1 (and rebuild with test/asn1c/build.sh if the module is new)`));
    }
    return new Promise((resolve, reject) => {
      queue.push({ request: `${moduleType} (${ber.length} bytes)`, xer: [], resolve, reject });
      child.stdin.write(`${xer ? 'X ' : ''}${cName} ${toHex(ber)}\n`);
    });
  };

  return {
    roundTrip: async (moduleType, ber) => Uint8Array.from(Buffer.from((await ask(moduleType, ber, false)).hex, 'hex')),
    toXer: async (moduleType, ber) => (await ask(moduleType, ber, true)).xer,
    close: () => {
      if (!exited) {
        if (!ended) ended = new Asn1cError('ASN1C_CLOSED', 'asn1c-rt was closed; call startAsn1c() again');
        child.stdin.end();
        exited = closed;
      }
      return exited;
    },
  };
}
