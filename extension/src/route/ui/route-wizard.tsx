import type { RequestView } from "@cns-bridge/shared";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { AgentStatus } from "../../agent/agent-status.js";
import { t } from "../../i18n/t.js";
import { type CodedMessage, codedMessage } from "../../ui/coded-error.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import type { PortalError, PortalHolder } from "../portal-client.js";
import { stepFor, type WizardStep } from "../wizard.js";
import { AuthenticateStep } from "./authenticate-step.js";
import { ConfirmCfStep } from "./confirm-cf-step.js";
import { InsertCnsStep } from "./insert-cns-step.js";
import type { RouteDeps, StepProps } from "./route-deps.js";
import type * as RequestSteps from "./request-steps.js";
import type { RequestStepName } from "./request-steps.js";
import { resumeRoute, type RouteSession, SIGNED_OUT } from "./route-resume.js";
import { guardSession } from "./session-guard.js";
import { StepFrame } from "./step-frame.js";
import type { EditableStep } from "./steps.js";

const tokenPresent = (status: AgentStatus) => status.kind === "token-present" || status.kind === "logged-in";

/**
 * "Richiedi nuovo dispositivo": the route over the portal's API. The step shown is derived from
 * the portal's state (plus the CNS and the session), so closing the browser or restarting the
 * agent loses nothing; `editing` only lets the holder go back to a data step before signing.
 */
export function RouteWizard({ deps: given, status }: { deps: RouteDeps; status: AgentStatus }) {
  const [session, setSession] = useState<RouteSession | null>(null);
  const [loadError, setLoadError] = useState<CodedMessage | null>(null);
  const [sessionLost, setSessionLost] = useState<CodedMessage | null>(null);
  const [editing, setEditing] = useState<EditableStep | null>(null);
  const [attempt, setAttempt] = useState(0);
  const deps = useMemo<RouteDeps>(
    () => ({
      ...given,
      client: guardSession(given.client, (error: PortalError) => {
        setSessionLost(codedMessage(error));
        setEditing(null);
        setSession((was) => (was === null ? was : SIGNED_OUT));
      }),
    }),
    [given],
  );

  useEffect(() => {
    let cancelled = false;
    setLoadError(null);
    void deps.lastRequest
      .get()
      // The unguarded client: no session yet on a first visit is not a session lost.
      .then((last) => resumeRoute(given.client, last))
      .then(
        (resumed) => !cancelled && setSession(resumed),
        (error: unknown) => !cancelled && setLoadError(codedMessage(error)),
      );
    return () => {
      cancelled = true;
    };
  }, [deps, attempt]);

  const loading = session === null || status.kind === "connecting";
  const view = session?.view ?? null;
  const routeState = loading ? "caricamento" : (view?.state ?? "nessuna");

  const setView = (next: RequestView) => {
    setSession((was) => ({ ...(was ?? SIGNED_OUT), view: next, cfConfirmed: true }));
    setEditing(null);
    void deps.lastRequest.set(next.id);
  };
  const loggedIn = (holder: PortalHolder) => {
    setSessionLost(null);
    setSession({ holder, view: null, cfConfirmed: false });
  };
  const logout = () => {
    // Unguarded: a session already gone is what the holder asked for, not a session lost.
    void given.client.logout().catch(() => undefined);
    setSessionLost(null);
    setSession(SIGNED_OUT);
  };
  const newRequest = () => {
    void deps.lastRequest.set(null);
    setSession((was) => ({ ...(was ?? SIGNED_OUT), view: null, cfConfirmed: false }));
  };

  let body = null;
  let step: WizardStep | null = null;
  if (loadError !== null && session === null) {
    body = (
      <>
        <ErrorNotice error={loadError} />
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t("retry")}
        </button>
      </>
    );
  } else if (loading) {
    body = <p aria-busy="true">{t("routeLoading")}</p>;
  } else {
    step =
      editing ??
      stepFor(
        {
          tokenPresent: tokenPresent(status),
          loggedIn: session.holder !== null,
          cfConfirmed: session.cfConfirmed,
        },
        view,
      );
    body = renderStep(step, {
      deps,
      sessionLost,
      status,
      session,
      setView,
      loggedIn,
      logout,
      newRequest,
      edit: setEditing,
    });
  }

  return (
    <main class="route" data-route-state={routeState}>
      <h1>{t("routeTitle")}</h1>
      <p>{t("routeIntro")}</p>
      <p class="muted">
        {t("routePortal", deps.client.origin)}
        {session !== null && session.holder !== null && step !== "confirm-cf" && (
          <>
            {" "}
            <button type="button" class="link" onClick={logout}>
              {t("routeLogout")}
            </button>
          </>
        )}
      </p>
      {step === null ? (
        body
      ) : (
        <StepFrame step={step}>
          {editing !== null && (
            <p>
              <button type="button" class="link" onClick={() => setEditing(null)}>
                {t("routeCancelEdit")}
              </button>
            </p>
          )}
          {body}
        </StepFrame>
      )}
    </main>
  );
}

interface StepContext {
  readonly deps: RouteDeps;
  readonly status: AgentStatus;
  readonly sessionLost: CodedMessage | null;
  readonly session: RouteSession;
  readonly setView: (view: RequestView) => void;
  readonly loggedIn: (holder: PortalHolder) => void;
  readonly logout: () => void;
  readonly newRequest: () => void;
  readonly edit: (step: EditableStep) => void;
}

function renderStep(step: WizardStep, c: StepContext) {
  const { holder, view } = c.session;
  if (step === "insert-cns") return <InsertCnsStep status={c.status} onRetry={c.deps.reconnect} />;
  if (step === "authenticate" || holder === null) {
    return <AuthenticateStep deps={c.deps} onLoggedIn={c.loggedIn} notice={c.sessionLost} />;
  }
  if (step === "confirm-cf" || view === null) {
    return <ConfirmCfStep deps={c.deps} holder={holder} onConfirmed={c.setView} onLogout={c.logout} />;
  }
  const props: StepProps = { deps: c.deps, view, onView: c.setView };
  return <LazyRequestStep step={step} props={props} onEdit={c.edit} onNewRequest={c.newRequest} />;
}

/**
 * The steps on a request (requester to status) load on demand: a holder who is not logged in yet
 * downloads only the wizard's first steps, which keeps the page's start light. The module is
 * fetched once from the packaged extension, then kept.
 */
let requestSteps: Promise<typeof RequestSteps> | null = null;

function LazyRequestStep({
  step,
  props,
  onEdit,
  onNewRequest,
}: {
  step: RequestStepName;
  props: StepProps;
  onEdit: (step: EditableStep) => void;
  onNewRequest: () => void;
}) {
  const [module, setModule] = useState<typeof RequestSteps | null>(null);
  const [failed, setFailed] = useState<CodedMessage | null>(null);
  useEffect(() => {
    requestSteps ??= import("./request-steps.js");
    let cancelled = false;
    requestSteps.then(
      (loaded) => !cancelled && setModule(loaded),
      (error: unknown) => {
        requestSteps = null;
        if (!cancelled) setFailed(codedMessage(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  if (failed !== null) return <ErrorNotice error={failed} />;
  if (module === null)
    return (
      <p aria-busy="true" data-testid="route-step-loading">
        {t("routeLoading")}
      </p>
    );
  return <module.RequestStep step={step} props={props} onEdit={onEdit} onNewRequest={onNewRequest} />;
}
