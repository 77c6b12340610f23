import { isCnsBridgeError } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { findInstalledModules } from "./find-known-modules.js";
import { KNOWN_MODULES } from "./known-modules.js";
import { selectModule } from "./select-module.js";

const installed = [
  { id: "bit4id", vendor: "bit4id", product: "bit4id", path: "/usr/lib/libbit4xpki.so" },
  { id: "opensc", vendor: "OpenSC", product: "OpenSC", path: "/usr/lib/opensc-pkcs11.so" },
];

describe("selectModule", () => {
  const hasToken = async (path: string) => path === "/usr/lib/opensc-pkcs11.so";

  it("prefers --module, then CNS_BRIDGE_MODULE, then the config file, then detection", async () => {
    const all = { flag: "/a.so", env: "/b.so", config: "/c.so", installed, hasToken };
    expect(await selectModule(all)).toEqual({ path: "/a.so", source: "flag" });
    expect(await selectModule({ ...all, flag: undefined })).toEqual({ path: "/b.so", source: "env" });
    expect(await selectModule({ ...all, flag: undefined, env: "" })).toEqual({
      path: "/c.so",
      source: "config",
    });
    expect(await selectModule({ installed, hasToken })).toEqual({
      path: "/usr/lib/opensc-pkcs11.so",
      source: "auto",
    });
  });

  it("falls back to the first module present when none shows a token", async () => {
    expect(await selectModule({ installed, hasToken: async () => false })).toEqual({
      path: "/usr/lib/libbit4xpki.so",
      source: "auto",
    });
  });

  it("says MODULE_NOT_DETECTED when no known module is installed", async () => {
    const attempt = selectModule({ installed: [], hasToken });
    await expect(attempt).rejects.toSatisfy((error) => isCnsBridgeError(error, "MODULE_NOT_DETECTED"));
  });
});

describe("known modules", () => {
  it("has the CNS middleware for Linux, Windows and macOS", () => {
    const files = KNOWN_MODULES.flatMap((module) => Object.values(module.paths).flat());
    for (const name of [
      "libbit4xpki.so",
      "bit4xpki.dll",
      "libbit4xpki.dylib",
      "libASEP11.so",
      "asepkcs.dll",
    ]) {
      expect(
        files.some((file) => file?.endsWith(name)),
        name,
      ).toBe(true);
    }
    for (const name of ["libOcsCryptoki.so", "opensc-pkcs11.so", "libsofthsm2.so"]) {
      expect(
        files.some((file) => file?.endsWith(name)),
        name,
      ).toBe(true);
    }
    expect(new Set(KNOWN_MODULES.map((module) => module.id)).size).toBe(KNOWN_MODULES.length);
  });

  it("lists the modules present, in table order, one entry per real file", () => {
    const present = new Set([
      "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
      "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
      "/usr/lib/libbit4xpki.so",
    ]);
    const found = findInstalledModules(
      "linux",
      (path) => present.has(path),
      KNOWN_MODULES,
      (path) => (path.endsWith("opensc-pkcs11.so") ? "/real/opensc-pkcs11.so" : path),
    );
    expect(found.map((module) => module.id)).toEqual(["bit4id", "opensc"]);
    expect(findInstalledModules("win32", () => false)).toEqual([]);
  });
});
