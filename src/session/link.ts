/**
 * CstaLink: one CSTA association in the client role, over a socket someone else opened
 * (transport.ts, or any Duplex). The login of hipath-protocol.md §2.3:
 *
 * 1. we send the AARQ (V2 with HIPATH and AMHOST/77777);
 * 2. the switch answers with an AARE, which must say accepted (Net::CSTAv3::Client never checked);
 * 3. the switch sends a systemStatus invoke (V1), which we answer with ReturnResult noData (V3).
 *
 * `open()` resolves after step 3 for dialects whose switch opens with systemStatus (HiPath: "must
 * be answered before anything else works", §7.5), after step 2 for the others. What arrives in
 * the same reads as the AARE is emitted after `open()` resolved, so listeners attached right after
 * `await CstaLink.open(...)` miss nothing. Everything after that (answering systemStatus at any
 * time, events, requests, keep-alive, release, abort, the one 'close') is association.ts.
 *
 * ```ts
 * const link = await CstaLink.open(await connect({ host, port: 8800 }), { deadLinkMs: 30_000 });
 * link.on('event', (report) => ...);
 * link.on('close', (error) => ...);          // error.reason: 'closed' | 'keepalive' | 'framing' | ...
 * const { crossRefIdentifier } = await link.invoke('monitorStart', { monitorObject: deviceId('100') });
 * ```
 */
