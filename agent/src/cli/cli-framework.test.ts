import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CnsBridgeError, isCnsBridgeError } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import type { CliIo } from "./cli-io.js";
import type { CliCommand } from "./command.js";
import { configFilePath, readConfigFile } from "./config-file.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { runCli } from "./main.js";
import { parseCommandLine } from "./parse-command-line.js";
import { readPinFromStdin } from "./read-pin-from-stdin.js";

async function* chunks(...parts: string[]): AsyncIterable<string> {
  yield* parts;
}

function bufferIo(stdin: AsyncIterable<string> = chunks()): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), stdin, env: {} };
}

const echo: CliCommand = {
  name: "echo",
  summary: { it: "Ripete.", en: "Echoes." },
  usage: "[--word W]... [--pin-stdin]",
  options: { word: { type: "string", multiple: true } },
  async run(context) {
    const pin = context.global.pinStdin ? await context.readPin() : "";
    context.printJson({
      words: context.options.word ?? [],
      token: context.global.token,
      pinLength: pin.length,
    });
    return EXIT.ok;
  },
};

const failing = (error: unknown): CliCommand => ({
  name: "fail",
  summary: { it: "Fallisce.", en: "Fails." },
  usage: "",
  run: () => Promise.reject(error),
});

describe("parseCommandLine", () => {
  it("finds the command after global options and parses both kinds of options", () => {
    const parsed = parseCommandLine(
      ["--token", "CNS A", "echo", "--word", "x", "--json", "--word=y"],
      [echo],
    );
    expect(parsed.command?.name).toBe("echo");
    expect(parsed.global).toMatchObject({ token: "CNS A", json: true, lang: "it", pinStdin: false });
    expect(parsed.options.word).toEqual(["x", "y"]);
  });

  it("refuses unknown commands, unknown options, bad --lang and stray words", () => {
    for (const argv of [
      ["nope"],
      ["echo", "--nope"],
      ["echo", "--lang", "fr"],
      ["echo", "extra"],
      ["echo", "--token"],
    ]) {
      let caught: unknown;
      try {
        parseCommandLine(argv, [echo]);
      } catch (error) {
        caught = error;
      }
      expect(isCnsBridgeError(caught, "BAD_USAGE"), argv.join(" ")).toBe(true);
    }
  });
});

describe("runCli", () => {
  it("runs a command and returns its exit code", async () => {
    const io = bufferIo();
    expect(await runCli(["echo", "--word", "a", "--token", "1234"], io, [echo])).toBe(0);
    expect(JSON.parse(io.out.join(""))).toEqual({ words: ["a"], token: "1234", pinLength: 0 });
  });

  it("prints usage errors as JSON on stdout with --json, in the language asked for", async () => {
    const io = bufferIo();
    expect(await runCli(["echo", "--bogus", "--json", "--lang", "en"], io, [echo])).toBe(EXIT.badInput);
    const printed = JSON.parse(io.out.join("")) as { error: { code: string; message: string } };
    expect(printed.error.code).toBe("BAD_USAGE");
    expect(printed.error.message).toMatch(/^Wrong usage/);
    expect(io.err).toEqual([]);
  });

  it("prints human errors in Italian on stderr by default", async () => {
    const io = bufferIo();
    expect(await runCli(["fail"], io, [failing(new CnsBridgeError("PIN_LOCKED"))])).toBe(EXIT.tokenError);
    expect(io.err.join("")).toContain("Il PIN della carta è bloccato");
    expect(io.out).toEqual([]);
  });

  it("turns an unexpected exception into INTERNAL without its text", async () => {
    const io = bufferIo();
    const code = await runCli(["fail", "--json"], io, [failing(new TypeError("secret detail"))]);
    expect(code).toBe(EXIT.checkFailed);
    expect(io.out.join("")).toContain('"code":"INTERNAL"');
    expect(io.out.join("")).not.toContain("secret detail");
  });

  it("shows help with exit 0, and usage with exit 2 when no command is given", async () => {
    const help = bufferIo();
    expect(await runCli(["--help"], help, [echo])).toBe(0);
    expect(help.out.join("")).toContain("echo");
    const commandHelp = bufferIo();
    expect(await runCli(["echo", "--help", "--lang", "en"], commandHelp, [echo])).toBe(0);
    expect(commandHelp.out.join("")).toContain("Usage: cns-agent echo");
    const none = bufferIo();
    expect(await runCli([], none, [echo])).toBe(EXIT.badInput);
    expect(none.err.join("")).toContain("Uso: cns-agent");
  });

  it("prints the agent's version with --version (JSON with --json) and runs no command", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const human = bufferIo();
    expect(await runCli(["--version"], human, [echo])).toBe(EXIT.ok);
    expect(human.out.join("")).toBe(`cns-agent ${version}\n`);
    const json = bufferIo();
    expect(await runCli(["echo", "--version", "--json"], json, [echo])).toBe(EXIT.ok);
    expect(JSON.parse(json.out.join(""))).toEqual({ agentVersion: version });
  });

  it("reads the PIN from stdin only with --pin-stdin", async () => {
    const io = bufferIo(chunks("1234", "5678\nrest of input\n"));
    expect(await runCli(["echo", "--pin-stdin"], io, [echo])).toBe(0);
    expect(JSON.parse(io.out.join(""))).toMatchObject({ pinLength: 8 });
    const needsPin: CliCommand = {
      ...echo,
      name: "needs",
      run: async (context) => (await context.readPin()).length,
    };
    const without = bufferIo();
    expect(await runCli(["needs", "--json"], without, [needsPin])).toBe(EXIT.badInput);
    expect(without.out.join("")).toContain("--pin-stdin");
  });
});

