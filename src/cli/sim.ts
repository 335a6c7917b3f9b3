/**
 * `csta sim [--port 8800] [--host 127.0.0.1] [--devices 100-199] [--traffic <calls/s>] [--talk s]
 * [--max-calls n] [--max-monitors n] [--ring-time s] [--report-interval s] [--scenario file] [--seed n]
 * [--tls-cert file --tls-key file] [--user --password] [--quiet] [--group pilot=members]…
 * [--status-interval ms]`: runs the PBX simulator (src/simulator/server.ts) until Ctrl-C, logging
 * one short line per connection, association, client service and monitor, and with random traffic
 * its settings and, every report interval, what it did. SIGHUP simulates a
 * switch restart (every client gets systemStatus enabled and must monitor again). Ctrl-C /
 * SIGTERM: traffic stopped, connections closed, exit 0.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { DeviceDirectory, DeviceSpecError, parseDeviceRanges } from '../simulator/devices.js';
import { ScenarioError } from '../simulator/scenario.js';
import { SwitchSimulator, type SimulatorOptions } from '../simulator/server.js';
import type { TrafficGenerator } from '../simulator/traffic.js';
import { TransportError } from '../session/transport.js';
import { CliError, usageError } from './cli-error.js';
import type { CliIO } from './input.js';
import { printable } from '../session/printable.js';

interface SimFlags {
  port: string;
  host: string;
  devices: string;
  traffic?: string;
  talk?: string;
  maxCalls?: string;
  maxMonitors?: string;
  ringTime: string;
  tlsCert?: string;
  quiet?: boolean;
  group: string[];
  tlsKey?: string;
  reportInterval: string;
  scenario?: string;
  seed?: string;
  user?: string;
  password?: string;
  statusInterval: string;
}

const EXAMPLES = `
Examples:
  $ csta sim                                   # HiPath-like switch on 127.0.0.1:8800, devices 100-199
  $ csta sim --traffic 2 --seed 7              # plus 2 random calls per second
  $ csta sim --devices 1000-9999 --traffic 200 --talk 5   # load: 200 calls/s of about 5 s each
  $ csta sim --port 0 --scenario story.yaml    # any free port; the scenario starts when a client associates
  $ csta monitor 100 101 --host 127.0.0.1      # in another terminal
  $ kill -HUP <pid>                            # simulate a switch restart`;

export function registerSim(program: Command, io: CliIO): void {
  program
    .command('sim')
    .summary('run the PBX simulator (a HiPath-like CSTA switch) until Ctrl-C')
    .description(
      'Listen for CSTA clients as a HiPath / OpenScape switch would (0x26 framing, AMHOST/77777), with simulated phones ' +
        'that clients can monitor and control (makeCall, answerCall, transferCall, …), optional random traffic and scenario files.',
    )
    .option('--port <n>', 'TCP port (0 = any free port)', '8800')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--devices <ranges>', 'dialing numbers of the phones, e.g. 100-199,200,300-310', '100-199')
    .option('--traffic <calls/s>', 'random calls per second among the phones')
    .option('--talk <seconds>', 'mean conversation length of the random calls (default 30)')
    .option('--max-calls <n>', 'random calls in progress at most (default: half the phones)')
    .option('--group <pilot=members>', 'a hunt group: calls to the pilot number are queued and handed to the first free member, e.g. 300=101-105 (repeatable; the pilot must be one of --devices)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--ring-time <seconds>', 'how long a call rings before forwarding on no answer (setForwarding forwardNoAns) diverts it', '15')
    .option('--max-monitors <n>', 'monitors the switch allows at once, all clients together (up to 65535: 2-byte crossRefs)', '1000')
    .option('--quiet', 'log no line per monitor started or stopped, nor per service that succeeded (refusals are still logged)')
    .option('--report-interval <seconds>', 'with --traffic: log what the traffic did this often; 0 = never', '60')
    .option('--scenario <file>', 'a .json/.yaml scenario, run once, 1 s after the first client has associated')
    .option('--seed <n>', 'seed of the random traffic (same seed, same random draws; on real timers the calls can still differ once timing decides which phones are free)')
    .option('--tls-cert <file>', 'serve TLS with this PEM certificate (with --tls-key); clients connect with --tls')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--user <name>', 'CSTA user name clients must give (default AMHOST)')
    .option('--password <secret>', 'CSTA password clients must give (default 77777)')
    .option('--status-interval <ms>', 'send systemStatus normal to each client this often; 0 = never', '30000')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: SimFlags) => runSim(flags, io));
}

function number(text: string, flag: string, min: number, max: number, integer = true): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw usageError(`bad-${flag}`, `--${flag} ${JSON.stringify(text)} is not a ${integer ? 'whole ' : ''}number from ${min} to ${max}`, `give --${flag} as a number`);
  }
  return n;
}

/** The hunt groups of the --group flags (pilot → members), checked against --devices; undefined for none. */
function huntGroups(flags: SimFlags): Record<string, string[]> | undefined {
  if (flags.group === undefined || flags.group.length === 0) return undefined;
  const devices = new DeviceDirectory(flags.devices);
  const groups: Record<string, string[]> = {};
  for (const spec of flags.group) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw usageError('bad-group', `--group ${JSON.stringify(spec)} is not pilot=members`, 'give e.g. --group 300=101-105 (members as in --devices)');
    const pilot = spec.slice(0, eq).trim();
    try {
      const members = parseDeviceRanges(spec.slice(eq + 1));
      devices.setGroup(pilot, members);
      groups[pilot] = members;
    } catch (e) {
      if (e instanceof DeviceSpecError) throw usageError('bad-group', `--group ${spec}: ${e.message}`, 'give a pilot that is one of --devices and members that are too, e.g. --group 300=101-105');
      throw e;
    }
  }
  return groups;
}

