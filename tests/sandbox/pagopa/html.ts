/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Marks a string as already-safe HTML so `html` does not escape it again. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = string | number | SafeHtml | readonly SafeHtml[] | undefined;

/** Tagged template that escapes every interpolated string: pages carry creditor-supplied text. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    if (value instanceof SafeHtml) out += value.value;
    else if (Array.isArray(value)) out += value.map((item: SafeHtml) => item.value).join("");
    else if (value !== undefined) out += escapeHtml(String(value));
    out += strings[index + 1] ?? "";
  });
  return new SafeHtml(out);
}

const STYLE = `
body{font-family:"Titillium Web",system-ui,sans-serif;margin:0;background:#f2f4f7;color:#17324d}
header{background:#0066cc;color:#fff;padding:14px 24px;font-weight:700;font-size:20px}
header small{font-weight:400;font-size:13px;margin-left:12px;opacity:.85}
main{max-width:640px;margin:24px auto;background:#fff;border-radius:8px;padding:24px 32px;box-shadow:0 1px 4px #0002}
h1{font-size:24px;margin-top:0}
.notice{border:1px solid #d9dadb;border-radius:6px;padding:12px 16px;margin:12px 0}
.notice dt{font-size:12px;color:#5c6f82;margin-top:6px}.notice dd{margin:0;font-weight:600}
.total{font-size:20px;font-weight:700;margin:16px 0}
label{display:block;font-weight:600;margin:12px 0 4px}
input[type=text],input[type=email]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #5c6f82;border-radius:4px;font-size:16px}
button,.button{display:inline-block;background:#0066cc;color:#fff;border:0;border-radius:4px;padding:12px 20px;font-size:16px;font-weight:600;cursor:pointer;text-decoration:none;margin:12px 8px 0 0}
button.secondary,.button.secondary{background:#fff;color:#0066cc;border:2px solid #0066cc}
.methods button{display:block;width:100%;text-align:left;background:#fff;color:#17324d;border:1px solid #d9dadb;margin:8px 0}
.errors{background:#fdecea;border-left:4px solid #d9364f;padding:8px 16px;margin:12px 0}
.hint{background:#eef6fc;border-left:4px solid #0066cc;padding:8px 16px;font-size:14px;margin:12px 0}
.outcome-success h1{color:#008758}.outcome-refused h1,.outcome-error h1{color:#d9364f}
`;

/** `refresh` sends the browser on after a delay, as Checkout does from its outcome page. */
export function page(
  title: string,
  body: SafeHtml,
  outcomeClass = "",
  refresh?: { seconds: number; url: string },
): string {
  return `<!doctype html>${
    html`<html lang="it">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        ${refresh === undefined ? undefined : html`<meta http-equiv="refresh" content="${refresh.seconds};url=${refresh.url}" />`}
        <title>${title} - pagoPA</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body class="${outcomeClass}">
        <header>pagoPA <small>Checkout (ambiente di prova locale)</small></header>
        <main>${body}</main>
      </body>
    </html>`.value
  }`;
}

/** Security headers for every page: no framing, no foreign scripts (the pages use none). */
export const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
} as const;
