import { CnsBridgeError } from "@cns-bridge/shared";
import { logFilePath } from "../../logging/log-file.js";
import { createDoctorContext } from "../../doctor/create-doctor-context.js";
import { doctorExitCode, renderHumanReport } from "../../doctor/render-human.js";
import { runDoctor } from "../../doctor/run-doctor.js";
import { writeBundle } from "../../doctor/write-bundle.js";
import { booleanOption, type CliCommand, stringListOption, stringOption } from "../command.js";

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port < 1 || port > 65535) {
    throw new CnsBridgeError("BAD_USAGE", { detail: `--port ${value}: expected 1-65535` });
  }
  return port;
}

/** `cns-agent doctor`: finds why the browser does not see the card, and says the fix. */
export const doctorCommand: CliCommand = {
  name: "doctor",
  summary: {
    it: "Diagnostica: sistema, lettore, carta, middleware, CNS e browser, con il rimedio per ogni problema.",
    en: "Diagnostics: system, reader, card, middleware, CNS and browsers, with the fix for each problem.",
  },
  usage:
    "[--json] [--redact | --no-redact] [--bundle FILE] [--log FILE] [--ca FILE]... [--port N] [--self-test --pin-stdin]",
  options: {
    redact: { type: "boolean" },
    "no-redact": { type: "boolean" },
    bundle: { type: "string" },
    log: { type: "string" },
    port: { type: "string" },
    "self-test": { type: "boolean" },
    ca: { type: "string", multiple: true },
  },
  async run(context) {
    if (booleanOption(context.options, "redact") && booleanOption(context.options, "no-redact")) {
      throw new CnsBridgeError("BAD_USAGE", { detail: "--redact and --no-redact exclude each other" });
    }
    const redact = !booleanOption(context.options, "no-redact");
    const selfTest = booleanOption(context.options, "self-test");
    if (selfTest && !context.global.pinStdin) throw new CnsBridgeError("SELF_TEST_NEEDS_PIN");
    const port = parsePort(stringOption(context.options, "port"));
    const doctor = await createDoctorContext({
      env: context.io.env,
      language: context.global.lang,
      moduleFlag: context.global.module,
      tokenSelector: context.global.token,
      caFiles: stringListOption(context.options, "ca"),
      port,
      selfTestPin: selfTest ? await context.readPin() : null,
    });
    const report = await runDoctor(doctor, { redact });
    const bundle = stringOption(context.options, "bundle");
    if (bundle !== undefined) {
      try {
        await writeBundle(bundle, {
          report,
          personalData: doctor.personalData,
          home: doctor.home,
          // The log `cns-agent serve` writes, unless another file is named.
          logFile: stringOption(context.options, "log") ?? logFilePath(context.io.env),
          runTool: doctor.runTool,
        });
      } catch (error) {
        throw new CnsBridgeError(
          "BUNDLE_WRITE_FAILED",
          { path: bundle, detail: (error as NodeJS.ErrnoException).code ?? String(error) },
          { cause: error },
        );
      }
    }
    if (context.global.json) context.printJson(report);
    else context.io.stdout(renderHumanReport(report, context.global.lang));
    return doctorExitCode(report);
  },
};
