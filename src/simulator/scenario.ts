/**
 * Scenario files for the simulator: a list of steps in JSON or YAML, e.g.
 *
 * ```yaml
 * - makeCall: { from: "100", to: "101" }
 * - wait: 500
 * - answer: "101"
 * - hangUp: "100"
 * ```
 *
 * The top level is a list of steps, or an object `{ name?, description?, steps }`. Each step is an
 * object with exactly one key. Validation errors name the step (index, line:col) and what is wrong;
 * the runner is given a `sleep`, so tests run scenarios instantly.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isSeq, parseDocument, visit, type Node as YamlNode } from 'yaml';
import { DeviceActions } from './actions.js';
import type { SwitchModel } from './model.js';
import { deviceId } from './values.js';

export type ScenarioStep =
  | { readonly kind: 'makeCall'; readonly from: string; readonly to: string }
  | { readonly kind: 'consult'; readonly from: string; readonly to: string }
  | { readonly kind: 'singleStepTransfer'; readonly from: string; readonly to: string }
  | { readonly kind: 'deflect'; readonly at: string; readonly to: string }
  | { readonly kind: 'answer' | 'hangUp' | 'hold' | 'retrieve' | 'transfer' | 'conference' | 'alternate' | 'reconnect'; readonly device: string }
  | { readonly kind: 'doNotDisturb'; readonly device: string; readonly on: boolean }
  | { readonly kind: 'forward'; readonly device: string; readonly to?: string; readonly when?: ForwardWhen }
  | { readonly kind: 'display'; readonly device: string; readonly text: string }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'restart' };

/** A validated step and where it came from. */
export type LocatedStep = ScenarioStep & { readonly index: number; readonly where: string };

export interface Scenario {
  readonly name?: string;
  readonly steps: readonly LocatedStep[];
}

export type ScenarioErrorCode = 'syntax' | 'bad-scenario' | 'bad-step' | 'unknown-step' | 'bad-value' | 'step-failed';

/** A scenario that cannot be read or run. `step` is the 0-based index of the step concerned, if any. */
export class ScenarioError extends Error {
  constructor(
    readonly code: ScenarioErrorCode,
    message: string,
    readonly step?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ScenarioError';
  }
}

const DEVICE_STEPS = ['answer', 'hangUp', 'hold', 'retrieve', 'transfer', 'conference', 'alternate', 'reconnect'] as const;
const PAIR_STEPS = { makeCall: ['from', 'to'], consult: ['from', 'to'], singleStepTransfer: ['from', 'to'], deflect: ['at', 'to'] } as const;
/** A `forward` step's `when`: which forwarding it sets (default immediate). */
const FORWARD_WHEN = { immediate: 'forwardImmediate', busy: 'forwardBusy', noAnswer: 'forwardNoAns', doNotDisturb: 'forwardDND' } as const;
export type ForwardWhen = keyof typeof FORWARD_WHEN;

const KNOWN_STEPS = [...DEVICE_STEPS, ...Object.keys(PAIR_STEPS), 'doNotDisturb', 'forward', 'display', 'wait', 'restart'];

/**
 * Parses and validates a scenario. `format` 'json' is parsed strictly as JSON; 'yaml' as YAML 1.2.
 * `source` (a file name) prefixes every location.
 */
