/** One reader as `opensc-tool --list-readers` shows it. */
export interface PcscReader {
  /** The index `opensc-tool --reader N` takes. */
  readonly index: number;
  readonly name: string;
  readonly cardPresent: boolean;
  /** "PIN pad" and the like; empty when the reader has none. */
  readonly features: string;
}

const HEADER = /^Nr\.\s+Card\s+Features\s+Name\s*$/;
const ROW = /^(\d+)\s+(Yes|No)\s+(.*)$/;

/**
 * Parses `opensc-tool -l`. The Features column may be blank or hold several words, so the reader
 * name is cut at the column where the header's "Name" starts. Lines that are not rows (the
 * "# Detected readers (pcsc)" banner, "No smart card readers found.") are ignored.
 */
export function parseOpenscReaders(output: string): PcscReader[] {
  const lines = output.split(/\r?\n/);
  const headerLine = lines.find((line) => HEADER.test(line));
  if (headerLine === undefined) {
    return [];
  }
  const nameColumn = headerLine.indexOf("Name");
  const featuresColumn = headerLine.indexOf("Features");
  const readers: PcscReader[] = [];
  for (const line of lines) {
    const match = ROW.exec(line);
    if (match === null) {
      continue;
    }
    const [, index = "", card = ""] = match;
    // opensc-tool prints "%-5d%-6s%-10s%s": the columns line up with the header's words.
    const name = line.slice(nameColumn).trim() || (match[3] ?? "").trim();
    const features = line.length > nameColumn ? line.slice(featuresColumn, nameColumn).trim() : "";
    if (name === "") {
      continue;
    }
    readers.push({ index: Number(index), name, cardPresent: card === "Yes", features });
  }
  return readers;
}

/**
 * Parses `opensc-tool --reader N --atr`: the ATR as upper-case hex pairs separated by spaces, or
 * null when the output holds no ATR ("Card not present.", "Failed to connect to reader").
 */
export function parseOpenscAtr(output: string): string | null {
  for (const line of output.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^[0-9a-f]{2}(:[0-9a-f]{2}){1,32}$/i.test(trimmed)) {
      return trimmed.split(":").join(" ").toUpperCase();
    }
  }
  return null;
}
