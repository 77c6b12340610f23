// Run by the installer after copying the files: prints the path of the first card middleware the
// agent's own discovery finds (`cns-agent modules --json`, SoftHSM2 left out, as a test token is
// not a card), for the Firefox SecurityDevices policy; prints nothing when there is none.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const agent = fileURLToPath(new URL("agent/bin/cns-agent", import.meta.url));
const output = execFileSync(process.execPath, [agent, "modules", "--json"], { encoding: "utf8" });
const card = JSON.parse(output).modules.find((module) => module.id !== "softhsm2");
if (card) process.stdout.write(card.path);
