import type { CertificateExtensions } from "./certificate-extensions.js";
import { AUTHENTICATION_POLICIES, EXTENDED_KEY_USAGES, SIGNATURE_POLICIES } from "./certificate-oids.js";

export type CnsCertificateUsage = "authentication" | "signature" | "unknown";

export interface UsageVerdict {
  readonly usage: CnsCertificateUsage;
  /** Why, in words a support page can show: "policy 1.3.76.16.2.1 (CNS authentication)". */
  readonly evidence: readonly string[];
}

/**
 * Decides what a certificate is for, strongest evidence first:
 * 1. an authentication policy (CNS 1.3.76.16.2.1 and kin) without nonRepudiation: authentication
 *    (the CNS profile forbids nonRepudiation on the authentication certificate);
 * 2. nonRepudiation, QcCompliance or a qualified-signature policy: signature;
 * 3. the clientAuth extended key usage, or digitalSignature: authentication;
 * 4. otherwise (CA certificates, encryption-only keys): unknown.
 */
export function classifyUsage(extensions: CertificateExtensions): UsageVerdict {
  if (extensions.isCa) {
    return { usage: "unknown", evidence: ["basicConstraints cA (a CA certificate)"] };
  }
  const keyUsage = extensions.keyUsage;
  const authenticationPolicies = describePolicies(extensions.policies, AUTHENTICATION_POLICIES);
  const signatureEvidence = [
    ...(keyUsage?.nonRepudiation === true ? ["keyUsage nonRepudiation"] : []),
    ...(extensions.qualified.qcCompliance ? ["QcCompliance statement"] : []),
    ...describePolicies(extensions.policies, SIGNATURE_POLICIES),
  ];
  if (authenticationPolicies.length > 0 && keyUsage?.nonRepudiation !== true) {
    return { usage: "authentication", evidence: authenticationPolicies };
  }
  if (signatureEvidence.length > 0) {
    return { usage: "signature", evidence: signatureEvidence };
  }
  const authenticationEvidence = [
    ...(extensions.extendedKeyUsage.includes(EXTENDED_KEY_USAGES.clientAuth)
      ? ["extendedKeyUsage clientAuth"]
      : []),
    ...(keyUsage?.digitalSignature === true ? ["keyUsage digitalSignature"] : []),
  ];
  if (authenticationEvidence.length > 0) {
    return { usage: "authentication", evidence: authenticationEvidence };
  }
  return { usage: "unknown", evidence: [] };
}

function describePolicies(policies: readonly string[], known: Readonly<Record<string, string>>): string[] {
  return policies
    .filter((oid) => Object.hasOwn(known, oid))
    .map((oid) => `policy ${oid} (${known[oid] ?? ""})`);
}
