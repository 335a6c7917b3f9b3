/**
 * Reconnecting after the link is lost (architecture.md, what users ask for, 1): capped, jittered
 * exponential backoff, so a restarting switch is not hammered and a fleet of clients does not
 * come back in lockstep.
 *
 * Delay before attempt n (1-based): `min(maxDelayMs, initialDelayMs · factor^(n-1))`, then moved
 * by up to ±jitter of itself at random, then capped at maxDelayMs again. With the defaults
 * (500 ms, ×2, cap 30 s, ±20 %): ~0.5 s, 1 s, 2 s, 4 s, … 30 s, 30 s, …
 *
 * This file only decides *when*; what an attempt does (connect, associate, re-create monitors)
 * is the client's. Nothing that may have reached the switch is ever re-sent from here.
 */

export interface ReconnectOptions {
  /** Reconnect at all. Default true. */
  readonly enabled: boolean;
  /** Delay before the first attempt. Default 500 ms. */
  readonly initialDelayMs: number;
  /** Cap on any delay. Default 30 000 ms. */
  readonly maxDelayMs: number;
  /** Growth per attempt. Default 2. */
  readonly factor: number;
  /** Random spread, as a fraction of the delay (0 … 1). Default 0.2. */
  readonly jitter: number;
  /** Give up after this many failed attempts (the client then closes). Default Infinity. */
  readonly maxAttempts: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = Object.freeze({
  enabled: true,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.2,
  maxAttempts: Infinity,
});

/** Options as given (`false` turns reconnecting off), completed and checked. */
export function reconnectOptions(given: Partial<ReconnectOptions> | boolean | undefined): ReconnectOptions {
  const o: ReconnectOptions =
    typeof given === 'boolean' ? { ...DEFAULT_RECONNECT, enabled: given } : { ...DEFAULT_RECONNECT, ...(given ?? {}) };
  const bad = (what: string, v: number): never => {
    throw new RangeError(`reconnect.${what} ${v} is out of range`);
  };
  if (!(o.initialDelayMs >= 0)) bad('initialDelayMs', o.initialDelayMs);
  if (!(o.maxDelayMs >= o.initialDelayMs)) bad('maxDelayMs', o.maxDelayMs);
  if (!(o.factor >= 1)) bad('factor', o.factor);
  if (!(o.jitter >= 0 && o.jitter <= 1)) bad('jitter', o.jitter);
  if (!(o.maxAttempts >= 1)) bad('maxAttempts', o.maxAttempts);
  return o;
}

/** The delay before attempt `attempt` (1-based); `random` in [0, 1) (Math.random by default). */
export function backoffDelay(attempt: number, o: ReconnectOptions, random: () => number = Math.random): number {
  const exponential = o.initialDelayMs * Math.pow(o.factor, Math.max(0, attempt - 1));
  const base = Math.min(o.maxDelayMs, exponential);
  const spread = base * o.jitter * (2 * random() - 1);
  return Math.round(Math.min(o.maxDelayMs, Math.max(0, base + spread)));
}

/** Waits `ms`; resolves false at once (and clears the timer) when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What the client hears before each attempt. */
export interface ReconnectAttempt {
  /** 1 for the first attempt after the link was lost. */
  readonly attempt: number;
  /** How long it waits before trying. */
  readonly delayMs: number;
  /** Why the previous attempt failed (undefined before the first). */
  readonly error?: Error;
}

export type ReconnectOutcome<T> =
  | { readonly kind: 'connected'; readonly value: T; readonly attempt: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'gave-up'; readonly attempts: number; readonly error: Error };

/**
 * Waits, tries `attempt`, and repeats with growing delays until it succeeds, `signal` fires, or
 * maxAttempts failed. An attempt already running when `signal` fires is awaited (so nothing it
 * opened is left behind) and its result handed to `discard`.
 */
export async function reconnectLoop<T>(init: {
  readonly options: ReconnectOptions;
  readonly signal: AbortSignal;
  readonly attempt: (n: number) => Promise<T>;
  readonly onWait: (info: ReconnectAttempt) => void;
  readonly discard: (value: T) => void;
  readonly random?: () => number;
}): Promise<ReconnectOutcome<T>> {
  const { options, signal } = init;
  let error: Error | undefined;
  for (let n = 1; n <= options.maxAttempts; n++) {
    const delayMs = backoffDelay(n, options, init.random);
    init.onWait(error === undefined ? { attempt: n, delayMs } : { attempt: n, delayMs, error });
    if (!(await sleep(delayMs, signal))) return { kind: 'cancelled' };
    try {
      const value = await init.attempt(n);
      if (signal.aborted) {
        init.discard(value);
        return { kind: 'cancelled' };
      }
      return { kind: 'connected', value, attempt: n };
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
      if (signal.aborted) return { kind: 'cancelled' };
    }
  }
  return { kind: 'gave-up', attempts: options.maxAttempts, error: error ?? new Error('no attempt was made') };
}
