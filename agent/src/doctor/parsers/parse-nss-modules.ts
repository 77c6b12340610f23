/** A PKCS#11 module registered in an NSS database (Firefox profile, Chrome's ~/.pki/nssdb). */
export interface NssModule {
  readonly name: string;
  /** Absolute path of the module; null for NSS's own internal module. */
  readonly library: string | null;
  /** `modutil -list` only: "loaded", or the reason NSS could not load it. */
  readonly status?: string;
}

const MAX_MODULES = 256;

/**
 * Parses `modutil -list -dbdir sql:DIR`: numbered module blocks ("  2. NAME"), each with an
 * optional "library name:" line and a "status:" line. Slot and token lines are ignored.
 */
export function parseModutilList(output: string): NssModule[] {
  const modules: { name: string; library: string | null; status?: string }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const header = /^\s{0,4}(\d{1,3})\.\s+(\S.*)$/.exec(line);
    if (header !== null) {
      if (modules.length >= MAX_MODULES) break;
      modules.push({ name: (header[2] ?? "").trim(), library: null });
      continue;
    }
    const current = modules.at(-1);
    if (current === undefined) continue;
    const field = /^\s*(library name|status):\s?(.*)$/.exec(line);
    if (field === null) continue;
    const value = (field[2] ?? "").trim();
    if (field[1] === "library name") current.library = value === "" ? null : value;
    else if (current.status === undefined) current.status = value;
  }
  return modules;
}

/**
 * Parses an NSS `pkcs11.txt` (the module list of a `sql:` database, which is what Firefox profiles
 * and ~/.pki/nssdb hold): blank-line separated blocks of `key=value` lines. Reading the file needs
 * no NSS tool and does not touch a database a running browser holds open.
 */
export function parsePkcs11Txt(text: string): NssModule[] {
  const modules: NssModule[] = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    let name: string | null = null;
    let library: string | null = null;
    for (const line of block.split(/\r?\n/)) {
      const equals = line.indexOf("=");
      if (equals <= 0) continue;
      const key = line.slice(0, equals).trim();
      const value = line.slice(equals + 1).trim();
      if (key === "name") name = value;
      if (key === "library") library = value === "" ? null : value;
    }
    if (name !== null && modules.length < MAX_MODULES) modules.push({ name, library });
  }
  return modules;
}
