/**
 * The holder's names as the authentication certificate gave them (SN and GN), "COGNOME NOME" as
 * Italian forms write them; null when the certificate names nobody (a real card may carry only
 * the codice fiscale), so each caller shows its own fallback instead of an empty field.
 */
export function holderName(holder: { readonly givenName: string; readonly surname: string }): string | null {
  const name = [holder.surname, holder.givenName]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
  return name === "" ? null : name;
}

/** What the documents say instead of the names when the certificate has none. */
export const NAMES_NOT_IN_CERTIFICATE = "non indicati nel certificato";
