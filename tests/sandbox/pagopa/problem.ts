import type { ProblemJson } from "@cns-bridge/shared";
import type { Context } from "hono";

/** pagoPA's REST errors are RFC 7807 ProblemJson bodies. */
export function problem(
  c: Context,
  status: 400 | 401 | 404 | 409 | 422 | 500,
  title: string,
  detail: string,
) {
  const body: ProblemJson = {
    type: "about:blank",
    title,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
  };
  return c.json(body, status, { "content-type": "application/problem+json" });
}

/** Reads a JSON body without letting a malformed one become an unhandled exception. */
export async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: JSON.parse(await c.req.text()) as unknown };
  } catch {
    return { ok: false };
  }
}
