import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { CnsBridgeError } from "../../errors/index.js";

/**
 * The single value of a signed attribute. RFC 5652 §11 and ETSI EN 319 122-1 want each of
 * content-type, message-digest, signing-time and signing-certificate-v2 exactly once, with one value.
 */
export function singleAttributeValue(
  attributes: readonly pkijs.Attribute[],
  oid: string,
  name: string,
): asn1js.AsnType | undefined {
  const found = attributes.filter((attribute) => attribute.type === oid);
  if (found.length === 0) return undefined;
  const [attribute] = found;
  if (found.length > 1 || attribute === undefined || attribute.values.length !== 1) {
    throw new CnsBridgeError("SIG_ATTRIBUTE_MALFORMED", { attribute: name });
  }
  return attribute.values[0];
}

export function readSigningTime(value: asn1js.AsnType): Date {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    const date = value.toDate();
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new CnsBridgeError("SIG_ATTRIBUTE_MALFORMED", { attribute: "signing-time" });
}
