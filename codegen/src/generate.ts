/**
 * The pipeline: read every `.asn1` file under the input folder → parse → resolve → emit. Returns
 * the output files as text (file name → content) so callers decide how to write them and tests
 * can compare without touching the disk.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Model } from './model.js';
import { parseModules, parseTypeTokens } from './parser.js';
import { PRELUDE_FILE, PRELUDE_TEXT } from './prelude.js';
import { resolve, type SourceModule } from './resolve/index.js';
import { emitModule } from './emit/module.js';
import { newProject } from './emit/file.js';
import { eventsFile, indexFile, operationsFile } from './emit/tables.js';

export interface GenerateOptions {
  /** Module specifier generated files use to import the BER runtime. */
  readonly runtime: string;
  /** `Module.Type` of the CHOICE whose alternatives are the events (the event table); skipped when absent. */
  readonly eventRoot: string;
  /** Shown in the DO-NOT-EDIT header. */
  readonly generator: string;
}

export const DEFAULT_OPTIONS: GenerateOptions = {
  runtime: '../src/ber/index.js',
  eventRoot: 'CSTA-event-report-definitions.EventSpecificInfo',
  generator: 'csta3 codegen',
};

/** `.asn1` files below `dir`, sorted, as paths relative to `base` with forward slashes. */
export function findModules(dir: string, base: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.asn1') || name.endsWith('.asn')) out.push(relative(base, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Parses the files (paths relative to `base`) plus the prelude. */
export function loadSources(files: readonly string[], base: string): SourceModule[] {
  const sources: SourceModule[] = [];
  for (const ast of parseModules(PRELUDE_TEXT, PRELUDE_FILE)) sources.push({ ast, file: PRELUDE_FILE });
  for (const file of files) {
    const text = readFileSync(join(base, file), 'latin1');
    for (const ast of parseModules(text, file)) sources.push({ ast, file });
  }
  return sources;
}

export function buildModel(sources: readonly SourceModule[]): Model {
  return resolve(sources, { parseType: parseTypeTokens });
}

export function emit(model: Model, options: GenerateOptions = DEFAULT_OPTIONS): Map<string, string> {
  const project = newProject();
  const files = new Map<string, string>();
  for (const m of model.modules) {
    if (m.types.length === 0) continue;
    const f = emitModule(m, options);
    files.set(f.path, f.print(project));
  }
  const extra: string[] = [];
  if (model.operations.length > 0 || model.errors.length > 0) {
    files.set('operations.ts', operationsFile(model, options.generator, options.runtime));
    extra.push('operations');
  }
  const events = eventsFile(model, options.eventRoot, options.generator, options.runtime);
  if (events) {
    files.set('events.ts', events);
    extra.push('events');
  }
  files.set('index.ts', indexFile(model.modules, options.generator, options.runtime, extra));
  return files;
}
