import { z } from "../zod-mini.js";
import { pinFlagsSchema, tokenSummarySchema } from "./fields.js";

/** Pushed by the agent without a request: a token appeared (card inserted, token plugged in). */
export const tokenInsertedEventSchema = z.object({
  v: z.int(),
  type: z.literal("token.inserted"),
  token: tokenSummarySchema,
});

/** A token disappeared; any session and job on it are gone. */
export const tokenRemovedEventSchema = z.object({
  v: z.int(),
  type: z.literal("token.removed"),
  label: z.string(),
  serial: z.string(),
});

/** The PIN state of a token changed (after a login attempt, or observed by polling). */
export const pinStateEventSchema = z.object({
  v: z.int(),
  type: z.literal("pin.state"),
  label: z.string(),
  serial: z.string(),
  pinFlags: pinFlagsSchema,
  loggedIn: z.boolean(),
});

export const eventSchema = z.discriminatedUnion("type", [
  tokenInsertedEventSchema,
  tokenRemovedEventSchema,
  pinStateEventSchema,
]);
export type AgentEvent = z.infer<typeof eventSchema>;
