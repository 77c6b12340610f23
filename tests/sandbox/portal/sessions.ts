import { randomBytes, randomUUID } from "node:crypto";
import {
  type Challenge,
  CHALLENGE_MAX_AGE_MS,
  CnsBridgeError,
  createChallenge,
  verifyAuthToken,
} from "@cns-bridge/shared";
import type { PortalDb } from "./database.js";

export const SESSION_COOKIE = "portal_session";
export const SESSION_TTL_MS = 2 * 60 * 60 * 1000;

export interface Holder {
  readonly codiceFiscale: string;
  readonly givenName: string;
  readonly surname: string;
}

/** Challenges and sessions in SQLite: a challenge is spent once, even across restarts. */
export class SessionStore {
  constructor(
    private readonly db: PortalDb,
    private readonly clock: () => Date,
  ) {}

  issueChallenge(): { challengeId: string } & Challenge {
    const challenge = createChallenge();
    const challengeId = randomUUID();
    this.db
      .prepare("INSERT INTO challenges (id, nonce, issued_at) VALUES (?, ?, ?)")
      .run(challengeId, challenge.nonce, String(challenge.issuedAt));
    this.db
      .prepare("DELETE FROM challenges WHERE CAST(issued_at AS INTEGER) < ?")
      .run(this.clock().getTime() - 10 * CHALLENGE_MAX_AGE_MS);
    return { challengeId, ...challenge };
  }

  /** Marks the challenge used (one attempt per challenge) and returns it. */
  private spendChallenge(challengeId: string): Challenge {
    return this.db.transaction(() => {
      const row = this.db
        .prepare("SELECT nonce, issued_at, used FROM challenges WHERE id = ?")
        .get(challengeId) as { nonce: string; issued_at: string; used: number } | undefined;
      if (row === undefined || row.used !== 0) throw new CnsBridgeError("ROUTE_CHALLENGE_INVALID");
      this.db.prepare("UPDATE challenges SET used = 1 WHERE id = ?").run(challengeId);
      return { nonce: row.nonce, issuedAt: Number(row.issued_at) };
    })();
  }

  async login(options: {
    token: unknown;
    challengeId: string;
    expectedOrigin: string;
    trustedCAs: readonly (string | Uint8Array)[];
  }): Promise<{ sessionId: string; holder: Holder }> {
    // Spent before verifying: a challenge allows one attempt, and survives restarts as used.
    const nonce = this.spendChallenge(options.challengeId);
    const verified = await verifyAuthToken({
      token: options.token,
      expectedOrigin: options.expectedOrigin,
      nonce,
      trustedCAs: options.trustedCAs,
      now: this.clock(),
    });
    const holder: Holder = {
      codiceFiscale: verified.codiceFiscale,
      givenName: verified.givenName ?? "",
      surname: verified.surname ?? "",
    };
    const sessionId = randomBytes(32).toString("base64url");
    this.db
      .prepare(
        "INSERT INTO sessions (id, codice_fiscale, given_name, surname, expires_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        sessionId,
        holder.codiceFiscale,
        holder.givenName,
        holder.surname,
        this.clock().getTime() + SESSION_TTL_MS,
      );
    return { sessionId, holder };
  }

  holderOf(sessionId: string | undefined): Holder | undefined {
    if (sessionId === undefined || sessionId.length > 100) return undefined;
    const row = this.db
      .prepare("SELECT codice_fiscale, given_name, surname, expires_at FROM sessions WHERE id = ?")
      .get(sessionId) as
      { codice_fiscale: string; given_name: string; surname: string; expires_at: number } | undefined;
    if (row === undefined || row.expires_at < this.clock().getTime()) return undefined;
    return { codiceFiscale: row.codice_fiscale, givenName: row.given_name, surname: row.surname };
  }

  logout(sessionId: string): void {
    this.db.prepare("DELETE FROM sessions WHERE id = ?").run(sessionId);
  }
}
