/**
 * The embedded switch: a SwitchSimulator inside this process on 127.0.0.1 and a free port, for
 * commands run without --host (`csta monitor 100 101`) and for the demo. It drives random traffic
 * so there is something to see; by default the calls are made among the devices clients monitor
 * (and a few others for them to call), so every monitored phone rings now and then.
 *
 * ```ts
 * const embedded = await startEmbeddedSwitch({ traffic: 1 });
 * const client = await CstaClient.connect({ host: embedded.host, port: embedded.port });
 * …
 * await client.close();
 * await embedded.close();
 * ```
 */
import type { Logger } from '../session/logger.js';
import { SwitchSimulator, type TrafficSettings } from './server.js';

export interface EmbeddedOptions {
  /** Dialing numbers of the switch. Default '100-199'. */
  readonly devices?: string;
  /** Random calls per second; 0 = none. Default 0.5. */
  readonly traffic?: number;
  /**
   * Which devices the random calls use: a list, or 'monitored' (default): the devices clients
   * monitor plus `partners` others, re-chosen whenever monitors start or stop; no monitors, no calls.
   */
  readonly trafficDevices?: readonly string[] | 'monitored';
  /** Unmonitored devices added to the monitored ones for 'monitored' traffic. Default 3. */
  readonly partners?: number;
  /** Durations and probabilities of the random calls. Default: short calls (talk ~6 s, ringing 1.5–4 s). */
  readonly trafficSettings?: Omit<TrafficSettings, 'devices'>;
  readonly seed?: number;
  readonly logger?: Logger;
}

export interface EmbeddedSimulator {
  readonly host: string;
  readonly port: number;
  readonly simulator: SwitchSimulator;
  /** Stops the traffic and closes the simulator (every client connection is closed). */
  close(): Promise<void>;
}

/** Short calls, so a person watching sees whole calls come and go. */
export const WATCHABLE_TRAFFIC: Omit<TrafficSettings, 'devices'> = { meanTalkMs: 6000, ringMs: [1500, 4000], maxConcurrentCalls: 4 };

/** How long monitor changes settle before the traffic is re-aimed (clients start several in a row). */
const REFOCUS_MS = 100;

export async function startEmbeddedSwitch(options: EmbeddedOptions = {}): Promise<EmbeddedSimulator> {
  const simulator = await SwitchSimulator.start({
    host: '127.0.0.1',
    port: 0,
    ...(options.devices !== undefined && { devices: options.devices }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.logger && { logger: options.logger }),
  });
  const rate = options.traffic ?? 0.5;
  const settings = { ...WATCHABLE_TRAFFIC, ...options.trafficSettings };
  const target = options.trafficDevices ?? 'monitored';
  let refocus: NodeJS.Timeout | undefined;
  if (rate > 0 && target !== 'monitored') {
    simulator.startTraffic(rate, { ...settings, devices: target });
  } else if (rate > 0) {
    let aimedAt = '';
    const aim = (): void => {
      refocus = undefined;
      const devices = trafficDevices(simulator, options.partners ?? 3);
      const key = devices.join(',');
      if (key === aimedAt) return;
      aimedAt = key;
      if (devices.length < 2) simulator.stopTraffic();
      else simulator.startTraffic(rate, { ...settings, devices });
    };
    const changed = (): void => {
      if (refocus === undefined) refocus = setTimeout(aim, REFOCUS_MS);
    };
    simulator.on('monitorStarted', changed);
    simulator.on('monitorStopped', changed);
    simulator.on('sessionClosed', changed);
  }
  const { address, port } = simulator.address();
  return {
    host: address,
    port,
    simulator,
    async close() {
      clearTimeout(refocus);
      await simulator.close();
    },
  };
}

/** The monitored devices (in the switch's order) and the first `partners` unmonitored ones; none without monitors. */
export function trafficDevices(simulator: SwitchSimulator, partners: number): string[] {
  const monitored = new Set(simulator.model.monitors.all().map((m) => m.device));
  if (monitored.size === 0) return [];
  const all = simulator.model.devices.numbers();
  const others = all.filter((d) => !monitored.has(d)).slice(0, partners);
  const chosen = new Set([...monitored, ...others]);
  return all.filter((d) => chosen.has(d));
}
