/**
 * `csta monitor <device…> --host <switch> [--port] [--user --password] [--tls] [--json]`: monitors
 * the devices and prints one line per event, until Ctrl-C (SIGINT/SIGTERM: monitors stopped,
 * association released, exit 0). The link is re-established on its own after a loss; status lines
 * about that go to stderr, events keep coming on stdout.
 *
 * Human lines: `<time>  <device>  <event>  call=<callID> <party>=<number> … state=<state> cause=<cause>`;
 * with --json one object per line: { receivedAt, device, crossRefIdentifier, invokeId, category,
 * event, value } where value is the event's JER (ITU-T X.697).
 *
 * Also the connection options and helpers `csta call` shares, and the hook for an embedded
 * simulator when no --host is given (startEmbeddedSwitch).
 */
import type { Command } from 'commander';
import { toJer } from '../jer/index.js';
import { CstaClient, type ClientOptions } from '../session/client.js';
import { eventDevices, eventInfo, mainConnection, type CstaEvent } from '../session/csta-event.js';
import { callIdOf, dialingNumberOf } from '../session/device.js';
import { isSessionError } from '../session/errors.js';
import type { SnapshotDeviceData } from '../../generated/csta-status-reporting.js';
import type { Monitor } from '../session/monitor.js';
import { TransportError } from '../session/transport.js';
import { seedTimestamp } from '../seed/hash.js';
import { DeviceSpecError, parseDeviceRanges } from '../simulator/devices.js';
import { startEmbeddedSwitch as startSimulator } from '../simulator/embedded.js';
import { CliError, usageError } from './cli-error.js';
import type { CliIO } from './input.js';
import { printable, printableJson } from '../session/printable.js';

// ---------------------------------------------------------------------------------------------
// Connecting (shared with call.ts)

export interface ConnectionFlags {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  tls?: boolean;
  timeout?: string;
}

