import { describe, expect, it } from "vitest";
import { CnsBridgeError, PASSPHRASE_RULE_TEXT } from "../errors/index.js";
import { validateContacts } from "./contacts-step.js";
import { isPecDomain, validateItalianMobile, validatePersonalEmail } from "./contacts.js";
import { findChamber, parseRouteData, routeData } from "./data.js";
import {
  earliestPickupDate,
  expectedShippingDate,
  validateDelivery,
  validateShippingAddress,
} from "./delivery.js";
import { availableDevices, formatEuro, quotePrice } from "./offer.js";
import {
  assertPassphrase,
  PASSPHRASE_MAX_LENGTH,
  PASSPHRASE_MIN_LENGTH,
  passphraseProblems,
  passphraseStrength,
} from "./passphrase.js";
import { normalizeRea, resolveReferenceChamber } from "./requester.js";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CnsBridgeError) return error.code;
    throw error;
  }
  throw new Error("expected a CnsBridgeError");
}

function chamber(id: string) {
  const found = findChamber(id);
  if (found === undefined) throw new Error(`no chamber ${id}`);
  return found;
}

const prato = chamber("prato-pistoia");
const torino = chamber("torino");
const brescia = chamber("brescia");
const address = {
  country: "IT",
  recipient: "Mario Rossi",
  street: "Via Roma 1",
  cap: "59100",
  comune: "Prato",
  provincia: "po",
};

describe("reference Chamber", () => {
  it("is the Chamber of residence for a private citizen", () => {
    expect(resolveReferenceChamber({ type: "privato", residenceProvince: "pt" }).chamber.id).toBe(
      "prato-pistoia",
    );
    expect(resolveReferenceChamber({ type: "privato", residenceProvince: "TO" }).chamber.id).toBe("torino");
  });

  it("is the Chamber of the registered office for a legal representative, whatever the residence", () => {
    const result = resolveReferenceChamber({
      type: "legale-rappresentante",
      partitaIva: "00743110157",
      rea: "bs 123456",
      registeredOfficeProvince: "BS",
      firstForCompany: false,
    });
    expect(result).toMatchObject({ province: "BS", chamber: { id: "brescia" } });
  });

  it.each([
    [{ partitaIva: "00743110158", rea: "BS-1", registeredOfficeProvince: "BS" }, "ROUTE_PARTITA_IVA_INVALID"],
    [{ partitaIva: "00743110157", rea: "123456", registeredOfficeProvince: "BS" }, "ROUTE_REA_INVALID"],
    [{ partitaIva: "00743110157", rea: "XX-12", registeredOfficeProvince: "BS" }, "ROUTE_REA_INVALID"],
    [{ partitaIva: "00743110157", rea: "BS-0000", registeredOfficeProvince: "BS" }, "ROUTE_REA_INVALID"],
    [
      { partitaIva: "00743110157", rea: "TO-12", registeredOfficeProvince: "BS" },
      "ROUTE_REA_PROVINCE_MISMATCH",
    ],
    [{ partitaIva: "00743110157", rea: "MI-12", registeredOfficeProvince: "MI" }, "ROUTE_CHAMBER_NOT_SERVED"],
    [{ partitaIva: "00743110157", rea: "BS-12", registeredOfficeProvince: "B$" }, "ROUTE_PROVINCE_UNKNOWN"],
  ])("refuses a company %o with %s", (company, code) => {
    expect(
      codeOf(() =>
        resolveReferenceChamber({ type: "legale-rappresentante", firstForCompany: false, ...company }),
      ),
    ).toBe(code);
  });

  it("refuses provinces that do not exist or no Chamber here serves", () => {
    expect(codeOf(() => resolveReferenceChamber({ type: "privato", residenceProvince: "ZZ" }))).toBe(
      "ROUTE_PROVINCE_UNKNOWN",
    );
    expect(codeOf(() => resolveReferenceChamber({ type: "privato", residenceProvince: "RM" }))).toBe(
      "ROUTE_CHAMBER_NOT_SERVED",
    );
  });

  it("normalizes REA numbers", () => {
    expect(normalizeRea(" po-98765 ")).toBe("PO-98765");
    expect(normalizeRea("TO 1")).toBe("TO-1");
  });
});

