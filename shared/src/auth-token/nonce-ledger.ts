/**
 * Remembers which nonces were already used, so an auth token can be verified only once. A server
 * with several processes supplies its own (a database table with a unique key does it).
 */
export interface NonceLedger {
  /** Records `nonce` as used; false if it had been used before. */
  consume(nonce: string, expiresAt: number): boolean | Promise<boolean>;
}

/** In-memory ledger for a single-process server; forgets nonces once they could not be used anyway. */
export class MemoryNonceLedger implements NonceLedger {
  readonly #used = new Map<string, number>();

  consume(nonce: string, expiresAt: number, now: number = Date.now()): boolean {
    for (const [used, expiry] of this.#used) if (expiry < now) this.#used.delete(used);
    if (this.#used.has(nonce)) return false;
    this.#used.set(nonce, expiresAt);
    return true;
  }
}