/** A switch running inside this process, for commands given no --host. */
export interface EmbeddedSwitch {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts the embedded simulator (src/simulator/embedded.ts) for commands run without --host: a
 * simulated switch on 127.0.0.1 and a free port, with random calls among the devices monitored
 * (and a few others), so `csta monitor 100 101` has something to show.
 */
export async function startEmbeddedSwitch(): Promise<EmbeddedSwitch | undefined> {
  return startSimulator({ traffic: 0.5 });
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--host <address>', 'the switch (PBX) address')
    .option('--port <n>', 'its CSTA port (default: the HiPath profile default, 8800)')
    .option('--user <name>', 'CSTA user name (default AMHOST)')
    .option('--password <secret>', 'CSTA password (default: $CSTA_PASSWORD, else 77777); the environment keeps it out of the process list')
    .option('--tls', 'connect with TLS (system CAs; the switch certificate must match --host)')
    .option('--timeout <ms>', 'request timeout in milliseconds (default 10000)');
}

function positiveInt(text: string, what: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw usageError(`bad-${what}`, `--${what} ${JSON.stringify(text)} is not a number from 1 to ${max}`, `give --${what} as a whole number`);
  return n;
}

/** Connects as the flags say (or to the embedded switch); connection failures become CliErrors. */
export async function connectClient(
  flags: ConnectionFlags,
  extra: Partial<ClientOptions> = {},
): Promise<{ client: CstaClient; embedded?: EmbeddedSwitch }> {
  let embedded: EmbeddedSwitch | undefined;
  let host = flags.host;
  let port = flags.port === undefined ? undefined : positiveInt(flags.port, 'port', 65535);
  if (host === undefined) {
    embedded = await startEmbeddedSwitch();
    if (embedded === undefined) {
      throw usageError('no-host', 'no --host: the embedded simulator is not available yet', 'give the switch address with --host (and --port)');
    }
    host = embedded.host;
    port = embedded.port;
  }
  const password = flags.password ?? process.env.CSTA_PASSWORD;
  const options: ClientOptions = {
    host,
    ...(port !== undefined && { port }),
    ...(flags.user !== undefined && { user: flags.user }),
    ...(password !== undefined && { password }),
    ...(flags.tls === true && { tls: true }),
    ...(flags.timeout !== undefined && { requestTimeoutMs: positiveInt(flags.timeout, 'timeout', 3_600_000) }),
    ...extra,
  };
  try {
    return { client: await CstaClient.connect(options), ...(embedded && { embedded }) };
  } catch (e) {
    await embedded?.close();
    throw connectFailure(e, `${host}:${port ?? 'default port'}`);
  }
}

function connectFailure(e: unknown, where: string): unknown {
  if (e instanceof TransportError) {
    return new CliError(`connect-${e.code}`, `cannot connect to ${where}`, 'check --host, --port (and --tls) and that the switch offers CSTA there', 1, e);
  }
  if (isSessionError(e, 'association-rejected')) {
    return new CliError('association-rejected', `the switch at ${where} refused the association`, 'check --user and --password (the CSTA link settings on the switch)', 1, e);
  }
  if (isSessionError(e)) {
    return new CliError(`connect-${e.code}`, `could not associate with ${where}`, 'check that this port speaks CSTA Phase III (ASN.1) with the HiPath framing', 1, e);
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// Printing events

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The switch's timestamp as `YYYY-MM-DD hh:mm:ss`, or the receive time (local) when it sent none. */
export function eventTime(event: CstaEvent): string {
  const stamped = event.timestamp === undefined ? undefined : seedTimestamp(event.timestamp);
  if (stamped !== undefined) return stamped;
  const d = event.receivedAt;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** One human line: time, device, event, then the call, the parties, the state and the cause. */
export function formatEvent(event: CstaEvent): string {
  const parts = [eventTime(event), event.device, event.name];
  const connection = mainConnection(event.name, event.value);
  const callId = callIdOf(connection);
  if (callId !== undefined) parts.push(`call=${callId}`);
  const at = dialingNumberOf(connection);
  if (at !== undefined) parts.push(`connection=${at}`);
  for (const { field, number } of eventDevices(event.name, event.value)) {
    parts.push(`${field.replace(/Device$/, '')}=${number ?? '-'}`);
  }
  const v = event.value as unknown as Record<string, unknown>;
  if (typeof v.localConnectionInfo === 'string') parts.push(`state=${v.localConnectionInfo}`);
  if (typeof v.cause === 'string') parts.push(`cause=${v.cause}`);
  return printable(parts.join('  ')); // the numbers come from the switch: no control characters through
}

/** One JSON line: the event's JER with where and when it came. */
export function eventJson(event: CstaEvent): string {
  return printableJson(JSON.stringify({
    receivedAt: event.receivedAt.toISOString(),
    device: event.device,
    crossRefIdentifier: event.crossRefIdentifier,
    invokeId: event.invokeId,
    category: event.category,
    event: event.name,
    value: toJer(eventInfo(event.name).codec, event.value),
  }));
}

// ---------------------------------------------------------------------------------------------
// The command

interface MonitorFlags extends ConnectionFlags {
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ csta monitor 100 101 --host 10.0.0.5 --port 8800
  2010-09-25 11:35:10  100  delivered  call=005b  connection=100  alerting=100  calling=200  called=100  lastRedirection=-  state=alerting  cause=newCall
  $ csta monitor 100 --host pbx --json | jq .event
  $ csta monitor 100-109 200 --host pbx         # 100 to 109, and 200`;

export function registerMonitor(program: Command, io: CliIO): void {
  const command = program
    .command('monitor')
    .summary('monitor devices and print their events, one per line, until Ctrl-C')
    .description(
      'Start a CSTA monitor for each device and print every event (all 74 ECMA-285 event types) as it arrives. ' +
        'The link is re-established on its own after a loss and the monitors started again; status lines go to stderr.',
    )
    .argument('<device...>', 'dialing numbers of the devices to monitor; a range of numbers as 100-109')
    .option('--json', 'print each event as one JSON object (the event value as JER, ITU-T X.697)');
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (devices: string[], flags: MonitorFlags) => runMonitor(devices, flags, io));
}

/** A resync's snapshot in a status line: `call=b164 state=connected (others: alerting)`, comma-separated. */
function describeCalls(calls: SnapshotDeviceData | undefined): string {
  if (calls === undefined) return 'the switch sends its snapshot as events';
  if (calls.length === 0) return 'no calls';
  return calls
    .map(({ connectionIdentifier, localCallState: state }) => {
      const states = state.case === 'compoundCallState' ? state.value : [];
      const own = state.case === 'compoundCallState' ? (states[0] ?? '?') : state.case;
      const others = states.length > 1 ? ` (others: ${states.slice(1).join(', ')})` : '';
      return `call=${callIdOf(connectionIdentifier) ?? '?'} state=${own}${others}`;
    })
    .join(', ');
}

/**
 * The devices the arguments name: a dialing number as it is, a range of digits (`100-109`, as
 * `csta sim --devices` takes them) as each number in it; each device once, in order.
 */
export function monitorDevices(args: readonly string[]): string[] {
  const out = new Set<string>();
  for (const arg of args) {
    let devices = [arg];
    if (/^\d+-\d+$/.test(arg)) {
      try {
        devices = parseDeviceRanges(arg);
      } catch (e) {
        if (e instanceof DeviceSpecError) throw usageError('bad-device-range', e.message, 'give a range as first-last, e.g. 100-109');
        throw e;
      }
    }
    for (const device of devices) out.add(device);
  }
  return [...out];
}

async function runMonitor(args: string[], flags: MonitorFlags, io: CliIO): Promise<void> {
  const devices = monitorDevices(args);
  const { client, embedded } = await connectClient(flags);
  const status = (line: string): void => void io.stderr.write(`csta monitor: ${printable(line)}\n`);
  const print = (event: CstaEvent): void => void io.stdout.write((flags.json ? eventJson(event) : formatEvent(event)) + '\n');
  client.on('linkLost', (e) => status(`link lost (${e.reason}); reconnecting`));
  client.on('reconnecting', (r) => status(`reconnecting in ${r.delayMs} ms (attempt ${r.attempt})${r.error ? `: ${r.error.message}` : ''}`));
  client.on('reconnected', (r) => status(`reconnected; ${r.recreated.map((m) => `${m.device} ${m.previous ?? '?'}→${m.crossRefIdentifier}`).join(', ') || 'no monitors'}`));
  client.on('monitorsRecreated', (r) => status(`the switch restarted; monitors started again: ${r.recreated.map((m) => m.device).join(', ')}`));
  client.on('monitorLost', (m, e) => status(`could not monitor ${m.device} again: ${e.message}`));
  client.on('unknownEvent', (ev) => status(`${ev.name} for unknown cross reference ${ev.crossRefIdentifier}; ignored`));
  let stopping: (() => void) | undefined;
  const stopped = new Promise<Error | undefined>((resolve) => {
    stopping = () => resolve(undefined);
    client.once('close', (error) => resolve(error));
  });
  process.once('SIGINT', stopping as () => void);
  process.once('SIGTERM', stopping as () => void);
  try {
    const monitors: Monitor[] = [];
    for (const device of devices) {
      try {
        const monitor = await client.monitor(device, { event: print });
        monitor.on('resync', (r) => status('error' in r ? `no snapshot of ${monitor.device} after monitoring it again: ${r.error.message}` : `${monitor.device} now: ${describeCalls(r.calls)}`));
        monitors.push(monitor);
      } catch (e) {
        throw new CliError('monitor-refused', `the switch did not start monitoring ${device}`, 'check the dialing number and that the CSTA link may monitor it', 1, e);
      }
    }
    status(`monitoring ${monitors.map((m) => `${m.device} (${m.crossRefIdentifier})`).join(', ')}; Ctrl-C to stop`);
    const error = await stopped;
    if (error !== undefined) throw new CliError('link-lost', 'the link to the switch is gone', 'check the switch and the network, then start again', 1, error);
  } finally {
    process.off('SIGINT', stopping as () => void);
    process.off('SIGTERM', stopping as () => void);
    await client.close();
    await embedded?.close();
  }
}
