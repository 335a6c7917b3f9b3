/**
 * Built-in types the compiler defines in ASN.1 itself, parsed like any input module.
 *
 * EXTERNAL (X.680 37.5, X.690 8.18): on the wire it is always the 1990 structure below
 * (`[UNIVERSAL 8] IMPLICIT SEQUENCE`), which is what ACSE carries HiPath's authentication and
 * CSTA's user information in. The `single-ASN1-type` is an open type: kept as a raw element and
 * decoded by whoever knows what it holds (the session layer, for HiPath).
 */
export const PRELUDE_FILE = 'codegen/src/prelude.ts';

export const PRELUDE_TEXT = `ASN1-Prelude DEFINITIONS IMPLICIT TAGS ::=
BEGIN

External ::= [UNIVERSAL 8] IMPLICIT SEQUENCE {
  direct-reference      OBJECT IDENTIFIER OPTIONAL,
  indirect-reference    INTEGER OPTIONAL,
  data-value-descriptor ObjectDescriptor OPTIONAL,
  encoding CHOICE {
    single-ASN1-type  [0] TYPE-IDENTIFIER.&Type,
    octet-aligned     [1] IMPLICIT OCTET STRING,
    arbitrary         [2] IMPLICIT BIT STRING } }

END
`;