describe("readPinFromStdin", () => {
  it("takes the first line without CR/LF", async () => {
    expect(await readPinFromStdin(chunks("12345\r\n", "ignored"))).toBe("12345");
    expect(await readPinFromStdin(chunks("123", "45"))).toBe("12345");
    const bytes = async function* (): AsyncIterable<Uint8Array> {
      yield new TextEncoder().encode("99999\n");
    };
    expect(await readPinFromStdin(bytes())).toBe("99999");
  });

  it("refuses an empty or absurdly long first line without echoing it", async () => {
    await expect(readPinFromStdin(chunks(""))).rejects.toSatisfy((error) =>
      isCnsBridgeError(error, "BAD_INPUT"),
    );
    await expect(readPinFromStdin(chunks("\n12345"))).rejects.toSatisfy((error) =>
      isCnsBridgeError(error, "BAD_INPUT"),
    );
    const long = "7".repeat(10_000);
    await expect(readPinFromStdin(chunks(long))).rejects.toSatisfy(
      (error) => isCnsBridgeError(error, "BAD_INPUT") && !error.message.includes("7777"),
    );
  });
});

describe("config file", () => {
  const dir = mkdtempSync(join(tmpdir(), "cns-agent-config-"));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("lives in the per-OS user config dir unless CNS_BRIDGE_CONFIG says otherwise", () => {
    expect(configFilePath({}, "linux", "/home/u")).toBe("/home/u/.config/cns-bridge/config.json");
    expect(configFilePath({ XDG_CONFIG_HOME: "/x" }, "linux", "/home/u")).toBe("/x/cns-bridge/config.json");
    expect(configFilePath({}, "darwin", "/Users/u")).toBe(
      "/Users/u/Library/Application Support/cns-bridge/config.json",
    );
    expect(configFilePath({ CNS_BRIDGE_CONFIG: "/etc/c.json" }, "linux", "/home/u")).toBe("/etc/c.json");
  });

  it("reads modulePath and keeps other keys", async () => {
    expect(await readConfigFile(write("ok.json", '{"modulePath":"/m.so","port":1}'))).toEqual({
      modulePath: "/m.so",
      port: 1,
    });
    expect(await readConfigFile(join(dir, "missing.json"))).toEqual({});
  });

  it("refuses a bad file with CONFIG_INVALID (exit 2) naming the file", async () => {
    for (const [name, text] of [
      ["syntax.json", "{modulePath:"],
      ["type.json", '{"modulePath":42}'],
      ["empty-path.json", '{"modulePath":""}'],
      ["array.json", "[]"],
      ["huge.json", `{"x":"${"a".repeat(70_000)}"}`],
    ]) {
      const path = write(name ?? "x", text ?? "");
      let caught: unknown;
      try {
        await readConfigFile(path);
      } catch (error) {
        caught = error;
      }
      expect(isCnsBridgeError(caught, "CONFIG_INVALID"), name).toBe(true);
      expect((caught as Error).message).toContain(path);
      expect(exitCodeFor(caught)).toBe(EXIT.badInput);
    }
  });
});

describe("exit codes", () => {
  it("3 for module, token and PIN errors; 2 for input; 1 for the unexpected", () => {
    for (const code of ["PIN_INCORRECT", "TOKEN_NOT_FOUND", "MODULE_LOAD_FAILED", "DEVICE_ERROR"] as const) {
      expect(exitCodeFor(new CnsBridgeError(code)), code).toBe(3);
    }
    expect(exitCodeFor(new CnsBridgeError("BAD_USAGE"))).toBe(2);
    expect(exitCodeFor(new CnsBridgeError("FILE_NOT_FOUND"))).toBe(2);
    expect(exitCodeFor(new CnsBridgeError("INTERNAL"))).toBe(1);
    expect(exitCodeFor(new Error("x"))).toBe(1);
  });
});
