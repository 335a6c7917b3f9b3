/**
 * Scenario files as a user may write them, right or wrong:
 *
 * - any JSON or YAML text parses to a scenario or is refused with a ScenarioError that says where
 *   (never a TypeError from deep inside the reader);
 * - any list of well-formed steps runs to its end or stops at a step with 'step-failed', whose
 *   cause is the model's refusal (ModelError) or the step's (ActionError: nothing to act on),
 *   never an error of the simulator's own.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ActionError } from '../../src/simulator/actions.js';
import { isModelError } from '../../src/simulator/errors.js';
import { ScenarioError, parseScenario, runScenario } from '../../src/simulator/scenario.js';
import { monitor, setup } from './support.js';

const DEVICES = ['100', '101', '102', '103', '300', '999'];

/** A step as an object in a file: mostly well-formed, with the known step names and devices. */
const device = fc.constantFrom(...DEVICES);
const stepObject = fc.oneof(
  fc.record({ makeCall: fc.record({ from: device, to: device }) }),
  fc.record({ consult: fc.record({ from: device, to: device }) }),
  fc.record({ singleStepTransfer: fc.record({ from: device, to: device }) }),
  fc.record({ deflect: fc.record({ at: device, to: device }) }),
  fc.constantFrom('answer', 'hangUp', 'hold', 'retrieve', 'transfer', 'conference', 'alternate', 'reconnect').chain((kind) => device.map((d) => ({ [kind]: d }))),
  fc.record({ doNotDisturb: fc.record({ device, on: fc.boolean() }) }),
  fc.record({ forward: fc.record({ device, to: device, when: fc.constantFrom('immediate', 'busy', 'noAnswer', 'doNotDisturb') }, { requiredKeys: ['device'] }) }),
  fc.record({ display: fc.record({ device, text: fc.string({ maxLength: 10 }) }) }),
  fc.record({ wait: fc.integer({ min: 0, max: 3000 }) }),
  fc.constant({ restart: true }),
);

/** Text made of YAML's tokens: anchors, aliases, tags, flow and block collections, steps. */
const yamlText = fc
  .array(fc.constantFrom('- ', '  ', '\n', '&a ', '*a', '&b ', '*b', '{', '}', '[', ']', ': ', ', ', '? ', '!!binary ', '!!map ', '"', 'steps', 'name', 'answer', 'makeCall', 'from', 'to', 'wait', '100', '0100', '-5', '.inf', 'true', 'null', '---\n', '#'), { maxLength: 40 })
  .map((tokens) => tokens.join(''));

describe('scenarios, right or wrong', () => {
  it('any JSON value: a scenario or a ScenarioError', () => {
    const anyValue = fc.oneof(fc.jsonValue(), fc.array(fc.oneof(stepObject, fc.jsonValue())), fc.record({ name: fc.jsonValue(), steps: fc.array(fc.oneof(stepObject, fc.jsonValue())) }));
    fc.assert(
      fc.property(anyValue, fc.boolean(), (value, asYaml) => {
        const text = JSON.stringify(value) ?? 'null'; // JSON is YAML too
        try {
          parseScenario(text, asYaml ? 'yaml' : 'json', 'fuzz.json');
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw new Error(`${text}: ${(e as Error).stack}`);
          expect(e.message).toContain('fuzz.json');
        }
      }),
      { seed: 20261126, numRuns: 500 },
    );
  });

  it('any text: a scenario or a ScenarioError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), yamlText), fc.boolean(), (text, asYaml) => {
        try {
          parseScenario(text, asYaml ? 'yaml' : 'json', 'fuzz.yaml');
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw new Error(`${JSON.stringify(text)}: ${(e as Error).stack}`);
        }
      }),
      { seed: 20261126, numRuns: 1000 },
    );
  });

  it('well-formed steps: run to the end, or stop at a step the switch or the step itself refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepObject, { minLength: 1, maxLength: 30 }), async (steps) => {
        const scenario = parseScenario(JSON.stringify(steps), 'json');
        const { model } = setup({ devices: '100-103,300', groups: { '300': ['102', '103'] } });
        monitor(model, model.devices.numbers());
        try {
          await runScenario(model, scenario, { sleep: async () => undefined });
        } catch (e) {
          if (!(e instanceof ScenarioError) || e.code !== 'step-failed') throw e;
          const cause = e.cause;
          if (!isModelError(cause) && !(cause instanceof ActionError)) throw new Error(`${e.message}: ${(cause as Error).stack}`);
        }
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
