import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tokenSummarySchema } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createSoftHsmTestToken, type SoftHsmTestToken } from "./support/softhsm-test-token.js";

/** `cns-agent` as a real process (built code, as users run it) against a SoftHSM2 token. */
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "agent", "bin", "cns-agent");

const tokensOutputSchema = z.strictObject({ tokens: z.array(tokenSummarySchema) });
const errorOutputSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
});

let token: SoftHsmTestToken;

beforeAll(() => {
  if (!existsSync(join(root, "agent", "dist", "cli", "main.js"))) {
    throw new Error("agent/dist is missing: run `npx tsc -b shared agent` (npm test builds first)");
  }
  token = createSoftHsmTestToken();
});

afterAll(() => token.remove());

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cnsAgent(args: readonly string[], env: NodeJS.ProcessEnv = {}, input = ""): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: token.dir,
      SOFTHSM2_CONF: token.softhsm2Conf,
      CNS_BRIDGE_CONFIG: join(token.dir, "no-config.json"),
      ...env,
    },
    input,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cns-agent tokens", () => {
  it("--json lists the test CNS with both certificates classified and the holder's codice fiscale (exit 0)", () => {
    const run = cnsAgent(["tokens", "--json", "--module", token.modulePath]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const { tokens } = tokensOutputSchema.parse(JSON.parse(run.stdout));
    expect(tokens).toHaveLength(1);
    const [listed] = tokens;
    expect(listed).toMatchObject({
      label: token.label,
      serial: token.serial,
      manufacturer: "SoftHSM project",
    });
    const usages = Object.fromEntries(
      listed?.certificates.map((certificate) => [certificate.usage, certificate]) ?? [],
    );
    expect(usages.authentication).toMatchObject({
      id: token.certificates.authentication.id,
      holder: { codiceFiscale: token.codiceFiscale },
      keyAlgorithm: expect.stringMatching(/^RSA.?2048$/) as string,
      issuer: "TEST cns-bridge CA",
    });
    expect(usages.signature).toMatchObject({
      id: token.certificates.signature.id,
      holder: { codiceFiscale: token.codiceFiscale, givenName: "MARIO", surname: "ROSSI" },
      keyAlgorithm: expect.stringMatching(/^EC.?P-?256$/) as string,
    });
    for (const certificate of listed?.certificates ?? []) {
      expect(new Date(certificate.notAfter).toISOString()).toBe(certificate.notAfter);
      expect(certificate.daysToExpiry).toBeGreaterThan(300);
    }
  });

  it("selects the token by serial or label with --token, and prints an Italian table without --json", () => {
    const bySerial = cnsAgent(["tokens", "--json", "--token", token.serial, "--module", token.modulePath]);
    expect(bySerial.status).toBe(0);
    expect(tokensOutputSchema.parse(JSON.parse(bySerial.stdout)).tokens[0]?.label).toBe(token.label);
    const human = cnsAgent(["tokens", "--token", token.label, "--module", token.modulePath]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain(`Carta: ${token.label}`);
    expect(human.stdout).toContain("autenticazione");
    expect(human.stdout).toContain("firma");
    expect(human.stdout).toContain(token.codiceFiscale);
  });

  it("takes the module from CNS_BRIDGE_MODULE and from the config file", () => {
    const fromEnv = cnsAgent(["tokens", "--json"], { CNS_BRIDGE_MODULE: token.modulePath });
    expect(fromEnv.status).toBe(0);
    const configPath = join(token.dir, "config.json");
    writeFileSync(configPath, JSON.stringify({ modulePath: token.modulePath }));
    const fromConfig = cnsAgent(["tokens", "--json"], { CNS_BRIDGE_CONFIG: configPath });
    expect(fromConfig.status).toBe(0);
    expect(tokensOutputSchema.parse(JSON.parse(fromConfig.stdout)).tokens[0]?.serial).toBe(token.serial);
  });

  it("exit 3 with a coded JSON error for a missing module or token", () => {
    const noModule = cnsAgent(["tokens", "--json", "--module", "/nonexistent/libpkcs11.so"]);
    expect(noModule.status).toBe(3);
    expect(errorOutputSchema.parse(JSON.parse(noModule.stdout)).error.code).toMatch(
      /^MODULE_(NOT_FOUND|LOAD_FAILED)$/,
    );
    const noToken = cnsAgent(["tokens", "--json", "--token", "NO SUCH CARD", "--module", token.modulePath]);
    expect(noToken.status).toBe(3);
    expect(errorOutputSchema.parse(JSON.parse(noToken.stdout)).error.code).toBe("TOKEN_NOT_FOUND");
  });

  it("exit 2 for bad usage and for a bad config file, messages in the language asked for", () => {
    const badFlag = cnsAgent(["tokens", "--colour", "--json", "--lang", "en"]);
    expect(badFlag.status).toBe(2);
    const { error } = errorOutputSchema.parse(JSON.parse(badFlag.stdout));
    expect(error.code).toBe("BAD_USAGE");
    expect(error.message).toMatch(/^Wrong usage/);
    const badConfigPath = join(token.dir, "bad-config.json");
    writeFileSync(badConfigPath, '{"modulePath": 7}');
    const badConfig = cnsAgent(["tokens"], { CNS_BRIDGE_CONFIG: badConfigPath });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toContain("non è valido");
    expect(badConfig.stdout).toBe("");
  });

  it("modules --json lists SoftHSM2 among the known modules present", () => {
    const run = cnsAgent(["modules", "--json"]);
    expect(run.status).toBe(0);
    const { modules } = z
      .object({ modules: z.array(z.object({ id: z.string(), path: z.string() })) })
      .parse(JSON.parse(run.stdout));
    expect(modules.map((module) => module.path)).toContain(token.modulePath);
  });
});
