import type { Language } from "@cns-bridge/shared";
import type { CliCommand } from "./command.js";

const GLOBAL_HELP: Record<Language, string> = {
  it: `Opzioni globali:
  --module PATH   modulo PKCS#11 da usare (altrimenti CNS_BRIDGE_MODULE, il file di configurazione, la ricerca automatica)
  --token LABEL   carta da usare: etichetta o numero di serie
  --json          risultato ed errori in JSON su stdout
  --pin-stdin     legge il PIN dalla prima riga dello standard input
  --lang it|en    lingua dei messaggi (predefinita: it)
  --help          questo aiuto
  --version       versione dell'agente

Codici di uscita: 0 ok; 1 verifica fallita; 2 uso o dati non validi; 3 errore di modulo, carta o PIN.`,
  en: `Global options:
  --module PATH   PKCS#11 module to use (else CNS_BRIDGE_MODULE, the config file, auto-detection)
  --token LABEL   card to use: label or serial number
  --json          result and errors as JSON on stdout
  --pin-stdin     read the PIN from the first line of standard input
  --lang it|en    message language (default: it)
  --help          this help
  --version       the agent's version

Exit codes: 0 ok; 1 a check failed; 2 bad usage or input; 3 module, card or PIN error.`,
};

export function generalHelp(commands: readonly CliCommand[], language: Language): string {
  const heading =
    language === "it"
      ? "Uso: cns-agent COMANDO [opzioni]\n\nComandi:"
      : "Usage: cns-agent COMMAND [options]\n\nCommands:";
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary[language]}`);
  return `${heading}\n${lines.join("\n")}\n\n${GLOBAL_HELP[language]}\n`;
}

export function commandHelp(command: CliCommand, language: Language): string {
  const heading = language === "it" ? "Uso" : "Usage";
  return `${heading}: cns-agent ${command.name} ${command.usage}\n\n${command.summary[language]}\n\n${GLOBAL_HELP[language]}\n`;
}
