import * as asn1js from "asn1js";
import { CnsBridgeError } from "../../errors/index.js";
import { CMS_OID } from "./oids.js";
import { concatBytes, derHeader, derSetOf, encodeDer } from "./der-bytes.js";

/**
 * Adds an unsigned countersignature attribute (RFC 5652 §11.4) to a SignerInfo, splicing bytes:
 * every field of the original SignerInfo, signed attributes included, is kept exactly as it was,
 * so the countersigned signature stays valid.
 */
export function appendCountersignature(
  signerInfoDer: Uint8Array,
  countersignatureDer: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const parsed = asn1js.fromBER(signerInfoDer.slice());
  if (parsed.offset !== signerInfoDer.byteLength || !(parsed.result instanceof asn1js.Sequence)) {
    throw new CnsBridgeError("CMS_MALFORMED", { detail: "SignerInfo is broken" });
  }
  const fields = parsed.result.valueBlock.value.map((field) =>
    new Uint8Array(field.valueBeforeDecodeView).slice(),
  );
  const last = parsed.result.valueBlock.value.at(-1);
  const hasUnsigned = last !== undefined && last.idBlock.tagClass === 3 && last.idBlock.tagNumber === 1;
  const existingAttributes =
    hasUnsigned && last instanceof asn1js.Constructed
      ? last.valueBlock.value.map((attribute) => new Uint8Array(attribute.valueBeforeDecodeView).slice())
      : [];
  const countersignatureAttribute = encodeDer(
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: CMS_OID.countersignature }),
        new asn1js.Set({ value: [asn1js.fromBER(countersignatureDer.slice()).result] }),
      ],
    }),
  );
  const unsigned = derSetOf([...existingAttributes, countersignatureAttribute]);
  unsigned[0] = 0xa1; // [1] IMPLICIT SET OF Attribute
  const kept = hasUnsigned ? fields.slice(0, -1) : fields;
  const body = concatBytes([...kept, unsigned]);
  return concatBytes([derHeader(0x30, body.byteLength), body]);
}
