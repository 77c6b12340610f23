/**
 * One line of batch progress. On a terminal it is redrawn in place (`\r`) with a bar for the
 * current file; elsewhere (logs, pipes, tests) only the final line per file is written.
 */
export function progressBar(
  fileIndex: number,
  fileCount: number,
  name: string,
  fraction: number,
  width = 24,
): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  const percent = Math.floor(fraction * 100)
    .toString()
    .padStart(3, " ");
  return `\r[${fileIndex + 1}/${fileCount}] ${"#".repeat(filled)}${"-".repeat(width - filled)} ${percent}% ${name}`;
}
