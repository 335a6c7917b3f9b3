/**
 * The switch role: CstaServer listens, and every accepted connection becomes a ServerSession that
 * plays the HiPath side of hipath-protocol.md §2.3: wait for the AARQ, check the credentials,
 * answer with an AARE, then open with a systemStatus invoke (normal, invokeId 1: V1 byte for byte)
 * and carry on as association.ts describes (requests dispatched to `session.handle()` handlers,
 * unknown → Reject, known but unhandled → ReturnError serviceNotSupported). For tests and the
 * simulator.
 *
 * ```ts
 * const server = await CstaServer.listen({ port: 0 });
 * server.on('session', (session) => {
 *   session.handle('monitorStart', () => ({ crossRefIdentifier: Uint8Array.of(0, 1) }));
 *   session.sendEvent(Uint8Array.of(0, 1), { case: 'callControlEvents', value: ... });
 * });
 * ```
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import type * as tls from 'node:tls';
import type { BitString } from '../ber/index.js';
import { Associate_source_diagnostic_acse_service_user as Diagnostic } from '../../generated/acse-1.js';
import type { SystemStatus } from '../../generated/csta-device-feature-types.js';
import type { EventSpecificInfo } from '../../generated/csta-event-report-definitions.js';
import type { SystemStatusRes } from '../../generated/csta-system-status.js';
import { operations } from '../../generated/operations.js';
import { buildAare, parseAarq, type AcseMessage } from './acse.js';
import { Association, type RequestOptions } from './association.js';
import { SessionError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { HIPATH, type Credentials, type DialectProfile } from './profile.js';
import { listen } from './transport.js';

/** What the client offered in its AARQ, for a credentials function. */
export interface AssociationRequest {
  readonly credentials?: Credentials;
  readonly applicationContext: string;
  readonly cstaVersion?: BitString;
  readonly remoteAddress?: string;
}

export type CredentialsCheck = (request: AssociationRequest) => boolean | Promise<boolean>;

export interface ServerOptions {
  /** Default '127.0.0.1'. */
  readonly host?: string;
  /** Default 0: a free port (see address()). */
  readonly port?: number;
  readonly tls?: tls.TlsOptions;
  /** Default HIPATH. */
  readonly profile?: DialectProfile;
  /**
   * Accepted credentials, or a function deciding. Default: the profile's (AMHOST / 77777); a
   * profile without authentication accepts every AARQ.
   */
  readonly credentials?: Credentials | CredentialsCheck;
  /** responding-authentication-value fields for the AARE (HiPath: apsStamp, systemVersion, hex). Default none. */
  readonly aareAuthentication?: Readonly<Record<string, string>>;
  /** Default: profile.timings.requestTimeoutMs. */
  readonly requestTimeoutMs?: number;
  /** No AARQ this long after accepting the connection → close it. Default: profile.timings. */
  readonly associationTimeoutMs?: number;
  /** Send systemStatus normal this often once associated; unanswered → close 'keepalive'. 0 (default) = off. */
  readonly systemStatusIntervalMs?: number;
  /** Largest APDU accepted from a client; a frame announcing more ends the session ('framing'). Default: the framing's maximum. */
  readonly maxPayload?: number;
  readonly logger?: Logger;
}

export interface CstaServer {
  on(event: 'session', listener: (session: ServerSession) => void): this;
  on(event: 'associationRejected', listener: (info: { remoteAddress?: string; name?: string; diagnostic: number }) => void): this;
}

export class CstaServer extends EventEmitter {
  readonly #server: Server;
  readonly #sessions = new Set<ServerSession>();

  private constructor(server: Server) {
    super();
    this.#server = server;
  }

  /** Listens and resolves once bound. Rejects with TransportError (address-in-use, ...). */
  static async listen(options: ServerOptions = {}): Promise<CstaServer> {
    let self: CstaServer | undefined;
    const server = await listen({ host: options.host, port: options.port, tls: options.tls }, (socket) => {
      if (self === undefined) socket.destroy(); // cannot happen: connections arrive after listen() resolved
      else self.#accept(socket, options);
    });
    self = new CstaServer(server);
    const logger = options.logger ?? silentLogger;
    server.on('error', (e) => logger.error(`CSTA server error: ${e.message}`));
    return self;
  }

  /** The bound address (the port chosen for port 0). */
  address(): AddressInfo {
    return this.#server.address() as AddressInfo;
  }

  /** Sessions whose connection is open (associated or not yet). */
  get sessions(): ReadonlySet<ServerSession> {
    return this.#sessions;
  }

  /** Stops listening and closes every connection; resolves when all are gone. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const session of this.#sessions) session.close();
    return closed;
  }

  #accept(socket: Socket, options: ServerOptions): void {
    const session = new ServerSession(socket, options, (s) => this.emit('session', s), (info) => this.emit('associationRejected', info));
    this.#sessions.add(session);
    session.once('close', () => this.#sessions.delete(session));
  }
}

export class ServerSession extends Association {
  readonly #options: ServerOptions;
  readonly #onAssociated: (session: ServerSession) => void;
  readonly #onRejected: (info: { remoteAddress?: string; name?: string; diagnostic: number }) => void;
  #timer: NodeJS.Timeout | undefined;
  #statusTimer: NodeJS.Timeout | undefined;
  #clientName: string | undefined;
  #checking = false;

  /** @internal Created by CstaServer for every accepted connection. */
  constructor(
    socket: Duplex,
    options: ServerOptions,
    onAssociated: (session: ServerSession) => void,
    onRejected: (info: { remoteAddress?: string; name?: string; diagnostic: number }) => void,
  ) {
    const profile = options.profile ?? HIPATH;
    super(socket, {
      profile,
      logger: options.logger ?? silentLogger,
      requestTimeoutMs: options.requestTimeoutMs ?? profile.timings.requestTimeoutMs,
      peer: 'client',
      ...(options.maxPayload !== undefined && { maxPayload: options.maxPayload }),
    });
    this.#options = options;
    this.#onAssociated = onAssociated;
    this.#onRejected = onRejected;
    const ms = options.associationTimeoutMs ?? profile.timings.associationTimeoutMs;
    this.#timer = setTimeout(() => this.terminate('protocol', `no AARQ within ${ms} ms of connecting`), ms);
    this.#timer.unref();
  }

