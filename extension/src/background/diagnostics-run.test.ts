import { CnsBridgeError } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import type { CnsContext } from "./cns-context.js";
import { DIAGNOSTICS_TIMEOUT_MS, runAgentDiagnostics } from "./diagnostics-run.js";

const report = {
  schema: "cns-bridge.diagnostics/1",
  generatedAt: "2026-01-01T00:00:00.000Z",
  agentVersion: "0.3.0",
  protocol: 1,
  redacted: true,
  overall: "ok",
  summary: { ok: 0, warn: 0, fail: 0, skip: 0 },
  checks: [],
};

function contextAnswering(answer: (type: string, fields: unknown) => Promise<unknown>) {
  const calls: { type: string; fields: unknown; timeout: unknown }[] = [];
  const connection = {
    request: (type: string, fields: unknown, timeout?: number) => {
      calls.push({ type, fields, timeout });
      return answer(type, fields);
    },
  };
  return { context: { connection } as unknown as Pick<CnsContext, "connection">, calls };
}

describe("runAgentDiagnostics", () => {
  it("sends diagnostics.run with the redaction asked and a long timeout, and returns the report", async () => {
    const { context, calls } = contextAnswering(() =>
      Promise.resolve({
        v: 1,
        id: "e1",
        type: "diagnostics.run.result",
        report: { ...report, redacted: false },
      }),
    );
    await expect(runAgentDiagnostics(context, false)).resolves.toMatchObject({ redacted: false });
    expect(calls).toEqual([
      { type: "diagnostics.run", fields: { redact: false }, timeout: DIAGNOSTICS_TIMEOUT_MS },
    ]);
  });

  it("passes the agent's coded failure on and refuses a malformed report", async () => {
    const missing = contextAnswering(() => Promise.reject(new CnsBridgeError("AGENT_NOT_RUNNING")));
    await expect(runAgentDiagnostics(missing.context, true)).rejects.toMatchObject({
      code: "AGENT_NOT_RUNNING",
    });
    const malformed = contextAnswering(() =>
      Promise.resolve({ type: "diagnostics.run.result", report: { ...report, checks: "none" } }),
    );
    await expect(runAgentDiagnostics(malformed.context, true)).rejects.toThrow();
  });
});
