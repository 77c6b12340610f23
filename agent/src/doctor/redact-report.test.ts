import type { DiagnosticsReport } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { createRedactor, maskValue, redactReport } from "./redact-report.js";

describe("createRedactor", () => {
  const redact = createRedactor({
    personalData: new Set(["ROSSI", "MARIO ROSSI", "bfdbcd212848451f"]),
    home: "/home/mario",
  });

  it("masks the values the checks marked, any codice fiscale, and the home directory", () => {
    expect(redact("PIN di CNS TEST ROSSI")).toBe("PIN di CNS TEST *****");
    expect(redact("holder MARIO ROSSI")).toBe("holder MA*******SI");
    expect(redact("serial bfdbcd212848451f")).toBe("serial bf************1f");
    expect(redact("CN=RSSMRA80A01H501U/7420070000012345")).toBe("CN=RSS***********1U/7420070000012345");
    expect(redact("/home/mario/.pki/nssdb and /home/marionette")).toBe("~/.pki/nssdb and /home/marionette");
    expect(redact("rossi in lower case")).toBe("***** in lower case");
  });

  it("treats marked values as text, not as patterns", () => {
    const dots = createRedactor({ personalData: new Set(["a.b"]), home: "" });
    expect(dots("axb a.b")).toBe("axb ***");
  });

  it("masks short values whole and keeps the ends of long ones", () => {
    expect(maskValue("ABC")).toBe("***");
    expect(maskValue("ABCDEFGH")).toBe("AB****GH");
  });
});

describe("redactReport", () => {
  it("redacts summaries, evidence strings and lists, and remedies; numbers stay", () => {
    const report: DiagnosticsReport = {
      schema: "cns-bridge.diagnostics/1",
      generatedAt: "2026-01-01T00:00:00.000Z",
      agentVersion: "0.1.0",
      protocol: 1,
      redacted: false,
      overall: "warn",
      summary: { ok: 0, warn: 1, fail: 0, skip: 0 },
      checks: [
        {
          id: "token.pin",
          area: "token",
          status: "warn",
          title: { it: "PIN di ROSSI", en: "PIN of ROSSI" },
          summary: { it: "RSSMRA80A01H501U", en: "RSSMRA80A01H501U" },
          evidence: { serial: "bfdbcd212848451f", list: ["ROSSI"], count: 3, flag: true, none: null },
          remedy: { it: "apri /home/mario/x", en: "open /home/mario/x" },
        },
      ],
    };
    const redacted = redactReport(report, {
      personalData: new Set(["ROSSI", "bfdbcd212848451f"]),
      home: "/home/mario",
    });
    expect(redacted.redacted).toBe(true);
    expect(JSON.stringify(redacted)).not.toMatch(/ROSSI|RSSMRA80A01H501U|bfdbcd212848451f|\/home\/mario/);
    expect(redacted.checks[0]?.evidence).toMatchObject({ count: 3, flag: true, none: null });
    expect(report.redacted).toBe(false);
  });
});
