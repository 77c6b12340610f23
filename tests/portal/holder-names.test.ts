import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quotePrice, routeData } from "@cns-bridge/shared";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_HOLDERS } from "../support/software-pki.js";
import { renderDocument, requestLines } from "../sandbox/portal/documents.js";
import { holderName, NAMES_NOT_IN_CERTIFICATE } from "../sandbox/portal/holder-name.js";
import type { StoredRequest } from "../sandbox/portal/request-store.js";

/**
 * The holder's names in the summary and the documents come from the authentication certificate
 * (SN, GN); a card whose certificate carries only the codice fiscale still gets complete documents.
 */

const dir = mkdtempSync(join(tmpdir(), "portal-holder-names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chamber = routeData.chambers[0];
if (chamber === undefined) throw new Error("no chamber in the route data");
const device = chamber.devices[0] ?? "token";
const price = quotePrice(chamber, device, { type: "privato", firstForCompany: false });
const { codiceFiscale, givenName, surname } = TEST_HOLDERS.first;

function request(names: { givenName: string; surname: string }): StoredRequest {
  return {
    id: "0f0e0d0c-0b0a-4908-8706-050403020100",
    codiceFiscale,
    ...names,
    state: "dati-completi",
    data: {
      chamberId: chamber?.id,
      requester: { type: "privato", residenceProvince: "RM" },
      contacts: { email: "titolare@example.org", mobile: "3331234567" },
      passphraseSet: true,
      delivery: { method: "sportello" },
      device,
      receiptHolder: { kind: "titolare" },
    },
    passphraseHash: null,
    createdAt: "2026-03-02T10:00:00.000Z",
  };
}

async function pdfText(bytes: Uint8Array, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("the holder's names in the portal's summary and documents", () => {
  it("writes COGNOME NOME from the certificate in the summary, the form and the conditions", async () => {
    const named = request({ givenName, surname });
    expect(requestLines(named, chamber, price)).toContain(`  Cognome e nome: ${surname} ${givenName}`);
    const form = await pdfText(await renderDocument("modulo-richiesta", named, chamber, price), "form");
    expect(form).toContain(`Cognome e nome: ${surname} ${givenName}`);
    const conditions = await pdfText(await renderDocument("condizioni", named, chamber, price), "conditions");
    expect(conditions).toContain(`Titolare: ${surname} ${givenName}, codice fiscale ${codiceFiscale}`);
  });

  it("says the names are not in the certificate when it has none, and keeps the codice fiscale", async () => {
    const unnamed = request({ givenName: "", surname: "" });
    const lines = requestLines(unnamed, chamber, price);
    expect(lines).toContain(`  Cognome e nome: ${NAMES_NOT_IN_CERTIFICATE}`);
    expect(lines).toContain(`  Codice fiscale: ${codiceFiscale}`);
    const conditions = await pdfText(await renderDocument("condizioni", unnamed, chamber, price), "bare");
    expect(conditions).toContain(`Titolare: codice fiscale ${codiceFiscale}`);
  });

  it("joins what the certificate gives, trimmed, and nothing for no names", () => {
    expect(holderName({ givenName: " MARIA LUISA ", surname: "DE ROSA" })).toBe("DE ROSA MARIA LUISA");
    expect(holderName({ givenName: "", surname: "ROSSI" })).toBe("ROSSI");
    expect(holderName({ givenName: " ", surname: "" })).toBeNull();
  });
});
