/**
 * The portal's own minimal Italian pages. They talk to the CNS through the extension's page
 * API (`createCnsBridgeClient` from @cns-bridge/shared, served as ES modules under /assets/),
 * exactly as any portal can.
 */

// shared's schemas use zod/mini (shared/src/zod-mini.ts).
const IMPORT_MAP = `<script type="importmap">{"imports": {"zod/mini": "/assets/zod/mini/index.js"}}</script>`;

function layout(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - Camera di Commercio (sandbox)</title>
<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
button{font-size:1.05rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#a00;font-weight:600}.muted{color:#555}
</style>
${IMPORT_MAP}
</head>
<body>
<header><p class="muted">Portale di richiesta dei dispositivi CNS (ambiente di prova)</p></header>
<main>
${body}
</main>
<script type="module">${script}</script>
</body>
</html>`;
}

const LANDING_SCRIPT = `
import { createCnsBridgeClient } from "/assets/shared/page-api/index.js";
const out = document.getElementById("esito");
const confirm = document.getElementById("conferma");
function show(message, isError) { out.textContent = message; out.className = isError ? "error" : ""; }
async function errorOf(response) {
  try { const body = await response.json(); return body.error?.message ?? "Errore " + response.status; }
  catch { return "Errore " + response.status; }
}
document.getElementById("procedi").addEventListener("click", async () => {
  show("Inserisci la CNS e conferma con il PIN nella finestra dell'estensione...", false);
  try {
    const challenge = await (await fetch("/api/challenge")).json();
    const token = await createCnsBridgeClient().authenticate(challenge.nonce);
    const response = await fetch("/api/session", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, challengeId: challenge.challengeId }),
    });
    if (!response.ok) { show(await errorOf(response), true); return; }
    const { holder } = await response.json();
    document.getElementById("cf").textContent = holder.codiceFiscale;
    document.getElementById("nome").textContent =
      [holder.surname, holder.givenName].filter(Boolean).join(" ") || "nome non indicato nel certificato";
    confirm.hidden = false;
    show("", false);
  } catch (error) {
    show(error.code === "PAGE_API_TIMEOUT"
      ? "L'estensione CNS Bridge non risponde: installala o consentila su questo sito, poi riprova."
      : (error.message ?? String(error)), true);
  }
});
document.getElementById("conferma-cf").addEventListener("click", async () => {
  const response = await fetch("/api/requests", { method: "POST" });
  if (!response.ok) { show(await errorOf(response), true); return; }
  location.href = "/stato";
});
`;

export function landingPage(): string {
  return layout(
    "Richiesta nuovo dispositivo",
    `<h1>Richiedi un nuovo dispositivo CNS</h1>
<p>Hai già una firma digitale (token o smart card) valida? Puoi richiedere il nuovo dispositivo da solo,
firmando i documenti con quello attuale.</p>
<p>Ti servono: la CNS attuale con il suo PIN, un documento d'identità valido e un modo per pagare online con pagoPA.</p>
<p>Con l'estensione cns-bridge puoi fare tutta la richiesta con una procedura guidata: apri l'icona di
cns-bridge nel browser e scegli «Richiedi nuovo dispositivo».</p>
<button id="procedi" type="button">Procedi con CNS</button>
<p id="esito" role="status" aria-live="polite"></p>
<section id="conferma" hidden>
<h2>Conferma i tuoi dati</h2>
<p>Codice fiscale letto dal certificato: <strong id="cf"></strong></p>
<p>Titolare: <strong id="nome"></strong></p>
<button id="conferma-cf" type="button">Il codice fiscale è il mio: continua</button>
</section>`,
    LANDING_SCRIPT,
  );
}

const STATUS_SCRIPT = `
const out = document.getElementById("stato");
const response = await fetch("/api/requests/current");
if (response.status === 401) {
  out.innerHTML = '<p>Accedi prima con la CNS dalla <a href="/">pagina iniziale</a>.</p>';
} else if (!response.ok) {
  const body = await response.json().catch(() => ({}));
  out.textContent = body.error?.message ?? "Nessuna richiesta aperta.";
} else {
  const request = await response.json();
  const esito = new URLSearchParams(location.search).get("esito");
  const list = (items) => "<ul>" + items.map((i) => "<li></li>").join("") + "</ul>";
  out.innerHTML = "<p>Stato della richiesta: <strong id='etichetta'></strong></p>" + list(request.nextSteps);
  document.getElementById("etichetta").textContent = request.stateLabel;
  out.querySelectorAll("li").forEach((li, i) => { li.textContent = request.nextSteps[i]; });
  if (esito !== null && request.state === "pagamento-in-corso") {
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = "Stiamo aspettando la ricevuta pagoPA: lo stato cambia solo quando arriva.";
    out.append(note);
  }
}
`;

export function statusPage(requestId: string | null): string {
  return layout(
    "Stato della richiesta",
    `<h1>Stato della richiesta</h1><div id="stato" data-request="${requestId === null ? "" : encodeURIComponent(requestId)}">Caricamento...</div>`,
    STATUS_SCRIPT,
  );
}
