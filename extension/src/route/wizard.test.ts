import type { RequestView } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import {
  checkContacts,
  checkDelivery,
  checkDevice,
  checkPassphrase,
  deviceChoices,
  documentsToSign,
  checkRequester,
  stepFor,
} from "./wizard.js";

const base: RequestView = {
  id: "r1",
  state: "bozza",
  stateLabel: "bozza",
  holder: { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" },
  data: { passphraseSet: false, receiptHolder: { kind: "titolare" } },
  missing: [],
  documents: [],
  price: null,
  payment: null,
  nextSteps: [],
};
const ready = { tokenPresent: true, loggedIn: true, cfConfirmed: true };
const atChamber = (chamberId: string): RequestView => ({
  ...base,
  data: { ...base.data, chamberId, requester: { type: "privato", residenceProvince: "PO" } },
});
const address = {
  country: "IT",
  recipient: "Mario Rossi",
  street: "Via Roma 1",
  cap: "59100",
  comune: "Prato",
  provincia: "PO",
};

describe("wizard steps from the portal's state (resumable)", () => {
  it("asks for the CNS, then the login, then the confirmation of the codice fiscale", () => {
    expect(stepFor({ tokenPresent: false, loggedIn: false, cfConfirmed: false }, null)).toBe("insert-cns");
    expect(stepFor({ tokenPresent: true, loggedIn: false, cfConfirmed: false }, null)).toBe("authenticate");
    expect(stepFor({ tokenPresent: true, loggedIn: true, cfConfirmed: false }, base)).toBe("confirm-cf");
  });

  it("walks the data steps in order, each resumed at the first thing missing", () => {
    expect(stepFor(ready, base)).toBe("requester");
    const withRequester = atChamber("prato-pistoia");
    expect(stepFor(ready, withRequester)).toBe("contacts");
    const withContacts = {
      ...withRequester,
      data: { ...withRequester.data, contacts: { email: "a@b.it", mobile: "3331234567" } },
    };
    expect(stepFor(ready, withContacts)).toBe("passphrase");
    const withPass = { ...withContacts, data: { ...withContacts.data, passphraseSet: true } };
    expect(stepFor(ready, withPass)).toBe("delivery");
    expect(
      stepFor(ready, { ...withPass, data: { ...withPass.data, delivery: { method: "sportello" as const } } }),
    ).toBe("device");
  });

  it("then documents, signing, summary, payment and status", () => {
    expect(stepFor(ready, { ...base, state: "dati-completi" })).toBe("documents");
    expect(stepFor(ready, { ...base, state: "documenti-generati" })).toBe("sign");
    expect(stepFor(ready, { ...base, state: "verificata" })).toBe("summary");
    expect(stepFor(ready, { ...base, state: "pagamento-in-corso" })).toBe("pay");
    expect(stepFor(ready, { ...base, state: "pagata" })).toBe("status");
  });

  it("resumes payment and status without the CNS inserted", () => {
    const noToken = { tokenPresent: false, loggedIn: true, cfConfirmed: true };
    expect(stepFor(noToken, { ...base, state: "pagamento-in-corso" })).toBe("pay");
    expect(stepFor(noToken, { ...base, state: "spedita" })).toBe("status");
    expect(stepFor(noToken, { ...base, state: "dati-completi" })).toBe("insert-cns");
  });

  it("signs only the documents not yet signed", () => {
    const doc = { title: "t", filename: "f.pdf", sha256: "0".repeat(64) };
    const view: RequestView = {
      ...base,
      documents: [
        { ...doc, kind: "modulo-richiesta", signed: true },
        { ...doc, kind: "condizioni", signed: false },
      ],
    };
    expect(documentsToSign(view).map((d) => d.kind)).toEqual(["condizioni"]);
  });
});

describe("instant feedback from the shared route rules", () => {
  it("refuses a PEC address and accepts a personal email with an Italian mobile", () => {
    expect(checkContacts("mario.rossi@pec.it", "3331234567")).toMatchObject({
      code: "ROUTE_EMAIL_PEC",
      message: expect.stringMatching(/PEC/),
    });
    expect(checkContacts("mario.rossi@pec.it", "3331234567", "en")?.message).toMatch(/certified email/);
    expect(checkContacts("mario.rossi@example.it", "333 123 4567")).toBeNull();
  });

  it("refuses a weak passphrase, saying what it lacks, and a different repetition", () => {
    expect(checkPassphrase("tuttominuscole", "tuttominuscole")).toMatchObject({
      code: "ROUTE_PASSPHRASE_WEAK",
      message: expect.stringMatching(/maiuscola/),
    });
    expect(checkPassphrase("Passphrase2026", "Passphrase2025")?.code).toBe("ROUTE_PASSPHRASE_MISMATCH");
    expect(checkPassphrase("Passphrase2026", "Passphrase2026")).toBeNull();
  });

  it("names the Chamber's rules for the requester: REA in the office's province, known provinces", () => {
    expect(checkRequester({ type: "privato", residenceProvince: "PO" })).toBeNull();
    expect(checkRequester({ type: "privato", residenceProvince: "ZZ" })?.code).toBe("ROUTE_PROVINCE_UNKNOWN");
    expect(checkRequester({ type: "privato", residenceProvince: "MI" })?.code).toBe(
      "ROUTE_CHAMBER_NOT_SERVED",
    );
  });

  it("refuses shipping abroad and accepts an Italian address or pick-up", () => {
    const view = atChamber("prato-pistoia");
    expect(checkDelivery(view, { method: "spedizione", address: { ...address, country: "FR" } })?.code).toBe(
      "ROUTE_ADDRESS_ABROAD",
    );
    expect(checkDelivery(view, { method: "spedizione", address })).toBeNull();
    expect(checkDelivery(view, { method: "sportello" })).toBeNull();
    expect(checkDelivery(base, { method: "sportello" })?.code).toBe("ROUTE_REQUESTER_FIRST");
  });

  it("offers only the token at Torino, both devices at Prato", () => {
    expect(deviceChoices(atChamber("torino"))).toEqual(["token"]);
    expect(checkDevice(atChamber("torino"), "smart-card")?.code).toBe("ROUTE_DEVICE_NOT_OFFERED");
    expect(checkDevice(atChamber("torino"), "token")).toBeNull();
    expect([...deviceChoices(atChamber("prato-pistoia"))].sort()).toEqual(["smart-card", "token"]);
  });
});
