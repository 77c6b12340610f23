import { CnsBridgeError, isCnsBridgeError } from "../../errors/index.js";
import type { TrustList } from "../../trust/index.js";
import { CMS_OID, digestBytes, parseSignedData } from "../cms/index.js";
import { verifyCmsSignerInfos } from "../verify/index.js";
import type { SignatureError, SignerView } from "./verification-report.js";

export interface PadesCmsVerdict {
  readonly errors: readonly SignatureError[];
  readonly signer: SignerView | null;
  readonly qualified: boolean;
}

function toError(error: CnsBridgeError): SignatureError {
  return { code: error.code, message: error.message };
}

/**
 * Checks the CMS of one PDF signature with the shared verifier core (message digest over the
 * /ByteRange bytes, signature value, signing-certificate-v2, algorithms, chain at the /M time)
 * and adds what PAdES asks on top (ETSI EN 319 142-1 §6.3): exactly one SignerInfo, no
 * countersignature, and for ETSI.CAdES.detached no signing-time attribute.
 */
export async function verifyPadesCms(
  cms: Uint8Array,
  signedBytes: Uint8Array,
  options: {
    readonly trustList: TrustList;
    readonly claimedSigningTime: Date;
    readonly cadesProfile: boolean;
    readonly now?: Date;
  },
): Promise<PadesCmsVerdict> {
  let signedData;
  try {
    signedData = await parseSignedData(cms);
  } catch (error) {
    const coded = isCnsBridgeError(error)
      ? error
      : new CnsBridgeError("CMS_MALFORMED", { detail: "unreadable" }, { cause: error });
    return { errors: [toError(coded)], signer: null, qualified: false };
  }
  const errors: SignatureError[] = [];
  if (signedData.signerInfoList.length !== 1) {
    errors.push(
      toError(new CnsBridgeError("PDF_CMS_NOT_ONE_SIGNER", { count: signedData.signerInfoList.length })),
    );
  }
  if (signedData.content !== null) errors.push(toError(new CnsBridgeError("CMS_CONTENT_UNEXPECTED")));
  const signingTimePresent = signedData.signerInfoList.some(({ info }) =>
    (info.signedAttrs?.attributes ?? []).some((attribute) => attribute.type === CMS_OID.signingTime),
  );
  if (options.cadesProfile && signingTimePresent)
    errors.push(toError(new CnsBridgeError("PDF_CMS_SIGNING_TIME_PRESENT")));

  const findings = await verifyCmsSignerInfos({
    signedData,
    contentDigest: (algorithm) => digestBytes(algorithm, signedBytes),
    trustList: options.trustList,
    profile: "pades",
    claimedSigningTime: options.claimedSigningTime,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const main = findings[0];
  for (const finding of findings) errors.push(...finding.errors.map(toError));
  if (findings.some((finding) => finding.countersignatureOf !== undefined)) {
    errors.push(toError(new CnsBridgeError("PDF_CMS_NOT_ONE_SIGNER", { count: findings.length })));
  }
  return { errors: dedupe(errors), signer: main?.signer ?? null, qualified: main?.qualified ?? false };
}

function dedupe(errors: readonly SignatureError[]): SignatureError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.code) && seen.add(error.code) !== undefined);
}