describe("contacts", () => {
  it("accepts a personal email and normalizes the domain", () => {
    expect(validatePersonalEmail(" Mario.Rossi@Example.IT ")).toBe("Mario.Rossi@example.it");
  });

  it.each([
    "mario@legalmail.it",
    "mario@pec.it",
    "mario@studio.pec.it",
    "mario@pec.comune.prato.it",
    "a@cert.example.it",
    "x@ARUBAPEC.IT",
  ])("refuses the PEC address %s with an explanation", (email) => {
    const error = (() => {
      try {
        validatePersonalEmail(email);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CnsBridgeError);
    expect((error as CnsBridgeError).code).toBe("ROUTE_EMAIL_PEC");
    expect((error as CnsBridgeError).messageIn("it")).toContain("posta elettronica certificata");
  });

  it("does not take ordinary domains for PEC", () => {
    expect(isPecDomain("gmail.com")).toBe(false);
    expect(isPecDomain("specchio.it")).toBe(false);
    expect(isPecDomain("libero.it")).toBe(false);
  });

  it.each([
    "",
    "mario",
    "mario@",
    "@example.it",
    "mario@example",
    "ma rio@example.it",
    "a..b@example.it",
    `${"a".repeat(65)}@example.it`,
    `a@${"b".repeat(250)}.it`,
    "mario\n@example.it",
    "mario@exa mple.it",
  ])("refuses the malformed email %j", (email) => {
    expect(codeOf(() => validatePersonalEmail(email))).toBe("ROUTE_EMAIL_INVALID");
  });

  it.each([
    ["333 1234567", "+393331234567"],
    ["+39 347-123.4567", "+393471234567"],
    ["0039 3201234567", "+393201234567"],
    ["331234567", "+39331234567"],
  ])("accepts the Italian mobile %s", (input, normalized) => {
    expect(validateItalianMobile(input)).toBe(normalized);
  });

  it.each([
    "055 123456",
    "+44 7700 900123",
    "3",
    "33312345678901",
    "+39 0574 123456",
    "333abc4567",
    "+393331234567+1",
  ])("refuses %s as an Italian mobile", (input) => {
    expect(codeOf(() => validateItalianMobile(input))).toBe("ROUTE_MOBILE_INVALID");
  });

  it("validates both contacts together", () => {
    expect(validateContacts({ email: "m@example.it", mobile: "3331234567" })).toEqual({
      email: "m@example.it",
      mobile: "+393331234567",
    });
  });
});

describe("passphrase", () => {
  it.each([
    ["Abcdefghi1", []],
    ["abcdefghi1", ["uppercase"]],
    ["ABCDEFGHI1", ["lowercase"]],
    ["Abcdefghij", ["digit"]],
    ["Abc1", ["length"]],
    ["", ["length", "lowercase", "uppercase", "digit"]],
    [`Aa1${"x".repeat(300)}`, ["too-long"]],
  ])("%j breaks %j", (passphrase, problems) => {
    expect(passphraseProblems(passphrase)).toEqual(problems);
  });

  it("names what is missing, never the passphrase itself", () => {
    const error = (() => {
      try {
        assertPassphrase("segretissima");
      } catch (e) {
        return e as CnsBridgeError;
      }
      throw new Error("accepted");
    })();
    expect(error.code).toBe("ROUTE_PASSPHRASE_WEAK");
    expect(error.messageIn("it")).toContain("maiuscola");
    expect(error.messageIn("it")).not.toContain("segretissima");
    expect(JSON.stringify(error)).not.toContain("segretissima");
  });

  it.each([
    [
      "corta",
      "Passphrase non valida: deve essere lunga almeno 10 caratteri, manca una lettera maiuscola e manca una cifra.",
      "Invalid passphrase: it must be at least 10 characters long, it has no uppercase letter and it has no digit.",
    ],
    [
      "abcdefghi1",
      "Passphrase non valida: manca una lettera maiuscola.",
      "Invalid passphrase: it has no uppercase letter.",
    ],
    [
      `Aa1${"x".repeat(300)}`,
      "Passphrase non valida: deve essere lunga al massimo 256 caratteri.",
      "Invalid passphrase: it must be at most 256 characters long.",
    ],
  ])(
    "words the broken rules of %j naturally in Italian and English, with stable rule codes",
    (weak, it, en) => {
      let error: CnsBridgeError | undefined;
      try {
        assertPassphrase(weak);
      } catch (e) {
        error = e as CnsBridgeError;
      }
      expect(error?.params.passphraseRules).toBe(passphraseProblems(weak).join(","));
      expect(error?.messageIn("it").slice(0, it.length)).toBe(it);
      expect(error?.messageIn("en").slice(0, en.length)).toBe(en);
      // The rule texts follow the limits the check applies.
      expect(PASSPHRASE_RULE_TEXT.length?.it).toContain(String(PASSPHRASE_MIN_LENGTH));
      expect(PASSPHRASE_RULE_TEXT["too-long"]?.it).toContain(String(PASSPHRASE_MAX_LENGTH));
    },
  );

  it("counts characters, not UTF-16 units", () => {
    expect(passphraseProblems("Aa1😀😀😀😀")).toEqual(["length"]);
  });

  it("scores strength: invalid, then weaker for sequences, stronger for length and symbols", () => {
    expect(passphraseStrength("abc").score).toBe(0);
    expect(passphraseStrength("Abcd1234xy").label).toBe("debole");
    const strong = passphraseStrength("Gatto-Nero!sul Tetto 7");
    expect(strong.score).toBe(4);
    expect(strong.acceptable).toBe(true);
    expect(passphraseStrength("Aaaaaaaaaaaaaaa1").score).toBeLessThan(
      passphraseStrength("Mqzrtvbnlp1X").score + 1,
    );
  });
});

describe("delivery", () => {
  it("accepts an Italian address and normalizes it", () => {
    expect(validateShippingAddress({ ...address, street: "  Via   Roma 1 " })).toEqual({
      ...address,
      provincia: "PO",
      street: "Via Roma 1",
    });
  });

  it.each(["FR", "DE", "", "ITA", "SM", "VA"])("refuses shipping to country %j", (country) => {
    expect(codeOf(() => validateShippingAddress({ ...address, country }))).toBe("ROUTE_ADDRESS_ABROAD");
  });

  it.each([
    [{ cap: "5910" }, "ROUTE_ADDRESS_INVALID"],
    [{ cap: "59100a" }, "ROUTE_ADDRESS_INVALID"],
    [{ cap: "５９１００" }, "ROUTE_ADDRESS_INVALID"],
    [{ provincia: "XX" }, "ROUTE_PROVINCE_UNKNOWN"],
    [{ comune: "   " }, "ROUTE_ADDRESS_INVALID"],
    [{ street: "" }, "ROUTE_ADDRESS_INVALID"],
    [{ recipient: "a".repeat(121) }, "ROUTE_ADDRESS_INVALID"],
    [{ comune: "Prato\u0000" }, "ROUTE_ADDRESS_INVALID"],
  ])("refuses %o", (change, code) => {
    expect(codeOf(() => validateShippingAddress({ ...address, ...change }))).toBe(code);
  });

  it("ships only where the Chamber ships", () => {
    expect(validateDelivery({ method: "spedizione", address }, prato).method).toBe("spedizione");
    expect(codeOf(() => validateDelivery({ method: "spedizione", address }, brescia))).toBe(
      "ROUTE_SHIPPING_NOT_OFFERED",
    );
    expect(validateDelivery({ method: "sportello" }, brescia)).toEqual({ method: "sportello" });
  });

  it("lets the holder pick up from the third working day, skipping weekends and Easter Monday", () => {
    // Thursday 2 April 2026: Fri 3 (1), Mon 6 = Easter Monday, Tue 7 (2), Wed 8 (3).
    expect(earliestPickupDate("2026-04-02", prato)).toBe("2026-04-08");
    // Friday 22 Dec 2028 at Prato: 25 and 26 are holidays -> 27, 28, 29.
    expect(earliestPickupDate("2028-12-22", prato)).toBe("2028-12-29");
    // Torino's patron day, San Giovanni, 24 June 2026 (Wednesday): Tue 23 -> Thu 25, Fri 26, Mon 29.
    expect(earliestPickupDate("2026-06-23", torino)).toBe("2026-06-29");
    expect(expectedShippingDate("2026-06-23", torino)).toBe("2026-07-08");
  });
});

describe("devices and prices", () => {
  it("Torino issues only the token; Prato both", () => {
    expect(availableDevices(torino)).toEqual(["token"]);
    expect(availableDevices(prato)).toEqual(["smart-card", "token"]);
    expect(codeOf(() => quotePrice(torino, "smart-card", { type: "privato", firstForCompany: false }))).toBe(
      "ROUTE_DEVICE_NOT_OFFERED",
    );
  });

  it("quotes the seeds' prices with what they include", () => {
    const card = quotePrice(prato, "smart-card", { type: "privato", firstForCompany: false });
    expect(card.amountCents).toBe(5400);
    expect(card.includes.join(" ")).toContain("riconoscimento da remoto");
    expect(quotePrice(prato, "token", { type: "privato", firstForCompany: false }).amountCents).toBe(9900);
    expect(
      quotePrice(prato, "smart-card", { type: "legale-rappresentante", firstForCompany: true }).amountCents,
    ).toBe(2900);
    expect(quotePrice(brescia, "smart-card", { type: "privato", firstForCompany: true }).amountCents).toBe(
      2500,
    );
    expect(
      quotePrice(brescia, "smart-card", { type: "legale-rappresentante", firstForCompany: true }).amountCents,
    ).toBe(0);
  });

  it("does not apply Torino's desk-only reduction online, but shows it", () => {
    const quote = quotePrice(torino, "token", { type: "legale-rappresentante", firstForCompany: true });
    expect(quote.amountCents).toBe(7000);
    expect(quote.deskOnlyReductions).toEqual([expect.objectContaining({ amountCents: 4000 })]);
  });

  it("formats euro cents", () => {
    expect(formatEuro(5400)).toBe("54,00 €");
    expect(formatEuro(2905)).toBe("29,05 €");
    expect(formatEuro(0)).toBe("gratuito");
  });
});

describe("route data", () => {
  it("loads and serves each province once", () => {
    expect(routeData.provinces).toHaveLength(107);
    expect(routeData.chambers.flatMap((c) => c.provinces)).toEqual(["PO", "PT", "BS", "TO"]);
  });

  it("refuses broken data: unknown province, province served twice, price for an unissued device, negative price", () => {
    const base = {
      chambers: routeData.chambers,
      prices: routeData.prices,
      provinces: routeData.provinces,
      pec: { domains: [], labels: [] },
    };
    const twice = [...routeData.chambers, { ...torino, id: "altra" }];
    expect(codeOf(() => parseRouteData({ ...base, chambers: twice }))).toBe("ROUTE_DATA_INVALID");
    expect(
      codeOf(() => parseRouteData({ ...base, chambers: [{ ...torino, provinces: ["ZZ"] }], prices: [] })),
    ).toBe("ROUTE_DATA_INVALID");
    const cardAtTorino = { ...routeData.prices[0], chamber: "torino", device: "smart-card" };
    expect(codeOf(() => parseRouteData({ ...base, prices: [cardAtTorino] }))).toBe("ROUTE_DATA_INVALID");
    expect(
      codeOf(() => parseRouteData({ ...base, prices: [{ ...routeData.prices[0], amountCents: -1 }] })),
    ).toBe("ROUTE_DATA_INVALID");
    expect(
      codeOf(() => parseRouteData({ ...base, prices: [{ ...routeData.prices[0], amountCents: 54.5 }] })),
    ).toBe("ROUTE_DATA_INVALID");
  });
});
