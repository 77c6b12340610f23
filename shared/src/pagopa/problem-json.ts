import { z } from "zod";

/** RFC 7807 ProblemJson, the error body of pagoPA's REST APIs (Checkout, GPD). */
export const problemJsonSchema = z.object({
  type: z.string().default("about:blank"),
  title: z.string().optional(),
  status: z.number().int().min(100).lt(600).optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
});
export type ProblemJson = z.infer<typeof problemJsonSchema>;
