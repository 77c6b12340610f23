import type { ErrorCode } from "../../errors/index.js";

/** One problem found with one signature: a stable code and a message for people. */
export interface SignatureError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type { SignerView } from "../verify/index.js";
import type { SignerView } from "../verify/index.js";

export interface PadesSignatureReport {
  readonly valid: boolean;
  /** The signature field's fully qualified name. */
  readonly fieldName: string;
  readonly signer: SignerView | null;
  /** The claimed signing time (/M), ISO 8601. */
  readonly signingTime?: string;
  readonly qualified: boolean;
  /** True when the signature covers the whole file (no later revision). */
  readonly coversWholeDocument: boolean;
  readonly errors: readonly SignatureError[];
}

/** The report shape shared with the CAdES verifier and the CLI's `verify --json`. */
export interface PadesVerificationReport {
  readonly valid: boolean;
  readonly format: "pades";
  readonly signatures: readonly PadesSignatureReport[];
}
