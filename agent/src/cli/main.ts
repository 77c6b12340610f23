import { CnsBridgeError, isCnsBridgeError, type Language } from "@cns-bridge/shared";
import type { Pkcs11Module } from "../pkcs11/pkcs11-module.js";
import type { ModuleChoice } from "../pkcs11/select-module.js";
import { type CliIo, processIo } from "./cli-io.js";
import type { CliCommand, CommandContext } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { AGENT_VERSION } from "../server/agent-version.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { peekLanguage } from "./global-options.js";
import { commandHelp, generalHelp } from "./help-text.js";
import { openSelectedModule } from "./open-selected-module.js";
import { parseCommandLine } from "./parse-command-line.js";
import { readPinFromStdin } from "./read-pin-from-stdin.js";

/** How a command's `openModule()` gets its module; tests pass one that returns a fake module. */
export type ModuleOpener = (
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
) => Promise<{ module: Pkcs11Module; choice: ModuleChoice }>;

/**
 * Runs `cns-agent` with `argv` (without node and the script) and returns the exit code. Every
 * module a command opened is finalized before returning, whatever happened.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo(),
  commands: readonly CliCommand[] = COMMANDS,
  openModule: ModuleOpener = openSelectedModule,
): Promise<number> {
  let language: Language = peekLanguage(argv);
  let json = argv.includes("--json");
  const openedModules: Pkcs11Module[] = [];
  try {
    const parsed = parseCommandLine(argv, commands);
    language = parsed.global.lang;
    json = parsed.global.json;
    const { command, global } = parsed;
    if (global.version) {
      io.stdout(
        json ? `${JSON.stringify({ agentVersion: AGENT_VERSION })}\n` : `cns-agent ${AGENT_VERSION}\n`,
      );
      return EXIT.ok;
    }
    if (command === undefined) {
      if (global.help) {
        io.stdout(generalHelp(commands, language));
        return EXIT.ok;
      }
      io.stderr(generalHelp(commands, language));
      return EXIT.badInput;
    }
    if (global.help) {
      io.stdout(commandHelp(command, language));
      return EXIT.ok;
    }
    let pinRead = false;
    const context: CommandContext = {
      global,
      options: parsed.options,
      positionals: parsed.positionals,
      io,
      readPin: async () => {
        if (!global.pinStdin) {
          throw new CnsBridgeError("BAD_USAGE", {
            detail: "this command needs the PIN: pass it with --pin-stdin",
          });
        }
        if (pinRead) {
          throw new CnsBridgeError("INTERNAL");
        }
        pinRead = true;
        return readPinFromStdin(io.stdin);
      },
      openModule: async () => {
        const opened = await openModule(global.module, io.env);
        openedModules.push(opened.module);
        return opened;
      },
      printJson: (value) => io.stdout(`${JSON.stringify(value)}\n`),
      printLine: (line) => io.stdout(`${line}\n`),
    };
    const stopOnSignal = command.handlesSignals === true ? () => undefined : finalizeOnSignal(openedModules);
    try {
      return await command.run(context);
    } finally {
      stopOnSignal();
    }
  } catch (error) {
    reportError(error, io, language, json);
    return exitCodeFor(error);
  } finally {
    for (const module of openedModules) {
      await module.finalize().catch(() => undefined);
    }
  }
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * While a command runs, Ctrl+C or a kill still finalizes the PKCS#11 modules (closing the card's
 * sessions) before the process exits. pkcs11js's C_Finalize is synchronous, so calling `finalize`
 * is enough even though the process exits right after. A command that listens for the signal
 * itself (a server shutting down gracefully) is left to do so. Returns the uninstaller.
 */
function finalizeOnSignal(modules: readonly Pkcs11Module[]): () => void {
  const handlers = Object.entries(SIGNAL_EXIT_CODES).map(([signal, exitCode]) => {
    const before = new Set(process.listeners(signal as NodeJS.Signals));
    const handler = (): void => {
      const commandListens = process
        .listeners(signal as NodeJS.Signals)
        .some((listener) => listener !== handler && !before.has(listener));
      if (commandListens) {
        return;
      }
      for (const module of modules) {
        void module.finalize().catch(() => undefined);
      }
      process.exit(exitCode);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) {
      process.removeListener(signal, handler);
    }
  };
}

/** JSON mode: `{"error":{"code","message"}}` on stdout; human mode: the message on stderr. */
function reportError(error: unknown, io: CliIo, language: Language, json: boolean): void {
  const coded = isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL", {}, { cause: error });
  const message = coded.messageIn(language);
  if (json) {
    io.stdout(`${JSON.stringify({ error: { code: coded.code, message } })}\n`);
  } else {
    io.stderr(`cns-agent: ${message}\n`);
  }
}
