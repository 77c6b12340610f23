import * as z from "zod/mini";

// zod/mini loads no locale, so every issue would read "Invalid input". The agent's
// PROTOCOL_BAD_MESSAGE and AUTH_TOKEN details, the page API's and the portal's name what is wrong
// in English, as they did with classic zod (which registers the same locale).
z.config(z.locales.en());

/**
 * zod's tree-shakable functional API, for every schema the extension bundles: classic `zod` costs
 * ~27 KiB gzip whatever is used of it. Import `z` from here (never "zod/mini" directly) so the
 * English messages are configured wherever a schema runs.
 */
export { z };
