import { describe, expect, it } from "vitest";
import { replySchema } from "../protocol/replies.js";
import { requestSchema } from "../protocol/requests.js";

describe("diagnostics.run on the wire", () => {
  it("redacts unless the request says otherwise, and takes no other field", () => {
    expect(requestSchema.parse({ v: 1, id: "1", type: "diagnostics.run" })).toEqual({
      v: 1,
      id: "1",
      type: "diagnostics.run",
      redact: true,
    });
    expect(requestSchema.parse({ v: 1, id: "1", type: "diagnostics.run", redact: false })).toMatchObject({
      redact: false,
    });
    expect(requestSchema.safeParse({ v: 1, id: "1", type: "diagnostics.run", redact: "no" }).success).toBe(
      false,
    );
    expect(requestSchema.safeParse({ v: 1, id: "1", type: "diagnostics.run", pin: "1234" }).success).toBe(
      false,
    );
  });

  it("the result carries a report of the shared schema", () => {
    const report = {
      schema: "cns-bridge.diagnostics/1",
      generatedAt: "2026-01-01T00:00:00.000Z",
      agentVersion: "0.1.0",
      protocol: 1,
      redacted: true,
      overall: "ok",
      summary: { ok: 0, warn: 0, fail: 0, skip: 0 },
      checks: [],
    };
    expect(replySchema.parse({ v: 1, id: "1", type: "diagnostics.run.result", report }).type).toBe(
      "diagnostics.run.result",
    );
    expect(
      replySchema.safeParse({
        v: 1,
        id: "1",
        type: "diagnostics.run.result",
        report: { ...report, overall: "skip" },
      }).success,
    ).toBe(false);
  });
});
