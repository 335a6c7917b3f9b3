/**
 * Finding a codec by the name a user types: `Module.Type` exactly as in the ASN.1
 * (`CSTA-make-call.MakeCallArgument`), or the type name alone when only one module defines it
 * (`MakeCallArgument`). Inline types are `Module.Type.component` (`…VoiceAttributesChangeEvent.mode`)
 * and may be given as `Type.component`. Anything else is a CliError listing the candidates or the
 * closest names.
 */
import type { Codec } from '../ber/codec.js';
import { codecs } from '../../generated/index.js';
import { CliError } from './cli-error.js';

const SHOWN = 8;

/** `CSTA-make-call.MakeCallArgument` → `MakeCallArgument` (module names have no dots). */
function typePart(qualified: string): string {
  return qualified.slice(qualified.indexOf('.') + 1);
}

export function resolveType(name: string, table: ReadonlyMap<string, Codec<unknown>> = codecs): Codec<unknown> {
  const exact = table.get(name);
  if (exact !== undefined) return exact;
  const candidates = [...table.keys()].filter((k) => typePart(k) === name);
  if (candidates.length === 1) return table.get(candidates[0])!;
  if (candidates.length > 1) {
    throw new CliError(
      'ambiguous-type',
      `${name} is defined in ${candidates.length} modules: ${candidates.join(', ')}`,
      `give the module too, e.g. csta encode ${candidates[0]} '<JER>'`,
    );
  }
  const close = closestNames(name, [...table.keys()]);
  throw new CliError(
    'unknown-type',
    `no ASN.1 type named ${name}` + (close.length > 0 ? `; did you mean ${close.join(', ')}?` : ''),
    'give Module.Type or a type name from asn1/ (e.g. MakeCallArgument, CSTA-system-status.SystemStatusArg)',
  );
}

/**
 * Names a user probably meant: those containing what was typed (case-insensitively), then those
 * within a small edit distance of it. Unqualified input is compared with unqualified names.
 */
export function closestNames(name: string, qualified: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const shown = (k: string) => (name.includes('.') ? k : typePart(k));
  const unique = (names: string[]) => [...new Set(names)];
  // A name defined in several modules is offered qualified, so the suggestion can be used as it is.
  const offer = (k: string) => (qualified.filter((q) => typePart(q) === typePart(k)).length > 1 ? k : shown(k));

  const containing = qualified.filter((k) => shown(k).toLowerCase().includes(wanted) && wanted.length >= 3);
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  const near = qualified
    .map((k) => ({ k, d: editDistance(wanted, shown(k).toLowerCase(), limit) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .map((x) => x.k);
  return unique([...near, ...containing.sort((a, b) => shown(a).length - shown(b).length)].map(offer)).slice(0, SHOWN);
}

/** Levenshtein distance, giving up (returning limit + 1) once every path is over `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
}
