// The cns-agent(1) manual page, generated from the built CLI itself (its commands' usage and
// summaries, and the global options and exit codes of `cns-agent --help`), so it cannot drift
// from the program it documents.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const TEXT = {
  en: {
    title: "local agent that brings the Italian CNS smart card to the browser",
    description:
      "cns-agent serves the cns-bridge browser extension on 127.0.0.1 (serve), and from the command line lists the cards, signs (CAdES, PAdES), verifies and diagnoses. Every command accepts --help.",
    commands: "COMMANDS",
    files: "FILES",
    filesText: [
      [
        "~/.config/cns-bridge/config.json",
        "configuration, created by the first serve (port, allowedOrigins, modulePath)",
      ],
      [
        "~/.local/state/cns-bridge/agent.log",
        "the log of serve (5 MiB at most, the previous one in agent.log.1)",
      ],
      [
        "/usr/lib/systemd/user/cns-bridge-agent.service",
        "runs serve at every login (enabled for all users by the package)",
      ],
    ],
    seeAlso: "SEE ALSO",
  },
  it: {
    title: "agente locale che porta la CNS nel browser",
    description:
      "cns-agent serve l'estensione cns-bridge del browser su 127.0.0.1 (serve) e, da riga di comando, elenca le carte, firma (CAdES, PAdES), verifica e fa la diagnostica. Ogni comando accetta --help.",
    commands: "COMANDI",
    files: "FILE",
    filesText: [
      [
        "~/.config/cns-bridge/config.json",
        "configurazione, creata dal primo serve (port, allowedOrigins, modulePath)",
      ],
      [
        "~/.local/state/cns-bridge/agent.log",
        "il log di serve (al massimo 5 MiB, il precedente in agent.log.1)",
      ],
      [
        "/usr/lib/systemd/user/cns-bridge-agent.service",
        "avvia serve a ogni accesso (abilitata per tutti gli utenti dal pacchetto)",
      ],
    ],
    seeAlso: "VEDERE ANCHE",
  },
};

/** Escapes text for a roff line: backslashes, hyphens of options, a leading dot or quote. */
function roff(text) {
  return text
    .replaceAll("\\", "\\e")
    .replaceAll("-", "\\-")
    .replace(/^([.'])/, "\\&$1");
}

/**
 * @param {string} root repository root (agent/dist must be built)
 * @param {"en"|"it"} lang
 * @param {string} version
 * @param {string} date YYYY-MM-DD
 */
export async function manPage(root, lang, version, date) {
  const { COMMANDS } = await import(
    pathToFileURL(join(root, "agent", "dist", "cli", "commands", "index.js")).href
  );
  const help = execFileSync("node", [join(root, "agent", "bin", "cns-agent"), "--help", "--lang", lang], {
    encoding: "utf8",
  });
  // The general help ends with the global options block, then the exit codes line.
  const [, globalBlock = ""] = help.split(/\n\n(?=(?:Opzioni globali|Global options):)/);
  const [optionsBlock = "", exitCodes = ""] = globalBlock.split("\n\n");
  const options = optionsBlock
    .split("\n")
    .slice(1)
    .map((line) => /^\s+(\S+(?: \S+)?)\s{2,}(.+)$/.exec(line))
    .filter((match) => match !== null);
  const t = TEXT[lang];
  const lines = [
    `.TH CNS\\-AGENT 1 "${date}" "cns-bridge ${version}" "cns-bridge"`,
    ".SH NAME",
    `cns\\-agent \\- ${roff(t.title)}`,
    lang === "it" ? ".SH SINTASSI" : ".SH SYNOPSIS",
    ".B cns\\-agent",
    lang === "it" ? "COMANDO [opzioni]" : "COMMAND [options]",
    lang === "it" ? ".SH DESCRIZIONE" : ".SH DESCRIPTION",
    roff(t.description),
    `.SH ${t.commands}`,
    ...COMMANDS.flatMap((command) => [
      ".TP",
      `.B ${command.name}`,
      `${roff(command.summary[lang])}`,
      ".br",
      `${roff(`cns-agent ${command.name} ${command.usage}`)}`,
    ]),
    lang === "it" ? ".SH OPZIONI GLOBALI" : ".SH GLOBAL OPTIONS",
    ...options.flatMap(([, flag, text]) => [".TP", `.B ${roff(flag)}`, roff(text)]),
    lang === "it" ? ".SH CODICI DI USCITA" : ".SH EXIT STATUS",
    roff(exitCodes.replace(/^[^:]+:\s*/, "").trim()),
    `.SH ${t.files}`,
    ...t.filesText.flatMap(([path, text]) => [".TP", `.I ${roff(path)}`, roff(text)]),
    `.SH ${t.seeAlso}`,
    ".BR systemctl (1)",
    "",
  ];
  return lines.join("\n");
}
