import { randomUUID } from "node:crypto";
import {
  assertTransition,
  CnsBridgeError,
  isTerminal,
  REQUEST_STATES,
  type RequestData,
  requestDataSchema,
  type RequestState,
} from "@cns-bridge/shared";
import type { PortalDb } from "./database.js";

export interface StoredRequest {
  readonly id: string;
  readonly codiceFiscale: string;
  readonly givenName: string;
  readonly surname: string;
  readonly state: RequestState;
  readonly data: RequestData;
  readonly passphraseHash: string | null;
  readonly createdAt: string;
}

interface Row {
  id: string;
  codice_fiscale: string;
  given_name: string;
  surname: string;
  state: string;
  data: string;
  passphrase_hash: string | null;
  created_at: string;
}

function toRequest(row: Row): StoredRequest {
  const state = REQUEST_STATES.find((s) => s === row.state);
  if (state === undefined) throw new CnsBridgeError("INTERNAL");
  return {
    id: row.id,
    codiceFiscale: row.codice_fiscale,
    givenName: row.given_name,
    surname: row.surname,
    state,
    data: requestDataSchema.parse(JSON.parse(row.data)),
    passphraseHash: row.passphrase_hash,
    createdAt: row.created_at,
  };
}

export function emptyRequestData(): RequestData {
  return { passphraseSet: false, receiptHolder: { kind: "titolare" } };
}

export class RequestStore {
  constructor(
    private readonly db: PortalDb,
    private readonly clock: () => Date,
  ) {}

  get(id: string): StoredRequest | undefined {
    const row = this.db.prepare("SELECT * FROM requests WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : toRequest(row);
  }

  /** The holder's open request (not cancelled, expired or finished), if any. */
  openFor(codiceFiscale: string): StoredRequest | undefined {
    const rows = this.db
      .prepare("SELECT * FROM requests WHERE codice_fiscale = ? ORDER BY created_at DESC")
      .all(codiceFiscale) as Row[];
    return rows.map(toRequest).find((r) => !isTerminal(r.state));
  }

  create(holder: { codiceFiscale: string; givenName: string; surname: string }): StoredRequest {
    const now = this.clock().toISOString();
    const id = randomUUID();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO requests (id, codice_fiscale, given_name, surname, state, data, created_at, updated_at) VALUES (?, ?, ?, ?, 'bozza', ?, ?, ?)",
        )
        .run(
          id,
          holder.codiceFiscale,
          holder.givenName,
          holder.surname,
          JSON.stringify(emptyRequestData()),
          now,
          now,
        );
      this.db
        .prepare("INSERT INTO history (request_id, at, from_state, to_state) VALUES (?, ?, NULL, 'bozza')")
        .run(id, now);
    })();
    const created = this.get(id);
    if (created === undefined) throw new CnsBridgeError("INTERNAL");
    return created;
  }

  /**
   * Applies `change` to the request read inside one transaction: the state it returns is checked
   * against the lifecycle (no check when it stays the same), the data is saved with it.
   */
  update(
    id: string,
    change: (current: StoredRequest) => {
      state?: RequestState;
      data?: RequestData;
      passphraseHash?: string | null;
    },
  ): StoredRequest {
    return this.db.transaction(() => {
      const current = this.get(id);
      if (current === undefined) throw new CnsBridgeError("INTERNAL");
      const next = change(current);
      const state = next.state ?? current.state;
      if (state !== current.state) assertTransition(current.state, state);
      const now = this.clock().toISOString();
      this.db
        .prepare("UPDATE requests SET state = ?, data = ?, passphrase_hash = ?, updated_at = ? WHERE id = ?")
        .run(
          state,
          JSON.stringify(next.data ?? current.data),
          next.passphraseHash === undefined ? current.passphraseHash : next.passphraseHash,
          now,
          id,
        );
      if (state !== current.state) {
        this.db
          .prepare("INSERT INTO history (request_id, at, from_state, to_state) VALUES (?, ?, ?, ?)")
          .run(id, now, current.state, state);
      }
      const updated = this.get(id);
      if (updated === undefined) throw new CnsBridgeError("INTERNAL");
      return updated;
    })();
  }

  /** Ids of the requests in one of `states` not touched since `cutoffIso`. */
  idleSince(cutoffIso: string, states: readonly RequestState[]): string[] {
    const rows = this.db.prepare("SELECT id, state FROM requests WHERE updated_at < ?").all(cutoffIso) as {
      id: string;
      state: string;
    }[];
    return rows.filter((r) => states.some((s) => s === r.state)).map((r) => r.id);
  }

  history(id: string): { from: string | null; to: string }[] {
    return (
      this.db
        .prepare("SELECT from_state, to_state FROM history WHERE request_id = ? ORDER BY rowid")
        .all(id) as {
        from_state: string | null;
        to_state: string;
      }[]
    ).map((r) => ({ from: r.from_state, to: r.to_state }));
  }
}
