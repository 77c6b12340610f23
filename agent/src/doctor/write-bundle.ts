import { readFile, writeFile } from "node:fs/promises";
import { release, type as osType } from "node:os";
import type { DiagnosticsReport } from "@cns-bridge/shared";
import { createRedactor } from "./redact-report.js";
import { renderHumanReport } from "./render-human.js";
import type { RunTool } from "./run-tool.js";
import { tarGzip } from "./tar-gzip.js";

/** How many lines of the agent's log go into a bundle: enough for the last session, not a history. */
export const LOG_TAIL_LINES = 200;

/** Version lines of the tools the checks rely on; a missing tool says so. */
export async function collectVersions(runTool: RunTool): Promise<Record<string, string>> {
  const ask = async (program: string, args: string[]): Promise<string> => {
    const result = await runTool(program, args, { timeoutMs: 5000 });
    if (!result.found) return "not installed";
    return (`${result.stdout}\n${result.stderr}`.split("\n").find((line) => line.trim() !== "") ?? "").trim();
  };
  return {
    os: `${osType()} ${release()} ${process.arch}`,
    node: process.version,
    opensc: await ask("opensc-tool", ["--info"]),
    pcscd: await ask("pcscd", ["--version"]),
    softhsm2: await ask("softhsm2-util", ["--version"]),
    nss: await ask("modutil", ["-version"]),
  };
}

async function logTail(path: string | null): Promise<string> {
  if (path === null) return "(no agent log file configured)\n";
  try {
    const lines = (await readFile(path, "utf8")).split("\n");
    return lines.slice(-LOG_TAIL_LINES - 1).join("\n");
  } catch (error) {
    return `(cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"})\n`;
  }
}

export interface BundleInputs {
  readonly report: DiagnosticsReport;
  /** The personal values the checks found, for masking the log tail the same way as the report. */
  readonly personalData: ReadonlySet<string>;
  readonly home: string;
  readonly logFile: string | null;
  readonly runTool: RunTool;
}

/**
 * The support archive: report.json, report-it.txt, report-en.txt, versions.json and the agent log
 * tail. Redacted unless the report given was explicitly not redacted, and then the log tail is
 * not masked either (the user asked to show personal data).
 */
export async function buildBundle(inputs: BundleInputs): Promise<Uint8Array> {
  const report = inputs.report;
  const raw = await logTail(inputs.logFile);
  const tail = report.redacted
    ? createRedactor({ personalData: inputs.personalData, home: inputs.home })(raw)
    : raw;
  const mtime = new Date(report.generatedAt);
  return tarGzip([
    { name: "cns-bridge-diagnostics/report.json", content: `${JSON.stringify(report, null, 2)}\n`, mtime },
    { name: "cns-bridge-diagnostics/report-it.txt", content: renderHumanReport(report, "it"), mtime },
    { name: "cns-bridge-diagnostics/report-en.txt", content: renderHumanReport(report, "en"), mtime },
    {
      name: "cns-bridge-diagnostics/versions.json",
      content: `${JSON.stringify({ agent: report.agentVersion, protocol: report.protocol, ...(await collectVersions(inputs.runTool)) }, null, 2)}\n`,
      mtime,
    },
    { name: "cns-bridge-diagnostics/agent-log-tail.txt", content: tail, mtime },
  ]);
}

export async function writeBundle(path: string, inputs: BundleInputs): Promise<void> {
  await writeFile(path, await buildBundle(inputs), { mode: 0o600 });
}
