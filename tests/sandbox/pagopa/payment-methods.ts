import { z } from "zod";
import data from "./payment-methods.json" with { type: "json" };

export const OUTCOMES = ["success", "refused", "cancelled", "error", "waiting"] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

const catalogSchema = z.object({
  methods: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      receiptCode: z.string(),
      feeCents: z.number().int().min(0),
    }),
  ),
  testCards: z.array(
    z.object({ number: z.string().regex(/^[0-9]{16}$/), outcome: outcomeSchema, label: z.string() }),
  ),
});

export const paymentCatalog = catalogSchema.parse(data);
export type PaymentMethod = (typeof paymentCatalog.methods)[number];

export function findMethod(id: unknown): PaymentMethod | undefined {
  return paymentCatalog.methods.find((method) => method.id === id);
}

/** Test cards decide the outcome; other well-formed numbers are refused, as an unknown card would be. */
export function outcomeForCard(number: string): Outcome {
  return paymentCatalog.testCards.find((card) => card.number === number)?.outcome ?? "refused";
}

export interface CardForm {
  readonly number: string;
  readonly expiry: string;
  readonly cvv: string;
  readonly holder: string;
}

/** Checks a card form the way a payment page would before sending it: Luhn, expiry, CVV. */
export function cardFormProblems(form: CardForm, now: Date): string[] {
  const problems: string[] = [];
  const number = form.number.replace(/[\s-]/g, "");
  if (!/^[0-9]{13,19}$/.test(number) || !luhnValid(number)) problems.push("Numero della carta non valido");
  const expiry = /^(0[1-9]|1[0-2])\/([0-9]{2})$/.exec(form.expiry.trim());
  if (expiry === null) {
    problems.push("Scadenza non valida (MM/AA)");
  } else {
    const endOfMonth = Date.UTC(2000 + Number(expiry[2]), Number(expiry[1]), 1);
    if (endOfMonth <= now.getTime()) problems.push("La carta è scaduta");
  }
  if (!/^[0-9]{3,4}$/.test(form.cvv.trim())) problems.push("Codice di sicurezza non valido");
  if (form.holder.trim().length === 0 || form.holder.length > 70)
    problems.push("Indica il titolare della carta");
  return problems;
}

function luhnValid(number: string): boolean {
  let sum = 0;
  for (let index = 0; index < number.length; index += 1) {
    let digit = Number(number[number.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
