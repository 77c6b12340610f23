import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * `openssl cms -verify` of a DER `.p7m`, the independent validator: resolves with the content
 * openssl extracted (as text) when it says "Verification successful", rejects otherwise.
 */
export async function opensslVerifyP7m(p7m: string, caFile: string, contentOut?: string): Promise<string> {
  const { stdout, stderr } = await run(
    "openssl",
    [
      "cms",
      "-verify",
      "-inform",
      "DER",
      "-in",
      p7m,
      "-CAfile",
      caFile,
      "-purpose",
      "any",
      ...(contentOut === undefined ? [] : ["-out", contentOut]),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  if (!stderr.includes("Verification successful"))
    throw new Error(`openssl did not verify ${p7m}: ${stderr}`);
  return stdout;
}
