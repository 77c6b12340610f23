import { EventEmitter } from "node:events";
import {
  AUTH_TOKEN_FORMAT,
  type AuthToken,
  type AuthTokenAlgorithm,
  authTokenDigest,
  bytesToBase64,
  CnsBridgeError,
  ecdsaDerToRaw,
  hashOfAlgorithm,
  isCnsBridgeError,
  parseCnsCertificate,
  summarizeCnsCertificate,
  type TokenSummary,
} from "@cns-bridge/shared";
import type { AgentLogger } from "../logging/logger.js";
import type { Pkcs11Module } from "../pkcs11/pkcs11-module.js";
import { AGENT_VERSION } from "../server/agent-version.js";
import { describeToken, readCnsCertificates } from "../tokens/describe-token.js";
import { findTokenSlot, listTokenSlots, type TokenSlot } from "../tokens/token-directory.js";
import { TokenSession } from "../tokens/token-session.js";
import { createTokenSigner, type TokenSigner } from "../tokens/token-signer.js";
import type { AgentService, AgentServiceEvents, CertificateUsage, SignFileRequest } from "./agent-service.js";
import { SerialQueue } from "./serial-queue.js";

/** Signs one document file with a token signer; provided by agent/src/signing. */
export type SignDocumentFile = (
  request: SignFileRequest,
  signer: TokenSigner,
) => Promise<{ outputName: string }>;

export interface TokenServiceOptions {
  readonly module: Pkcs11Module;
  readonly logger: AgentLogger;
  /** Absent where only authentication is needed (the `auth` command). */
  readonly signDocumentFile?: SignDocumentFile;
  /** How often slots are polled for insertion and removal (ms); 0 disables polling. */
  readonly pollIntervalMs?: number;
}

/**
 * The tokens as a service: one queue per token (serial), the holder's logged-in session kept
 * between requests until logout or removal, hot-plug events, and the two signing uses (auth
 * tokens with the authentication key, documents with the signature key). A PIN reaches C_Login
 * once per login request and is never retried or stored beyond the session.
 */
export class TokenService implements AgentService {
  readonly events = new EventEmitter<AgentServiceEvents>();
  readonly #module: Pkcs11Module;
  readonly #logger: AgentLogger;
  readonly #signDocumentFile: SignDocumentFile | undefined;
  readonly #queues = new Map<string, SerialQueue>();
  readonly #sessions = new Map<string, TokenSession>();
  #present = new Map<string, { label: string; serial: string }>();
  #poller: NodeJS.Timeout | undefined;
  #polling = false;

  constructor(options: TokenServiceOptions) {
    this.#module = options.module;
    this.#logger = options.logger;
    this.#signDocumentFile = options.signDocumentFile;
    const interval = options.pollIntervalMs ?? 1000;
    if (interval > 0) {
      this.#poller = setInterval(() => void this.pollSlots(), interval);
      this.#poller.unref();
    }
  }

