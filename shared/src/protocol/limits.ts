/** Bounds the agent enforces on every connection; the extension uses the same numbers. */
export const PROTOCOL_LIMITS = {
  /** Largest text frame accepted, in bytes (a 1 MiB chunk in base64 plus the envelope). */
  maxFrameBytes: 1_500_000,
  /** Raw bytes per `sign.chunk` / `sign.fetch` piece. */
  chunkBytes: 1024 * 1024,
  /** Requests a connection may have unanswered at once. */
  maxInFlightPerConnection: 8,
  /**
   * Largest document a client may send inline, as `content` of `sign.start` (raw bytes). Such a
   * job is kept in the agent's memory (no temp file) and its signed output comes back in the
   * `sign.finish` reply when it fits in one piece of `chunkBytes`. A small document then costs two
   * round trips instead of four. Bounded so a connection's inline jobs hold at most
   * `maxOpenJobsPerConnection` x this much (16 MiB).
   */
  maxInlineBytes: 256 * 1024,
  /** Largest document accepted for signing through the socket (bytes). */
  maxDocumentBytes: 4 * 1024 * 1024 * 1024,
  /** Sign jobs a connection may have open at once (a batch opens one per file). */
  maxOpenJobsPerConnection: 64,
  /** A connection silent for this long is closed (ms). */
  idleTimeoutMs: 10 * 60 * 1000,
  /** Request ids are short opaque strings chosen by the client. */
  maxRequestIdLength: 64,
} as const;
