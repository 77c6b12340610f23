import { createHash, randomBytes, verify, X509Certificate } from "node:crypto";
import { isCnsBridgeError } from "@cns-bridge/shared";
import { createTokenSigner } from "../../tokens/token-signer.js";
import { TokenSession } from "../../tokens/token-session.js";
import { type DoctorCheck, finding } from "../check.js";
import { tokensToExamine } from "./tokens-to-examine.js";

const base = {
  id: "signing.self-test",
  area: "signing",
  title: { it: "Prova di firma", en: "Signing self-test" },
} as const;

/**
 * Optional: with the PIN the user typed and consent given, signs the SHA-256 of random bytes with
 * the qualified signature key and verifies the signature against the certificate with Node's
 * crypto (an implementation independent of the token). The PIN is used for one login, never
 * retried: a wrong PIN is reported, not tried again.
 */
export const signingSelfTestCheck: DoctorCheck = {
  ...base,
  async run(context) {
    if (context.selfTestPin === null) {
      return finding(
        base,
        "skip",
        { it: "Non richiesta (--self-test --pin-stdin).", en: "Not requested (--self-test --pin-stdin)." },
        {},
      );
    }
    const [target, ...others] = tokensToExamine(context);
    if (others.length > 0) {
      return finding(
        base,
        "skip",
        {
          it: "Più token presenti: indica quale con --token.",
          en: "Several tokens present: choose one with --token.",
        },
        { tokens: others.length + 1 },
      );
    }
    if (target === undefined) {
      return finding(base, "skip", { it: "Nessun token su cui provare.", en: "No token to try on." }, {});
    }
    const session = await TokenSession.open(target.loaded.module, target.token);
    try {
      await session.login(context.selfTestPin);
      const signer = await createTokenSigner(session, "signature");
      const data = randomBytes(64);
      const digest = createHash("sha256").update(data).digest();
      const signature = await signer.sign(new Uint8Array(digest), "SHA-256");
      const publicKey = new X509Certificate(signer.certificate).publicKey;
      const valid = verify("sha256", data, publicKey, signature);
      const evidence = {
        label: target.token.info.label,
        keyAlgorithm: signer.keyAlgorithm,
        signatureBytes: signature.byteLength,
      };
      if (!valid) {
        return finding(
          base,
          "fail",
          {
            it: "La firma prodotta dal dispositivo non è valida.",
            en: "The device produced an invalid signature.",
          },
          evidence,
          {
            it: "Non usare il dispositivo per firmare documenti e contatta l'assistenza con il pacchetto di diagnostica.",
            en: "Do not sign documents with the device and contact support with the diagnostics bundle.",
          },
        );
      }
      return finding(
        base,
        "ok",
        { it: "Firma di prova eseguita e verificata.", en: "Test signature made and verified." },
        evidence,
      );
    } catch (error) {
      if (!isCnsBridgeError(error)) throw error;
      return finding(
        base,
        "fail",
        {
          it: `Prova di firma non riuscita: ${error.messageIn("it")}`,
          en: `Signing self-test failed: ${error.messageIn("en")}`,
        },
        { label: target.token.info.label, error: error.code },
        error.code === "PIN_INCORRECT"
          ? {
              it: "PIN errato: controlla il PIN prima di riprovare (ogni tentativo errato avvicina il blocco).",
              en: "Wrong PIN: check the PIN before trying again (every wrong attempt brings the block closer).",
            }
          : null,
      );
    } finally {
      await session.close();
    }
  },
};
