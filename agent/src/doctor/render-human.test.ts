import { type DiagnosticCheck, type DiagnosticsReport, summarizeChecks } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { doctorExitCode, renderHumanReport } from "./render-human.js";

function report(checks: DiagnosticCheck[]): DiagnosticsReport {
  return {
    schema: "cns-bridge.diagnostics/1",
    generatedAt: "2026-01-01T00:00:00.000Z",
    agentVersion: "1.2.3",
    protocol: 1,
    redacted: false,
    ...summarizeChecks(checks),
    checks,
  };
}

const check = (
  id: string,
  area: DiagnosticCheck["area"],
  status: DiagnosticCheck["status"],
): DiagnosticCheck => ({
  id,
  area,
  status,
  title: { it: `titolo ${id}`, en: `title ${id}` },
  summary: { it: "riassunto", en: "summary" },
  evidence: {},
  remedy: { it: "rimedio", en: "remedy" },
});

describe("renderHumanReport", () => {
  it("groups by area in a fixed order, marks each status and shows remedies only for problems", () => {
    const text = renderHumanReport(
      report([
        check("t", "token", "fail"),
        check("s", "system", "ok"),
        check("p", "pcsc", "warn"),
        check("b", "browsers", "skip"),
      ]),
      "en",
    );
    expect(text).toBe(
      [
        "cns-bridge doctor — agent 1.2.3",
        "",
        "System",
        "  ✓ title s: summary",
        "",
        "Reader and card (PC/SC)",
        "  ! title p: summary",
        "      → remedy",
        "",
        "CNS",
        "  ✗ title t: summary",
        "      → remedy",
        "",
        "Browsers",
        "  - title b: summary",
        "",
        "1 ok, 1 warnings, 1 failures, 1 skipped. Found problems that prevent using the CNS.",
        "",
      ].join("\n"),
    );
  });
});

describe("doctorExitCode", () => {
  it("is 0 when all is ok or skipped, 1 with warnings, 3 with failures", () => {
    expect(doctorExitCode(report([check("a", "system", "ok"), check("b", "system", "skip")]))).toBe(0);
    expect(doctorExitCode(report([check("a", "system", "warn")]))).toBe(1);
    expect(doctorExitCode(report([check("a", "system", "warn"), check("b", "token", "fail")]))).toBe(3);
  });
});
