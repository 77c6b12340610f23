import { bytesToBase64, bytesToHex, type CnsBridgeError } from "@cns-bridge/shared";
import { useState } from "preact/hooks";
import { shareDocumentsForConsent, wantsPreview } from "../dialogs/consent-documents.js";
import { currentLanguage, t } from "../i18n/t.js";
import { askBackground } from "./background-client.js";
import { formatBytes } from "./format-bytes.js";
import { VerifyPanel } from "./verify-panel.js";

interface SignedResult {
  readonly name: string;
  readonly url: string;
  readonly size: number;
}

type Format = "cades" | "pades";

const isPdf = (file: File) => file.type === "application/pdf" || /\.pdf$/i.test(file.name);

/** Streams one file to the agent through the background and collects the signed output. */
async function signOne(file: File, job: { jobId: string; chunkBytes: number }): Promise<SignedResult> {
  for (let offset = 0, seq = 0; offset < file.size; offset += job.chunkBytes, seq += 1) {
    const piece = new Uint8Array(await file.slice(offset, offset + job.chunkBytes).arrayBuffer());
    await askBackground({ kind: "sign:chunk", jobId: job.jobId, seq, data: bytesToBase64(piece) });
  }
  const finish = await askBackground<{ outputName: string; outputSize: number; chunkCount: number }>({
    kind: "sign:finish",
    jobId: job.jobId,
  });
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let index = 0; index < finish.chunkCount; index += 1) {
    const piece = await askBackground<{ data: string }>({ kind: "sign:fetch", jobId: job.jobId, index });
    const binary = atob(piece.data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    parts.push(bytes);
  }
  const blob = new Blob(parts);
  return { name: finish.outputName, url: URL.createObjectURL(blob), size: blob.size };
}

/** "Firma documenti" with its two tabs: sign files, verify a signed one. */
export function SignPage() {
  const [tab, setTab] = useState<"sign" | "verify">("sign");
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const next = tab === "sign" ? "verify" : "sign";
      setTab(next);
      document.getElementById(`tab-${next}`)?.focus();
    }
  };
  return (
    <main>
      <h1>{t("signDocumentsTitle")}</h1>
      <div class="tabs" role="tablist" aria-label={t("signDocumentsTitle")}>
        {(["sign", "verify"] as const).map((name) => (
          <button
            key={name}
            id={`tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={onKey}
          >
            {name === "sign" ? t("tabSign") : t("tabVerify")}
          </button>
        ))}
      </div>
      <div id="panel-sign" role="tabpanel" aria-labelledby="tab-sign" hidden={tab !== "sign"}>
        <SignPanel />
      </div>
      <div id="panel-verify" role="tabpanel" aria-labelledby="tab-verify" hidden={tab !== "verify"}>
        <VerifyPanel />
      </div>
    </main>
  );
}

/** Pick or drop files, choose CAdES or PAdES, sign them as one batch, download. */
function SignPanel() {
  const [files, setFiles] = useState<File[]>([]);
  const [format, setFormat] = useState<Format>("cades");
  const [progress, setProgress] = useState<number | null>(null);
  const [results, setResults] = useState<SignedResult[]>([]);
  const [error, setError] = useState<string | null>(null);
  const language = currentLanguage();

  const choose = (list: FileList | null) => {
    setFiles(list === null ? [] : [...list]);
    setResults([]);
    setError(null);
  };

  const sign = async () => {
    setError(null);
    setResults([]);
    if (format === "pades" && files.some((file) => !isPdf(file))) {
      setError(t("padesNeedsPdf"));
      return;
    }
    try {
      setProgress(0);
      const described = await Promise.all(
        files.map(async (file) => ({
          name: file.name,
          size: file.size,
          sha256: bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()))),
        })),
      );
      // The consent window previews the PDFs from these files, only until the holder answers.
      const stopSharing = shareDocumentsForConsent(
        files.flatMap((file, index) => {
          const sha256 = described[index]?.sha256;
          return sha256 !== undefined && wantsPreview(file, format) ? [{ sha256, data: file }] : [];
        }),
      );
      const jobs = await askBackground<{ jobId: string; chunkBytes: number }[]>({
        kind: "sign:begin",
        format,
        files: described,
      }).finally(stopSharing);
      const signed: SignedResult[] = [];
      for (const [index, job] of jobs.entries()) {
        const file = files[index];
        if (file === undefined) break;
        signed.push(await signOne(file, job));
        setProgress(index + 1);
        setResults([...signed]);
      }
    } catch (failure) {
      setError((failure as CnsBridgeError).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div>
      <div
        class="dropzone"
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          choose(event.dataTransfer?.files ?? null);
        }}
      >
        <label for="files">{t("chooseFiles")}</label>
        <input id="files" type="file" multiple onChange={(event) => choose(event.currentTarget.files)} />
        <p class="muted">{t("dropFiles")}</p>
      </div>
      {files.length > 0 && (
        <ul aria-label={t("chosenFiles")}>
          {files.map((file) => (
            <li key={file.name}>
              {file.name} ({formatBytes(file.size, language)})
            </li>
          ))}
        </ul>
      )}
      <fieldset>
        <legend>{t("consentFormat")}</legend>
        {(["cades", "pades"] as const).map((value) => (
          <label key={value} style={{ fontWeight: 400 }}>
            <input
              type="radio"
              name="format"
              value={value}
              checked={format === value}
              onChange={() => setFormat(value)}
            />{" "}
            {value === "cades" ? t("formatCades") : t("formatPades")}
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={files.length === 0 || progress !== null}
          onClick={sign}
        >
          {t("signButton")}
        </button>
      </div>
      {progress !== null && (
        <p>
          <label for="progress">{t("signProgress", progress, files.length)}</label>
          <progress id="progress" max={files.length} value={progress} />
        </p>
      )}
      {error !== null && (
        <p class="status error" role="alert">
          {error}
        </p>
      )}
      {results.length > 0 && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t("signedFiles")}</h2>
          <ul>
            {results.map((result) => (
              <li key={result.url}>
                <a href={result.url} download={result.name} data-testid="signed-file">
                  {t("download", result.name)}
                </a>{" "}
                ({formatBytes(result.size, language)})
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
