/**
 * The demo (`npm start`, entry point main.ts): what csta3 does, live, with nothing to install or configure.
 *
 * 1. starts the embedded switch simulator on 127.0.0.1 (a free port);
 * 2. connects a CstaClient to it, as a program would connect to a HiPath / OpenScape switch,
 *    and monitors the phones 100–104;
 * 3. tells a short story through the client's services (100 calls 101, 101 answers, consults
 *    102, transfers, 100 and 102 talk, hang up), printing every event the monitors get, one
 *    line each, as it arrives;
 * 4. then shows random calls among 100–109 until Ctrl-C (or, with --story-only, stops).
 *
 * Exit code 0 after closing cleanly (monitors stopped, association released, switch closed).
 */
import { Command, InvalidArgumentError } from 'commander';
import { CstaClient } from '../session/client.js';
import type { CstaEvent } from '../session/csta-event.js';
import { startEmbeddedSwitch, WATCHABLE_TRAFFIC, type EmbeddedSimulator } from '../simulator/embedded.js';
import { formatEventLine, formatStep, supportsUnicode, type LineStyle } from './format.js';
import { storySteps } from './story.js';
import { printable, printableLines } from '../session/printable.js';

export interface DemoOptions {
  /** Exit after the story. */
  readonly storyOnly: boolean;
  /** Random calls per second after the story. */
  readonly rate: number;
  /** Milliseconds between story steps. */
  readonly pace: number;
  readonly seed?: number;
  /** ASCII output even on a UTF-8 terminal. */
  readonly ascii: boolean;
}

const MONITORED = ['100', '101', '102', '103', '104'];
const TRAFFIC_DEVICES = ['100', '101', '102', '103', '104', '105', '106', '107', '108', '109'];

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const number = (what: string, min: number) => (text: string): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n < min) throw new InvalidArgumentError(`${what} must be a number >= ${min}`);
    return n;
  };
  const program = new Command('npm start --')
    .description('csta3 demo: a simulated switch, a CstaClient monitoring 100–104, a short call story, then random calls')
    .option('--story-only', 'exit after the story')
    .option('--rate <calls/s>', 'random calls per second after the story', number('--rate', 0.01), 0.5)
    .option('--pace <ms>', 'pause between story steps', number('--pace', 0), 1000)
    .option('--seed <n>', 'seed of the random calls (repeatable runs)', number('--seed', 0))
    .option('--ascii', 'plain ASCII output (also chosen on its own when the terminal is not UTF-8)')
    .parse([...argv]);
  const o = program.opts<{ storyOnly?: boolean; rate: number; pace: number; seed?: number; ascii?: boolean }>();
  return { storyOnly: o.storyOnly === true, rate: o.rate, pace: o.pace, ascii: o.ascii === true, ...(o.seed !== undefined && { seed: o.seed }) };
}

export async function runDemo(options: DemoOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const style: LineStyle = { unicode: !options.ascii && supportsUnicode() };
  let closedOut = false;
  const say = (line: string): void => void (closedOut || out.write(printable(style.unicode ? line : line.replace(/…/g, '...').replace(/–/g, '-')) + '\n'));
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) process.exit(130); // second Ctrl-C: leave at once
    stopping = true;
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The reader went away (`npm start | head`): stop as if Ctrl-C was pressed.
  const onOutError = (): void => {
    closedOut = true;
    stopping = true;
    stop();
  };
  out.on('error', onOutError);
  let embedded: EmbeddedSimulator | undefined;
  let client: CstaClient | undefined;
  try {
    embedded = await startEmbeddedSwitch({ traffic: 0, ...(options.seed !== undefined && { seed: options.seed }) });
    say(`csta3 demo: a simulated HiPath switch listens on ${embedded.host}:${embedded.port} (user AMHOST, password 77777).`);
    client = await CstaClient.connect({ host: embedded.host, port: embedded.port });
    let lastEvent = Date.now();
    const print = (event: CstaEvent): void => {
      lastEvent = Date.now();
      say(formatEventLine(event, style));
    };
    for (const device of MONITORED) await client.monitor(device, { event: print });
    say(`A CstaClient is connected and monitors ${MONITORED.join(', ')}; each event they report is one line:`);
    say(`${'time'.padEnd(8)}  ${'dev'.padEnd(4)}   ${'event'.padEnd(18)} ${'who'.padEnd(20)} state`);
    for (const step of storySteps(client)) {
      if (await pause(options.pace * (step.pauses ?? 1), stopped)) break;
      say(formatStep(`${step.say}   ${style.unicode ? '—' : '--'} ${step.code}`, style));
      await step.run();
    }
    await quiet(() => lastEvent, 300, 3000, stopped);
    if (!options.storyOnly && !stopping) {
      embedded.simulator.startTraffic(options.rate, { ...WATCHABLE_TRAFFIC, devices: TRAFFIC_DEVICES });
      say(formatStep(`the story is over; now random calls among ${TRAFFIC_DEVICES[0]}–${TRAFFIC_DEVICES.at(-1)} (${options.rate}/s). Ctrl-C to stop.`, style));
      await stopped;
    }
    say(formatStep('closing: stopping the monitors, releasing the association, stopping the switch', style));
    return 0;
  } catch (e) {
    err.write(`csta3 demo failed: ${printableLines(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  } finally {
    await client?.close();
    await embedded?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    out.off('error', onOutError);
  }
}

/** Waits `ms`; true when stopped meanwhile. */
function pause(ms: number, stopped: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([done, stopped.then(() => true)]).finally(() => clearTimeout(timer));
}

/** Waits until no event came for `quietMs` (at most `maxMs`): the last step's events are printed. */
async function quiet(last: () => number, quietMs: number, maxMs: number, stopped: Promise<void>): Promise<void> {
  const start = Date.now();
  while (Date.now() < start + maxMs && Date.now() - Math.max(last(), start) < quietMs) {
    if (await pause(50, stopped)) return;
  }
}
