/**
 * Dead-link detection for one association (hipath-protocol.md §4; architecture.md "dead links
 * detected within a configurable time"). No HiPath heartbeat interval is documented, so the link
 * does not wait for the switch's systemStatus: when nothing at all has been received for
 * `deadLinkMs`, it sends a systemStatus probe (normal). Any answer (result, ReturnError or Reject)
 * proves the link alive, and so does any other traffic meanwhile; no answer within the request
 * timeout with nothing received → dead. The timer never keeps the process alive.
 */
import { isSessionError } from './errors.js';

export interface KeepAliveHooks {
  /** Nothing received this long → probe. */
  readonly deadLinkMs: number;
  /** performance.now() of the last byte received. */
  lastReceived(): number;
  /** Whether the association is still up (probing stops otherwise). */
  isUp(): boolean;
  /** Sends the probe (systemStatus normal, with the request timeout); settles with its answer. */
  probe(): Promise<unknown>;
  /** The link is dead: end the association with reason 'keepalive'. */
  dead(detail: string): void;
  debug(message: string): void;
}

export class KeepAlive {
  readonly #hooks: KeepAliveHooks;
  #timer: NodeJS.Timeout | undefined;

  constructor(hooks: KeepAliveHooks) {
    this.#hooks = hooks;
  }

  start(): void {
    this.#schedule(this.#hooks.deadLinkMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => this.#check(), delayMs);
    this.#timer.unref();
  }

  #check(): void {
    const hooks = this.#hooks;
    if (!hooks.isUp()) return;
    const idle = performance.now() - hooks.lastReceived();
    if (idle < hooks.deadLinkMs) {
      this.#schedule(Math.max(1, hooks.deadLinkMs - idle));
      return;
    }
    const sentAt = performance.now();
    hooks.debug(`nothing received for ${Math.round(idle)} ms: probing with systemStatus`);
    hooks.probe().then(
      () => this.#schedule(hooks.deadLinkMs),
      (e: unknown) => {
        if (!hooks.isUp()) return;
        if (isSessionError(e, 'request-timeout') && hooks.lastReceived() <= sentAt) {
          hooks.dead(`nothing received for ${hooks.deadLinkMs} ms and no answer to a systemStatus probe (${e.message})`);
          return;
        }
        // A ReturnError or Reject is an answer too, and traffic meanwhile proves the link alive.
        this.#schedule(hooks.deadLinkMs);
      },
    );
  }
}
