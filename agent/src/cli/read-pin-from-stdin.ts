import { CnsBridgeError } from "@cns-bridge/shared";

/** A PIN line longer than this is not a PIN: stop reading rather than buffer a whole file. */
const MAX_LINE_BYTES = 256;

/**
 * `--pin-stdin`: the PIN is the first line of standard input (without its CR/LF). Reads no more
 * than needed. The PIN never appears in an error message.
 */
export async function readPinFromStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text.includes("\n") || text.length > MAX_LINE_BYTES) {
      break;
    }
  }
  const line = text.split("\n")[0]?.replace(/\r$/, "") ?? "";
  if (line.length > MAX_LINE_BYTES) {
    throw new CnsBridgeError("BAD_INPUT", {
      detail: "the first line of standard input is too long for a PIN",
    });
  }
  if (line === "") {
    throw new CnsBridgeError("BAD_INPUT", { detail: "no PIN on standard input (--pin-stdin)" });
  }
  return line;
}
