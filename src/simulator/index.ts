/**
 * The PBX simulator (`csta3/simulator`, src/simulator/README.md): `SwitchSimulator`, the switch on
 * TCP, and under it the call model, `SwitchModel` (devices, calls, monitors, CSTA services and their
 * events), device-level actions, scenario files and random traffic. The model is pure (no sockets,
 * no timers of its own); the server layer (server.ts) puts it on the wire.
 */
export { SwitchSimulator, MODEL_SERVICES, type SimulatorOptions, type TrafficSettings, type ServiceRecord, type SentEvent } from './server.js';
export { startEmbeddedSwitch, type EmbeddedOptions, type EmbeddedSimulator } from './embedded.js';
export { TimerScheduler } from './timers.js';
export { SwitchModel, type SwitchModelOptions, type RestartOptions } from './model.js';
export { ModelError, isModelError } from './errors.js';
export type { MonitorEvent, EventListener } from './events.js';
export type { Monitor } from './monitors.js';
export { isReported, actualFilter } from './monitors.js';
export type { Call, Connection } from './calls.js';
export { DeviceDirectory, DeviceSpecError, parseDeviceRanges, DEFAULT_DEVICES, type Device, type ForwardingSetting } from './devices.js';
export { hipathTimestamp, type Clock } from './clock.js';
export { DeviceActions, ActionError } from './actions.js';
export { parseScenario, loadScenarioFile, runScenario, ScenarioError, type Scenario, type ScenarioStep, type LocatedStep } from './scenario.js';
export { TrafficGenerator, type TrafficOptions, type TrafficStats } from './traffic.js';
export { VirtualScheduler, realTimeScheduler, type Scheduler, type ScheduledTask } from './scheduler.js';
export { Prng } from './random.js';
