// The pkcs11js native module (build/Release/pkcs11.node) of a non-Linux installer. The staged tree
// holds the Linux build, which Windows and macOS cannot load; it is replaced by a build for the
// target or removed, never shipped to the wrong OS.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @typedef {"elf-x86-64" | "pe-x86-64" | "mach-o" | "unknown"} NativeFormat */

/**
 * The binary format of a native module, from its header: ELF (Linux), PE (Windows, checked to be
 * x86-64) or Mach-O (macOS, thin 64-bit or universal).
 * @param {Buffer} bytes
 * @returns {NativeFormat}
 */
export function nativeFormat(bytes) {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46 && bytes.readUInt16LE(18) === 0x3e) {
    return "elf-x86-64";
  }
  if (bytes.length >= 64 && bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (
      bytes.length >= pe + 6 &&
      bytes.toString("latin1", pe, pe + 4) === "PE\0\0" &&
      bytes.readUInt16LE(pe + 4) === 0x8664
    ) {
      return "pe-x86-64";
    }
  }
  if (bytes.length >= 4 && [0xfeedfacf, 0xcffaedfe, 0xcafebabe].includes(bytes.readUInt32BE(0))) {
    return "mach-o";
  }
  return "unknown";
}

export function pkcs11NodePath(lib) {
  return join(lib, "node_modules", "pkcs11js", "build", "Release", "pkcs11.node");
}

/**
 * Puts the native module for the target in the staged tree `lib`: the file named by `envVar`
 * (checked to be of `format`), else the one `fallback()` returns (a build made here), else none.
 * @param {string} lib
 * @param {{ envVar: string, format: NativeFormat, fallback?: () => Buffer | undefined }} target
 * @returns {"from-env" | "built-here" | "missing"}
 */
export function stageNativeModule(lib, target) {
  const path = pkcs11NodePath(lib);
  const given = process.env[target.envVar];
  let bytes;
  let source = "missing";
  if (given) {
    bytes = readFileSync(given);
    source = "from-env";
  } else {
    bytes = target.fallback?.();
    if (bytes !== undefined) source = "built-here";
  }
  if (bytes === undefined) {
    rmSync(path, { force: true });
    return "missing";
  }
  const format = nativeFormat(bytes);
  if (format !== target.format) {
    throw new Error(
      `${source === "from-env" ? `${target.envVar}=${given}` : "the native module built here"} is ${format}, not ${target.format}`,
    );
  }
  writeFileSync(path, bytes, { mode: 0o644 });
  return source;
}
