/**
 * The one printer API of the generator: collect imports as code is written, add declarations as
 * ts-morph structures (bodies as writer callbacks), print deterministically.
 */
import {
  Project,
  StructureKind,
  IndentationText,
  QuoteKind,
  type StatementStructures,
  type ImportDeclarationStructure,
} from 'ts-morph';

export interface Lines {
  /** Appends lines; nested arrays are indented one level. */
  push(...lines: (string | Lines)[]): void;
}

/** Indented text built from nested line lists, two spaces a level. */
export class Block implements Lines {
  readonly items: (string | Block)[] = [];
  push(...lines: (string | Lines)[]): void {
    for (const l of lines) this.items.push(l as string | Block);
  }
  /** A nested block (written one level deeper) appended here and returned. */
  nest(): Block {
    const b = new Block();
    this.items.push(b);
    return b;
  }
  text(indent = ''): string {
    return this.items.map((i) => (typeof i === 'string' ? (i === '' ? '' : indent + i) : i.text(indent + '  '))).join('\n');
  }
}

export class GeneratedFile {
  private readonly imports = new Map<string, Map<string, boolean>>();
  private readonly statements: (string | StatementStructures)[] = [];

  constructor(
    /** File name within the output folder, e.g. `csta-delivered-event.ts`. */
    readonly path: string,
    private readonly header: string,
  ) {}

  /** Imports `name` from `from` (a module specifier); `typeOnly` unless some use needs the value. */
  use(from: string, name: string, typeOnly = false): void {
    let names = this.imports.get(from);
    if (!names) this.imports.set(from, (names = new Map()));
    names.set(name, (names.get(name) ?? true) && typeOnly);
  }

  add(s: StatementStructures): void {
    this.statements.push(s);
  }

  /**
   * A documented `export const name: type = <initializer>`, written as text: ts-morph re-indents
   * every line of a structured initializer, which would push a multi-line object literal right.
   */
  addConst(name: string, type: string | undefined, initializer: string, docs?: string): void {
    const doc = docs ? `/**\n${docs.split('\n').map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n */\n` : '';
    this.statements.push(`${doc}export const ${name}${type ? `: ${type}` : ''} = ${initializer};`);
  }

  print(project: Project): string {
    const importDecls: ImportDeclarationStructure[] = [...this.imports.keys()].sort(compareSpecifiers).map((from) => {
      const names = [...this.imports.get(from)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const allTypes = names.every(([, t]) => t);
      return {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: from,
        isTypeOnly: allTypes,
        namedImports: names.map(([name, typeOnly]) => ({ name, isTypeOnly: !allTypes && typeOnly })),
      };
    });
    const file = project.createSourceFile(
      this.path,
      { leadingTrivia: this.header, statements: [...importDecls, ...this.statements] },
      { overwrite: true },
    );
    const text = file
      .getFullText()
      .replace(/[ \t]+$/gm, '') // `type X =` before a union broken over lines
      .replace(/\n(\/\*\*|export )/g, '\n\n$1') // a blank line between top-level declarations
      .replace(/\*\/\n\n(export )/g, '*/\n$1') // …but not between a declaration and its JSDoc
      .replace(/\n{3,}/g, '\n\n');
    project.removeSourceFile(file);
    return text.endsWith('\n') ? text : text + '\n';
  }
}

/** Package imports first, then relative ones; each group alphabetical. */
function compareSpecifiers(a: string, b: string): number {
  const ra = a.startsWith('.');
  const rb = b.startsWith('.');
  if (ra !== rb) return ra ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function newProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single, useTrailingCommas: true },
  });
}

/** A JSDoc body quoting ASN.1 and naming where it came from. */
export function asn1Doc(summary: string | undefined, source: string, from: string): string {
  const parts: string[] = [];
  if (summary) parts.push(summary, '');
  if (source) parts.push('```asn1', source.replace(/\*\//g, '*\\/'), '```', '');
  parts.push(`@generated from ${from}`);
  return parts.join('\n');
}
