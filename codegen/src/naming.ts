/**
 * Every name the generator prints is made here, mechanically, from the ASN.1 name. The few
 * deliberate exceptions are the OVERRIDES table, keyed by ASN.1 path (`Module.Type` or
 * `Module.Type.component`).
 */

/** Explicit renames, keyed by ASN.1 path. Empty today: mechanical names have been enough. */
export const OVERRIDES: Readonly<Record<string, string>> = {};

/**
 * Identifiers a generated module declares or relies on that a type name must not shadow.
 * A type named like one of these gets a trailing underscore.
 */
const RESERVED = new Set([
  'Array', 'BigInt', 'Boolean', 'Date', 'Error', 'JSON', 'Map', 'Math', 'Number', 'Object',
  'Promise', 'Readonly', 'Record', 'Set', 'String', 'Symbol', 'Uint8Array',
  'BerReader', 'BerWriter', 'BerError', 'BitString', 'Codec', 'RawElement', 'Schema', 'within',
]);

/** `AARQ-apdu` → `AARQ_apdu`; `Module.Type.component` paths become `Type_component`. */
export function typeName(asn1Path: string): string {
  const override = OVERRIDES[asn1Path];
  if (override !== undefined) return override;
  const withoutModule = asn1Path.slice(asn1Path.indexOf('.') + 1);
  const name = withoutModule.replace(/[-.]/g, '_');
  return RESERVED.has(name) ? `${name}_` : name;
}

/** ASN.1 identifier → property name: `aSO-context-name` → `aSOContextName`, `calling-AP-title` → `callingAPTitle`. */
export function propertyName(identifier: string): string {
  return identifier.replace(/-([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Module name → output file base name: `CSTA-delivered-event` → `csta-delivered-event`. */
export function fileName(moduleName: string): string {
  return moduleName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** Module name → a prefix for the index's qualified exports: `CSTA-event-report-definitions` → `CSTA_event_report_definitions`. */
export function moduleIdentifier(moduleName: string): string {
  return moduleName.replace(/[^A-Za-z0-9]/g, '_');
}
