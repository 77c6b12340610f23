/**
 * Sign-and-attach, in the page: the chosen file of an `<input type=file>` goes to the background
 * (consent in the extension's own window, PIN if needed), and the signed file replaces it in the
 * same input through a DataTransfer, with the input/change events a portal's code listens to.
 * Kept free of dependencies: it ships in the content script that runs in every page.
 */

export interface AttachReply {
  readonly ok: boolean;
  readonly value?: { readonly name: string; readonly data: string };
  readonly error?: { readonly message: string };
}

export function isFileInput(target: unknown): target is HTMLInputElement {
  return target instanceof HTMLInputElement && target.type === "file";
}

/** PDFs are signed as PAdES (they stay PDFs the portal can show), anything else as CAdES `.p7m`. */
export function formatFor(file: File): "cades" | "pades" {
  return file.type === "application/pdf" || /\.pdf$/i.test(file.name) ? "pades" : "cades";
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Returns null on success, or the message to show the holder. */
export async function signAndAttach(
  input: HTMLInputElement,
  send: (message: unknown) => Promise<AttachReply>,
  noFileMessage: string,
): Promise<string | null> {
  const file = input.files?.[0];
  if (file === undefined) return noFileMessage;
  const data = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
  const reply = await send({ kind: "attach:sign", format: formatFor(file), name: file.name, data });
  if (!reply.ok || reply.value === undefined) return reply.error?.message ?? "cns-bridge";
  const signed = new File([base64ToBytes(reply.value.data)], reply.value.name, {
    type: reply.value.name.endsWith(".pdf") ? "application/pdf" : "application/pkcs7-mime",
  });
  const transfer = new DataTransfer();
  transfer.items.add(signed);
  input.files = transfer.files;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
  return null;
}
