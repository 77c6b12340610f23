import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { bytesToHex } from "./bytes-to-hex.js";
import { NAME_ATTRIBUTES } from "./certificate-oids.js";

export interface NameAttribute {
  /** Attribute type OID, e.g. "2.5.4.3". */
  readonly type: string;
  /** The name used in this package for known types ("commonName"), else null. */
  readonly name: keyof typeof NAME_ATTRIBUTES | null;
  /** The text value; a value that is not a string type is given as "#" + hex of its DER (RFC 4514). */
  readonly value: string;
}

/** A subject or issuer name: the attributes cns-bridge reads by name, and all of them in order. */
export type DistinguishedName = {
  readonly [Name in keyof typeof NAME_ATTRIBUTES]: string | null;
} & {
  /** Every attribute in certificate order (an RDN with several values gives them in a row). */
  readonly attributes: readonly NameAttribute[];
};

const NAME_BY_OID = new Map<string, keyof typeof NAME_ATTRIBUTES>(
  Object.entries(NAME_ATTRIBUTES).map(([name, oid]) => [oid, name as keyof typeof NAME_ATTRIBUTES]),
);

/** Reads a pkijs name; when an attribute appears more than once, the named field holds the first. */
export function readDistinguishedName(name: pkijs.RelativeDistinguishedNames): DistinguishedName {
  const attributes: NameAttribute[] = name.typesAndValues.map((attribute) => ({
    type: attribute.type,
    name: NAME_BY_OID.get(attribute.type) ?? null,
    value: attributeText(attribute.value),
  }));
  const named = Object.fromEntries(
    Object.keys(NAME_ATTRIBUTES).map((key) => [
      key,
      attributes.find((attribute) => attribute.name === key)?.value ?? null,
    ]),
  ) as { [Name in keyof typeof NAME_ATTRIBUTES]: string | null };
  return { ...named, attributes };
}

function attributeText(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) {
    return value.valueBlock.value;
  }
  if (value instanceof asn1js.BaseBlock) {
    return `#${bytesToHex(new Uint8Array(value.toBER(false)))}`;
  }
  return "";
}
