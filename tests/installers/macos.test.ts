import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const macos = join(import.meta.dirname, "..", "..", "installers", "macos");

describe("macOS payload", () => {
  it("LaunchAgent plist parses (Python plistlib) and runs `cns-agent serve` at load", () => {
    const json = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        "import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))",
        join(macos, "dev.cns-bridge.agent.plist"),
      ],
      { encoding: "utf8" },
    );
    const plist = JSON.parse(json) as { Label: string; ProgramArguments: string[]; RunAtLoad: boolean };
    expect(plist.Label).toBe("dev.cns-bridge.agent");
    expect(plist.ProgramArguments.at(-1)).toBe("serve");
    expect(plist.RunAtLoad).toBe(true);
  });

  it("postinstall is executable and parses as POSIX sh", () => {
    const script = join(macos, "scripts", "postinstall");
    expect(statSync(script).mode & 0o111).not.toBe(0);
    execFileSync("sh", ["-n", script]);
  });
});
