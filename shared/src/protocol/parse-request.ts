import { CnsBridgeError } from "../errors/index.js";
import { PROTOCOL_LIMITS } from "./limits.js";
import { type AgentRequest, REQUEST_TYPES, requestSchema } from "./requests.js";
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from "./version.js";

/** The id of a frame if it has a well-formed one, so even a refused request gets its reply routed. */
export function requestIdOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !("id" in value)) return null;
  const id = value.id;
  return typeof id === "string" &&
    id.length > 0 &&
    id.length <= PROTOCOL_LIMITS.maxRequestIdLength &&
    /^[\w.:-]+$/.test(id)
    ? id
    : null;
}

/**
 * Turns one text frame into a validated request, or a coded error: bad JSON
 * (PROTOCOL_BAD_JSON), wrong version (PROTOCOL_VERSION_UNSUPPORTED), unknown type
 * (PROTOCOL_UNKNOWN_TYPE), or fields that break the schema (PROTOCOL_BAD_MESSAGE).
 */
export function parseRequestFrame(text: string): AgentRequest {
  if (text.length > PROTOCOL_LIMITS.maxFrameBytes) {
    throw new CnsBridgeError("PROTOCOL_FRAME_TOO_LARGE", { limit: PROTOCOL_LIMITS.maxFrameBytes });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CnsBridgeError("PROTOCOL_BAD_JSON", {}, { cause });
  }
  return parseRequest(value);
}

export function parseRequest(value: unknown): AgentRequest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CnsBridgeError("PROTOCOL_BAD_MESSAGE", { detail: "not an object" });
  }
  const record = value as Record<string, unknown>;
  const version = record.v;
  if (typeof version !== "number" || version < MIN_SUPPORTED_PROTOCOL_VERSION || version > PROTOCOL_VERSION) {
    throw new CnsBridgeError("PROTOCOL_VERSION_UNSUPPORTED", {
      version: typeof version === "number" ? String(version) : typeof version,
      supported: PROTOCOL_VERSION,
    });
  }
  if (typeof record.type !== "string" || !(REQUEST_TYPES as readonly string[]).includes(record.type)) {
    throw new CnsBridgeError("PROTOCOL_UNKNOWN_TYPE", {
      type: typeof record.type === "string" ? record.type.slice(0, 40) : typeof record.type,
    });
  }
  const parsed = requestSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new CnsBridgeError("PROTOCOL_BAD_MESSAGE", { detail });
  }
  return parsed.data;
}