/** The simulator options the flags ask for; usage errors for bad values. */
export function simOptions(flags: SimFlags, read: (file: string) => Buffer = readFileSync): SimulatorOptions {
  try {
    parseDeviceRanges(flags.devices);
  } catch (e) {
    if (e instanceof DeviceSpecError) throw usageError('bad-devices', `--devices: ${e.message}`, 'give dialing numbers and ranges, e.g. 100-199,200');
    throw e;
  }
  const groups = huntGroups(flags);
  if (flags.traffic === undefined && (flags.talk !== undefined || flags.maxCalls !== undefined)) {
    throw usageError('traffic-settings-without-traffic', `${flags.talk !== undefined ? '--talk' : '--max-calls'} shapes the random calls of --traffic, and no --traffic was given`, 'add --traffic <calls/s>, or leave it out');
  }
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw usageError('bad-tls', 'give both --tls-cert and --tls-key, or neither (then plain TCP)', 'add the missing one');
  }
  const pem = (file: string, flag: string): Buffer => {
    try {
      return read(file);
    } catch (e) {
      throw new CliError(`${flag}-unreadable`, `cannot read --${flag} ${file}`, `give the path of a PEM file`, 1, e);
    }
  };
  const modelOptions = { maxMonitors: number(flags.maxMonitors ?? '1000', 'max-monitors', 1, 65_535), noAnswerMs: number(flags.ringTime, 'ring-time', 0, 3600, false) * 1000 };
  const tls = flags.tlsCert !== undefined && flags.tlsKey !== undefined ? { cert: pem(flags.tlsCert, 'tls-cert'), key: pem(flags.tlsKey, 'tls-key') } : undefined;
  if (tls) {
    try {
      createSecureContext(tls); // the PEM parsed, and the key belongs to the certificate
    } catch (e) {
      throw new CliError('tls-unusable', `the TLS certificate ${flags.tlsCert} and key ${flags.tlsKey} cannot be used`, 'give a PEM certificate and the private key that belongs to it', 1, e);
    }
  }
  if ((flags.user === undefined) !== (flags.password === undefined)) {
    throw usageError('bad-credentials', 'give both --user and --password, or neither (then AMHOST / 77777)', 'add the missing one');
  }
  return {
    host: flags.host,
    port: number(flags.port, 'port', 0, 65535),
    devices: flags.devices,
    systemStatusIntervalMs: number(flags.statusInterval, 'status-interval', 0, 86_400_000),
    model: { ...modelOptions, ...(groups && { groups }) },
    ...(flags.traffic !== undefined && { traffic: number(flags.traffic, 'traffic', 0, 1000, false) }),
    ...((flags.talk !== undefined || flags.maxCalls !== undefined) && {
      trafficSettings: {
        ...(flags.talk !== undefined && { meanTalkMs: number(flags.talk, 'talk', 0.1, 86_400, false) * 1000 }),
        ...(flags.maxCalls !== undefined && { maxConcurrentCalls: number(flags.maxCalls, 'max-calls', 1, 1_000_000) }),
      },
    }),
    ...(tls && { tls }),
    ...(flags.scenario !== undefined && { scenario: flags.scenario }),
    ...(flags.seed !== undefined && { seed: number(flags.seed, 'seed', 0, 0x7fffffff) }),
    ...(flags.user !== undefined && flags.password !== undefined && { credentials: { name: flags.user, password: flags.password } }),
  };
}

