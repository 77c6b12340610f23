import type { XrefSection } from "./pdf-xref.js";

const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF

/**
 * Where each revision ends: just past the `%%EOF` (and its end-of-line) that follows the
 * revision's cross-reference section. Returned oldest first, paired with the section's index
 * in `sections` (which is newest first).
 */
export function revisionEnds(
  bytes: Uint8Array,
  sections: readonly XrefSection[],
): { end: number; sectionIndex: number }[] {
  return sections
    .map((section, sectionIndex) => ({ end: endAfter(bytes, section.end), sectionIndex }))
    .sort((a, b) => a.end - b.end);
}

function endAfter(bytes: Uint8Array, from: number): number {
  for (let at = from; at + EOF_MARKER.length <= bytes.length; at++) {
    if (EOF_MARKER.every((byte, i) => bytes[at + i] === byte)) {
      let end = at + EOF_MARKER.length;
      if (bytes[end] === 0x0d) end++;
      if (bytes[end] === 0x0a) end++;
      return end;
    }
  }
  return bytes.length;
}
