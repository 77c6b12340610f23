import type { AuthToken, CertificateSummary, PinFlags, TokenSummary } from "@cns-bridge/shared";
import type { EventEmitter } from "node:events";

export type CertificateUsage = "authentication" | "signature";

export interface SignFileRequest {
  token: string;
  format: "cades" | "pades";
  detached: boolean;
  digestAlgorithm: "SHA-256" | "SHA-384" | "SHA-512";
  certificate: CertificateUsage;
  /** Where the received content is (a private temp file). */
  inputPath: string;
  /** Where the signed output must be written. */
  outputPath: string;
  fileName: string;
}

/** A small document signed in memory (an inline job of the socket): no temp file. */
export interface SignBytesRequest extends Omit<SignFileRequest, "inputPath" | "outputPath"> {
  /** The whole document, at most PROTOCOL_LIMITS.maxInlineBytes. */
  content: Uint8Array;
}

/** Events the service emits for the server to push to every connection. */
export interface AgentServiceEvents {
  "token.inserted": [TokenSummary];
  "token.removed": [{ label: string; serial: string }];
  "pin.state": [{ label: string; serial: string; pinFlags: PinFlags; loggedIn: boolean }];
}

/**
 * What the WebSocket handlers need from the tokens. The real implementation serializes every
 * operation on one token through a queue; tests may supply their own.
 */
export interface AgentService {
  readonly events: EventEmitter<AgentServiceEvents>;
  listTokens(): Promise<TokenSummary[]>;
  login(token: string, pin: string): Promise<{ label: string; serial: string; pinFlags: PinFlags }>;
  logout(token: string): Promise<void>;
  getCertificate(
    token: string,
    usage: CertificateUsage,
  ): Promise<{ certificate: Uint8Array; chain: Uint8Array[]; summary: CertificateSummary }>;
  authSign(token: string, origin: string, nonce: string): Promise<AuthToken>;
  signFile(request: SignFileRequest): Promise<{ outputName: string }>;
  signBytes(request: SignBytesRequest): Promise<{ outputName: string; output: Uint8Array }>;
  close(): Promise<void>;
}
