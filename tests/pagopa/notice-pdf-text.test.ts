import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  parsePaymentNotice,
  parseSendReceiptRequest,
  renderNoticePdf,
  renderReceiptPdf,
} from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import sampleNotice from "../../shared/src/pagopa/test-vectors/sample-notice.json" with { type: "json" };
import sampleReceipt from "../../shared/src/pagopa/test-vectors/sample-receipt.json" with { type: "json" };

const artifacts = fileURLToPath(new URL("../artifacts/pagopa/", import.meta.url));

/** Reads the PDFs back with poppler, an independent reader, as a payer's viewer would. */
function textOf(path: string): string {
  return execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
}

describe("PDFs read back by poppler", () => {
  it("the avviso carries the notice's essentials in Italian", async () => {
    mkdirSync(artifacts, { recursive: true });
    const path = `${artifacts}avviso-di-pagamento.pdf`;
    writeFileSync(
      path,
      await renderNoticePdf(parsePaymentNotice(sampleNotice.notice), {
        producedAt: new Date("2026-11-23T09:00:00Z"),
      }),
    );
    const text = textOf(path);
    for (const expected of [
      "AVVISO DI PAGAMENTO",
      "Numero Avviso",
      "3222 0115 1398 5741 81",
      "Codice Fiscale Ente Creditore",
      "80002170019",
      "54,00 Euro entro il 31/12/2026",
      "Camera di Commercio di Prova",
      "Mario Rossi",
      "RSSMRA80A01H501U",
      "Rilascio CNS su smart card",
      "DOVE PAGARE?",
      "è",
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it("the receipt names amount, notice, creditor and holder", async () => {
    const path = `${artifacts}ricevuta.pdf`;
    writeFileSync(path, await renderReceiptPdf(parseSendReceiptRequest(sampleReceipt.request).receipt));
    const text = textOf(path);
    for (const expected of [
      "RICEVUTA DI PAGAMENTO",
      "54,00 Euro",
      "3222 0115 1398 5741 81",
      "80002170019",
      "Mario Rossi (RSSMRA80A01H501U)",
      "Commissione",
      "1,00 Euro",
    ]) {
      expect(text, expected).toContain(expected);
    }
  });
});
