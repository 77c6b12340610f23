import { CnsBridgeError } from "@cns-bridge/shared";
import { pino } from "pino";
import { CappedLogFile, logFilePath } from "../../logging/log-file.js";
import { createAgentLogger } from "../../logging/logger.js";
import { startAgentServer } from "../../server/agent-server.js";
import { resolveServerSettings } from "../../server/server-config.js";
import { TokenService } from "../../service/token-service.js";
import { signDocumentFile, signDocumentInMemory } from "../../service/sign-document-file.js";
import { booleanOption, type CliCommand, stringListOption, stringOption } from "../command.js";
import { configFilePath, readConfigFile } from "../config-file.js";
import { EXIT } from "../exit-codes.js";
import { ensureConfigFile } from "../../first-run/ensure-config.js";

/** `cns-agent serve`: the agent as a service for the extension, until Ctrl-C or SIGTERM. */
export const serveCommand: CliCommand = {
  name: "serve",
  summary: {
    it: "Avvia l'agente per l'estensione del browser (solo su 127.0.0.1).",
    en: "Run the agent for the browser extension (127.0.0.1 only).",
  },
  usage: "[--port N] [--allow-origin ORIGIN]... [--debug-personal-data]",
  options: {
    port: { type: "string" },
    "allow-origin": { type: "string", multiple: true },
    "debug-personal-data": { type: "boolean" },
  },
  async run(context) {
    const configPath = configFilePath(context.io.env);
    const created = await ensureConfigFile(configPath);
    const it = context.global.lang === "it";
    context.printLine(
      it
        ? `Configurazione: ${configPath}${created ? " (creata ora con i valori predefiniti)" : ""}`
        : `Config: ${configPath}${created ? " (created now with the defaults)" : ""}`,
    );
    const settings = resolveServerSettings(
      {
        port: stringOption(context.options, "port"),
        allowOrigins: stringListOption(context.options, "allow-origin"),
      },
      await readConfigFile(configPath),
      configPath,
    );
    const logFile = new CappedLogFile(logFilePath(context.io.env));
    context.printLine(`Log: ${logFile.path}`);
    const logger = createAgentLogger({
      debugPersonalData: booleanOption(context.options, "debug-personal-data"),
      destination: pino.multistream([{ stream: pino.destination(2) }, { stream: logFile }]),
    });
    try {
      const { module, choice } = await context.openModule();
      const service = new TokenService({ module, logger, signDocumentFile, signDocumentInMemory });
      await service.pollSlots();
      const server = await startAgentServer({
        port: settings.port,
        allowedOrigins: settings.allowedOrigins,
        service,
        logger,
        language: context.global.lang,
      }).catch(async (error: unknown) => {
        await service.close();
        if (isErrno(error, "EADDRINUSE")) {
          throw new CnsBridgeError(
            "AGENT_PORT_IN_USE",
            { port: String(settings.port), configPath },
            { cause: error },
          );
        }
        throw error;
      });
      logger.info({ module: choice.path, origins: settings.allowedOrigins }, "agent started");
      context.printLine(`listening on ws://127.0.0.1:${server.port}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await server.close();
      await service.close();
    } finally {
      logFile.close();
    }
    return EXIT.ok;
  },
};

function isErrno(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
