import type { AgentStatus } from "../../agent/agent-status.js";
import { requireToken } from "../../background/require-token.js";
import { t } from "../../i18n/t.js";
import { type CodedMessage, codedMessage } from "../../ui/coded-error.js";
import { ErrorNotice } from "../../ui/error-notice.js";

/** Why there is no CNS to use yet (agent not running, too old, no card), or null while connecting. */
function problemOf(status: AgentStatus): CodedMessage | null {
  if (status.kind === "connecting") return null;
  try {
    requireToken(status);
    return null;
  } catch (error) {
    return codedMessage(error);
  }
}

/** Step 1: waits for the CNS; the agent's status broadcasts move the wizard on by themselves. */
export function InsertCnsStep({ status, onRetry }: { status: AgentStatus; onRetry: () => void }) {
  const problem = problemOf(status);
  return (
    <>
      <p>{t("routeInsertHelp")}</p>
      {problem === null ? <p role="status">{t("routeWaitingToken")}</p> : <ErrorNotice error={problem} />}
      <div class="actions">
        <button type="button" onClick={onRetry}>
          {t("retry")}
        </button>
      </div>
    </>
  );
}
