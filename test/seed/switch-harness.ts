/**
 * A scripted switch for the client tests (test/session/{client,monitors,reconnect,services}*,
 * test/seed, test/cli): CstaServer on 127.0.0.1 port 0 that records every request it gets,
 * answers monitorStart with cross references 0001, 0002, … (counting across connections, like a
 * switch that does not reuse them; `resetCrossRefs()` to start again at 0001 as after a restart),
 * and lets a test override the answer to any operation, push events or raw frames, drop the
 * connection, or announce a restart. Plus test guards: unhandled rejections fail the test, every
 * client / switch is closed after each test.
 */
import { fromHex } from '../../src/ber/index.js';
import type { EventSpecificInfo } from '../../generated/csta-event-report-definitions.js';
import type { ArgumentOf, OperationName } from '../../generated/operations.js';
import { CstaClient, type ClientOptions } from '../../src/session/client.js';
import { connectionId, crossRefBytes } from '../../src/session/device.js';
import { CstaServer, type ServerOptions, type ServerSession } from '../../src/session/server.js';
import { onCleanup, waitFor as waitUntil } from '../session/link-harness.js';

export interface Request {
  readonly op: string;
  readonly argument: unknown;
  readonly session: ServerSession;
  /** Which connection (0-based, in accept order) it came on. */
  readonly connection: number;
}

export type Answer = (argument: any, session: ServerSession, invokeId: number) => unknown;

/** Operations the switch records and answers (others get ReturnError serviceNotSupported, recorded too). */
const ANSWERED: readonly OperationName[] = [
  'monitorStart', 'monitorStop', 'makeCall', 'answerCall', 'clearConnection', 'clearCall', 'holdCall', 'retrieveCall',
  'consultationCall', 'transferCall', 'conferenceCall', 'deflectCall', 'singleStepTrans', 'setDisplay', 'snapshotDevice',
  'snapshotCall', 'setForwarding', 'getForwarding', 'setDoNotDisturb', 'alternateCall', 'reconnectCall',
];

export class FakeSwitch {
  readonly requests: Request[] = [];
  readonly sessions: ServerSession[] = [];
  readonly #answers = new Map<string, Answer>();
  #nextCrossRef = 1;

  private constructor(readonly server: CstaServer) {
    server.on('session', (session) => this.#accept(session));
  }

  static async start(options: ServerOptions = {}): Promise<FakeSwitch> {
    const sw = new FakeSwitch(await CstaServer.listen({ host: '127.0.0.1', port: 0, ...options }));
    onCleanup(() => sw.server.close());
    return sw;
  }

  get port(): number {
    return this.server.address().port;
  }

  /** The newest session. */
  get session(): ServerSession {
    const s = this.sessions.at(-1);
    if (s === undefined) throw new Error('no client has associated yet');
    return s;
  }

  /** Replaces the answer to `op` (return a value, throw a CstaError, or return a Promise that never settles). */
  answer(op: OperationName, answer: Answer): void {
    this.#answers.set(op, answer);
  }

  resetCrossRefs(): void {
    this.#nextCrossRef = 1;
  }

  count(op: string): number {
    return this.requests.filter((r) => r.op === op).length;
  }

  of<N extends OperationName>(op: N): ArgumentOf<N>[] {
    return this.requests.filter((r) => r.op === op).map((r) => r.argument as ArgumentOf<N>);
  }

  /** An event on the newest session, cross reference as hex. */
  sendEvent(crossRef: string, info: EventSpecificInfo): number {
    return this.session.sendEvent(crossRefBytes(crossRef), info);
  }

  /** Bytes written as they are (whole frames, header included) on the newest session. */
  writeRaw(hex: string): void {
    this.session.socket.write(fromHex(hex));
  }

  /** Resolves once `n` sessions have associated (and the switch's opening systemStatus was answered). */
  async sessionCount(n: number, timeoutMs = 3000): Promise<ServerSession> {
    await waitFor(() => this.sessions.length >= n, `${n} session(s)`, timeoutMs);
    return this.sessions[n - 1] as ServerSession;
  }

  /** Resolves when the switch has received `n` requests of `op`. */
  async received(op: string, n: number, timeoutMs = 3000): Promise<void> {
    await waitFor(() => this.count(op) >= n, `${n} ${op} request(s) (have ${this.count(op)})`, timeoutMs);
  }

  #accept(session: ServerSession): void {
    const connection = this.sessions.length;
    this.sessions.push(session);
    for (const op of ANSWERED) {
      session.handle(op, ((argument: unknown, invokeId: number) => {
        this.requests.push({ op, argument, session, connection });
        const answer = this.#answers.get(op) ?? DEFAULTS[op];
        return answer?.call(this, argument, session, invokeId);
      }) as never);
    }
    session.on('invoke', (invoke: { operation?: { name: string }; opcode: number; argument?: unknown }) =>
      this.requests.push({ op: invoke.operation?.name ?? `opcode ${invoke.opcode}`, argument: invoke.argument, session, connection }),
    );
  }

  /** 0001, 0002, … */
  nextCrossRef(): Uint8Array {
    const n = this.#nextCrossRef++;
    return Uint8Array.of(n >> 8, n & 0xff);
  }
}

const DEFAULTS: Partial<Record<OperationName, Answer>> = {
  monitorStart(this: FakeSwitch) {
    return { crossRefIdentifier: this.nextCrossRef() };
  },
  makeCall(argument: ArgumentOf<'makeCall'>) {
    return { callingDevice: connectionId('005b', argument.callingDevice) };
  },
  consultationCall(argument: ArgumentOf<'consultationCall'>) {
    return { initiatedCall: connectionId('005c', argument.consultedDevice) };
  },
  getForwarding() {
    return { forwardingList: [] };
  },
  snapshotDevice() {
    return { crossRefIDorSnapshotData: { case: 'snapshotData', value: [] } };
  },
};

// ---------------------------------------------------------------------------------------------
// Clients and guards

/** A client for `sw` with test timings (fast reconnect, no keep-alive probing). */
export async function clientFor(sw: FakeSwitch, options: Partial<ClientOptions> = {}): Promise<CstaClient> {
  const client = await CstaClient.connect({
    host: '127.0.0.1',
    port: sw.port,
    deadLinkMs: 0,
    requestTimeoutMs: 2000,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 },
    ...options,
  });
  onCleanup(() => client.close({ abort: true }));
  return client;
}

// One cleanup list and one set of guards for every socket test (test/session/link-harness.ts).
export { onCleanup, sessionTestGuards as clientTestGuards } from '../session/link-harness.js';

export function waitFor(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  return waitUntil(predicate, what, timeoutMs);
}

/** The next `n` values `next()` yields, or fails after `timeoutMs`. */
export async function take<T>(iterator: AsyncIterator<T>, n: number, timeoutMs = 3000): Promise<T[]> {
  const out: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${out.length} of ${n} values`)), timeoutMs);
  });
  try {
    while (out.length < n) {
      const r = await Promise.race([iterator.next(), timeout]);
      if (r.done) throw new Error(`iteration ended after ${out.length} of ${n} values`);
      out.push(r.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return out;
}
