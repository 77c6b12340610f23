import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CappedLogFile, logFilePath } from "./log-file.js";

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("logFilePath", () => {
  it("is in the per-OS user state/log dir unless CNS_BRIDGE_LOG says otherwise", () => {
    expect(logFilePath({}, "linux", "/home/u")).toBe("/home/u/.local/state/cns-bridge/agent.log");
    expect(logFilePath({ XDG_STATE_HOME: "/s" }, "linux", "/home/u")).toBe("/s/cns-bridge/agent.log");
    expect(logFilePath({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Logs/cns-bridge/agent.log");
    expect(logFilePath({ LOCALAPPDATA: "C:/L" }, "win32", "C:/u")).toBe(
      join("C:/L", "cns-bridge", "agent.log"),
    );
    expect(logFilePath({ CNS_BRIDGE_LOG: "/x/a.log" }, "linux", "/home/u")).toBe("/x/a.log");
  });
});

describe("CappedLogFile", () => {
  it("creates its directory and a private file, and appends to an existing log", () => {
    dir = mkdtempSync(join(tmpdir(), "cns-log-"));
    const path = join(dir, "state", "cns-bridge", "agent.log");
    const first = new CappedLogFile(path);
    first.write("one\n");
    first.close();
    const second = new CappedLogFile(path);
    second.write("two\n");
    second.close();
    expect(readFileSync(path, "utf8")).toBe("one\ntwo\n");
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("past its cap moves the log to .1 (replacing the older one): at most two files, no line split", () => {
    dir = mkdtempSync(join(tmpdir(), "cns-log-"));
    const path = join(dir, "agent.log");
    const log = new CappedLogFile(path, 10);
    for (const line of ["aaaa\n", "bbbb\n", "cccc\n", "dddd\n", "eeeeeeeeeeeeeeee\n"]) log.write(line);
    log.close();
    expect(readFileSync(`${path}.1`, "utf8")).toBe("cccc\ndddd\n");
    // A line longer than the cap still goes in whole, alone in its file.
    expect(readFileSync(path, "utf8")).toBe("eeeeeeeeeeeeeeee\n");
  });
});
