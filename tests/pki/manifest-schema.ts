import { z } from "zod";
import type { TestPkiManifest } from "./manifest.js";

const certificateSchema = z.object({
  id: z.string().regex(/^([0-9a-f]{2})+$/),
  derPath: z.string().min(1),
  pemPath: z.string().min(1),
  notBefore: z.number(),
  notAfter: z.number(),
});

const tokenSchema = z.object({
  variant: z.string().min(1),
  label: z.string().min(1),
  serial: z.string().min(1),
  userPin: z.string().min(1),
  soPin: z.string().min(1),
  holder: z.object({ codiceFiscale: z.string(), givenName: z.string(), surname: z.string() }),
  keyAlgorithm: z.enum(["RSA", "EC"]),
  certificates: z.object({
    authentication: certificateSchema.optional(),
    signature: certificateSchema.optional(),
  }),
});

/** The manifest as read back from disk: an old or hand-edited file is refused, then remade. */
export const testPkiManifestSchema = z.object({
  specHash: z.string().min(1),
  madeAt: z.number(),
  softhsm2Conf: z.string().min(1),
  modulePath: z.string().min(1),
  ca: z.object({
    rootPem: z.string().min(1),
    signatureCaPem: z.string().min(1),
    cnsCaPem: z.string().min(1),
    bundlePem: z.string().min(1),
    keys: z.object({ root: z.string().min(1), signatureCa: z.string().min(1), cnsCa: z.string().min(1) }),
  }),
  tokens: z.record(z.string(), tokenSchema),
});

// The schema and the committed interface must describe the same object.
type Parsed = z.infer<typeof testPkiManifestSchema>;
export type SchemaMatchesManifest = [Parsed] extends [TestPkiManifest]
  ? [TestPkiManifest] extends [Parsed]
    ? true
    : never
  : never;
const schemaMatches: SchemaMatchesManifest = true;
void schemaMatches;

export function parseTestPkiManifest(json: unknown): TestPkiManifest {
  return testPkiManifestSchema.parse(json);
}
