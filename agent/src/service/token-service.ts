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
  type Signer,
  type TokenSummary,
} from "@cns-bridge/shared";
import type { AgentLogger } from "../logging/logger.js";
import { type Pkcs11Handle, type Pkcs11Module, sameHandle } from "../pkcs11/pkcs11-module.js";
import { AGENT_VERSION } from "../server/agent-version.js";
import { describeToken, readCnsCertificates } from "../tokens/describe-token.js";
import { findTokenSlot, listTokenSlots, type TokenSlot } from "../tokens/token-directory.js";
import { TokenSession } from "../tokens/token-session.js";
import { createTokenSigner, type TokenSigner } from "../tokens/token-signer.js";
import type {
  AgentService,
  AgentServiceEvents,
  CertificateUsage,
  SignBytesRequest,
  SignFileRequest,
} from "./agent-service.js";
import { SerialQueue } from "./serial-queue.js";

/** Signs one document file with a token signer; provided by agent/src/signing. */
export type SignDocumentFile = (request: SignFileRequest, signer: Signer) => Promise<{ outputName: string }>;

/** Signs one small document held in memory with a token signer; provided by agent/src/signing. */
export type SignDocumentInMemory = (
  request: SignBytesRequest,
  signer: Signer,
) => Promise<{ outputName: string; output: Uint8Array }>;

export interface TokenServiceOptions {
  readonly module: Pkcs11Module;
  readonly logger: AgentLogger;
  /** Absent where only authentication is needed (the `auth` command). */
  readonly signDocumentFile?: SignDocumentFile;
  /** The in-memory counterpart for the socket's inline jobs; absent where signDocumentFile is. */
  readonly signDocumentInMemory?: SignDocumentInMemory;
  /** How often slots are polled for insertion and removal (ms); 0 disables polling. */
  readonly pollIntervalMs?: number;
  /** How long one token operation may run before TOKEN_TIMEOUT (ms). */
  readonly callTimeoutMs?: number;
}

/**
 * A card signs in 0.1 to a few seconds, a slow one with a slow reader in several; a call still
 * running after this long is taken as hung.
 */
