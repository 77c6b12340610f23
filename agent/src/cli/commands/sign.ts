import { basename } from "node:path";
import { CnsBridgeError, DIGEST_ALGORITHMS, type DigestAlgorithm } from "@cns-bridge/shared";
import {
  type CadesSignMode,
  planOutputs,
  signBatch,
  type SignBatchOptions,
  type SignFormat,
} from "../../signing/index.js";
import { progressBar } from "../../signing/progress-bar.js";
import { createTokenSigner } from "../../tokens/token-signer.js";
import { findTokenSlot } from "../../tokens/token-directory.js";
import { TokenSession } from "../../tokens/token-session.js";
import { booleanOption, type CliCommand, stringListOption, stringOption } from "../command.js";
import { EXIT, exitCodeFor } from "../exit-codes.js";

/**
 * `cns-agent sign --format cades|pades [--detached] --in FILE... (--out FILE | --out-dir DIR)`:
 * one login, then every file signed with the token's signature certificate (the authentication
 * one only with `--cert authentication`), a progress line per file on stderr.
 */
export const signCommand: CliCommand = {
  name: "sign",
  summary: {
    it: "Firma uno o più file (CAdES .p7m o PAdES) con la carta, con un solo inserimento del PIN.",
    en: "Sign one or more files (CAdES .p7m or PAdES) with the card, entering the PIN once.",
  },
  usage:
    "--format cades|pades [--detached] --in FILE [FILE...] (--out FILE | --out-dir DIR) [--add-signature | --countersign N] [--content FILE] [--digest SHA-256|SHA-384|SHA-512] [--cert signature|authentication] [--visible PAGE[:X,Y,W,H]] [--reason TEXT] [--location TEXT] [--token LABEL] --pin-stdin [--json]",
  allowPositionals: true,
  options: {
    format: { type: "string" },
    detached: { type: "boolean" },
    in: { type: "string", multiple: true },
    out: { type: "string" },
    "out-dir": { type: "string" },
    "add-signature": { type: "boolean" },
    countersign: { type: "string" },
    content: { type: "string" },
    digest: { type: "string" },
    cert: { type: "string" },
    visible: { type: "string" },
    reason: { type: "string" },
    location: { type: "string" },
  },
  async run(context) {
    const { options } = context;
    const format = stringOption(options, "format");
    if (format !== "cades" && format !== "pades") {
      throw new CnsBridgeError("BAD_USAGE", { detail: "--format must be cades or pades" });
    }
    // `--in a.pdf b.pdf`: parseArgs gives the first to --in and the rest as positionals.
    const inputs = [...stringListOption(options, "in"), ...context.positionals];
    if (inputs.length === 0) throw new CnsBridgeError("BAD_USAGE", { detail: "--in FILE is required" });
    const digestAlgorithm = parseDigest(stringOption(options, "digest"));
    const usage = stringOption(options, "cert") ?? "signature";
    if (usage !== "signature" && usage !== "authentication") {
      throw new CnsBridgeError("BAD_USAGE", { detail: "--cert must be signature or authentication" });
    }
    const cadesMode = parseCadesMode(format, options);
    const content = stringOption(options, "content");
    const batchOptions: SignBatchOptions = {
      format,
      cadesMode,
      digestAlgorithm,
      ...(content === undefined ? {} : { content }),
      ...parsePadesOptions(format, options),
    };
    const out = stringOption(options, "out");
    const outDir = stringOption(options, "out-dir");
    const jobs = planOutputs(
      inputs,
      { ...(out === undefined ? {} : { out }), ...(outDir === undefined ? {} : { outDir }) },
      batchOptions,
    );

    // The CLI's io has no TTY flag; the real process io is the one that carries process.env.
    const tty = context.io.env === process.env && process.stderr.isTTY && !context.global.json;
    let lastDrawn = -1;
    const onFileProgress = (index: number, fraction: number): void => {
      const percent = Math.floor(fraction * 100);
      if (!tty || percent === lastDrawn) return;
      lastDrawn = percent;
      context.io.stderr(progressBar(index, jobs.length, basename(jobs[index]?.input ?? ""), fraction));
    };
    const pin = await context.readPin();
    const { module } = await context.openModule();
    const slot = await findTokenSlot(module, context.global.token);
    const session = await TokenSession.open(module, slot);
    try {
      await session.login(pin);
      const signer = await createTokenSigner(session, usage);
      const outcomes = await signBatch(
        signer,
        jobs,
        { ...batchOptions, onFileProgress },
        (done, total, outcome) => {
          if (tty) context.io.stderr("\r\u001b[K");
          lastDrawn = -1;
          const status = outcome.ok ? "ok" : `${outcome.error?.messageIn(context.global.lang) ?? ""}`;
          context.io.stderr(`[${done}/${total}] ${outcome.in} -> ${outcome.out}: ${status}\n`);
          for (const warning of outcome.warnings) {
            context.io.stderr(`  ! ${warning.messageIn(context.global.lang)}\n`);
          }
        },
      );
      if (context.global.json) {
        context.printJson({
          results: outcomes.map((outcome) => ({
            in: outcome.in,
            out: outcome.out,
            sha256: outcome.sha256,
            ok: outcome.ok,
            ...(outcome.warnings.length === 0
              ? {}
              : {
                  warnings: outcome.warnings.map((warning) => ({
                    code: warning.code,
                    message: warning.messageIn(context.global.lang),
                  })),
                }),
            ...(outcome.error === undefined
              ? {}
              : {
                  error: { code: outcome.error.code, message: outcome.error.messageIn(context.global.lang) },
                }),
          })),
        });
      } else {
        for (const outcome of outcomes.filter((item) => item.ok)) context.printLine(outcome.out);
      }
      const failed = outcomes.find((outcome) => !outcome.ok);
      return failed === undefined ? EXIT.ok : exitCodeFor(failed.error);
    } finally {
      await session.close();
    }
  },
};

