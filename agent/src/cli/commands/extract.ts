import { bytesToHex, CnsBridgeError } from "@cns-bridge/shared";
import { extractContent } from "../../signing/index.js";
import { type CliCommand, stringOption } from "../command.js";
import { EXIT } from "../exit-codes.js";

/** `cns-agent extract --in x.p7m --out doc.pdf`: the document inside a `.p7m`, streamed. */
export const extractCommand: CliCommand = {
  name: "extract",
  summary: {
    it: "Estrae il documento contenuto in un file .p7m (non verifica la firma: usa verify).",
    en: "Extract the document inside a .p7m file (does not verify the signature: use verify).",
  },
  usage: "--in FILE.p7m --out FILE [--json]",
  options: {
    in: { type: "string" },
    out: { type: "string" },
  },
  async run(context) {
    const input = stringOption(context.options, "in");
    const output = stringOption(context.options, "out");
    if (input === undefined || output === undefined) {
      throw new CnsBridgeError("BAD_USAGE", { detail: "--in FILE.p7m and --out FILE are required" });
    }
    const { sha256, size } = await extractContent(input, output);
    if (context.global.json) context.printJson({ out: output, size, sha256: bytesToHex(sha256) });
    else context.printLine(output);
    return EXIT.ok;
  },
};
