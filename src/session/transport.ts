/**
 * The socket glue of the session layer: open a TCP (or TLS) connection to a switch, or listen for
 * clients (server role). Nothing else lives here: no framing, no protocol. Everything above works
 * on the returned `net.Socket` / `tls.TLSSocket`.
 *
 * Errors are TransportError with a stable `code` and a message that says what to check, e.g.
 * `cannot connect to 10.0.0.5:8800: connection refused; is the switch's CSTA interface enabled and
 * is this the right port?`.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

export type TransportErrorCode =
  | 'connection-refused' // ECONNREFUSED: nothing listens there
  | 'connect-timeout' // no TCP (or TLS) handshake within timeoutMs
  | 'host-not-found' // DNS lookup failed
  | 'host-unreachable' // EHOSTUNREACH / ENETUNREACH
  | 'connection-reset' // the peer reset or closed during the handshake
  | 'tls-failed' // TLS handshake or certificate check failed
  | 'address-in-use' // listen(): EADDRINUSE
  | 'permission-denied' // listen(): EACCES (ports below 1024)
  | 'connect-failed' // anything else while connecting
  | 'listen-failed'; // anything else while listening

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    /** The Node.js error underneath (its `code`, e.g. ECONNREFUSED, tells the details). */
    override readonly cause?: Error,
  ) {
    super(message);
  }
}

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  /** TLS: `true` for defaults (system CAs, server name = host) or Node's tls.ConnectionOptions. */
  readonly tls?: tls.ConnectionOptions | true;
  /** TCP + TLS handshake limit. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** TCP keep-alive probes after this much idle time (OS level; 0 turns them off). Default 30 000 ms. */
  readonly tcpKeepAliveMs?: number;
}

/**
 * Connects and resolves once the connection is usable (after the TLS handshake, with TLS).
 * Nagle is off (CSTA messages are small and latency matters). On failure the socket is destroyed
 * and the promise rejects with a TransportError.
 */
export function connect(options: ConnectOptions): Promise<net.Socket | tls.TLSSocket> {
  const { host, port } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const where = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    let socket: net.Socket | tls.TLSSocket;
    const readyEvent = options.tls === undefined ? 'connect' : 'secureConnect';
    if (options.tls === undefined) {
      socket = net.connect({ host, port });
    } else {
      const tlsOptions: tls.ConnectionOptions = options.tls === true ? {} : options.tls;
      // SNI is only allowed for host names, not IP literals.
      const servername = tlsOptions.servername ?? (net.isIP(host) === 0 ? host : undefined);
      socket = tls.connect({ ...tlsOptions, host, port, ...(servername !== undefined ? { servername } : {}) });
    }
    const timer = setTimeout(() => {
      finish(
        new TransportError(
          'connect-timeout',
          `cannot connect to ${where}: no answer within ${timeoutMs} ms; check the address, the network path and firewalls`,
        ),
      );
    }, timeoutMs);
    timer.unref();
    const onError = (error: Error): void => finish(describeConnectError(error, where, options.tls !== undefined));
    const onClose = (): void =>
      finish(new TransportError('connection-reset', `cannot connect to ${where}: the peer closed the connection during the handshake`));
    const onReady = (): void => finish(undefined);
    function finish(error: TransportError | undefined): void {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.off(readyEvent, onReady);
      if (error !== undefined) {
        socket.destroy();
        reject(error);
        return;
      }
      socket.setNoDelay(true);
      const keepAlive = options.tcpKeepAliveMs ?? 30_000;
      socket.setKeepAlive(keepAlive > 0, keepAlive);
      resolve(socket);
    }
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on(readyEvent, onReady);
  });
}

function describeConnectError(error: Error, where: string, withTls: boolean): TransportError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError(
        'connection-refused',
        `cannot connect to ${where}: connection refused; is the switch's CSTA interface enabled and is this the right port?`,
        error,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new TransportError('host-not-found', `cannot connect to ${where}: the host name does not resolve (${code}); check the spelling and DNS`, error);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('host-unreachable', `cannot connect to ${where}: no route to the host (${code}); check the address and the network`, error);
    case 'ETIMEDOUT':
      return new TransportError('connect-timeout', `cannot connect to ${where}: the TCP handshake timed out; check the address and firewalls`, error);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError(
        'connection-reset',
        `cannot connect to ${where}: the peer reset the connection during the handshake${withTls ? '; does the switch offer TLS on this port?' : ''}`,
        error,
      );
  }
  if (withTls && (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code))) {
    return new TransportError(
      'tls-failed',
      `cannot connect to ${where}: TLS failed (${code}: ${error.message}); check the switch's certificate, the ca option and that the port speaks TLS`,
      error,
    );
  }
  return new TransportError('connect-failed', `cannot connect to ${where}: ${code !== '' ? code + ': ' : ''}${error.message}`, error);
}

export interface ListenOptions {
  /** Interface to bind. Default '127.0.0.1' (pass '0.0.0.0' or '::' to accept remote clients). */
  readonly host?: string;
  /** 0 (the default) picks a free port; read it back with server.address(). */
  readonly port?: number;
  /** TLS server options (key, cert, ...); plain TCP when absent. */
  readonly tls?: tls.TlsOptions;
}

/**
 * Listens and resolves with the bound server. `onConnection` receives every accepted socket (after
 * the TLS handshake, with TLS), with Nagle off.
 */
export function listen(options: ListenOptions, onConnection: (socket: net.Socket) => void): Promise<net.Server> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const accept = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    onConnection(socket);
  };
  const server = options.tls === undefined ? net.createServer(accept) : tls.createServer(options.tls, accept);
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const where = `${host}:${port}`;
      reject(
        code === 'EADDRINUSE'
          ? new TransportError('address-in-use', `cannot listen on ${where}: the port is in use; stop the other process or pick another port`, error)
          : code === 'EACCES'
            ? new TransportError('permission-denied', `cannot listen on ${where}: permission denied; ports below 1024 need privileges`, error)
            : new TransportError('listen-failed', `cannot listen on ${where}: ${code !== '' ? code + ': ' : ''}${error.message}`, error),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}
