import { describe, expect, it, vi } from "vitest";
import {
  FakePkcs11Module,
  type FakeToken,
  fakeTokenInfo,
} from "../../../../tests/agent/support/fake-pkcs11-module.js";
import { CKF_TOKEN, CKM, CKO } from "../../pkcs11/ck-constants.js";
import type { CliIo } from "../cli-io.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { runCli } from "../main.js";
import { tokensCommand } from "./tokens.js";

function bufferIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  async function* stdin(): AsyncIterable<string> {
    yield "";
  }
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdin: stdin(),
    env: {},
  };
}

function fakeToken(label: string, serial: string, flags = 0): FakeToken {
  return {
    info: fakeTokenInfo({ label, serialNumber: serial, flags: fakeTokenInfo().flags | flags }),
    userPin: "12345",
    mechanisms: [CKM.RSA_PKCS],
    // An object that is not a certificate must not break the listing.
    objects: [{ objectClass: CKO.CERTIFICATE, id: Uint8Array.of(1), value: Uint8Array.of(0x30, 0x00) }],
  };
}

const opener = (module: FakePkcs11Module) => async () => ({
  module,
  choice: { path: module.path, source: "flag" as const },
});

describe("cns-agent tokens (in-process, fake module)", () => {
  it("lists every token with PIN flags, closes its sessions and finalizes the module", async () => {
    const fake = new FakePkcs11Module([
      fakeToken("CNS A", "1111", CKF_TOKEN.USER_PIN_COUNT_LOW),
      null,
      fakeToken("CNS B", "2222", CKF_TOKEN.USER_PIN_LOCKED),
    ]);
    const io = bufferIo();
    expect(await runCli(["tokens", "--json"], io, [tokensCommand], opener(fake))).toBe(EXIT.ok);
    const { tokens } = JSON.parse(io.out.join("")) as {
      tokens: { label: string; pinFlags: Record<string, boolean>; certificates: unknown[] }[];
    };
    expect(tokens.map((token) => token.label)).toEqual(["CNS A", "CNS B"]);
    expect(tokens[0]?.pinFlags.userPinCountLow).toBe(true);
    expect(tokens[1]?.pinFlags.userPinLocked).toBe(true);
    expect(tokens[0]?.certificates).toEqual([]);
    expect(fake.sessionsOpen()).toBe(0);
    expect(fake.finalized).toBe(true);
  });

  it("shows the PIN state in the Italian table", async () => {
    const fake = new FakePkcs11Module([fakeToken("CNS B", "2222", CKF_TOKEN.USER_PIN_LOCKED)]);
    const io = bufferIo();
    expect(await runCli(["tokens"], io, [tokensCommand], opener(fake))).toBe(EXIT.ok);
    expect(io.out.join("")).toContain("PIN: bloccato");
    expect(io.out.join("")).toContain("Certificati: nessun certificato");
  });

  it("a device error while listing is exit 3 with a coded error, and the module is still finalized", async () => {
    const fake = new FakePkcs11Module([fakeToken("CNS A", "1111")]);
    fake.faults.set("C_FindObjects", "DEVICE_ERROR");
    const io = bufferIo();
    expect(await runCli(["tokens", "--json"], io, [tokensCommand], opener(fake))).toBe(EXIT.tokenError);
    expect(JSON.parse(io.out.join(""))).toMatchObject({ error: { code: "DEVICE_ERROR" } });
    expect(fake.sessionsOpen()).toBe(0);
    expect(fake.finalized).toBe(true);
  });

  it("finalizes the module when interrupted by SIGINT", async () => {
    const fake = new FakePkcs11Module([fakeToken("CNS A", "1111")]);
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const waiting: CliCommand = {
      name: "wait",
      summary: { it: "Attende.", en: "Waits." },
      usage: "",
      async run(context) {
        await context.openModule();
        started();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return EXIT.ok;
      },
    };
    const listenersBefore = process.listenerCount("SIGINT");
    try {
      const result = runCli(["wait"], bufferIo(), [waiting], opener(fake));
      await running;
      process.emit("SIGINT");
      expect(fake.finalized).toBe(true);
      expect(exit).toHaveBeenCalledWith(130);
      await result;
      expect(process.listenerCount("SIGINT")).toBe(listenersBefore);
    } finally {
      exit.mockRestore();
    }
  });

  it("leaves SIGINT to a command that listens for it itself (a server shutting down)", async () => {
    const fake = new FakePkcs11Module([fakeToken("CNS A", "1111")]);
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const server: CliCommand = {
      name: "server",
      summary: { it: "Serve.", en: "Serves." },
      usage: "",
      async run(context) {
        await context.openModule();
        const stopped = new Promise((resolve) => process.once("SIGINT", resolve));
        started();
        await stopped;
        return EXIT.ok;
      },
    };
    try {
      const result = runCli(["server"], bufferIo(), [server], opener(fake));
      await running;
      process.emit("SIGINT");
      expect(await result).toBe(EXIT.ok);
      expect(exit).not.toHaveBeenCalled();
      expect(fake.finalized).toBe(true);
    } finally {
      exit.mockRestore();
    }
  });
});

describe("cns-agent tokens, hostile token data", () => {
  it("never lets control characters from the card reach the terminal", async () => {
    const fake = new FakePkcs11Module([fakeToken("CNS\u001b[2J\rFAKE", "12\u0007")]);
    const io = bufferIo();
    expect(await runCli(["tokens"], io, [tokensCommand], opener(fake))).toBe(EXIT.ok);
    const printed = io.out.join("");
    expect(printed).toContain("CNS?[2J?FAKE");
    // eslint-disable-next-line no-control-regex -- looking for control characters on purpose
    expect(printed.replaceAll("\n", "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
