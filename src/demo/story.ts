/**
 * The demo's story, told through the client API a program would use (CstaClient services against
 * the simulated switch): 100 calls 101, 101 answers, consults 102, 102 answers, 101 transfers,
 * 100 and 102 talk, 100 hangs up. Each step says what it does before it does it; the events it
 * causes are printed by the monitors as they arrive.
 */
import type { CstaClient } from '../session/client.js';
import { callIdOf } from '../session/device.js';

export interface StoryStep {
  /** What a person would say happens, e.g. `100 calls 101`. */
  readonly say: string;
  /** The client call, as a program would write it. */
  readonly code: string;
  readonly run: () => Promise<unknown>;
  /** Pauses (of the demo's pace) before this step. Default 1. */
  readonly pauses?: number;
}

/** The steps, in order. `run`s depend on the ones before (the call IDs the switch hands out). */
export function storySteps(client: CstaClient): StoryStep[] {
  let first = '';
  let consultation = '';
  const id = (result: { callingDevice?: unknown; initiatedCall?: unknown }): string => {
    const callId = callIdOf((result.callingDevice ?? result.initiatedCall) as never);
    if (callId === undefined) throw new Error('the switch answered without a callID');
    return callId;
  };
  return [
    {
      say: '100 calls 101',
      code: "client.makeCall('100', '101')",
      run: async () => (first = id(await client.makeCall('100', '101'))),
    },
    {
      say: '101 answers',
      code: "client.answerCall({ callId, device: '101' })",
      run: () => client.answerCall({ callId: first, device: '101' }),
    },
    {
      say: '101 puts 100 on hold and calls 102 (consultation)',
      code: "client.consultationCall({ callId, device: '101' }, '102')",
      run: async () => (consultation = id(await client.consultationCall({ callId: first, device: '101' }, '102'))),
    },
    {
      say: '102 answers',
      code: "client.answerCall({ callId: consultation, device: '102' })",
      run: () => client.answerCall({ callId: consultation, device: '102' }),
    },
    {
      say: '101 transfers: 100 and 102 are connected, 101 leaves',
      code: "client.transferCall({ callId, device: '101' }, { callId: consultation, device: '101' })",
      run: () => client.transferCall({ callId: first, device: '101' }, { callId: consultation, device: '101' }),
    },
    {
      say: '100 and 102 talk … then 100 hangs up',
      pauses: 3,
      code: "client.clearConnection({ callId, device: '100' })",
      run: () => client.clearConnection({ callId: first, device: '100' }),
    },
  ];
}
