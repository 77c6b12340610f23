import Database from "better-sqlite3";

export type PortalDb = Database.Database;

/**
 * The portal's whole state. `synchronous = FULL` so a request that reached "pagata" is still
 * there after a crash. `payments.request_id` is the primary key: one notice per request, ever.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS challenges (
  id TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  codice_fiscale TEXT NOT NULL,
  given_name TEXT NOT NULL,
  surname TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS requests (
  id TEXT PRIMARY KEY,
  codice_fiscale TEXT NOT NULL,
  given_name TEXT NOT NULL,
  surname TEXT NOT NULL,
  state TEXT NOT NULL,
  data TEXT NOT NULL,
  passphrase_hash TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_by_holder ON requests (codice_fiscale);
CREATE TABLE IF NOT EXISTS history (
  request_id TEXT NOT NULL REFERENCES requests (id),
  at TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  request_id TEXT NOT NULL REFERENCES requests (id),
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  signed_format TEXT,
  signed_bytes BLOB,
  signed_at TEXT,
  PRIMARY KEY (request_id, kind)
);
CREATE TABLE IF NOT EXISTS payments (
  request_id TEXT PRIMARY KEY REFERENCES requests (id),
  notice_number TEXT NOT NULL UNIQUE,
  notice TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  checkout_url TEXT,
  receipt TEXT
);
`;

export function openPortalDb(path: string): PortalDb {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  return db;
}