  async listTokens(): Promise<TokenSummary[]> {
    const slots = await listTokenSlots(this.#module);
    const summaries: TokenSummary[] = [];
    for (const slot of slots) {
      const summary = await this.#queueOf(slot).run(() => describeToken(this.#module, slot));
      summaries.push({ ...summary, loggedIn: this.#sessions.get(slot.info.serialNumber)?.loggedIn ?? false });
    }
    return summaries;
  }

  async login(selector: string, pin: string) {
    const slot = await findTokenSlot(this.#module, selector);
    const serial = slot.info.serialNumber;
    return this.#queueOf(slot).run(async () => {
      await this.#dropSession(serial);
      const session = await TokenSession.open(this.#module, slot);
      try {
        await session.login(pin);
      } catch (error) {
        await this.#emitPinState(session, false);
        await session.close();
        throw error;
      }
      this.#sessions.set(serial, session);
      const pinFlags = await session.pinFlags();
      this.events.emit("pin.state", { label: slot.info.label, serial, pinFlags, loggedIn: true });
      this.#logger.info({ token: slot.info.label }, "logged in");
      return { label: slot.info.label, serial, pinFlags };
    });
  }

  async logout(selector: string): Promise<void> {
    const slot = await findTokenSlot(this.#module, selector);
    await this.#queueOf(slot).run(() => this.#dropSession(slot.info.serialNumber));
  }

  async getCertificate(selector: string, usage: CertificateUsage) {
    const slot = await findTokenSlot(this.#module, selector);
    return this.#queueOf(slot).run(async () => {
      const session = await TokenSession.open(this.#module, slot);
      try {
        const candidates = (await readCnsCertificates(session))
          .filter(({ certificate }) => certificate.usage === usage)
          .sort((a, b) => b.certificate.notAfter.getTime() - a.certificate.notAfter.getTime());
        const chosen = candidates[0];
        if (chosen === undefined) throw new CnsBridgeError("CERTIFICATE_NOT_FOUND", { usage });
        return {
          certificate: chosen.object.der,
          chain: [],
          summary: summarizeCnsCertificate(chosen.certificate, chosen.object.id),
        };
      } finally {
        await session.close();
      }
    });
  }

  async authSign(selector: string, origin: string, nonce: string): Promise<AuthToken> {
    const slot = await findTokenSlot(this.#module, selector);
    return this.#queueOf(slot).run(async () => {
      const signer = await createTokenSigner(this.#loggedInSession(slot), "authentication");
      const view = await parseCnsCertificate(signer.certificate);
      const algorithm = authAlgorithmFor(signer.keyAlgorithm, view.keyAlgorithm.namedCurve);
      const hash = hashOfAlgorithm(algorithm);
      const digest = await authTokenDigest(origin, nonce, algorithm);
      const signature = await signer.sign(digest, hash);
      const wire = signer.keyAlgorithm === "EC" ? ecdsaDerToRaw(signature, curveBytes(algorithm)) : signature;
      if (wire === null)
        throw new CnsBridgeError("INTERNAL", {}, { cause: new Error("token gave no ECDSA-Sig-Value") });
      this.#logger.info({ token: slot.info.label, origin }, "authentication signed");
      return {
        format: AUTH_TOKEN_FORMAT,
        unverifiedCertificate: bytesToBase64(signer.certificate),
        algorithm,
        signature: bytesToBase64(wire),
        appVersion: AGENT_VERSION,
      };
    });
  }

  async signFile(request: SignFileRequest): Promise<{ outputName: string }> {
    const signDocumentFile = this.#signDocumentFile;
    if (signDocumentFile === undefined)
      throw new CnsBridgeError("BAD_USAGE", { detail: "no document signing here" });
    const slot = await findTokenSlot(this.#module, request.token);
    return this.#queueOf(slot).run(async () => {
      const signer = await createTokenSigner(this.#loggedInSession(slot), request.certificate);
      const result = await signDocumentFile(request, signer);
      this.#logger.info({ token: slot.info.label, format: request.format }, "document signed");
      return result;
    });
  }

  /** Compares the tokens present now with the last poll and emits insertion and removal events. */
  async pollSlots(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      let slots: TokenSlot[];
      try {
        slots = await listTokenSlots(this.#module);
      } catch (error) {
        this.#logger.warn({ err: error }, "slot polling failed");
        return;
      }
      const now = new Map(slots.map((slot) => [slot.info.serialNumber, slot]));
      for (const [serial, token] of this.#present) {
        if (!now.has(serial)) {
          await this.#dropSession(serial);
          this.events.emit("token.removed", token);
        }
      }
      for (const [serial, slot] of now) {
        if (!this.#present.has(serial)) {
          try {
            const summary = await this.#queueOf(slot).run(() => describeToken(this.#module, slot));
            this.events.emit("token.inserted", summary);
          } catch (error) {
            if (!isCnsBridgeError(error)) throw error;
          }
        }
      }
      this.#present = new Map([...now].map(([serial, slot]) => [serial, { label: slot.info.label, serial }]));
    } finally {
      this.#polling = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#poller);
    for (const serial of [...this.#sessions.keys()]) await this.#dropSession(serial);
  }

  #queueOf(slot: TokenSlot): SerialQueue {
    const serial = slot.info.serialNumber;
    let queue = this.#queues.get(serial);
    if (queue === undefined) {
      queue = new SerialQueue();
      this.#queues.set(serial, queue);
    }
    return queue;
  }

  #loggedInSession(slot: TokenSlot): TokenSession {
    const session = this.#sessions.get(slot.info.serialNumber);
    if (session === undefined || !session.loggedIn) throw new CnsBridgeError("USER_NOT_LOGGED_IN");
    return session;
  }

  async #dropSession(serial: string): Promise<void> {
    const session = this.#sessions.get(serial);
    if (session === undefined) return;
    this.#sessions.delete(serial);
    await session.close();
  }

  async #emitPinState(session: TokenSession, loggedIn: boolean): Promise<void> {
    try {
      this.events.emit("pin.state", {
        label: session.label,
        serial: session.serial,
        pinFlags: await session.pinFlags(),
        loggedIn,
      });
    } catch {
      // The token may be gone; the login error itself tells the caller what happened.
    }
  }
}

function authAlgorithmFor(keyAlgorithm: "RSA" | "EC", namedCurve: string | undefined): AuthTokenAlgorithm {
  if (keyAlgorithm === "RSA") return "RS256";
  if (namedCurve === "P-384") return "ES384";
  if (namedCurve === "P-521") return "ES512";
  return "ES256";
}

function curveBytes(algorithm: AuthTokenAlgorithm): number {
  return algorithm === "ES384" ? 48 : algorithm === "ES512" ? 66 : 32;
}
