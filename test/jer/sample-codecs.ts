/**
 * Hand-written codecs for the JER and arbitrary tests, shaped like what the generator emits for
 * a small module `Test` (CSTA-like names). Only the schemas matter here: encode/decode throw.
 *
 *   DeviceID ::= SEQUENCE {
 *     deviceIdentifier CHOICE {
 *       dialingNumber [0] IMPLICIT IA5String (SIZE (0..64)),
 *       deviceNumber  [1] IMPLICIT INTEGER (0..65535),
 *       other-id      [2] IMPLICIT OCTET STRING (SIZE (1..8)) },
 *     mediaClass BIT STRING (SIZE (8)) OPTIONAL,
 *     ... }
 *   MonitorType ::= ENUMERATED { call (0), device (1) }
 *   MonitorFilter ::= BIT STRING { callControl (0), physicalDevice (1) } (SIZE (0..32))
 *   MonitorStartArgument ::= SEQUENCE {
 *     monitorObject DeviceID,
 *     requestedMonitorFilter [0] IMPLICIT MonitorFilter OPTIONAL,
 *     monitorType MonitorType DEFAULT call,
 *     privateData CHOICE { private [0] OPEN-TYPE, private-tag [1] INTEGER, ... } OPTIONAL,
 *     extensions SEQUENCE SIZE (0..4) OF CHOICE { a [0] INTEGER, b [1] NULL } OPTIONAL }
 *   AllKinds ::= SET { one component of every built-in kind }
 *   Tree ::= SEQUENCE { label PrintableString, children SEQUENCE OF Tree }
 *   Expr ::= CHOICE { num INTEGER, neg Expr, pair SEQUENCE { left Expr, right Expr } }
 *   Loop ::= SEQUENCE { next Loop }            -- no finite value
 */
import type { BitString, Codec, RawElement } from '../../src/ber/codec.js';
import type { Schema, StringKind } from '../../src/ber/schema.js';

export function codec<T>(name: string, schema: Schema): Codec<T> {
  const unused = () => {
    throw new Error(`${name}: BER is not used in JER tests`);
  };
  return { name, tag: -1, encode: unused, decode: unused, schema };
}

export type DeviceIdentifier =
  | { case: 'dialingNumber'; value: string }
  | { case: 'deviceNumber'; value: number }
  | { case: 'otherId'; value: Uint8Array };

export interface DeviceID {
  deviceIdentifier: DeviceIdentifier;
  mediaClass?: BitString;
  $unknown?: RawElement[];
}

export const DeviceID: Codec<DeviceID> = codec('Test.DeviceID', {
  t: 'sequence',
  name: 'Test.DeviceID',
  extensible: true,
  fields: [
    {
      key: 'deviceIdentifier',
      id: 'deviceIdentifier',
      optional: false,
      type: {
        t: 'choice',
        name: 'Test.DeviceID.deviceIdentifier',
        extensible: false,
        alternatives: [
          { key: 'dialingNumber', id: 'dialingNumber', type: { t: 'string', kind: 'IA5String', size: { min: 0, max: 64 } } },
          { key: 'deviceNumber', id: 'deviceNumber', type: { t: 'integer', range: { min: 0, max: 65535 } } },
          { key: 'otherId', id: 'other-id', type: { t: 'octets', size: { min: 1, max: 8 } } },
        ],
      },
    },
    { key: 'mediaClass', id: 'mediaClass', optional: true, type: { t: 'bits', size: { min: 8, max: 8 } } },
  ],
});

export type MonitorType = 'call' | 'device';
export const MonitorType: Codec<MonitorType> = codec('Test.MonitorType', { t: 'enumerated', values: { call: 0, device: 1 } });

export const MonitorFilter: Codec<BitString> = codec('Test.MonitorFilter', {
  t: 'bits',
  named: { callControl: 0, physicalDevice: 1 },
  size: { min: 0, max: 32 },
});

export interface MonitorStartArgument {
  monitorObject: DeviceID;
  requestedMonitorFilter?: BitString;
  monitorType?: MonitorType;
  privateData?: { case: 'private'; value: RawElement } | { case: 'privateTag'; value: number } | { case: '$unknown'; value: RawElement };
  extensions?: Array<{ case: 'a'; value: number } | { case: 'b'; value: null }>;
  $unknown?: RawElement[];
}

export const MonitorStartArgument: Codec<MonitorStartArgument> = codec('Test.MonitorStartArgument', {
  t: 'sequence',
  name: 'Test.MonitorStartArgument',
  extensible: false,
  fields: [
    { key: 'monitorObject', id: 'monitorObject', optional: false, type: () => DeviceID },
    { key: 'requestedMonitorFilter', id: 'requestedMonitorFilter', optional: true, type: () => MonitorFilter },
    { key: 'monitorType', id: 'monitorType', optional: true, default: 'call', type: () => MonitorType },
    {
      key: 'privateData',
      id: 'privateData',
      optional: true,
      type: {
        t: 'choice',
        name: 'Test.MonitorStartArgument.privateData',
        extensible: true,
        alternatives: [
          { key: 'private', id: 'private', type: { t: 'open' } },
          { key: 'privateTag', id: 'private-tag', type: { t: 'integer' } },
        ],
      },
    },
    {
      key: 'extensions',
      id: 'extensions',
      optional: true,
      type: {
        t: 'sequenceOf',
        size: { min: 0, max: 4 },
        item: {
          t: 'choice',
          name: 'Test.MonitorStartArgument.extensions.item',
          extensible: false,
          alternatives: [
            { key: 'a', id: 'a', type: { t: 'integer' } },
            { key: 'b', id: 'b', type: { t: 'null' } },
          ],
        },
      },
    },
  ],
});

