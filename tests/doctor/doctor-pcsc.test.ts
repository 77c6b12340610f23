import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pcscReadersCheck } from "../../agent/src/doctor/checks/pcsc-readers.js";
import { pcscServiceCheck } from "../../agent/src/doctor/checks/pcsc-service.js";
import { pkcs11CardModuleCheck } from "../../agent/src/doctor/checks/pkcs11-card-module.js";
import { pkcs11ModulesCheck } from "../../agent/src/doctor/checks/pkcs11-modules.js";
import { findInstalledModules } from "../../agent/src/pkcs11/find-known-modules.js";
import { doctorContext, runChecks } from "./doctor-context-for-tests.js";
import { VirtualReader } from "./support/virtual-reader.js";

// Real ATRs from pcsc-tools' smartcard_list.txt.
const INCARD_INFOCAMERE = "3B FF 18 00 00 81 31 FE 55 00 6B 02 09 04 03 01 01 01 43 4E 53 10 31 80 65";
const IDEMIA_CNS = "3B FF 18 00 00 81 31 FE 45 00 6B 05 05 91 20 01 F1 01 43 4E 53 10 31 80 38";
const NOT_A_CNS = "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A";

const PCSC_CHECKS = [pcscServiceCheck, pcscReadersCheck, pkcs11CardModuleCheck];

describe("doctor on a real PC/SC stack (pcscd + vpcd + vicc)", () => {
  let dir: string;
  let reader: VirtualReader;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-pcsc-"));
    reader = await VirtualReader.start(join(dir, "pcsc"), { withReader: true });
  });

  afterAll(async () => {
    await reader.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("pcscd stopped: the service fails with the pcscd remedy, reader checks are skipped", async () => {
    const context = await doctorContext(dir, { env: { PCSCLITE_CSOCK_NAME: join(dir, "stopped.comm") } });
    const { report, italian } = await runChecks(context, PCSC_CHECKS);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["pcsc.service", "fail"],
      ["pcsc.readers", "skip"],
      ["pcsc.card", "skip"],
      ["pkcs11.card-module", "skip"],
    ]);
    expect(italian).toMatchSnapshot();
  });

  it("no reader: pcscd answers but has no reader", async () => {
    const empty = await VirtualReader.start(join(dir, "empty"), { withReader: false });
    try {
      const context = await doctorContext(dir, { env: empty.env });
      const { report, italian } = await runChecks(context, PCSC_CHECKS);
      expect(report.checks.map((check) => [check.id, check.status])).toEqual([
        ["pcsc.service", "ok"],
        ["pcsc.readers", "fail"],
        ["pcsc.card", "skip"],
        ["pkcs11.card-module", "skip"],
      ]);
      expect(italian).toMatchSnapshot();
    } finally {
      await empty.stop();
    }
  });

  it("reader without a card: asks to insert the card", async () => {
    await reader.removeCard();
    const context = await doctorContext(dir, { env: reader.env });
    const { report, italian } = await runChecks(context, PCSC_CHECKS);
    expect(report.checks.find((check) => check.id === "pcsc.readers")?.evidence.readers).toEqual([
      "Virtual PCD 00 00",
      "Virtual PCD 00 01",
    ]);
    expect(report.checks.find((check) => check.id === "pcsc.card")?.status).toBe("warn");
    expect(italian).toMatchSnapshot();
  });

  it("known CNS (Incard, InfoCamere) with OpenSC installed: card and middleware ok", async () => {
    await reader.insertCard(INCARD_INFOCAMERE);
    const context = await doctorContext(dir, {
      env: reader.env,
      installedModules: () => [
        {
          id: "opensc",
          vendor: "OpenSC Project",
          product: "OpenSC",
          path: "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        },
      ],
    });
    const { report, italian } = await runChecks(context, PCSC_CHECKS);
    const card = report.checks.find((check) => check.id === "pcsc.card");
    expect(card?.status).toBe("ok");
    expect(card?.evidence.knownCard).toBe("incard-cns");
    expect(card?.evidence.atr).toBe(INCARD_INFOCAMERE);
    expect(report.checks.find((check) => check.id === "pkcs11.card-module")?.status).toBe("ok");
    expect(italian).toMatchSnapshot();
  });

  it("known CNS (IDEMIA) without its middleware: names the exact package to install", async () => {
    await reader.insertCard(IDEMIA_CNS);
    const context = await doctorContext(dir, { env: reader.env, installedModules: () => [] });
    const { report, italian } = await runChecks(context, PCSC_CHECKS);
    const missing = report.checks.find((check) => check.id === "pkcs11.card-module");
    expect(missing?.status).toBe("fail");
    expect(missing?.remedy?.it).toContain("libOcsCryptoki");
    expect(report.overall).toBe("fail");
    expect(italian).toMatchSnapshot();
  });

  it("known CNS, OpenSC loaded through the same pcscd but seeing no token: says so", async () => {
    const opensc = findInstalledModules().find((module) => module.id === "opensc");
    if (opensc === undefined)
      throw new Error("OpenSC's PKCS#11 module is not installed (apt-get install opensc)");
    await reader.insertCard(INCARD_INFOCAMERE);
    // OpenSC's module reaches pcscd through libpcsclite in this process: point it at the test's pcscd.
    const saved = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = reader.socket;
    try {
      const context = await doctorContext(dir, { env: reader.env, installedModules: () => [opensc] });
      const { report } = await runChecks(context, [
        ...PCSC_CHECKS.slice(0, 2),
        pkcs11ModulesCheck,
        pkcs11CardModuleCheck,
      ]);
      const module = report.checks.find((check) => check.id === "pkcs11.module");
      expect(module?.status).toBe("ok");
      expect(module?.evidence.slots).toBeGreaterThanOrEqual(1);
      expect(module?.evidence.tokens).toEqual([]);
      const cardModule = report.checks.find((check) => check.id === "pkcs11.card-module");
      expect(cardModule?.status).toBe("warn");
      expect(cardModule?.summary.it).toContain("non vede la carta");
    } finally {
      if (saved === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = saved;
    }
  });

  it("unknown ATR: reported as not a known CNS", async () => {
    await reader.insertCard(NOT_A_CNS);
    const context = await doctorContext(dir, { env: reader.env });
    const { report, italian } = await runChecks(context, PCSC_CHECKS);
    const card = report.checks.find((check) => check.id === "pcsc.card");
    expect(card?.status).toBe("warn");
    expect(card?.evidence.knownCard).toBeNull();
    expect(report.checks.find((check) => check.id === "pkcs11.card-module")?.status).toBe("skip");
    expect(italian).toMatchSnapshot();
  });
});
