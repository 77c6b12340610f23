import { readFile } from "node:fs/promises";
import { CnsBridgeError, createTrustList } from "@cns-bridge/shared";
import { verifySignedFile } from "../../signing/index.js";
import { type CliCommand, stringListOption, stringOption } from "../command.js";
import { EXIT } from "../exit-codes.js";

/**
 * `cns-agent verify --in FILE [--content FILE] --trust PEM... [--json]`: every signature of a
 * `.p7m`/`.p7s` or PDF checked; exit 0 when all are valid, 1 otherwise.
 */
export const verifyCommand: CliCommand = {
  name: "verify",
  summary: {
    it: "Verifica le firme di un file .p7m, .p7s o PDF.",
    en: "Verify the signatures of a .p7m, .p7s or PDF file.",
  },
  usage: "--in FILE [--content FILE] --trust PEM [--trust PEM]... [--json]",
  options: {
    in: { type: "string" },
    content: { type: "string" },
    trust: { type: "string", multiple: true },
  },
  async run(context) {
    const input = stringOption(context.options, "in");
    if (input === undefined) throw new CnsBridgeError("BAD_USAGE", { detail: "--in FILE is required" });
    const trustFiles = stringListOption(context.options, "trust");
    if (trustFiles.length === 0) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail: "--trust PEM is required: the CA certificates you trust",
      });
    }
    const trustTexts = await Promise.all(
      trustFiles.map(async (path) => {
        try {
          return await readFile(path, "latin1");
        } catch (cause) {
          throw new CnsBridgeError("FILE_NOT_FOUND", { path }, { cause });
        }
      }),
    );
    const content = stringOption(context.options, "content");
    const report = await verifySignedFile({
      input,
      trustList: createTrustList(trustTexts),
      language: context.global.lang,
      ...(content === undefined ? {} : { content }),
    });
    if (context.global.json) {
      context.printJson(report);
    } else {
      const it = context.global.lang === "it";
      for (const [index, signature] of report.signatures.entries()) {
        const who =
          signature.signer === null
            ? "?"
            : `${signature.signer.givenName ?? ""} ${signature.signer.surname ?? ""} (${signature.signer.codiceFiscale ?? "-"})`.trim();
        const verdict = signature.valid ? (it ? "VALIDA" : "VALID") : it ? "NON VALIDA" : "NOT VALID";
        context.printLine(
          `${index + 1}. ${verdict} ${who}${signature.signingTime === undefined ? "" : ` ${signature.signingTime}`}`,
        );
        for (const error of signature.errors) context.printLine(`   ${error.code}: ${error.message}`);
      }
    }
    return report.valid ? EXIT.ok : EXIT.checkFailed;
  },
};