export function parseScenario(text: string, format: 'json' | 'yaml', source = '<scenario>'): Scenario {
  const lines = new LineCounter();
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return source;
    const { line, col } = lines.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      const position = /position (\d+)/.exec(String((e as Error).message));
      lines.addNewLine(0);
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') lines.addNewLine(i + 1);
      throw new ScenarioError('syntax', `${at(position ? Number(position[1]) : undefined)}: not valid JSON: ${(e as Error).message}`);
    }
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ScenarioError('syntax', `${at(e.pos[0])}: not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`);
  }
  // A number written with a leading zero or too long for a JS number is a dialing number:
  // `answer: 0049` is "0049", not 49.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source !== undefined && /^[0-9]+$/.test(node.source) && String(node.value) !== node.source) node.value = node.source;
    },
  });
  let list: YamlNode | null = doc.contents;
  let name: string | undefined;
  // Values through the document (toJS), so that a step given by an alias (`- *greeting`) is that step.
  let whole: unknown;
  try {
    whole = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // An alias to no anchor, or aliases that expand to too much (a "billion laughs").
    throw new ScenarioError('syntax', `${at(doc.contents?.range?.[0])}: not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  let values = whole as unknown[];
  if (isMap(list)) {
    const top = whole as Record<string, unknown>;
    const extra = Object.keys(top).filter((k) => !['name', 'description', 'steps'].includes(k));
    if (extra.length > 0) throw new ScenarioError('bad-scenario', `${at(list.range?.[0])}: unknown top-level key '${extra[0]}'; allowed are name, description, steps`);
    if (top.name !== undefined) {
      if (typeof top.name !== 'string' && typeof top.name !== 'number') {
        throw new ScenarioError('bad-scenario', `${at(list.range?.[0])}: the scenario's name must be a text, not ${describe(top.name)}`);
      }
      name = String(top.name);
    }
    list = list.get('steps', true) as YamlNode | null;
    values = top.steps as unknown[];
  }
  if (!Array.isArray(values)) {
    throw new ScenarioError('bad-scenario', `${at(doc.contents?.range?.[0])}: a scenario is a list of steps (or an object with a 'steps' list)`);
  }
  const items = isSeq(list) ? list.items : []; // (`steps: *alias` has no items of its own to point at)
  const steps = values.map((value, index) => {
    const node = items[index] as YamlNode | undefined;
    const where = at(node?.range?.[0]);
    return { ...parseStep(value, index, where), index, where };
  });
  return { ...(name === undefined ? {} : { name }), steps };
}

