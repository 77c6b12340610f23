// Cross-compiles pkcs11js's native module for Windows x64 with MinGW-w64 (Debian package
// g++-mingw-w64-x86-64-posix). pkcs11js uses only Node-API, whose functions node.exe exports:
// the import library is made with dlltool from a .def listing every napi_*/node_api_* function
// the Node-API headers declare (the headers are platform-independent C; the running Node's own
// are used). libstdc++/libgcc are linked statically: the DLL needs only node.exe, KERNEL32 and msvcrt.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const CXX = "x86_64-w64-mingw32-g++-posix";
const DLLTOOL = "x86_64-w64-mingw32-dlltool";

/** Where the running Node keeps node_api.h (official tarballs and Debian/NodeSource packages alike). */
export function nodeApiIncludeDir() {
  return join(dirname(dirname(process.execPath)), "include", "node");
}

export function canCrossCompile() {
  const found = (tool) =>
    execFileSync("sh", ["-c", `command -v ${tool} || true`], { encoding: "utf8" }).trim() !== "";
  return found(CXX) && found(DLLTOOL) && existsSync(join(nodeApiIncludeDir(), "node_api.h"));
}

/** The Node-API function names the headers declare (NAPI_EXTERN ... name(...)). */
export function nodeApiFunctions(includeDir = nodeApiIncludeDir()) {
  const names = new Set();
  for (const header of ["js_native_api.h", "node_api.h"]) {
    const text = readFileSync(join(includeDir, header), "utf8");
    for (const match of text.matchAll(/NAPI_EXTERN[^;(]*?\b((?:napi|node_api)_\w+)\s*\(/g))
      names.add(match[1]);
  }
  return [...names].sort();
}

/**
 * @param {string} pkcs11js the pkcs11js package directory (its src/ and includes/)
 * @returns {Buffer} the Windows x64 pkcs11.node
 */
export function crossCompilePkcs11js(pkcs11js) {
  const work = mkdtempSync(join(tmpdir(), "cns-pkcs11js-win-"));
  try {
    const include = nodeApiIncludeDir();
    writeFileSync(
      join(work, "node.def"),
      `LIBRARY node.exe\nEXPORTS\n${nodeApiFunctions(include).join("\n")}\n`,
    );
    execFileSync(DLLTOOL, ["-d", join(work, "node.def"), "-l", join(work, "libnode.a"), "-D", "node.exe"]);
    const binding = readFileSync(join(pkcs11js, "binding.gyp"), "utf8");
    const sources = [...binding.matchAll(/"(src\/[\w.-]+\.cpp)"/g)].map((match) => join(pkcs11js, match[1]));
    if (sources.length === 0) throw new Error(`no sources found in ${pkcs11js}/binding.gyp`);
    const output = join(work, "pkcs11.node");
    execFileSync(
      CXX,
      [
        "-std=c++17",
        "-O2",
        "-shared",
        "-w",
        "-DNAPI_DISABLE_CPP_EXCEPTIONS",
        "-DBUILDING_NODE_EXTENSION",
        `-I${join(pkcs11js, "includes")}`,
        `-I${include}`,
        ...sources,
        "-o",
        output,
        `-L${work}`,
        "-lnode",
        "-static",
        "-static-libgcc",
        "-static-libstdc++",
        "-s",
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    return readFileSync(output);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
