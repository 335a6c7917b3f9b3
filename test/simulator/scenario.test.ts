/** Scenario files: JSON and YAML parsing, validation errors (code, step, location) and running. */
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, parseScenario, runScenario, ScenarioError } from '../../src/simulator/scenario.js';
import { VirtualScheduler } from '../../src/simulator/scheduler.js';
import { T0, monitor, setup } from './support.js';

const YAML = `
name: transfer after consultation
steps:
  - makeCall: { from: "100", to: "101" }
  - wait: 500
  - answer: "101"
  - consult: { from: "101", to: "102" }
  - answer: 102
  - transfer: "101"
  - wait: 1500
  - hangUp: "100"
`;

function failure(f: () => unknown): { code: string; step?: number; message: string } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { code: e.code, step: e.step, message: e.message };
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario', () => {
  it('reads YAML with a name and JSON as a plain list, to the same steps', () => {
    const yaml = parseScenario(YAML, 'yaml', 'x.yaml');
    expect(yaml.name).toBe('transfer after consultation');
    expect(yaml.steps.map(({ index, where, ...step }) => step)).toEqual([
      { kind: 'makeCall', from: '100', to: '101' },
      { kind: 'wait', ms: 500 },
      { kind: 'answer', device: '101' },
      { kind: 'consult', from: '101', to: '102' },
      { kind: 'answer', device: '102' },
      { kind: 'transfer', device: '101' },
      { kind: 'wait', ms: 1500 },
      { kind: 'hangUp', device: '100' },
    ]);
    expect(yaml.steps[2].where).toBe('x.yaml:6:5');
    const json = parseScenario('[{"makeCall":{"from":"100","to":"101"}},\n {"deflect":{"at":"101","to":"103"}},\n {"restart":true}]', 'json');
    expect(json.steps.map((s) => s.kind)).toEqual(['makeCall', 'deflect', 'restart']);
    expect(json.steps[1]).toMatchObject({ at: '101', to: '103', where: '<scenario>:2:2' });
  });

  it('takes a YAML alias for the step it names, and a number with a leading zero as the digits written', () => {
    const yaml = ['- &ring { makeCall: { from: 0100, to: 101 } }', '- hangUp: 0100', '- *ring', '- answer: 12345678901234567890'].join('\n');
    const steps = parseScenario(yaml, 'yaml').steps.map(({ index: _i, where: _w, ...step }) => step);
    expect(steps).toEqual([
      { kind: 'makeCall', from: '0100', to: '101' },
      { kind: 'hangUp', device: '0100' },
      { kind: 'makeCall', from: '0100', to: '101' }, // before: "unknown step 'source'" (the alias node itself)
      { kind: 'answer', device: '12345678901234567890' }, // before: number 12345678901234567000
    ]);
    // The whole list by an alias: the steps are there (their places are the alias's).
    expect(parseScenario('description: &s [{ answer: "100" }]\nsteps: *s', 'yaml', 's.yaml').steps).toEqual([{ kind: 'answer', device: '100', index: 0, where: 's.yaml' }]);
  });

  it('names the step, its place and what is wrong', () => {
    const cases: [string, 'json' | 'yaml', string, number | undefined, RegExp][] = [
      ['[{"answer": "101"},', 'json', 'syntax', undefined, /not valid JSON/],
      ['- answer: [101\n', 'yaml', 'syntax', undefined, /s\.yaml:\d+:\d+: not valid YAML/],
      ['{"steps": 3}', 'json', 'bad-scenario', undefined, /list of steps/],
      ['{"steps": [], "devices": "100"}', 'json', 'bad-scenario', undefined, /unknown top-level key 'devices'/],
      ['[{"answer": "101"}, "hangUp"]', 'json', 'bad-step', 1, /step 1 at .*not "hangUp"/],
      ['[{"answer": "101", "hangUp": "100"}]', 'json', 'bad-step', 0, /exactly one key/],
      ['- dial: "101"', 'yaml', 'unknown-step', 0, /unknown step 'dial'; known steps are answer, hangUp/],
      ['- answer: "1a"', 'yaml', 'bad-value', 0, /answer must be a dialing number/],
      ['- makeCall: { from: "100" }', 'yaml', 'bad-value', 0, /makeCall needs 'to'/],
      ['- makeCall: { from: "100", to: "101", via: "102" }', 'yaml', 'bad-value', 0, /no field 'via'/],
      ['- answer: "100"\n- wait: -5', 'yaml', 'bad-value', 1, /step 1 at s\.yaml:2:3: wait takes milliseconds/],
      ['- restart: yes', 'yaml', 'bad-value', 0, /restart takes true/],
      ['- forward: { device: "100", to: "101", when: later }', 'yaml', 'bad-value', 0, /forward\.when must be one of immediate, busy, noAnswer, doNotDisturb, not "later"/],
      ['- doNotDisturb: { device: "101", on: "yes" }', 'yaml', 'bad-value', 0, /doNotDisturb.on must be true or false/],
      // Found by test/simulator/scenario-property.test.ts: a TypeError each, before.
      ['name: { first: call }\nsteps: []', 'yaml', 'bad-scenario', undefined, /s\.yaml:1:1: the scenario's name must be a text, not an object/],
      ['- toString: { from: "100", to: "101" }', 'yaml', 'unknown-step', 0, /unknown step 'toString'/],
    ];
    for (const [text, format, code, step, message] of cases) {
      const f = failure(() => parseScenario(text, format, 's.yaml'));
      expect([text, f.code, f.step]).toEqual([text, code, step]);
      expect(f.message).toMatch(message);
    }
  });

  it('loads .json and .yaml files and refuses other extensions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csta-sim-'));
    try {
      await writeFile(join(dir, 'a.yml'), YAML);
      await writeFile(join(dir, 'b.json'), '[{"hangUp":"100"}]');
      expect((await loadScenarioFile(join(dir, 'a.yml'))).steps).toHaveLength(8);
      expect((await loadScenarioFile(join(dir, 'b.json'))).steps[0]).toMatchObject({ kind: 'hangUp', device: '100' });
      await expect(loadScenarioFile(join(dir, 'c.txt'))).rejects.toMatchObject({ code: 'bad-scenario' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('runScenario', () => {
  it('drives the model through the services, sleeping through the given sleep', async () => {
    const { model, log } = setup();
    monitor(model, ['100', '101', '102']);
    const slept: number[] = [];
    await runScenario(model, parseScenario(YAML, 'yaml'), { sleep: async (ms) => void slept.push(ms) });
    expect(slept).toEqual([500, 1500]);
    expect(log.names()).toEqual({
      '100': ['serviceInitiated', 'originated', 'delivered', 'established', 'held', 'transferred', 'connectionCleared', 'callCleared'],
      '101': ['delivered', 'established', 'held', 'serviceInitiated', 'originated', 'delivered', 'established', 'transferred'],
      '102': ['delivered', 'established', 'transferred', 'connectionCleared', 'connectionCleared', 'callCleared'],
    });
    expect(model.calls.size).toBe(0);
  });

  it('waits in simulated time with a VirtualScheduler: later steps carry later timestamps', async () => {
    const scheduler = new VirtualScheduler(T0);
    const { model, log } = setup({ clock: () => scheduler.now() });
    monitor(model, ['100']);
    await runScenario(model, parseScenario(YAML, 'yaml'), { sleep: scheduler.sleep });
    expect(scheduler.now()).toBe(T0 + 2000);
    const stamps = log.records.map((r) => (r.event.eventSpecificInfo.value.value as { extensions?: { security?: { timestamp?: string } } }).extensions?.security?.timestamp);
    expect(stamps[0]).toBe('20100925113510');
    expect(stamps[stamps.length - 1]).toBe('20100925113512');
  });

  it('runs device features, deflection and restart', async () => {
    const { model, log } = setup();
    monitor(model, ['103']);
    const scenario = parseScenario(
      JSON.stringify([
        { display: { device: '103', text: 'Hi' } },
        { forward: { device: '104', to: '105' } },
        { makeCall: { from: '100', to: '101' } },
        { deflect: { at: '101', to: '103' } },
        { doNotDisturb: { device: '103', on: true } },
        { restart: true },
        { answer: '103' },
      ]),
      'json',
    );
    await runScenario(model, scenario, { sleep: async () => undefined });
    expect(log.names()).toEqual({ '103': ['displayUpdated', 'delivered', 'doNotDisturb'] });
    expect(model.getForwarding({ device: { deviceIdentifier: { case: 'dialingNumber', value: '104' } } }).forwardingList[0]).toMatchObject({ forwardStatus: true });
    expect(model.connectionsOf('103').map((c) => c.connection.state)).toEqual(['connected']);
  });

  it('forward sets the forwarding its `when` names: noAnswer diverts a call that rings out', async () => {
    const scheduler = new VirtualScheduler(T0);
    const { model, log } = setup({ scheduler, clock: () => scheduler.now(), noAnswerMs: 10_000 });
    monitor(model, ['100']);
    const scenario = parseScenario(
      '- forward: { device: "101", to: "102", when: noAnswer }\n- forward: { device: "103", to: "104", when: busy }\n- makeCall: { from: "100", to: "101" }\n- wait: 10000\n- answer: "102"',
      'yaml',
    );
    expect(scenario.steps[0]).toMatchObject({ kind: 'forward', device: '101', to: '102', when: 'noAnswer' });
    await runScenario(model, scenario, { sleep: scheduler.sleep });
    const types = (d: string): (string | undefined)[] =>
      model
        .getForwarding({ device: { deviceIdentifier: { case: 'dialingNumber', value: d } } })
        .forwardingList!.filter((f) => f.forwardStatus)
        .map((f) => f.forwardingType);
    expect([types('101'), types('103')]).toEqual([['forwardNoAns'], ['forwardBusy']]);
    expect(log.of('100').map((e) => [e.event, e.cause])).toContainEqual(['diverted', 'callForwardNoAnswer']);
    expect(model.connectionsOf('102').map((c) => c.connection.state)).toEqual(['connected']);
  });

  it('stops at a step the model refuses, naming the step and the cause', async () => {
    const { model } = setup();
    const scenario = parseScenario('- makeCall: { from: "100", to: "101" }\n- answer: "102"\n- hangUp: "100"', 'yaml', 'run.yaml');
    const error = await runScenario(model, scenario, { sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error).toMatchObject({ code: 'step-failed', step: 1 });
    expect((error as Error).message).toMatch(/^step 1 \(answer\) at run\.yaml:2:3 failed: 102 has no alerting call to answer/);
    expect(((error as Error).cause as { code: string }).code).toBe('no-such-connection');
    const unknown = await runScenario(model, parseScenario('- makeCall: { from: "100", to: "999" }', 'yaml'), { sleep: async () => undefined }).catch((e: unknown) => e);
    expect(((unknown as Error).cause as { code: string }).code).toBe('operation.invalidDestination');
  });
});
