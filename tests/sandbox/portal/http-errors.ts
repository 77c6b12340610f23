import { CnsBridgeError } from "@cns-bridge/shared";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "@cns-bridge/shared/zod-mini";

const STATUS: Partial<Record<string, ContentfulStatusCode>> = {
  ROUTE_SESSION_REQUIRED: 401,
  ROUTE_CHALLENGE_INVALID: 401,
  ROUTE_REQUEST_NOT_FOUND: 404,
  ROUTE_TRANSITION_REFUSED: 409,
  ROUTE_UPLOAD_TOO_LARGE: 413,
  ROUTE_UPLOAD_TYPE: 415,
  ROUTE_PAYMENT_UNAVAILABLE: 502,
  ROUTE_INPUT_INVALID: 400,
};

export function statusOf(error: CnsBridgeError): ContentfulStatusCode {
  if (error.code.startsWith("AUTH_TOKEN_")) return 401;
  return STATUS[error.code] ?? 422;
}

/** Every failure answers `{error: {code, message (Italian), params}}` with a fitting status. */
export function errorResponse(c: Context, error: unknown) {
  if (error instanceof CnsBridgeError) return c.json({ error: error.serialize("it") }, statusOf(error));
  console.error("portal: unexpected error", error instanceof Error ? error.message : "");
  return c.json({ error: new CnsBridgeError("INTERNAL").serialize("it") }, 500);
}

/** Reads a JSON body as unknown and validates it once, at the edge. */
export async function readBody<T>(c: Context, schema: z.ZodMiniType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new CnsBridgeError("ROUTE_INPUT_INVALID", { field: "corpo", detail: "non è JSON" });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CnsBridgeError("ROUTE_INPUT_INVALID", {
      field: issue?.path.join(".") || "corpo",
      detail: issue?.message ?? "forma non valida",
    });
  }
  return result.data;
}