/** A visible box this size (points) at the bottom left of the page unless `--visible PAGE:X,Y,W,H`. */
const DEFAULT_APPEARANCE_RECT = [36, 36, 240, 60] as const;

function parsePadesOptions(
  format: SignFormat,
  options: Parameters<typeof stringOption>[0],
): Pick<SignBatchOptions, "pades"> {
  const visible = stringOption(options, "visible");
  const reason = stringOption(options, "reason");
  const location = stringOption(options, "location");
  if (visible === undefined && reason === undefined && location === undefined) return {};
  if (format !== "pades") {
    throw new CnsBridgeError("BAD_USAGE", {
      detail: "--visible, --reason and --location are for --format pades",
    });
  }
  let appearance: { page: number; rect: readonly [number, number, number, number] } | undefined;
  if (visible !== undefined) {
    const match = /^(\d+)(?::(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?))?$/.exec(
      visible,
    );
    if (match === null || Number(match[1]) < 1) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail: "--visible PAGE[:X,Y,W,H], PAGE from 1, sizes in points",
      });
    }
    const rect =
      match[2] === undefined
        ? DEFAULT_APPEARANCE_RECT
        : ([Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5])] as const);
    appearance = { page: Number(match[1]), rect };
  }
  return {
    pades: {
      ...(appearance === undefined ? {} : { appearance }),
      ...(reason === undefined ? {} : { reason }),
      ...(location === undefined ? {} : { location }),
    },
  };
}

function parseDigest(value: string | undefined): DigestAlgorithm {
  if (value === undefined) return "SHA-256";
  const found = DIGEST_ALGORITHMS.find((algorithm) => algorithm === value.toUpperCase());
  if (found === undefined)
    throw new CnsBridgeError("BAD_USAGE", { detail: "--digest must be SHA-256, SHA-384 or SHA-512" });
  return found;
}

function parseCadesMode(format: SignFormat, options: Parameters<typeof stringOption>[0]): CadesSignMode {
  const detached = booleanOption(options, "detached");
  const parallel = booleanOption(options, "add-signature");
  const countersign = stringOption(options, "countersign");
  if (format === "pades") {
    if (detached || parallel || countersign !== undefined) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail:
          "--detached, --add-signature and --countersign are for CAdES; a signed PDF gets a new revision by itself",
      });
    }
    return { kind: "new", detached: false };
  }
  if ([detached, parallel, countersign !== undefined].filter(Boolean).length > 1) {
    throw new CnsBridgeError("BAD_USAGE", {
      detail: "choose one of --detached, --add-signature, --countersign",
    });
  }
  if (parallel) return { kind: "parallel" };
  if (countersign !== undefined) {
    const index = Number(countersign);
    if (!Number.isInteger(index) || index < 1) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail: "--countersign N: N is the signature's number, from 1",
      });
    }
    return { kind: "countersign", signerIndex: index - 1 };
  }
  return { kind: "new", detached };
}