async function runSim(flags: SimFlags, io: CliIO): Promise<void> {
  const options = simOptions(flags);
  const reportEvery = number(flags.reportInterval, 'report-interval', 0, 86_400, false) * 1000;
  const log = (line: string): void => {
    const d = new Date();
    const time = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    io.stdout.write(`${time}  ${printable(line)}\n`); // client names and numbers come from the clients
  };
  let sim: SwitchSimulator;
  try {
    sim = await SwitchSimulator.start(options);
  } catch (e) {
    throw startFailure(e, options);
  }
  const { address, port } = sim.address();
  const who = (s: { clientName?: string; remoteAddress?: string; socket: unknown }): string => {
    const peer = (s.socket as { remotePort?: number }).remotePort;
    return `${s.clientName ?? '?'}@${s.remoteAddress ?? '?'}${peer === undefined ? '' : `:${peer}`}`;
  };
  sim.on('session', (s) => log(`${who(s)} associated`));
  sim.server.on('associationRejected', (r) => log(`association from ${r.remoteAddress ?? '?'} refused (name ${r.name ?? 'none'}, ACSE diagnostic ${r.diagnostic})`));
  sim.on('sessionClosed', (s, info) => log(`${who(s)} gone (${info.reason}); ${info.monitorsStopped} monitor(s) stopped`));
  if (!flags.quiet) {
    sim.on('monitorStarted', ({ session, device, crossRef }) => log(`${who(session)} monitors ${device} (crossRef ${crossRef})`));
    sim.on('monitorStopped', ({ session, device, crossRef }) => log(`${who(session)} stopped monitoring ${device} (crossRef ${crossRef})`));
  }
  sim.on('service', (r) => {
    if (flags.quiet && r.failure === undefined) return;
    if (r.operation === 'monitorStart' || r.operation === 'monitorStop' || r.operation === 'systemStatus') {
      if (r.failure === undefined) return;
    }
    log(`${who(r.session)} ${r.operation}${r.failure ? ` refused: ${r.failure.code} (${r.failure.message})` : ''}`);
  });
  sim.on('restart', () => log('switch restarted: all monitors gone, systemStatus enabled sent to every client'));
  sim.on('scenarioDone', (name) => log(`${name} finished`));
  sim.on('scenarioFailed', (e) => log(`scenario stopped: ${e.message}`));
  const groups = Object.entries(options.model?.groups ?? {});
  const phones = parseDeviceRanges(options.devices ?? '100-199').length - groups.length;
  const huntGroups = groups.length === 0 ? '' : ` and hunt group${groups.length > 1 ? 's' : ''} ${groups.map(([pilot, members]) => `${pilot} (${members.length} member${members.length > 1 ? 's' : ''})`).join(', ')}`;
  const traffic = options.traffic ? `; ${options.traffic} random call(s)/s (seed ${sim.seed})` : '';
  log(`CSTA switch simulator (HiPath profile) listening on ${address}:${port}${options.tls ? ' (TLS)' : ''}; ${phones} phones (${options.devices})${huntGroups}${traffic}`);
  log(`clients log in as ${options.credentials?.name ?? 'AMHOST'}; Ctrl-C stops, SIGHUP simulates a switch restart`);
  const generator = sim.traffic;
  const report = generator && new TrafficReport(generator, log);
  report?.settings();
  const reporting = report && reportEvery > 0 ? setInterval(() => report.period(), reportEvery) : undefined;
  await new Promise<void>((resolve) => {
    const restart = (): void => sim.restart();
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', restart);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', restart);
  });
  if (reporting) clearInterval(reporting);
  report?.total();
  log(`stopping: ${sim.sessions.size} connection(s) closed`);
  await sim.close();
}

