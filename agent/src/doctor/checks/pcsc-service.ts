import { connect } from "node:net";
import { type DoctorCheck, finding } from "../check.js";
import type { DoctorContext } from "../doctor-context.js";

const base = {
  id: "pcsc.service",
  area: "pcsc",
  title: { it: "Servizio smart card (PC/SC)", en: "Smart card service (PC/SC)" },
} as const;

/** pcsc-lite's socket; `PCSCLITE_CSOCK_NAME` moves it (libpcsclite reads the same variable). */
export function pcscSocketPath(env: NodeJS.ProcessEnv): string {
  return env.PCSCLITE_CSOCK_NAME ?? "/run/pcscd/pcscd.comm";
}

type SocketState = "reachable" | "missing" | "refused" | "denied" | "error";

function probeSocket(path: string): Promise<{ state: SocketState; detail: string }> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ state: "error", detail: "timeout" });
    }, 2000);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ state: "reachable", detail: "connected" });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = error.code ?? "error";
      const state: SocketState =
        code === "ENOENT"
          ? "missing"
          : code === "ECONNREFUSED"
            ? "refused"
            : code === "EACCES"
              ? "denied"
              : "error";
      resolve({ state, detail: code });
    });
  });
}

async function linuxService(context: DoctorContext) {
  const path = pcscSocketPath(context.env);
  const { state, detail } = await probeSocket(path);
  context.facts.pcscReachable = state === "reachable";
  const evidence = { socket: path, state: detail };
  if (state === "reachable") {
    return finding(base, "ok", { it: "pcscd raggiungibile.", en: "pcscd reachable." }, evidence);
  }
  const remedy = {
    it: "Installa e avvia pcscd: sudo apt install pcscd && sudo systemctl enable --now pcscd.socket",
    en: "Install and start pcscd: sudo apt install pcscd && sudo systemctl enable --now pcscd.socket",
  };
  if (state === "denied") {
    return finding(
      base,
      "fail",
      { it: "pcscd rifiuta l'accesso a questo utente.", en: "pcscd refuses access to this user." },
      evidence,
      {
        it: "Controlla le regole polkit di pcscd (org.debian.pcsc-lite.access_pcsc) per il tuo utente.",
        en: "Check pcscd's polkit rules (org.debian.pcsc-lite.access_pcsc) for your user.",
      },
    );
  }
  return finding(
    base,
    "fail",
    state === "missing"
      ? { it: "pcscd non è in esecuzione (socket assente).", en: "pcscd is not running (no socket)." }
      : { it: `pcscd non risponde (${detail}).`, en: `pcscd does not answer (${detail}).` },
    evidence,
    remedy,
  );
}

/**
 * `sc query SCardSvr` on Windows: "STATE : 4 RUNNING". The field name is translated on some
 * Windows languages, the state names are not, so the state is found by its number and name.
 */
export function parseScQueryState(output: string): string | null {
  const match =
    /:\s*[1-7]\s+(RUNNING|STOPPED|START_PENDING|STOP_PENDING|CONTINUE_PENDING|PAUSE_PENDING|PAUSED)\b/.exec(
      output,
    );
  return match?.[1] ?? null;
}

async function windowsService(context: DoctorContext) {
  const result = await context.runTool("sc", ["query", "SCardSvr"]);
  const state = parseScQueryState(result.stdout);
  context.facts.pcscReachable = state === "RUNNING";
  if (state === "RUNNING") {
    return finding(
      base,
      "ok",
      { it: "Servizio Smart Card attivo.", en: "Smart Card service running." },
      { service: "SCardSvr", state },
    );
  }
  return finding(
    base,
    "fail",
    {
      it: `Servizio Smart Card non attivo (${state ?? "sconosciuto"}).`,
      en: `Smart Card service not running (${state ?? "unknown"}).`,
    },
    { service: "SCardSvr", state },
    {
      it: 'Avvia il servizio "Smart card" (services.msc, avvio automatico) e reinserisci il lettore.',
      en: 'Start the "Smart Card" service (services.msc, automatic start) and plug the reader in again.',
    },
  );
}

export const pcscServiceCheck: DoctorCheck = {
  ...base,
  async run(context) {
    if (context.platform === "win32") return windowsService(context);
    if (context.platform === "darwin") {
      return finding(
        base,
        "skip",
        {
          it: "Su macOS il servizio smart card è parte del sistema.",
          en: "On macOS the smart card service is part of the system.",
        },
        { platform: "darwin" },
      );
    }
    return linuxService(context);
  },
};
