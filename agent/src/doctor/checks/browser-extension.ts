import { type DoctorCheck, finding } from "../check.js";

const base = {
  id: "browsers.extension",
  area: "browsers",
  title: { it: "Estensione collegata all'agente", en: "Extension connected to the agent" },
} as const;

/**
 * Seen from the agent: inside the running agent the extension that asked is connected by
 * definition; from the command line only whether an agent is there to connect to is known.
 */
export const browserExtensionCheck: DoctorCheck = {
  ...base,
  async run(context) {
    if (context.insideAgent !== null) {
      return finding(
        base,
        "ok",
        { it: "L'estensione è collegata all'agente.", en: "The extension is connected to the agent." },
        { origin: context.insideAgent.origin },
      );
    }
    const agent = context.facts.agent;
    if (agent?.kind === "agent" && agent.extensionConnections !== null) {
      return agent.extensionConnections > 0
        ? finding(
            base,
            "ok",
            {
              it: "L'estensione è collegata all'agente.",
              en: "The extension is connected to the agent.",
            },
            { extensionConnections: agent.extensionConnections },
          )
        : finding(
            base,
            "warn",
            {
              it: "L'agente è attivo ma nessuna estensione è collegata.",
              en: "The agent is running but no extension is connected.",
            },
            { extensionConnections: 0 },
            {
              it: "Installa o riattiva l'estensione cns-bridge nel browser (Chrome, Edge o Firefox), poi apri il suo popup: si collega da sola.",
              en: "Install or re-enable the cns-bridge extension in the browser (Chrome, Edge or Firefox), then open its popup: it connects by itself.",
            },
          );
    }
    if (agent?.kind === "agent") {
      return finding(
        base,
        "skip",
        {
          it: "Agente attivo: lo stato dell'estensione si vede dalla pagina \"Diagnostica\" dell'estensione.",
          en: "Agent running: the extension's state shows on the extension's \"Diagnostica\" page.",
        },
        { agentVersion: agent.version },
      );
    }
    return finding(
      base,
      "warn",
      {
        it: "Nessun agente attivo: l'estensione non può collegarsi.",
        en: "No agent running: the extension cannot connect.",
      },
      { agent: agent?.kind ?? null },
      {
        it: "Avvia l'agente cns-bridge, poi apri l'estensione: l'icona diventa attiva quando è collegata.",
        en: "Start the cns-bridge agent, then open the extension: its icon turns active once connected.",
      },
    );
  },
};
