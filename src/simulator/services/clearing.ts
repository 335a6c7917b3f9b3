/**
 * Services that clear: Clear Connection and Clear Call (ECMA-269 §17.1). The clearing itself
 * (ConnectionCleared per connection, CallCleared when the call is gone) is in call-legs.ts.
 */
import type { ArgumentOf, ResultOf } from '../../../generated/operations.js';
import { clearWholeCall, dropConnection } from './call-legs.js';
import { NO_DATA, findCall, findConnection, type ServiceContext } from './context.js';

/**
 * Clear Connection: ConnectionCleared (cause normalClearing, or the request's reason) to every
 * party; a party left alone is cleared too, and then CallCleared.
 */
export function clearConnection(ctx: ServiceContext, arg: ArgumentOf<'clearConnection'>): ResultOf<'clearConnection'> {
  const found = findConnection(ctx, arg.connectionToBeCleared, 'connection', 'connectionToBeCleared');
  dropConnection(ctx, found.call, found.device, arg.reason ?? 'normalClearing');
  return NO_DATA;
}

/** Clear Call: ConnectionCleared for each connection, then CallCleared (cause normalClearing or the reason). */
export function clearCall(ctx: ServiceContext, arg: ArgumentOf<'clearCall'>): ResultOf<'clearCall'> {
  const call = findCall(ctx, arg.callToBeCleared, 'callToBeCleared');
  clearWholeCall(ctx, call, arg.reason ?? 'normalClearing');
  return NO_DATA;
}
