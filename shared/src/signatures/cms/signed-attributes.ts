import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { DigestAlgorithm } from "../signer.js";
import { CMS_OID } from "./oids.js";
import { encodeSigningCertificateV2 } from "./ess-cert-id-v2.js";

/**
 * What goes in a SignerInfo's signed attributes. CAdES-B-B (ETSI EN 319 122-1 §5.2) wants
 * content-type, message-digest, signing-time and signing-certificate-v2; PAdES-B-B leaves
 * signing-time out (the time is the PDF's /M); a countersignature has no content-type
 * (RFC 5652 §11.1).
 */
export interface SignedAttributesSpec {
  /** eContentType to state; omit for countersignatures. */
  readonly contentType?: string;
  /** Digest of the content (or, for a countersignature, of the countersigned signature value). */
  readonly messageDigest: Uint8Array;
  /** Claimed signing time; omit for PAdES. */
  readonly signingTime?: Date;
  /** DER of the signer certificate, bound with one ESSCertIDv2. */
  readonly signerCertificate: Uint8Array;
  readonly digestAlgorithm: DigestAlgorithm;
  /** Extra signed attributes (e.g. commitment type) appended as given. */
  readonly extra?: readonly pkijs.Attribute[];
}

export async function buildSignedAttributes(spec: SignedAttributesSpec): Promise<pkijs.Attribute[]> {
  const attributes: pkijs.Attribute[] = [];
  if (spec.contentType !== undefined) {
    attributes.push(
      new pkijs.Attribute({
        type: CMS_OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: spec.contentType })],
      }),
    );
  }
  attributes.push(
    new pkijs.Attribute({
      type: CMS_OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: spec.messageDigest.slice().buffer })],
    }),
  );
  if (spec.signingTime !== undefined) {
    // RFC 5652 §11.3: UTCTime up to 2049, GeneralizedTime after; whole seconds.
    const time = new Date(Math.floor(spec.signingTime.getTime() / 1000) * 1000);
    const value =
      time.getUTCFullYear() < 2050
        ? new asn1js.UTCTime({ valueDate: time })
        : new asn1js.GeneralizedTime({ valueDate: time });
    attributes.push(new pkijs.Attribute({ type: CMS_OID.signingTime, values: [value] }));
  }
  attributes.push(
    new pkijs.Attribute({
      type: CMS_OID.signingCertificateV2,
      values: [await encodeSigningCertificateV2(spec.signerCertificate, spec.digestAlgorithm)],
    }),
  );
  attributes.push(...(spec.extra ?? []));
  return attributes;
}
