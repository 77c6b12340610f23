import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { DigestAlgorithm } from "../signer.js";
import { CnsBridgeError } from "../../errors/index.js";
import { DIGEST_ALGORITHM_OIDS, digestAlgorithmFromOid, REFUSED_DIGEST_OIDS } from "./oids.js";
import { decodedSignerCertificate } from "./certificate-memo.js";
import { digestBytes, encodeDer } from "./der-bytes.js";

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }
 * (RFC 5035 §3). It binds the signature to one certificate, so a different certificate with the same
 * key cannot be substituted.
 */
export async function encodeSigningCertificateV2(
  certificateDer: Uint8Array,
  algorithm: DigestAlgorithm,
): Promise<asn1js.Sequence> {
  const certificate = decodedSignerCertificate(certificateDer);
  const certHash = await digestBytes(algorithm, certificateDer);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        // GeneralName directoryName [4] EXPLICIT Name
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [certificate.issuer.toSchema()],
          }),
        ],
      }),
      certificate.serialNumber,
    ],
  });
  const essCertId = new asn1js.Sequence({
    value: [
      // DER leaves a DEFAULT value out: SHA-256 is the default hashAlgorithm.
      ...(algorithm === "SHA-256"
        ? []
        : [new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_ALGORITHM_OIDS[algorithm] }).toSchema()]),
      new asn1js.OctetString({ valueHex: certHash.buffer }),
      issuerSerial,
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

export interface EssCertIdV2 {
  /** The algorithm's name when allowed, or the refused/unknown OID as found. */
  readonly hashAlgorithm: DigestAlgorithm | { readonly refused: string };
  readonly certHash: Uint8Array;
  /** DER of the issuer Name and the serial's bytes, when issuerSerial is present. */
  readonly issuerSerial?: { readonly issuerDer: Uint8Array; readonly serial: Uint8Array };
}

/** Reads the first ESSCertIDv2 of a SigningCertificateV2 value (the one naming the signer, RFC 5035 §5.4). */
export function decodeSigningCertificateV2(value: asn1js.AsnType): EssCertIdV2 {
  const malformed = (): CnsBridgeError =>
    new CnsBridgeError("SIG_ATTRIBUTE_MALFORMED", { attribute: "signing-certificate-v2" });
  if (!(value instanceof asn1js.Sequence)) throw malformed();
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence)) throw malformed();
  const first = certs.valueBlock.value[0];
  if (!(first instanceof asn1js.Sequence)) throw malformed();
  const parts = [...first.valueBlock.value];
  let hashAlgorithm: EssCertIdV2["hashAlgorithm"] = "SHA-256";
  if (parts[0] instanceof asn1js.Sequence) {
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: parts.shift() });
    const known = digestAlgorithmFromOid(algorithm.algorithmId);
    hashAlgorithm = known ?? { refused: REFUSED_DIGEST_OIDS[algorithm.algorithmId] ?? algorithm.algorithmId };
  }
  const certHash = parts.shift();
  if (!(certHash instanceof asn1js.OctetString)) throw malformed();
  const result: EssCertIdV2 = { hashAlgorithm, certHash: certHash.valueBlock.valueHexView.slice() };
  const issuerSerial = parts.shift();
  if (issuerSerial === undefined) return result;
  if (!(issuerSerial instanceof asn1js.Sequence)) throw malformed();
  const [generalNames, serial] = issuerSerial.valueBlock.value;
  if (!(generalNames instanceof asn1js.Sequence) || !(serial instanceof asn1js.Integer)) throw malformed();
  const directoryName = generalNames.valueBlock.value[0];
  if (!(directoryName instanceof asn1js.Constructed) || directoryName.idBlock.tagNumber !== 4)
    throw malformed();
  const name = directoryName.valueBlock.value[0];
  if (name === undefined) throw malformed();
  return {
    ...result,
    issuerSerial: { issuerDer: encodeDer(name), serial: serial.valueBlock.valueHexView.slice() },
  };
}
