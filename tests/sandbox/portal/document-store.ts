import type { PortalDb } from "./database.js";
import type { DocumentKind } from "./documents.js";
import type { DocumentRow } from "./request-view.js";

/** The generated documents and, once verified, their signed copies. */
export class DocumentStore {
  constructor(private readonly db: PortalDb) {}

  list(requestId: string): DocumentRow[] {
    return (
      this.db
        .prepare("SELECT kind, sha256, signed_at FROM documents WHERE request_id = ? ORDER BY kind")
        .all(requestId) as {
        kind: DocumentKind;
        sha256: string;
        signed_at: string | null;
      }[]
    ).map((r) => ({ kind: r.kind, sha256: r.sha256, signed: r.signed_at !== null }));
  }

  bytes(requestId: string, kind: DocumentKind): Uint8Array | undefined {
    const row = this.db
      .prepare("SELECT bytes FROM documents WHERE request_id = ? AND kind = ?")
      .get(requestId, kind) as { bytes: Buffer } | undefined;
    return row === undefined ? undefined : new Uint8Array(row.bytes);
  }

  put(requestId: string, kind: DocumentKind, sha256: string, bytes: Uint8Array): void {
    this.db
      .prepare("INSERT OR REPLACE INTO documents (request_id, kind, sha256, bytes) VALUES (?, ?, ?, ?)")
      .run(requestId, kind, sha256, Buffer.from(bytes));
  }

  /** Stores a signed copy that passed verification (never anything unverified). */
  markSigned(requestId: string, kind: DocumentKind, format: string, signed: Uint8Array, at: string): void {
    this.db
      .prepare(
        "UPDATE documents SET signed_format = ?, signed_bytes = ?, signed_at = ? WHERE request_id = ? AND kind = ?",
      )
      .run(format, Buffer.from(signed), at, requestId, kind);
  }

  clear(requestId: string): void {
    this.db.prepare("DELETE FROM documents WHERE request_id = ?").run(requestId);
  }
}
