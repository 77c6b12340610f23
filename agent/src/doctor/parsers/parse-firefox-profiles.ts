/** A Firefox profile directory named in profiles.ini. */
export interface FirefoxProfileEntry {
  readonly name: string;
  /** As written: relative to the profiles.ini directory when `isRelative`. */
  readonly path: string;
  readonly isRelative: boolean;
}

/**
 * Parses Firefox's profiles.ini: `[ProfileN]` sections with Name, Path and IsRelative (Firefox
 * writes IsRelative=1 for profiles under its own directory). `[Install...]` and `[General]`
 * sections are ignored.
 */
export function parseFirefoxProfilesIni(text: string): FirefoxProfileEntry[] {
  const profiles: FirefoxProfileEntry[] = [];
  let section: Record<string, string> | null = null;
  const flush = (): void => {
    if (section?.Path !== undefined && section.Path !== "" && profiles.length < 64) {
      profiles.push({
        name: section.Name ?? section.Path,
        path: section.Path,
        isRelative: section.IsRelative !== "0",
      });
    }
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header !== null) {
      flush();
      section = /^Profile\d+$/.test(header[1] ?? "") ? {} : null;
      continue;
    }
    const equals = line.indexOf("=");
    if (section !== null && equals > 0) {
      section[line.slice(0, equals)] = line.slice(equals + 1);
    }
  }
  flush();
  return profiles;
}
