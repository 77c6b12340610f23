import { CnsBridgeError } from "@cns-bridge/shared";
import { writeAll, writeAtomically } from "./atomic-output.js";
import { openSignedFile } from "./open-signed-file.js";
import { digestRanges } from "./stream-digests.js";

/**
 * Writes the document inside an attached `.p7m` to `output`, streaming (DER or chunked BER
 * content alike). It does not verify: `cns-agent verify` does. Returns the document's SHA-256.
 */
export async function extractContent(
  input: string,
  output: string,
): Promise<{ sha256: Uint8Array; size: number }> {
  const signature = await openSignedFile(input);
  try {
    const content = signature.parsed.content;
    if (content === null) throw new CnsBridgeError("CMS_CONTENT_MISSING");
    let sha256: Uint8Array | undefined;
    await writeAtomically(output, async (handle) => {
      const digests = await digestRanges(signature.source, content.ranges(), ["SHA-256"], (chunk) =>
        writeAll(handle, chunk),
      );
      sha256 = digests.get("SHA-256");
    });
    if (sha256 === undefined) throw new CnsBridgeError("INTERNAL");
    return { sha256, size: content.length };
  } finally {
    await signature.close();
  }
}