import type { Duplex } from 'node:stream';
import type { SystemStatusArg } from '../../generated/csta-system-status.js';
import { checkAare, type AcseMessage, type AssociationInfo, buildAarq } from './acse.js';
import { Association } from './association.js';
import { SessionError, type LinkLostError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { HIPATH, type Credentials, type DialectProfile } from './profile.js';

export interface LinkOptions {
  /** Default HIPATH. */
  readonly profile?: DialectProfile;
  /** Default: the profile's (HiPath AMHOST / 77777). */
  readonly credentials?: Credentials;
  /** Default: profile.timings.requestTimeoutMs (10 000). */
  readonly requestTimeoutMs?: number;
  /** AARQ → AARE, and AARE → the switch's first systemStatus. Default: profile.timings (10 000). */
  readonly associationTimeoutMs?: number;
  /**
   * Nothing received this long → a systemStatus probe; no answer within requestTimeoutMs (and
   * nothing else received) → 'close' with reason 'keepalive'. 0 turns probing off. Default:
   * profile.timings.deadLinkMs (60 000).
   */
  readonly deadLinkMs?: number;
  /**
   * Whether open() waits for the switch's first systemStatus (§2.3 step 4). Default: true for
   * the 'hipath' profile (and profiles derived from it by spreading), false otherwise. If none
   * comes within associationTimeoutMs, open() resolves anyway and logs a warning.
   */
  readonly awaitSystemStatus?: boolean;
  /** Largest APDU accepted from the switch; a frame announcing more ends the link ('framing'). Default: the framing's maximum (HiPath 32767). */
  readonly maxPayload?: number;
  /** Default silentLogger. Debug lines: one per APDU in and out (passwords masked). */
  readonly logger?: Logger;
}

interface Opening {
  resolve(link: CstaLink): void;
  reject(error: Error): void;
}

export class CstaLink extends Association {
  readonly #associationTimeoutMs: number;
  readonly #deadLinkMs: number;
  readonly #awaitSystemStatus: boolean;
  #opening: Opening | undefined;
  #timer: NodeJS.Timeout | undefined;
  #waitingForSystemStatus = false;
  #info: AssociationInfo | undefined;
  /** Emissions held back until open() has resolved (see #flushHeld). */
  #held: (() => void)[] | undefined = [];

  private constructor(socket: Duplex, options: LinkOptions) {
    const profile = options.profile ?? HIPATH;
    super(socket, {
      profile,
      logger: options.logger ?? silentLogger,
      requestTimeoutMs: options.requestTimeoutMs ?? profile.timings.requestTimeoutMs,
      peer: 'switch',
      ...(options.maxPayload !== undefined && { maxPayload: options.maxPayload }),
    });
    this.#associationTimeoutMs = options.associationTimeoutMs ?? profile.timings.associationTimeoutMs;
    this.#deadLinkMs = options.deadLinkMs ?? profile.timings.deadLinkMs;
    this.#awaitSystemStatus = options.awaitSystemStatus ?? profile.name === 'hipath';
  }

  /**
   * Associates over `socket` and resolves with the link once it is usable. Rejects with
   * AssociationRejectedError (`association-rejected`: AARE result not accepted, with X.227 result
   * and diagnostic), AssociationAbortedError (`association-aborted`: ABRT instead of an AARE),
   * SessionError `request-timeout` (no AARE in associationTimeoutMs), SessionError
   * `protocol-error` (an answer that is no AARE), or LinkLostError (the socket closed or the
   * framing broke first). The socket is closed whenever open() rejects.
   */
  static open(socket: Duplex, options: LinkOptions = {}): Promise<CstaLink> {
    const link = new CstaLink(socket, options);
    return new Promise<CstaLink>((resolve, reject) => {
      link.#opening = { resolve, reject };
      link.#startTimer(() => {
        const error = new SessionError(
          'request-timeout',
          `no AARE from the switch within ${link.#associationTimeoutMs} ms after the AARQ; check that this port is the switch's CSTA (ASN.1) interface`,
        );
        link.#failOpen(error);
        link.terminate('protocol', error.message, error);
      });
      try {
        link.send(buildAarq(link.profile, options.credentials ?? link.profile.defaultCredentials));
      } catch (e) {
        link.#failOpen(e as Error);
        link.terminate('error', `could not send the AARQ: ${(e as Error).message}`, e);
      }
    });
  }

  /** What the accepted AARE said (application context, cSTAVersion, HiPath stamp fields). */
  get info(): AssociationInfo | undefined {
    return this.#info;
  }

  protected override onAssociationApdu(message: AcseMessage, apdu: Uint8Array): void {
    if (message.kind !== 'aare') {
      const error = new SessionError('protocol-error', `expected an AARE in answer to the AARQ, the switch sent ${message.kind.toUpperCase()}`);
      this.onAssociationFailed(error);
      return;
    }
    let info: AssociationInfo;
    try {
      info = checkAare(apdu, this.profile);
    } catch (e) {
      this.onAssociationFailed(e as SessionError);
      return;
    }
    this.#info = info;
    this.associated(this.#deadLinkMs);
    this.logger.info(`associated with the switch (${this.profile.name}, context ${info.applicationContext})`);
    if (!this.#awaitSystemStatus) {
      this.#finishOpen();
      return;
    }
    this.#waitingForSystemStatus = true;
    this.#startTimer(() => {
      this.logger.warn(
        `the switch sent no systemStatus within ${this.#associationTimeoutMs} ms of the AARE; going ahead (requests may fail until it does)`,
      );
      this.#finishOpen();
    });
  }

  protected override onSystemStatus(_argument: SystemStatusArg): void {
    if (this.#waitingForSystemStatus) this.#finishOpen();
  }

  protected override onAssociationFailed(error: SessionError): void {
    this.#failOpen(error);
    super.onAssociationFailed(error);
  }

  protected override onClosed(error: LinkLostError): void {
    this.#failOpen(error);
  }

  #startTimer(onTimeout: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(onTimeout, this.#associationTimeoutMs);
    this.#timer.unref();
  }

  #finishOpen(): void {
    clearTimeout(this.#timer);
    this.#waitingForSystemStatus = false;
    const opening = this.#opening;
    this.#opening = undefined;
    if (opening === undefined) return;
    opening.resolve(this);
    this.#flushHeld();
  }

  /** While opening, emissions wait: the caller cannot have listeners before open() resolves. */
  protected override deliver(event: string, ...args: unknown[]): void {
    if (this.#held !== undefined) this.#held.push(() => super.deliver(event, ...args));
    else super.deliver(event, ...args);
  }

  /** After the caller's continuation of `await CstaLink.open()` ran (setImmediate follows every microtask). */
  #flushHeld(): void {
    setImmediate(() => {
      const held = this.#held ?? [];
      this.#held = undefined;
      for (const emit of held) emit();
    });
  }

  #failOpen(error: Error): void {
    clearTimeout(this.#timer);
    this.#waitingForSystemStatus = false;
    const opening = this.#opening;
    this.#opening = undefined;
    opening?.reject(error);
  }
}
