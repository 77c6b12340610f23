import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tokenSummarySchema } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";
import { keepCommandLog } from "../support/test-logs.js";

/** `cns-agent` as a real process (built code, as users run it) against the test CNS on SoftHSM2. */
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "agent", "bin", "cns-agent");

const tokensOutputSchema = z.strictObject({ tokens: z.array(tokenSummarySchema) });
const errorOutputSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
});

let manifest: TestPkiManifest;
let rsa: TestToken;
let ec: TestToken;
let workDir: string;

beforeAll(async () => {
  if (!existsSync(join(root, "agent", "dist", "cli", "main.js"))) {
    throw new Error("agent/dist is missing: run `npx tsc -b shared agent` (npm test builds first)");
  }
  workDir = mkdtempSync(join(tmpdir(), "cns-agent-cli-"));
  manifest = await cloneTestPki(loadTestPki(), join(workDir, "pki"));
  const byVariant = (variant: string): TestToken => {
    const found = Object.values(manifest.tokens).find((token) => token.variant === variant);
    if (found === undefined) {
      throw new Error(`the test PKI has no ${variant} token`);
    }
    return found;
  };
  rsa = byVariant("holder-rsa");
  ec = byVariant("holder-ec");
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cnsAgent(args: readonly string[], env: NodeJS.ProcessEnv = {}, input = ""): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: workDir,
      SOFTHSM2_CONF: manifest.softhsm2Conf,
      CNS_BRIDGE_CONFIG: join(workDir, "no-config.json"),
      ...env,
    },
    input,
    encoding: "utf8",
    timeout: 30_000,
  });
  keepCommandLog("cli-tokens", result.stderr);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cns-agent tokens", () => {
  it("--json lists every test CNS with both certificates classified and the holder's codice fiscale (exit 0)", () => {
    const run = cnsAgent(["tokens", "--json", "--module", manifest.modulePath]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const { tokens } = tokensOutputSchema.parse(JSON.parse(run.stdout));
    expect(tokens.map((token) => token.serial).sort()).toEqual(
      Object.values(manifest.tokens)
        .map((token) => token.serial)
        .sort(),
    );
    for (const expected of Object.values(manifest.tokens)) {
      const listed = tokens.find((token) => token.serial === expected.serial);
      expect(listed, expected.variant).toMatchObject({
        label: expected.label,
        manufacturer: "SoftHSM project",
      });
      for (const usage of ["authentication", "signature"] as const) {
        const certificate = expected.certificates[usage];
        if (certificate === undefined) {
          continue;
        }
        const shown = listed?.certificates.find((candidate) => candidate.id === certificate.id);
        expect(shown, `${expected.variant} ${usage}`).toMatchObject({
          usage,
          holder: { codiceFiscale: expected.holder.codiceFiscale },
          // X.509 times have whole seconds; the manifest keeps the maker's milliseconds.
          notAfter: new Date(Math.floor(certificate.notAfter / 1000) * 1000).toISOString(),
          keyAlgorithm: expect.stringMatching(expected.keyAlgorithm === "RSA" ? /^RSA/ : /^EC/) as string,
        });
      }
    }
    const rsaSignature = tokens
      .find((token) => token.serial === rsa.serial)
      ?.certificates.find((certificate) => certificate.usage === "signature");
    expect(rsaSignature).toMatchObject({
      holder: { givenName: rsa.holder.givenName, surname: rsa.holder.surname },
      qualified: true,
    });
  });

  it("selects the token by serial or label with --token, and prints an Italian table without --json", () => {
    const bySerial = cnsAgent(["tokens", "--json", "--token", ec.serial, "--module", manifest.modulePath]);
    expect(bySerial.status).toBe(0);
    const { tokens } = tokensOutputSchema.parse(JSON.parse(bySerial.stdout));
    expect(tokens.map((token) => token.label)).toEqual([ec.label]);
    const human = cnsAgent(["tokens", "--token", rsa.label, "--module", manifest.modulePath]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain(`Carta: ${rsa.label}`);
    expect(human.stdout).toContain("autenticazione");
    expect(human.stdout).toContain("firma");
    expect(human.stdout).toContain(rsa.holder.codiceFiscale);
    expect(human.stdout).not.toContain(ec.label);
  });

  it("takes the module from CNS_BRIDGE_MODULE and from the config file", () => {
    const fromEnv = cnsAgent(["tokens", "--json", "--token", rsa.serial], {
      CNS_BRIDGE_MODULE: manifest.modulePath,
    });
    expect(fromEnv.status).toBe(0);
    const configPath = join(workDir, "config.json");
    writeFileSync(configPath, JSON.stringify({ modulePath: manifest.modulePath }));
    const fromConfig = cnsAgent(["tokens", "--json", "--token", rsa.serial], {
      CNS_BRIDGE_CONFIG: configPath,
    });
    expect(fromConfig.status).toBe(0);
    expect(tokensOutputSchema.parse(JSON.parse(fromConfig.stdout)).tokens[0]?.label).toBe(rsa.label);
  });

  it("exit 3 with a coded JSON error for a missing module or token", () => {
    const noModule = cnsAgent(["tokens", "--json", "--module", "/nonexistent/libpkcs11.so"]);
    expect(noModule.status).toBe(3);
    expect(errorOutputSchema.parse(JSON.parse(noModule.stdout)).error.code).toMatch(
      /^MODULE_(NOT_FOUND|LOAD_FAILED)$/,
    );
    const noToken = cnsAgent([
      "tokens",
      "--json",
      "--token",
      "NO SUCH CARD",
      "--module",
      manifest.modulePath,
    ]);
    expect(noToken.status).toBe(3);
    expect(errorOutputSchema.parse(JSON.parse(noToken.stdout)).error.code).toBe("TOKEN_NOT_FOUND");
    const human = cnsAgent(["tokens", "--module", "/nonexistent/libpkcs11.so"]);
    expect(human.status).toBe(3);
    expect(human.stderr).toContain("non esiste");
    expect(human.stdout).toBe("");
  });

  it("exit 2 for bad usage and for a bad config file, messages in the language asked for", () => {
    const badFlag = cnsAgent(["tokens", "--colour", "--json", "--lang", "en"]);
    expect(badFlag.status).toBe(2);
    const { error } = errorOutputSchema.parse(JSON.parse(badFlag.stdout));
    expect(error.code).toBe("BAD_USAGE");
    expect(error.message).toMatch(/^Wrong usage/);
    const badConfigPath = join(workDir, "bad-config.json");
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
    expect(modules.map((module) => module.path)).toContain(manifest.modulePath);
  });
});
