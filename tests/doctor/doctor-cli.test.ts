import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { diagnosticsReportSchema, replySchema } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { RecordingAgentService } from "../agent-server/recording-agent-service.js";
import { ensureTestPki, type TestPkiManifest } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";
import { testLogDestination } from "../support/test-logs.js";

const CLI = fileURLToPath(new URL("../../agent/bin/cns-agent", import.meta.url));
const EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({
        code: error === null ? 0 : typeof error.code === "number" ? error.code : -1,
        stdout,
        stderr,
      });
    });
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}

describe("cns-agent doctor (the command, run as a process)", () => {
  let dir: string;
  let pki: TestPkiManifest;
  let env: NodeJS.ProcessEnv;
  let holder: TestPkiManifest["tokens"][string];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-cli-"));
    pki = await ensureTestPki();
    const found = Object.values(pki.tokens).find((token) => token.variant === "holder-rsa");
    if (found === undefined) throw new Error("no holder-rsa token");
    holder = found;
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      SOFTHSM2_CONF: pki.softhsm2Conf,
      CNS_BRIDGE_CONFIG: join(dir, "config.json"),
      PCSCLITE_CSOCK_NAME: join(dir, "no-pcscd.comm"),
    };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("--json prints a report of the stable schema, redacted, and exits 3 on failures", async () => {
    const result = await run(["doctor", "--json", "--module", pki.modulePath, "--port", "1"], env);
    expect(result.code).toBe(3);
    const report = diagnosticsReportSchema.parse(JSON.parse(result.stdout));
    expect(report.redacted).toBe(true);
    expect(report.overall).toBe("fail");
    expect(report.checks.find((check) => check.id === "pcsc.service")?.status).toBe("fail");
    const module = report.checks.find((check) => check.evidence.path === pki.modulePath);
    expect(module?.status).toBe("ok");
    expect(report.checks.filter((check) => check.id.startsWith("token.pin")).length).toBeGreaterThanOrEqual(
      6,
    );
    for (const secret of [
      holder.holder.codiceFiscale,
      holder.holder.surname,
      holder.holder.givenName,
      holder.serial,
    ]) {
      expect(result.stdout.toUpperCase()).not.toContain(secret.toUpperCase());
    }
  });

  it("human report in English with --lang en, personal data shown only with --no-redact", async () => {
    const masked = await run(["doctor", "--lang", "en", "--module", pki.modulePath], env);
    expect(masked.stdout).toContain("Reader and card (PC/SC)");
    expect(masked.stdout).toMatch(/✗ Smart card service \(PC\/SC\): pcscd is not running/);
    expect(masked.stdout).not.toContain(holder.holder.surname);
    const clear = await run(["doctor", "--lang", "en", "--no-redact", "--module", pki.modulePath], env);
    expect(clear.stdout).toContain(holder.holder.surname);
    const both = await run(["doctor", "--redact", "--no-redact", "--json"], env);
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout)).toMatchObject({ error: { code: "BAD_USAGE" } });
  });

  it("--token and --ca: one token, chained to the given CA list; an unreadable CA file is bad input", async () => {
    const result = await run(
      ["doctor", "--json", "--module", pki.modulePath, "--token", holder.label, "--ca", pki.ca.bundlePem],
      env,
    );
    const report = diagnosticsReportSchema.parse(JSON.parse(result.stdout));
    expect(
      report.checks.filter((check) => check.area === "token").map((check) => [check.id, check.status]),
    ).toEqual([
      ["token.pin", "ok"],
      ["token.certificates", "ok"],
      ["token.expiry", "ok"],
      ["token.chain", "ok"],
    ]);
    const missing = await run(["doctor", "--json", "--ca", join(dir, "nope.pem")], env);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "FILE_UNREADABLE" } });
  });

  it("--self-test without --pin-stdin is refused before anything runs", async () => {
    const result = await run(["doctor", "--self-test", "--json"], env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: "SELF_TEST_NEEDS_PIN" } });
  });

  it("--bundle writes a redacted tar.gz readable by tar, with the log tail masked", async () => {
    const log = join(dir, "agent.log");
    await writeFile(
      log,
      `{"msg":"login","holder":"${holder.holder.codiceFiscale}","token":"${holder.serial}"}\n`,
    );
    const bundle = join(dir, "support.tar.gz");
    const result = await run(["doctor", "--module", pki.modulePath, "--bundle", bundle, "--log", log], env);
    expect(result.code).toBe(3);
    const listing = await new Promise<string>((resolve, reject) =>
      execFile("tar", ["-tzf", bundle], (error, stdout) =>
        error === null ? resolve(stdout) : reject(error),
      ),
    );
    expect(listing.trim().split("\n")).toEqual([
      "cns-bridge-diagnostics/report.json",
      "cns-bridge-diagnostics/report-it.txt",
      "cns-bridge-diagnostics/report-en.txt",
      "cns-bridge-diagnostics/versions.json",
      "cns-bridge-diagnostics/agent-log-tail.txt",
    ]);
    const out = join(dir, "unpacked");
    await mkdir(out);
    await new Promise<void>((resolve, reject) =>
      execFile("tar", ["-xzf", bundle, "-C", out], (error) => (error === null ? resolve() : reject(error))),
    );
    const report = diagnosticsReportSchema.parse(
      JSON.parse(await readFile(join(out, "cns-bridge-diagnostics/report.json"), "utf8")),
    );
    expect(report.redacted).toBe(true);
    const versions = JSON.parse(
      await readFile(join(out, "cns-bridge-diagnostics/versions.json"), "utf8"),
    ) as Record<string, string>;
    expect(versions.opensc).toMatch(/^OpenSC /);
    const everything = [
      await readFile(join(out, "cns-bridge-diagnostics/report.json"), "utf8"),
      await readFile(join(out, "cns-bridge-diagnostics/report-it.txt"), "utf8"),
      await readFile(join(out, "cns-bridge-diagnostics/agent-log-tail.txt"), "utf8"),
    ].join("\n");
    expect(everything).toContain('"msg":"login"');
    for (const secret of [holder.holder.codiceFiscale, holder.holder.surname, holder.serial]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("an invalid config file is a finding with the path to fix", async () => {
    const configDir = join(dir, "bad-config");
    await mkdir(configDir);
    await writeFile(join(configDir, "config.json"), '{"modulePath": 5}');
    const result = await run(["doctor", "--json"], {
      ...env,
      CNS_BRIDGE_CONFIG: join(configDir, "config.json"),
    });
    const report = diagnosticsReportSchema.parse(JSON.parse(result.stdout));
    const config = report.checks.find((check) => check.id === "system.config");
    expect(config?.status).toBe("fail");
    expect(config?.summary.it).toContain("modulePath");
  });

  it("port: the running agent answers, another program on the port is named as such", async () => {
    const agent: RunningAgentServer = await startAgentServer({
      port: 0,
      allowedOrigins: [EXTENSION],
      service: new RecordingAgentService(),
      logger: createAgentLogger({ destination: testLogDestination("doctor-cli-agent") }),
    });
    const squatter = createServer((_request, response) => response.end("<html>not the agent</html>"));
    const squatterPort = await listen(squatter);
    try {
      const running = diagnosticsReportSchema.parse(
        JSON.parse((await run(["doctor", "--json", "--port", String(agent.port)], env)).stdout),
      );
      expect(running.checks.find((check) => check.id === "system.port")).toMatchObject({
        status: "ok",
        evidence: { answeredBy: "cns-bridge-agent" },
      });
      // No extension is connected to this agent: the agent says so in /health.
      expect(running.checks.find((check) => check.id === "browsers.extension")).toMatchObject({
        status: "warn",
        evidence: { extensionConnections: 0 },
      });
      const extension = await AgentClient.connect(`ws://127.0.0.1:${agent.port}/`, EXTENSION);
      const connected = diagnosticsReportSchema.parse(
        JSON.parse((await run(["doctor", "--json", "--port", String(agent.port)], env)).stdout),
      );
      expect(connected.checks.find((check) => check.id === "browsers.extension")).toMatchObject({
        status: "ok",
        evidence: { extensionConnections: 1 },
      });
      await extension.close();
      const taken = diagnosticsReportSchema.parse(
        JSON.parse((await run(["doctor", "--json", "--port", String(squatterPort)], env)).stdout),
      );
      const port = taken.checks.find((check) => check.id === "system.port");
      expect(port?.status).toBe("fail");
      expect(port?.summary.it).toContain("Un altro programma occupa la porta");
    } finally {
      await agent.close();
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe("diagnostics.run through the real agent server", () => {
  it("answers the extension with a redacted report where the extension shows as connected", async () => {
    const agent = await startAgentServer({
      port: 0,
      allowedOrigins: [EXTENSION],
      service: new RecordingAgentService(),
      logger: createAgentLogger({ destination: testLogDestination("doctor-cli-agent") }),
    });
    const client = await AgentClient.connect(`ws://127.0.0.1:${agent.port}/`, EXTENSION);
    try {
      const reply = replySchema.parse(await client.request("diagnostics.run", {}));
      if (reply.type !== "diagnostics.run.result") throw new Error(`unexpected reply ${reply.type}`);
      expect(reply.report.redacted).toBe(true);
      expect(reply.report.checks.find((check) => check.id === "browsers.extension")).toMatchObject({
        status: "ok",
        evidence: { origin: EXTENSION },
      });
      expect(reply.report.checks.find((check) => check.id === "signing.self-test")?.status).toBe("skip");
    } finally {
      client.close();
      await agent.close();
    }
  });
});
