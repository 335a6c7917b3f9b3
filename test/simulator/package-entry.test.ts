/**
 * The simulator as users get it: `csta3/simulator` (package.json "exports"), with SwitchSimulator
 * and the call model in one entry, as src/simulator/README.md shows.
 */
import { describe, expect, it } from '@jest/globals';

describe('csta3/simulator', () => {
  it('gives SwitchSimulator and the model, and the switch serves a client', async () => {
    const simulator = await import('csta3/simulator');
    const { CstaClient } = await import('csta3');
    for (const name of ['SwitchSimulator', 'SwitchModel', 'TrafficGenerator', 'VirtualScheduler', 'parseScenario', 'runScenario', 'startEmbeddedSwitch', 'TimerScheduler']) {
      expect([name, typeof (simulator as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
    const sim = await simulator.SwitchSimulator.start({ port: 0, devices: '100-109' });
    const client = await CstaClient.connect({ host: '127.0.0.1', port: sim.address().port, reconnect: false, deadLinkMs: 0 });
    try {
      const phone = await client.monitor('101');
      const ringing = new Promise((resolve) => phone.once('delivered', resolve));
      await client.makeCall('100', '101');
      await expect(ringing).resolves.toMatchObject({ name: 'delivered', device: '101' });
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
