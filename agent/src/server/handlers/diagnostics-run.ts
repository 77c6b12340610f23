import { createDoctorContext } from "../../doctor/create-doctor-context.js";
import { runDoctor } from "../../doctor/run-doctor.js";
import type { Handler } from "./handler.js";

/**
 * `diagnostics.run`: the same checks as `cns-agent doctor`, from inside the running agent, for the
 * extension's "Diagnostica" page. No PIN: the signing self-test is the CLI's only.
 */
export const diagnosticsRun: Handler<"diagnostics.run"> = async (request, context) => {
  const doctor = await createDoctorContext({ insideAgent: { origin: context.origin } });
  const report = await runDoctor(doctor, { redact: request.redact });
  context.logger.info({ overall: report.overall, summary: report.summary }, "diagnostics run");
  return { report };
};
