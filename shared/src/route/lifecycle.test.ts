import { describe, expect, it } from "vitest";
import { CnsBridgeError } from "../errors/index.js";
import {
  requesterBodySchema,
  deliveryBodySchema,
  passphraseBodySchema,
  receiptHolderBodySchema,
} from "./api/schemas.js";
import {
  assertTransition,
  canTransition,
  isTerminal,
  nextStates,
  REQUEST_STATES,
  type RequestState,
} from "./lifecycle.js";

const happyPath: RequestState[] = [
  "bozza",
  "dati-completi",
  "documenti-generati",
  "documenti-caricati",
  "verificata",
  "pagamento-in-corso",
  "pagata",
  "in-lavorazione",
  "spedita",
];

describe("request lifecycle", () => {
  it("follows the route in order", () => {
    happyPath.slice(1).forEach((to, i) => {
      expect(canTransition(happyPath[i] ?? "bozza", to), `${happyPath[i]} -> ${to}`).toBe(true);
    });
    expect(canTransition("in-lavorazione", "consegnata")).toBe(true);
  });

  it("never skips a step forward", () => {
    happyPath.forEach((from, i) => {
      for (const to of happyPath.slice(i + 2)) {
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(false);
      }
    });
  });

  it("freezes data once payment starts and never unpays", () => {
    for (const from of ["pagamento-in-corso", "pagata", "in-lavorazione"] as const) {
      for (const to of ["bozza", "dati-completi", "documenti-generati", "annullata"] as const) {
        expect(canTransition(from, to)).toBe(false);
      }
    }
    expect(canTransition("pagata", "pagamento-in-corso")).toBe(false);
    expect(canTransition("pagata", "scaduta")).toBe(false);
    expect(canTransition("pagamento-in-corso", "verificata")).toBe(true);
  });

  it("has terminal states with no way out", () => {
    for (const state of ["consegnata", "spedita", "annullata", "scaduta"] as const) {
      expect(isTerminal(state)).toBe(true);
      for (const to of REQUEST_STATES) expect(canTransition(state, to)).toBe(false);
    }
    expect(nextStates("bozza")).toContain("annullata");
  });

  it("explains a refused move in Italian", () => {
    try {
      assertTransition("pagata", "bozza");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CnsBridgeError);
      expect((error as CnsBridgeError).code).toBe("ROUTE_TRANSITION_REFUSED");
      expect((error as CnsBridgeError).messageIn("it")).toContain("non si possono più cambiare");
    }
  });
});

describe("API body schemas refuse hostile input", () => {
  it.each([
    null,
    [],
    "privato",
    { type: "privato" },
    { type: "privato", residenceProvince: "PO", extra: 1 },
    { type: "admin", residenceProvince: "PO" },
    { type: "privato", residenceProvince: "P".repeat(5) },
    { type: "legale-rappresentante", partitaIva: "00743110157", rea: "PO-1", registeredOfficeProvince: "PO" },
    JSON.parse('{"__proto__": {"type": "privato", "residenceProvince": "PO"}}') as unknown,
  ])("requester %j", (body) => {
    expect(requesterBodySchema.safeParse(body).success).toBe(false);
  });

  it("bounds sizes and shapes", () => {
    expect(passphraseBodySchema.safeParse({ passphrase: "A".repeat(257) }).success).toBe(false);
    expect(passphraseBodySchema.safeParse({ passphrase: 1234567890 }).success).toBe(false);
    expect(deliveryBodySchema.safeParse({ method: "spedizione" }).success).toBe(false);
    expect(deliveryBodySchema.safeParse({ method: "sportello" }).success).toBe(true);
    expect(
      receiptHolderBodySchema.safeParse({ kind: "altro-soggetto", fiscalCode: "00743110157" }).success,
    ).toBe(false);
  });
});