function parseStep(value: unknown, index: number, where: string): ScenarioStep {
  const fail = (code: ScenarioErrorCode, what: string): never => {
    throw new ScenarioError(code, `step ${index} at ${where}: ${what}`, index);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('bad-step', `a step is an object with one key, e.g. { "answer": "101" }, not ${describe(value)}`);
  const keys = Object.keys(value);
  if (keys.length !== 1) return fail('bad-step', `a step has exactly one key, this one has ${keys.length} (${keys.join(', ') || 'none'})`);
  const kind = keys[0];
  const arg = (value as Record<string, unknown>)[kind];
  const device = (v: unknown, field: string): string => {
    if (typeof v === 'string' && /^[0-9]+$/.test(v)) return v;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
    return fail('bad-value', `${field} must be a dialing number like "101", not ${describe(v)}`);
  };
  const object = (fields: readonly string[], optional: readonly string[] = []): Record<string, unknown> => {
    if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return fail('bad-value', `${kind} takes { ${fields.join(', ')} }, not ${describe(arg)}`);
    const record = arg as Record<string, unknown>;
    const unknown = Object.keys(record).find((k) => !fields.includes(k) && !optional.includes(k));
    if (unknown !== undefined) fail('bad-value', `${kind} has no field '${unknown}' (it takes ${[...fields, ...optional].join(', ')})`);
    const missing = fields.find((f) => record[f] === undefined);
    if (missing !== undefined) fail('bad-value', `${kind} needs '${missing}'`);
    return record;
  };
  if ((DEVICE_STEPS as readonly string[]).includes(kind)) return { kind: kind as (typeof DEVICE_STEPS)[number], device: device(arg, kind) };
  if (Object.hasOwn(PAIR_STEPS, kind)) { // (not `in`: a step named toString is no pair step)
    const [a, b] = PAIR_STEPS[kind as keyof typeof PAIR_STEPS];
    const o = object([a, b]);
    return { kind, [a]: device(o[a], `${kind}.${a}`), [b]: device(o[b], `${kind}.${b}`) } as ScenarioStep;
  }
  switch (kind) {
    case 'wait':
      if (typeof arg !== 'number' || !Number.isFinite(arg) || arg < 0) return fail('bad-value', `wait takes milliseconds (a number >= 0), not ${describe(arg)}`);
      return { kind, ms: arg };
    case 'restart':
      if (arg !== true) return fail('bad-value', `restart takes true, not ${describe(arg)}`);
      return { kind };
    case 'doNotDisturb': {
      const o = object(['device', 'on']);
      if (typeof o.on !== 'boolean') fail('bad-value', `doNotDisturb.on must be true or false, not ${describe(o.on)}`);
      return { kind, device: device(o.device, 'doNotDisturb.device'), on: o.on as boolean };
    }
    case 'forward': {
      const o = object(['device'], ['to', 'when']);
      if (o.when !== undefined && !(typeof o.when === 'string' && Object.hasOwn(FORWARD_WHEN, o.when))) {
        fail('bad-value', `forward.when must be one of ${Object.keys(FORWARD_WHEN).join(', ')}, not ${describe(o.when)}`);
      }
      return {
        kind,
        device: device(o.device, 'forward.device'),
        ...(o.to === undefined ? {} : { to: device(o.to, 'forward.to') }),
        ...(o.when === undefined ? {} : { when: o.when as ForwardWhen }),
      };
    }
    case 'display': {
      const o = object(['device', 'text']);
      if (typeof o.text !== 'string') fail('bad-value', `display.text must be a string, not ${describe(o.text)}`);
      return { kind, device: device(o.device, 'display.device'), text: o.text as string };
    }
    default:
      return fail('unknown-step', `unknown step '${kind}'; known steps are ${KNOWN_STEPS.join(', ')}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Reads a scenario file: `.json` as JSON, `.yaml`/`.yml` as YAML. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const format = /\.json$/i.test(path) ? 'json' : /\.ya?ml$/i.test(path) ? 'yaml' : undefined;
  if (!format) throw new ScenarioError('bad-scenario', `${path}: a scenario file ends in .json, .yaml or .yml`);
  return parseScenario(await readFile(path, 'utf8'), format, path);
}

export interface RunScenarioOptions {
  /** Waits `ms` milliseconds (real time in the simulator, instant in tests). */
  sleep: (ms: number) => Promise<void>;
  /** Called before each step. */
  onStep?: (step: LocatedStep) => void;
}

/** Runs the steps in order against the model. A step the model refuses stops the run with 'step-failed'. */
export async function runScenario(model: SwitchModel, scenario: Scenario, options: RunScenarioOptions): Promise<void> {
  const act = new DeviceActions(model);
  for (const step of scenario.steps) {
    options.onStep?.(step);
    if (step.kind === 'wait') {
      await options.sleep(step.ms);
      continue;
    }
    try {
      runStep(model, act, step);
    } catch (e) {
      throw new ScenarioError('step-failed', `step ${step.index} (${step.kind}) at ${step.where} failed: ${(e as Error).message}`, step.index, { cause: e });
    }
  }
}

function runStep(model: SwitchModel, act: DeviceActions, step: Exclude<ScenarioStep, { kind: 'wait' }>): void {
  switch (step.kind) {
    case 'makeCall': act.makeCall(step.from, step.to); return;
    case 'consult': act.consult(step.from, step.to); return;
    case 'singleStepTransfer': act.singleStepTransfer(step.from, step.to); return;
    case 'deflect': act.deflect(step.at, step.to); return;
    case 'answer': act.answer(step.device); return;
    case 'hangUp': act.hangUp(step.device); return;
    case 'hold': act.hold(step.device); return;
    case 'retrieve': act.retrieve(step.device); return;
    case 'transfer': act.transfer(step.device); return;
    case 'conference': act.conference(step.device); return;
    case 'alternate': act.alternate(step.device); return;
    case 'reconnect': act.reconnect(step.device); return;
    case 'restart': model.restart(); return;
    case 'doNotDisturb':
      model.setDoNotDisturb({ device: deviceId(step.device), doNotDisturbOn: step.on });
      return;
    case 'forward':
      model.setForwarding({
        device: deviceId(step.device),
        forwardingType: FORWARD_WHEN[step.when ?? 'immediate'],
        activateForward: step.to !== undefined,
        ...(step.to === undefined ? {} : { forwardDN: deviceId(step.to) }),
      });
      return;
    case 'display':
      model.setDisplay({ device: deviceId(step.device), contentsOfDisplay: step.text });
      return;
  }
}