export const STRING_KINDS: readonly StringKind[] = [
  'IA5String',
  'PrintableString',
  'VisibleString',
  'NumericString',
  'GraphicString',
  'UTF8String',
  'BMPString',
  'UniversalString',
  'TeletexString',
  'VideotexString',
  'GeneralString',
  'ObjectDescriptor',
];

/** A SET with one component of every built-in kind; ids are the kinds' names with a `k-` prefix. */
export const AllKinds: Codec<Record<string, unknown>> = codec('Test.AllKinds', {
  t: 'set',
  name: 'Test.AllKinds',
  extensible: false,
  fields: [
    { key: 'kBoolean', id: 'k-boolean', optional: false, type: { t: 'boolean' } },
    { key: 'kNull', id: 'k-null', optional: false, type: { t: 'null' } },
    { key: 'kInteger', id: 'k-integer', optional: false, type: { t: 'integer', named: { zero: 0, big: 2 ** 40 } } },
    { key: 'kRange', id: 'k-range', optional: false, type: { t: 'integer', range: { min: -5, max: 5 } } },
    { key: 'kEnumerated', id: 'k-enumerated', optional: false, type: { t: 'enumerated', values: { red: 0, green: 1, blue: 7 } } },
    { key: 'kOctets', id: 'k-octets', optional: false, type: { t: 'octets' } },
    { key: 'kBits', id: 'k-bits', optional: false, type: { t: 'bits' } },
    { key: 'kFixedBits', id: 'k-fixed-bits', optional: false, type: { t: 'bits', size: { min: 12, max: 12 } } },
    ...STRING_KINDS.map((kind) => ({ key: `k${kind}`, id: `k-${kind}`, optional: false, type: { t: 'string' as const, kind } })),
    { key: 'kSizedString', id: 'k-sized-string', optional: false, type: { t: 'string', kind: 'NumericString', size: { min: 3, max: 5 } } },
    { key: 'kOid', id: 'k-oid', optional: false, type: { t: 'oid' } },
    { key: 'kRelativeOid', id: 'k-relative-oid', optional: false, type: { t: 'relativeOid' } },
    { key: 'kGeneralizedTime', id: 'k-generalized-time', optional: false, type: { t: 'time', kind: 'GeneralizedTime' } },
    { key: 'kUtcTime', id: 'k-utc-time', optional: false, type: { t: 'time', kind: 'UTCTime' } },
    { key: 'kOpen', id: 'k-open', optional: false, type: { t: 'open' } },
    { key: 'kSetOf', id: 'k-set-of', optional: false, type: { t: 'setOf', item: { t: 'boolean' }, size: { min: 2, max: 2 } } },
  ],
});

export interface Tree {
  label: string;
  children: Tree[];
}

export const Tree: Codec<Tree> = codec('Test.Tree', {
  t: 'sequence',
  name: 'Test.Tree',
  extensible: false,
  fields: [
    { key: 'label', id: 'label', optional: false, type: { t: 'string', kind: 'PrintableString' } },
    { key: 'children', id: 'children', optional: false, type: { t: 'sequenceOf', item: () => Tree } },
  ],
});

export type Expr = { case: 'num'; value: number } | { case: 'neg'; value: Expr } | { case: 'pair'; value: { left: Expr; right: Expr } };

export const Expr: Codec<Expr> = codec('Test.Expr', {
  t: 'choice',
  name: 'Test.Expr',
  extensible: false,
  alternatives: [
    { key: 'num', id: 'num', type: { t: 'integer' } },
    { key: 'neg', id: 'neg', type: () => Expr },
    {
      key: 'pair',
      id: 'pair',
      type: {
        t: 'sequence',
        name: 'Test.Expr.pair',
        extensible: false,
        fields: [
          { key: 'left', id: 'left', optional: false, type: () => Expr },
          { key: 'right', id: 'right', optional: false, type: () => Expr },
        ],
      },
    },
  ],
});

export const Loop: Codec<unknown> = codec('Test.Loop', {
  t: 'sequence',
  name: 'Test.Loop',
  extensible: false,
  fields: [{ key: 'next', id: 'next', optional: false, type: () => Loop }],
});

/** The codecs every property test runs over. */
export const SAMPLES: ReadonlyArray<Codec<unknown>> = [DeviceID, MonitorType, MonitorFilter, MonitorStartArgument, AllKinds, Tree, Expr];
