/** A user-facing message in both languages cns-bridge speaks: Italian first, English second. */
export interface LocalizedMessage {
  readonly it: string;
  readonly en: string;
}

export type MessageCatalog = Record<string, LocalizedMessage>;

export type Language = "it" | "en";

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function formatMessage(
  template: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