const perSecond = (n: number, ms: number): string => (ms > 0 ? (n / (ms / 1000)).toFixed(2) : '0');

/** What the random traffic is set to do and what it did, in the log's words. */
class TrafficReport {
  readonly #traffic: TrafficGenerator;
  readonly #log: (line: string) => void;
  readonly #since = Date.now();
  #last: { at: number; started: number; failed: number; dropped: number; atLimit: number; noPhones: number };

  constructor(traffic: TrafficGenerator, log: (line: string) => void) {
    this.#traffic = traffic;
    this.#log = log;
    this.#last = { at: this.#since, started: 0, failed: 0, dropped: 0, atLimit: 0, noPhones: 0 };
  }

  /** At the start: the settings in force. */
  settings(): void {
    const s = this.#traffic.settings;
    this.#log(
      `random calls: conversations of ${s.meanTalkMs / 1000} s on average (--talk), at most ${s.maxConcurrentCalls} in progress (--max-calls), ` +
        `ringing ${s.ringMs[0] / 1000}-${s.ringMs[1] / 1000} s; a call to a busy phone fails, so the busier the phones the more calls fail`,
    );
  }

  /** What happened since the last report. */
  period(): void {
    const st = this.#traffic.stats;
    const now = Date.now();
    const last = this.#last;
    const started = st.started - last.started;
    const dropped = st.dropped - last.dropped;
    const why = dropped > 0 ? ` (${[...this.#reasons(st.droppedNoPhones - last.noPhones, st.droppedAtLimit - last.atLimit)].join(', ')})` : '';
    this.#log(
      `traffic: ${started} call(s) started in the last ${Math.round((now - last.at) / 1000)} s (${perSecond(started, now - last.at)}/s), ` +
        `${st.failed - last.failed} of them failed (busy or do-not-disturb); ${dropped} arrival(s) dropped${why}; ${this.#traffic.callsInProgress} in progress`,
    );
    this.#last = { at: now, started: st.started, failed: st.failed, dropped: st.dropped, atLimit: st.droppedAtLimit, noPhones: st.droppedNoPhones };
  }

  /** When the simulator stops: the whole run. */
  total(): void {
    const st = this.#traffic.stats;
    const ms = Date.now() - this.#since;
    const why = st.dropped > 0 ? ` (${[...this.#reasons(st.droppedNoPhones, st.droppedAtLimit)].join(', ')})` : '';
    this.#log(
      `traffic in all: ${st.started} call(s) started in ${Math.round(ms / 1000)} s (${perSecond(st.started, ms)}/s), ${st.dropped} arrival(s) dropped${why}; ` +
        `${st.answered} answered, ${st.held} held, ${st.transferred} transferred, ${st.conferenced} conferenced, ${st.failed} failed (busy or do-not-disturb), ${st.abandoned} not answered`,
    );
  }

  *#reasons(noPhones: number, atLimit: number): Iterable<string> {
    if (noPhones > 0) yield `${noPhones} found no idle phones`;
    if (atLimit > 0) yield `${atLimit} at the --max-calls limit`;
  }
}

function startFailure(e: unknown, options: SimulatorOptions): unknown {
  if (e instanceof TransportError) {
    const where = `${options.host}:${options.port}`;
    const advice = e.code === 'address-in-use' ? 'another program uses that port: stop it or give another --port (0 = any free one)' : 'check --host and --port';
    return new CliError(`listen-${e.code}`, `cannot listen on ${where}`, advice, 1, e);
  }
  if (e instanceof ScenarioError) return new CliError(`scenario-${e.code}`, 'the scenario cannot be used', 'fix the file at the place named above', 1, e);
  if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return new CliError('scenario-not-found', `no scenario file ${options.scenario as string}`, 'check the --scenario path', 1, e);
  return e;
}
