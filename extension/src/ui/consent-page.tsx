import { useEffect, useState } from "preact/hooks";
import type { ConsentDialogRequest, DialogRequest } from "../dialogs/dialog-requests.js";
import { currentLanguage, t } from "../i18n/t.js";
import { askBackground } from "./background-client.js";
import { wantsPreview } from "../dialogs/consent-documents.js";
import { ConsentPreview, packagedPreviewSources, type PreviewSources } from "./consent-preview.js";
import { formatBytes } from "./format-bytes.js";

/**
 * The holder's explicit yes, in an extension window: before a signature (every file listed with
 * size, SHA-256 and format, page 1 of each PDF) or before a site first uses the CNS. Annulla has
 * the focus, so a stray Enter never signs.
 */
export function ConsentPage({
  dialogId,
  previewSources = packagedPreviewSources,
}: {
  dialogId: string;
  previewSources?: PreviewSources;
}) {
  const [request, setRequest] = useState<DialogRequest | null | undefined>(undefined);

  useEffect(() => {
    askBackground<DialogRequest | null>({ kind: "dialog:get", id: dialogId }).then(setRequest, () =>
      setRequest(null),
    );
  }, [dialogId]);

  const answer = (kind: "dialog:confirm" | "dialog:refuse") => () =>
    void askBackground({ kind, id: dialogId }).finally(() => window.close());

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && answer("dialog:refuse")();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (request === undefined) return <main aria-busy="true" />;
  if (request === null || request.kind === "pin")
    return (
      <main>
        <p role="alert">{t("dialogExpired")}</p>
      </main>
    );

  const who =
    request.kind === "consent" && request.requester !== undefined ? (
      <p data-testid="consent-requester">
        {t("consentAskedByRoute")} <span class="origin">{request.requester.site}</span>
      </p>
    ) : request.origin === "extension" ? (
      <p>{t("consentAskedByExtension")}</p>
    ) : (
      <p>
        {t("consentAskedBy")} <span class="origin">{request.origin}</span>
      </p>
    );

  if (request.kind === "site")
    return (
      <main>
        <h1>{t("siteTitle")}</h1>
        <p>
          {t("siteAskedBy")} <span class="origin">{request.origin}</span>
        </p>
        <p>{t("siteExplanation")}</p>
        <div class="actions">
          <button type="button" autoFocus onClick={answer("dialog:refuse")}>
            {t("siteDeny")}
          </button>
          <button type="button" class="primary" onClick={answer("dialog:confirm")}>
            {t("siteAllow")}
          </button>
        </div>
      </main>
    );

  return (
    <main>
      <h1>{t("consentTitle")}</h1>
      {who}
      <ConsentFiles request={request} />
      <ConsentPreviews request={request} sources={previewSources} />
      <p>{t("consentExplanation")}</p>
      <div class="actions">
        <button type="button" autoFocus onClick={answer("dialog:refuse")}>
          {t("cancel")}
        </button>
        <button type="button" class="primary" onClick={answer("dialog:confirm")}>
          {t("consentSign", request.files.length)}
        </button>
      </div>
    </main>
  );
}

function ConsentFiles({ request }: { request: ConsentDialogRequest }) {
  const language = currentLanguage();
  return (
    <table>
      <caption class="muted">
        {t("consentFormat")}: {request.format === "cades" ? t("formatCades") : t("formatPades")}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t("fileName")}</th>
          <th scope="col">{t("fileSize")}</th>
          <th scope="col">SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {request.files.map((file) => (
          <tr key={file.sha256 + file.name}>
            <td>{file.name}</td>
            <td>{formatBytes(file.size, language)}</td>
            <td class="hash">{file.sha256}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConsentPreviews({ request, sources }: { request: ConsentDialogRequest; sources: PreviewSources }) {
  const pdfs = request.files.filter((file) => wantsPreview(file, request.format));
  if (pdfs.length === 0) return null;
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">{t("previewTitle")}</h2>
      <div class="previews">
        {pdfs.map((file) => (
          <ConsentPreview key={file.sha256 + file.name} file={file} sources={sources} />
        ))}
      </div>
    </section>
  );
}
