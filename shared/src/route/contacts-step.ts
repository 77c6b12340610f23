import { validateItalianMobile, validatePersonalEmail } from "./contacts.js";
import { type RouteData, routeData } from "./data.js";

export interface ContactsInput {
  readonly email: string;
  readonly mobile: string;
}

/** Step 4's contacts, normalized: the holder's personal (non-PEC) email and Italian mobile. */
export function validateContacts(input: ContactsInput, data: RouteData = routeData): ContactsInput {
  return { email: validatePersonalEmail(input.email, data), mobile: validateItalianMobile(input.mobile) };
}
