import { type CnsBridgeError, isCnsBridgeError } from "@cns-bridge/shared";
import { useState } from "preact/hooks";
import { currentLanguage, t } from "../i18n/t.js";
import type { VerificationView } from "../verify/verify-signed-bytes.js";

/**
 * The verifier (PKI.js, ASN.1, the PDF reader) is a chunk of its own, fetched when the holder picks
 * a file to verify: "Firma documenti" opens on the Firma tab without it.
 */
const loadVerifier = () => import("../verify/verify-signed-bytes.js");

/** "Verifica": a `.p7m` or signed PDF checked in the browser, explained in plain words. */
export function VerifyPanel() {
  const [report, setReport] = useState<VerificationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const language = currentLanguage();

  const check = async (file: File | undefined) => {
    setReport(null);
    setError(null);
    if (file === undefined) return;
    try {
      const { verifySignedBytes } = await loadVerifier();
      setReport(await verifySignedBytes(new Uint8Array(await file.arrayBuffer()), language));
    } catch (failure) {
      setError(isCnsBridgeError(failure) ? failure.messageIn(language) : (failure as CnsBridgeError).message);
    }
  };

  return (
    <div>
      <label for="signed-file">{t("verifyChoose")}</label>
      <input
        id="signed-file"
        type="file"
        accept=".p7m,.pdf,application/pdf,application/pkcs7-mime"
        onChange={(event) => void check(event.currentTarget.files?.[0])}
      />
      {error !== null && (
        <p class="status error" role="alert">
          {error}
        </p>
      )}
      {report !== null && (
        <section aria-live="polite" data-testid="verify-report">
          <h2>{report.format === "cades" ? t("formatCades") : t("formatPades")}</h2>
          <ul>
            {report.signatures.map((signature, index) => {
              const name = [signature.signer?.givenName, signature.signer?.surname].filter(Boolean).join(" ");
              return (
                <li key={index} class={`status ${signature.intact ? "ok" : "error"}`}>
                  <p>
                    <strong>{name || t("verifyUnknownSigner")}</strong>
                    {signature.signer?.codiceFiscale
                      ? ` — ${t("codiceFiscale")}: ${signature.signer.codiceFiscale}`
                      : ""}
                  </p>
                  {signature.signingTime !== null && (
                    <p>
                      {t(
                        "verifySignedOn",
                        new Date(signature.signingTime).toLocaleString(language === "it" ? "it-IT" : "en-GB"),
                      )}
                    </p>
                  )}
                  <p>{signature.intact ? t("verifyIntact") : t("verifyNotIntact")}</p>
                  {signature.problems.length > 0 && (
                    <ul>
                      {signature.problems.map((problem) => (
                        <li key={problem.code}>{problem.message}</li>
                      ))}
                    </ul>
                  )}
                  <p>{signature.qualified ? t("verifyQualified") : t("verifyNotQualified")}</p>
                  {!signature.trusted && <p class="muted">{t("verifyTrustUnknown")}</p>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
