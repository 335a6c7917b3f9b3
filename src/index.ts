/**
 * csta3: CSTA Phase III (ECMA-269 services, ECMA-285 ASN.1/BER) for TypeScript, with the Siemens
 * HiPath dialect. The package's public entry:
 *
 * - the client: `CstaClient.connect({ host })`, monitors (EventEmitter + async iterator), typed
 *   services and the typed generic `invoke()` (src/session/client.ts, CLIENT.md);
 * - the Net::CSTAv3::Client API: `NetCstav3Client` (src/seed);
 * - the layers underneath, for other uses: CstaLink (one association), CstaServer (the switch
 *   role), framing, profiles, errors, device helpers, logging;
 * - BER `encode`/`decode`, JER `toJer`/`fromJer`, and the generated tables (`operations`,
 *   `events`, …); every generated type and codec under the `generated` namespace (or the
 *   `csta3/generated` entry).
 */

// The client
export {
  CstaClient,
  type ClientOptions,
  type ClientState,
  type CloseOptions,
  type LostMonitor,
  type MonitorOptions,
  type RecreatedMonitor,
  type Recreation,
} from './session/client.js';
export { Monitor, type MonitorEndReason, type MonitorHandlers, type MonitorResync, type MonitorState } from './session/monitor.js';
export { eventDevices, eventInfo, mainConnection, readEventReport, type CstaEvent, type EventReport, type UnroutedEvent } from './session/csta-event.js';
export { DEFAULT_EVENT_BUFFER, EventQueue } from './session/event-queue.js';
export { backoffDelay, DEFAULT_RECONNECT, reconnectOptions, type ReconnectAttempt, type ReconnectOptions } from './session/reconnect.js';
export { CstaServices, toConnectionId, toDeviceId, type ConnectionInput, type DeviceInput } from './session/services.js';

// The Perl-compatible API
export { Client, NetCstav3Client, seedHash, seedTimestamp, type SeedCallback, type SeedConnectParams, type SeedHash, type SeedMonitoringParams, type SeedOptions } from './seed/index.js';

// Session layers
export { CstaLink, type LinkOptions } from './session/link.js';
export type { AssociationState, RequestOptions } from './session/association.js';
export { CstaServer, ServerSession, type AssociationRequest, type CredentialsCheck, type ServerOptions } from './session/server.js';
export { connect, listen, TransportError, type ConnectOptions, type ListenOptions, type TransportErrorCode } from './session/transport.js';
export { encodeFrame, FrameDecoder, FrameEncoder, FramingError, frameBytes, HIPATH_FRAMING, LENGTH16_FRAMING, type FrameFormat } from './session/framing.js';
export {
  ECMA_PLAIN,
  HIPATH,
  monitorFilter,
  type Credentials,
  type DialectProfile,
  type FilterCategory,
  type MonitorFilterExclusions,
} from './session/profile.js';
export {
  AssociationAbortedError,
  AssociationRejectedError,
  CstaError,
  isSessionError,
  LinkLostError,
  RejectError,
  SessionError,
  type LinkLostReason,
  type SessionErrorCode,
} from './session/errors.js';
export { callIdOf, connectionId, crossRefBytes, crossRefHex, deviceId, dialingNumberOf, type DeviceLike } from './session/device.js';
export { consoleLogger, describeApdu, silentLogger, type Logger } from './session/logger.js';
export { printable, printableJson, printableLines } from './session/printable.js';

// BER and JER
export { BerError, BerReader, BerWriter, bitString, decode, encode, fromHex, toHex, type BitString, type Codec, type RawElement } from './ber/index.js';
export { fromJer, fromJerString, shapeProblem, toJer, toJerString } from './jer/index.js';

// Generated tables (every type and codec: the `generated` namespace)
export {
  errors as operationErrors,
  errorsByCode,
  operations,
  operationsByCode,
  type ArgumentOf,
  type ErrorInfo,
  type OperationInfo,
  type OperationName,
  type ResultOf,
} from '../generated/operations.js';
export { events, eventsByName, type EventInfo, type EventName, type EventTypes } from '../generated/events.js';
export * as generated from '../generated/index.js';
