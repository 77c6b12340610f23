import { type DoctorCheck, finding } from "../check.js";

const base = {
  id: "system.port",
  area: "system",
  title: { it: "Porta dell'agente", en: "Agent port" },
} as const;

/**
 * Who answers on the agent's loopback port: the agent (which version), nobody (the agent is not
 * running, so the extension cannot work), or another program that took the port.
 */
export const systemPortCheck: DoctorCheck = {
  ...base,
  async run(context) {
    const port = context.agentPort;
    if (context.insideAgent !== null) {
      context.facts.agent = { kind: "agent", version: "self", protocol: 0, extensionConnections: null };
      return finding(
        base,
        "ok",
        {
          it: "L'agente è in ascolto e ha risposto a questa richiesta.",
          en: "The agent is listening and answered this request.",
        },
        { answeredBy: "cns-bridge-agent (this process)" },
      );
    }
    const probe = await context.probeAgent(port);
    context.facts.agent = probe;
    switch (probe.kind) {
      case "agent":
        return finding(
          base,
          "ok",
          {
            it: `L'agente ${probe.version} risponde sulla porta ${port}.`,
            en: `Agent ${probe.version} answers on port ${port}.`,
          },
          { port, answeredBy: "cns-bridge-agent", version: probe.version, protocol: probe.protocol },
        );
      case "free":
        return finding(
          base,
          "warn",
          {
            it: `Nessun agente in ascolto sulla porta ${port}: l'estensione non può usare la carta.`,
            en: `No agent listening on port ${port}: the extension cannot use the card.`,
          },
          { port, answeredBy: null },
          {
            it: "Avvia (o riavvia) l'agente cns-bridge installato sul computer.",
            en: "Start (or restart) the cns-bridge agent installed on this computer.",
          },
        );
      case "other":
        return finding(
          base,
          "fail",
          {
            it: `Un altro programma occupa la porta ${port} (${probe.detail}).`,
            en: `Another program holds port ${port} (${probe.detail}).`,
          },
          { port, answeredBy: probe.detail },
          {
            it: `Chiudi il programma che usa la porta ${port} (Linux: ss -ltnp 'sport = :${port}'; Windows: netstat -ano | findstr ${port}) oppure imposta un'altra porta nella configurazione.`,
            en: `Close the program using port ${port} (Linux: ss -ltnp 'sport = :${port}'; Windows: netstat -ano | findstr ${port}) or set another port in the configuration.`,
          },
        );
    }
  },
};
