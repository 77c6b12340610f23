/**
 * The groups the report shows, in this order. Plain data in a module without zod, so a page that
 * only lays out a report (the extension's Diagnostica) does not bundle the schema library.
 */
export const CHECK_AREAS = ["system", "pcsc", "pkcs11", "token", "browsers", "signing"] as const;
export type CheckArea = (typeof CHECK_AREAS)[number];