export const DEFAULT_TOKEN_CALL_TIMEOUT_MS = 30_000;

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
  readonly #signDocumentInMemory: SignDocumentInMemory | undefined;
  readonly #queues = new Map<string, SerialQueue>();
  readonly #callTimeoutMs: number;
  /** Tokens with an operation still running past its time limit: serial -> slot. */
  readonly #stuck = new Map<string, Pkcs11Handle>();
  readonly #sessions = new Map<string, TokenSession>();
  readonly #signers = new WeakMap<TokenSession, Map<CertificateUsage, Promise<CachedSigner>>>();
  /** Serial -> label of every token seen by the last poll or lookup. */
  #known = new Map<string, string>();
  #present = new Map<string, { label: string; serial: string }>();
  #poller: NodeJS.Timeout | undefined;
  #polling = false;
  #watching = false;

  constructor(options: TokenServiceOptions) {
    this.#module = options.module;
    this.#logger = options.logger;
    this.#signDocumentFile = options.signDocumentFile;
    this.#signDocumentInMemory = options.signDocumentInMemory;
    this.#callTimeoutMs = options.callTimeoutMs ?? DEFAULT_TOKEN_CALL_TIMEOUT_MS;
    const interval = options.pollIntervalMs ?? 1000;
    if (interval > 0) {
      this.#poller = setInterval(() => void this.pollSlots(), interval);
      this.#poller.unref();
    }
  }

  async listTokens(): Promise<TokenSummary[]> {
    // A token with a hung call is left out until it answers again.
    const slots = await listTokenSlots(this.#module, this.#skipStuck);
    const summaries: TokenSummary[] = [];
    for (const slot of slots) {
      const summary = await this.#run(tokenOf(slot), () => describeToken(this.#module, slot));
      summaries.push({ ...summary, loggedIn: this.#sessions.get(slot.info.serialNumber)?.loggedIn ?? false });
    }
    return summaries;
  }

  async login(selector: string, pin: string) {
    const slot = await this.#findSlot(selector);
    const serial = slot.info.serialNumber;
    return this.#run(tokenOf(slot), async () => {
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
      this.#known.set(serial, slot.info.label);
      const pinFlags = await session.pinFlags();
      this.events.emit("pin.state", { label: slot.info.label, serial, pinFlags, loggedIn: true });
      this.#logger.info({ token: slot.info.label }, "logged in");
      return { label: slot.info.label, serial, pinFlags };
    });
  }

  async logout(selector: string): Promise<void> {
    const slot = await this.#findSlot(selector);
    await this.#run(tokenOf(slot), () => this.#dropSession(slot.info.serialNumber));
  }

  async getCertificate(selector: string, usage: CertificateUsage) {
    const slot = await this.#findSlot(selector);
    return this.#run(tokenOf(slot), async () => {
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
    const target = await this.#signingTarget(selector);
    return this.#run(target, async () => {
      this.#checkCurrent(target);
      const { signer, algorithm } = await this.#cachedSigner(target, "authentication");
      const hash = hashOfAlgorithm(algorithm);
      const digest = await authTokenDigest(origin, nonce, algorithm);
      const signature = await this.#onTokenFailure(target, signer.sign(digest, hash));
      const wire = signer.keyAlgorithm === "EC" ? ecdsaDerToRaw(signature, curveBytes(algorithm)) : signature;
      if (wire === null)
        throw new CnsBridgeError("INTERNAL", {}, { cause: new Error("token gave no ECDSA-Sig-Value") });
      this.#logger.info({ token: target.label, origin }, "authentication signed");
      return {
        format: AUTH_TOKEN_FORMAT,
        unverifiedCertificate: bytesToBase64(signer.certificate),
        algorithm,
        signature: bytesToBase64(wire),
        appVersion: AGENT_VERSION,
      };
    });
  }

  /**
   * Hashing, CMS and PDF work and file I/O run outside the token's queue, so the documents of a
   * batch overlap there; only what touches the token (the signer's lookup and each C_Sign) is
   * serialized on it.
   */
  async signFile(request: SignFileRequest): Promise<{ outputName: string }> {
    const signDocumentFile = this.#signDocumentFile;
    if (signDocumentFile === undefined)
      throw new CnsBridgeError("BAD_USAGE", { detail: "no document signing here" });
    const { target, signer } = await this.#queuedSigner(request);
    const result = await signDocumentFile(request, signer);
    this.#logger.info({ token: target.label, format: request.format }, "document signed");
    return result;
  }

  /** As signFile, for a small document held in memory (the socket's inline jobs). */
  async signBytes(request: SignBytesRequest): Promise<{ outputName: string; output: Uint8Array }> {
    const signDocumentInMemory = this.#signDocumentInMemory;
    if (signDocumentInMemory === undefined)
      throw new CnsBridgeError("BAD_USAGE", { detail: "no document signing here" });
    const { target, signer } = await this.#queuedSigner(request);
    const result = await signDocumentInMemory(request, signer);
    this.#logger.info({ token: target.label, format: request.format }, "document signed");
    return result;
  }

  /** The holder's signer for a document, each of its C_Sign calls queued on the token. */
  async #queuedSigner(
    request: Pick<SignFileRequest, "token" | "certificate">,
  ): Promise<{ target: SigningTarget; signer: Signer }> {
    const target = await this.#signingTarget(request.token);
    const { signer } = await this.#run(target, () => {
      this.#checkCurrent(target);
      return this.#cachedSigner(target, request.certificate);
    });
    const queued: Signer = {
      certificate: signer.certificate,
      chain: signer.chain,
      keyAlgorithm: signer.keyAlgorithm,
      sign: (digest, algorithm) =>
        this.#run(target, () => {
          // A logout or removal while the document was being read ended this session.
          this.#checkCurrent(target);
          return this.#onTokenFailure(target, signer.sign(digest, algorithm));
        }),
    };
    return { target, signer: queued };
  }

  /** Compares the tokens present now with the last poll and emits insertion and removal events. */
  async pollSlots(): Promise<void> {
    // A module with a call hung may hold its own lock: asking it about slots now could block.
    if (this.#polling || this.#stuck.size > 0) return;
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
      if (!this.#watching) {
        // The first look only notes what is there (no client to tell yet): reading and parsing
        // every token's certificates here would delay the agent's start for nothing.
        this.#watching = true;
        this.#present = new Map(
          [...now].map(([serial, slot]) => [serial, { label: slot.info.label, serial }]),
        );
        this.#known = new Map([...now].map(([serial, slot]) => [serial, slot.info.label]));
        return;
      }
      for (const [serial, token] of this.#present) {
        if (!now.has(serial)) {
          await this.#dropSession(serial);
          this.events.emit("token.removed", token);
        }
      }
      for (const [serial, slot] of now) {
        if (!this.#present.has(serial)) {
          try {
            const summary = await this.#run(tokenOf(slot), () => describeToken(this.#module, slot));
            this.events.emit("token.inserted", summary);
          } catch (error) {
            if (!isCnsBridgeError(error)) throw error;
          }
        }
      }
      this.#present = new Map([...now].map(([serial, slot]) => [serial, { label: slot.info.label, serial }]));
      this.#known = new Map([...now].map(([serial, slot]) => [serial, slot.info.label]));
    } finally {
      this.#polling = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#poller);
    for (const serial of [...this.#sessions.keys()]) await this.#dropSession(serial);
  }

  /**
   * Runs one operation in the token's queue, bounded in time. A token whose operation does not end
   * within `callTimeoutMs` (a card or reader that stopped answering) gets TOKEN_TIMEOUT, and so
   * does every later request for it, at once, without calling the module, until the late call
   * returns: the queue never stays stuck behind it, and other tokens and requests are unaffected.
   * When the call does return, the session it ran on is dropped (its state is unknown): the
   * holder logs in again.
   */
  #run<T>(token: QueuedToken, task: () => Promise<T>): Promise<T> {
    const serial = token.serial;
    const seconds = Math.ceil(this.#callTimeoutMs / 1000);
    const refuse = () => new CnsBridgeError("TOKEN_TIMEOUT", { token: token.label, seconds });
    if (this.#stuck.has(serial)) return Promise.reject(refuse());
    return this.#queueOf(serial).run(() => {
      if (this.#stuck.has(serial)) return Promise.reject(refuse());
      const operation = task();
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#stuck.set(serial, token.slot);
          this.#logger.warn({ token: token.label, seconds }, "token did not answer in time");
          reject(refuse());
          const recover = async () => {
            await this.#dropSession(serial).catch(() => undefined);
            this.#stuck.delete(serial);
            this.#logger.info({ token: token.label }, "token answered again; its session was closed");
          };
          operation.then(recover, recover);
        }, this.#callTimeoutMs);
        timer.unref();
        operation.then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    });
  }

  /** Slot lookup that never asks about a slot with a hung call, nor for a token known to have one. */
  async #findSlot(selector: string): Promise<TokenSlot> {
    const wanted = selector.trim();
    for (const serial of this.#stuck.keys()) {
      const label = this.#known.get(serial);
      if (wanted !== "" && (wanted === serial || wanted === label)) {
        throw new CnsBridgeError("TOKEN_TIMEOUT", {
          token: label ?? serial,
          seconds: Math.ceil(this.#callTimeoutMs / 1000),
        });
      }
    }
    return findTokenSlot(this.#module, selector, this.#skipStuck);
  }

  readonly #skipStuck = (slot: Pkcs11Handle): boolean =>
    [...this.#stuck.values()].some((stuck) => sameHandle(stuck, slot));

  #queueOf(serial: string): SerialQueue {
    let queue = this.#queues.get(serial);
    if (queue === undefined) {
      queue = new SerialQueue();
      this.#queues.set(serial, queue);
    }
    return queue;
  }

  /**
   * The logged-in session a signing request names. A selector that matches exactly one logged-in
   * session (by serial, else by label) and no other token seen at the last look is served without
   * asking the module again (a C_GetTokenInfo per slot costs more than the signature itself on
   * some modules); anything else goes through the full lookup with its ambiguity rules. A token
   * pulled out meanwhile makes the signature fail with a coded error and its session is dropped.
   */
  async #signingTarget(selector: string): Promise<SigningTarget> {
    const wanted = selector.trim();
    const fast = wanted === "" ? undefined : this.#knownLoggedIn(wanted);
    if (fast !== undefined) return fast;
    const slot = await this.#findSlot(selector);
    this.#known.set(slot.info.serialNumber, slot.info.label);
    const session = this.#sessions.get(slot.info.serialNumber);
    if (session === undefined || !session.loggedIn) throw new CnsBridgeError("USER_NOT_LOGGED_IN");
    return { ...tokenOf(slot), session };
  }

  #knownLoggedIn(wanted: string): SigningTarget | undefined {
    const bySerial = [...this.#sessions.values()].filter((session) => session.serial === wanted);
    const byLabel = [...this.#sessions.values()].filter((session) => session.label === wanted);
    const [session, ...others] = bySerial.length > 0 ? bySerial : byLabel;
    if (session === undefined || others.length > 0 || !session.loggedIn) return undefined;
    for (const [serial, label] of this.#known) {
      if (serial === session.serial) continue;
      // Another token could be what the selector means: let the full lookup decide.
      if (serial === wanted || (bySerial.length === 0 && label === wanted)) return undefined;
    }
    return { serial: session.serial, label: session.label, slot: session.slot, session };
  }

  /** Inside the queue: the session is still the token's logged-in one (no logout or removal since). */
  #checkCurrent(target: SigningTarget): void {
    if (this.#sessions.get(target.serial) !== target.session || !target.session.loggedIn)
      throw new CnsBridgeError("USER_NOT_LOGGED_IN");
  }

  /** A session the token no longer knows (card pulled out, session closed) is dropped, not reused. */
  async #onTokenFailure<T>(target: SigningTarget, operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      if (isCnsBridgeError(error, "TOKEN_REMOVED") || isCnsBridgeError(error, "SESSION_CLOSED")) {
        if (this.#sessions.get(target.serial) === target.session) await this.#dropSession(target.serial);
      }
      throw error;
    }
  }

  /** The signer of `usage` for a logged-in session, read from the token once per login. */
  #cachedSigner(target: SigningTarget, usage: CertificateUsage): Promise<CachedSigner> {
    let perUsage = this.#signers.get(target.session);
    if (perUsage === undefined) {
      perUsage = new Map();
      this.#signers.set(target.session, perUsage);
    }
    let cached = perUsage.get(usage);
    if (cached === undefined) {
      cached = (async () => {
        const signer = await createTokenSigner(target.session, usage);
        const view = await parseCnsCertificate(signer.certificate);
        return { signer, algorithm: authAlgorithmFor(signer.keyAlgorithm, view.keyAlgorithm.namedCurve) };
      })();
      const entry = cached;
      // A failed lookup (token busy, removed) is not remembered.
      entry.catch(() => {
        if (perUsage.get(usage) === entry) perUsage.delete(usage);
      });
      perUsage.set(usage, entry);
    }
    return cached;
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

/** What the queue of a token needs to know about it. */
interface QueuedToken {
  readonly serial: string;
  readonly label: string;
  readonly slot: Pkcs11Handle;
}

interface SigningTarget extends QueuedToken {
  readonly session: TokenSession;
}

function tokenOf(slot: TokenSlot): QueuedToken {
  return { serial: slot.info.serialNumber, label: slot.info.label, slot: slot.slot };
}

interface CachedSigner {
  readonly signer: TokenSigner;
  readonly algorithm: AuthTokenAlgorithm;
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
