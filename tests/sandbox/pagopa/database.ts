import Database from "better-sqlite3";

export type StandInDatabase = Database.Database;

/**
 * The stand-in's whole state. `synchronous = FULL` because the point of the file is to survive
 * a crash: a payment recorded here must still be here, with its receipt, after a restart.
 * The UNIQUE constraints are the last line against paying a notice twice.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS debt_positions (
  organization_fiscal_code TEXT NOT NULL,
  iupd TEXT NOT NULL,
  position TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('DRAFT', 'VALID', 'INVALID', 'PAID')),
  inserted_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  paid_at TEXT,
  PRIMARY KEY (organization_fiscal_code, iupd)
);
CREATE TABLE IF NOT EXISTS notices (
  organization_fiscal_code TEXT NOT NULL,
  notice_number TEXT NOT NULL,
  iupd TEXT NOT NULL,
  locked_by_cart TEXT,
  locked_until INTEGER,
  receipt_id TEXT UNIQUE,
  PRIMARY KEY (organization_fiscal_code, notice_number),
  FOREIGN KEY (organization_fiscal_code, iupd) REFERENCES debt_positions (organization_fiscal_code, iupd)
);
CREATE TABLE IF NOT EXISTS carts (
  id TEXT PRIMARY KEY,
  api_version INTEGER NOT NULL CHECK (api_version IN (1, 2)),
  request TEXT NOT NULL,
  email TEXT,
  outcome TEXT CHECK (outcome IN ('success', 'refused', 'cancelled', 'error', 'waiting')),
  fault_code TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
  id TEXT PRIMARY KEY,
  cart_id TEXT NOT NULL REFERENCES carts (id),
  method TEXT NOT NULL,
  outcome TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS receipts (
  receipt_id TEXT PRIMARY KEY,
  organization_fiscal_code TEXT NOT NULL,
  notice_number TEXT NOT NULL,
  cart_id TEXT NOT NULL REFERENCES carts (id),
  request TEXT NOT NULL,
  delivery_attempts INTEGER NOT NULL DEFAULT 0,
  next_delivery_at INTEGER NOT NULL,
  delivered_at TEXT,
  last_delivery_error TEXT,
  UNIQUE (organization_fiscal_code, notice_number)
);
`;

export function openStandInDatabase(path: string): StandInDatabase {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  return db;
}
