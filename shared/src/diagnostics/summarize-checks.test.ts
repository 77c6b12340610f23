import { describe, expect, it } from "vitest";
import { diagnosticsReportSchema } from "./report-schema.js";
import { summarizeChecks } from "./summarize-checks.js";

describe("summarizeChecks", () => {
  it("takes the worst status, skip counting as ok", () => {
    expect(summarizeChecks([{ status: "ok" }, { status: "skip" }])).toEqual({
      overall: "ok",
      summary: { ok: 1, warn: 0, fail: 0, skip: 1 },
    });
    expect(summarizeChecks([{ status: "warn" }, { status: "ok" }]).overall).toBe("warn");
    expect(summarizeChecks([{ status: "warn" }, { status: "fail" }]).overall).toBe("fail");
    expect(summarizeChecks([]).overall).toBe("ok");
  });
});

describe("diagnosticsReportSchema", () => {
  const check = {
    id: "pcsc.readers",
    area: "pcsc",
    status: "ok",
    title: { it: "Lettori", en: "Readers" },
    summary: { it: "1 lettore", en: "1 reader" },
    evidence: { readers: ["Virtual PCD 00 00"], count: 1 },
    remedy: null,
  };
  const report = {
    schema: "cns-bridge.diagnostics/1",
    generatedAt: "2026-01-01T00:00:00.000Z",
    agentVersion: "0.1.0",
    protocol: 1,
    redacted: true,
    overall: "ok",
    summary: { ok: 1, warn: 0, fail: 0, skip: 0 },
    checks: [check],
  };

  it("accepts a well-formed report", () => {
    expect(diagnosticsReportSchema.parse(report)).toEqual(report);
  });

  it("refuses an unknown status, area or schema version", () => {
    expect(
      diagnosticsReportSchema.safeParse({ ...report, checks: [{ ...check, status: "maybe" }] }).success,
    ).toBe(false);
    expect(
      diagnosticsReportSchema.safeParse({ ...report, checks: [{ ...check, area: "usb" }] }).success,
    ).toBe(false);
    expect(diagnosticsReportSchema.safeParse({ ...report, schema: "cns-bridge.diagnostics/2" }).success).toBe(
      false,
    );
  });

  it("refuses nested objects as evidence and a non-URL docUrl", () => {
    expect(
      diagnosticsReportSchema.safeParse({ ...report, checks: [{ ...check, evidence: { deep: { a: 1 } } }] })
        .success,
    ).toBe(false);
    expect(
      diagnosticsReportSchema.safeParse({ ...report, checks: [{ ...check, docUrl: "not a url" }] }).success,
    ).toBe(false);
  });
});
