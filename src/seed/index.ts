/**
 * The Perl-compatible API: Net::CSTAv3::Client's methods and callback hashes (client.ts, hash.ts).
 * `import Client from 'csta3/seed'` (default export), or the named exports.
 */
export { NetCstav3Client, Client, type SeedCallback, type SeedConnectParams, type SeedMonitoringParams, type SeedOptions } from './client.js';
export { seedHash, seedTimestamp, type SeedHash } from './hash.js';
export { NetCstav3Client as default } from './client.js';