  /** The authentication name the client associated with (never the password). */
  get clientName(): string | undefined {
    return this.#clientName;
  }

  get remoteAddress(): string | undefined {
    return (this.socket as Partial<Socket>).remoteAddress;
  }

  /**
   * Sends a cSTAEventReport (never answered) and returns its invokeId, from this session's own
   * number space (the switch's ids are independent of the client's, §3.4).
   */
  sendEvent(crossRefIdentifier: Uint8Array, eventSpecificInfo: EventSpecificInfo): number {
    return this.sendInvokeOnce(operations.cSTAEventReport, { crossRefIdentifier, eventSpecificInfo });
  }

  /** Sends a systemStatus invoke and resolves with the client's answer. */
  systemStatus(status: SystemStatus, options?: RequestOptions): Promise<SystemStatusRes> {
    return this.invoke('systemStatus', { systemStatus: status }, options);
  }

  /** Closes the TCP connection without ACSE (what a switch restart looks like to the client). */
  close(): void {
    this.terminate('closed', 'closed by the switch side', undefined, true);
  }

  protected override onAssociationApdu(message: AcseMessage, apdu: Uint8Array): void {
    if (message.kind !== 'aarq' || this.#checking) {
      const error = new SessionError('protocol-error', `expected an AARQ to open the association, the client sent ${message.kind.toUpperCase()}`);
      this.onAssociationFailed(error);
      return;
    }
    let request: AssociationRequest;
    try {
      request = { ...parseAarq(apdu, this.profile), remoteAddress: this.remoteAddress };
    } catch (e) {
      this.onAssociationFailed(e as SessionError);
      return;
    }
    this.#checking = true;
    void this.#decide(request);
  }

  async #decide(request: AssociationRequest): Promise<void> {
    let diagnostic: number | undefined;
    if (request.applicationContext !== this.profile.applicationContext) {
      diagnostic = Diagnostic.named.applicationContextNameNotSupported;
    } else {
      try {
        diagnostic = await this.#checkCredentials(request);
      } catch (e) {
        this.logger.error(`the credentials check threw; association rejected: ${String(e)}`);
        diagnostic = Diagnostic.named.noReasonGiven;
      }
    }
    if (this.state !== 'associating') return;
    clearTimeout(this.#timer);
    if (diagnostic !== undefined) {
      this.send(buildAare(this.profile, { accepted: false, result: 1, diagnostic }));
      const info = { remoteAddress: this.remoteAddress, name: request.credentials?.name, diagnostic };
      this.logger.info(`association from ${info.remoteAddress ?? 'a client'} rejected (diagnostic ${diagnostic})`, { name: info.name });
      this.#onRejected(info);
      this.terminate('closed', `association rejected (AARE diagnostic ${diagnostic})`, undefined, true);
      return;
    }
    this.#clientName = request.credentials?.name;
    const outcome = { accepted: true as const, ...(this.#options.aareAuthentication && { authentication: this.#options.aareAuthentication }) };
    this.send(buildAare(this.profile, outcome));
    this.associated(0);
    this.logger.info(`associated with ${this.remoteAddress ?? 'a client'}`, { name: this.#clientName });
    // §2.3 step 4: the switch opens with systemStatus normal, before anything else (invokeId 1: V1).
    this.systemStatus('normal').catch((e: Error) => {
      if (this.state === 'up') this.logger.warn(`the client did not answer the opening systemStatus: ${e.message}`);
    });
    // Listeners run before any request of the client can be read, so handlers they register see it.
    this.#onAssociated(this);
    this.deliver('associated');
    if (this.closeError === undefined) this.#startPeriodicStatus();
  }

  /** undefined = accepted; else the X.227 acse-service-user diagnostic. */
  async #checkCredentials(request: AssociationRequest): Promise<number | undefined> {
    const expected = this.#options.credentials ?? this.profile.defaultCredentials;
    if (typeof expected === 'function') return (await expected(request)) ? undefined : Diagnostic.named.authenticationFailure;
    if (expected === undefined || this.profile.authentication === undefined) return undefined;
    const offered = request.credentials;
    if (offered === undefined) return Diagnostic.named.authenticationRequired;
    return same(offered.name, expected.name) && same(offered.password, expected.password) ? undefined : Diagnostic.named.authenticationFailure;
  }

  #startPeriodicStatus(): void {
    const every = this.#options.systemStatusIntervalMs ?? 0;
    if (every <= 0) return;
    const tick = (): void => {
      this.systemStatus('normal').then(
        () => {
          if (this.state === 'up') this.#statusTimer = setTimeout(tick, every).unref();
        },
        (e: Error) => {
          if (this.state !== 'up') return;
          if ((e as SessionError).code === 'request-timeout') {
            this.terminate('keepalive', `the client did not answer a periodic systemStatus within ${this.requestTimeoutMs} ms`);
          } else {
            this.#statusTimer = setTimeout(tick, every).unref();
          }
        },
      );
    };
    this.#statusTimer = setTimeout(tick, every).unref();
  }

  protected override onClosed(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#statusTimer);
  }
}

/** Constant-time comparison of two texts (the password check should not leak by timing). */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}
