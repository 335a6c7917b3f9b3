// Minimal typings for asn1.js 5 (the package ships none), covering the DSL calls the
// codec benchmark uses. Values are left as unknown/any-shaped records: asn1.js models
// are untyped, and bench/asn1-js.ts converts them to the benchmark's own types.

declare module 'asn1.js' {
  export interface Asn1Node {
    key(name: string): Asn1Node;
    obj(...children: Asn1Node[]): Asn1Node;
    seq(): Asn1Node;
    seqof(item: Asn1Entity): Asn1Node;
    choice(alternatives: Record<string, Asn1Node>): Asn1Node;
    use(entity: Asn1Entity): Asn1Node;
    optional(): Asn1Node;
    explicit(tagNumber: number): Asn1Node;
    implicit(tagNumber: number): Asn1Node;
    any(): Asn1Node;
    int(values?: Record<number, string>): Asn1Node;
    enum(values?: Record<number, string>): Asn1Node;
    octstr(): Asn1Node;
    ia5str(): Asn1Node;
    gentime(): Asn1Node;
    null_(): Asn1Node;
  }

  export interface Asn1Entity {
    name: string;
    decode(data: Buffer, enc: 'der' | 'pem', options?: { partial?: boolean }): unknown;
    encode(data: unknown, enc: 'der' | 'pem'): Buffer;
  }

  /** bn.js number as returned for INTEGER and ENUMERATED. */
  export interface BN {
    toNumber(): number;
  }

  export function define(name: string, body: (this: Asn1Node) => void): Asn1Entity;

  const asn1: { define: typeof define };
  export default asn1;
}
