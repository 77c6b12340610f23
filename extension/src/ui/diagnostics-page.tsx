import { PROTOCOL_VERSION } from "@cns-bridge/shared";
import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { tokenOf } from "../agent/agent-status.js";
import { t } from "../i18n/t.js";
import { agentPortItem } from "../storage-items.js";
import { askBackground } from "./background-client.js";
import { useAgentStatus } from "./use-agent-status.js";

/** What support needs to know, with no personal data: versions, port, state, token model and PIN flags. */
export function DiagnosticsPage() {
  const status = useAgentStatus();
  const [port, setPort] = useState<number | null>(null);
  useEffect(() => void agentPortItem.getValue().then(setPort), []);
  const token = tokenOf(status);
  const rows: [string, string][] = [
    [t("diagExtensionVersion"), browser.runtime.getManifest().version],
    [t("diagProtocol"), String(PROTOCOL_VERSION)],
    [t("diagAgentUrl"), `ws://127.0.0.1:${port ?? "?"}`],
    [t("diagState"), status.kind],
    [t("diagAgentVersion"), "agentVersion" in status ? status.agentVersion : "-"],
    [t("diagToken"), token === null ? "-" : `${token.manufacturer} ${token.model} (${token.label})`],
    [
      t("diagPinFlags"),
      token === null
        ? "-"
        : Object.entries(token.pinFlags)
            .filter(([, on]) => on)
            .map(([flag]) => flag)
            .join(", ") || t("diagNone"),
    ],
    [t("diagCertificates"), token === null ? "-" : String(token.certificates.length)],
  ];
  return (
    <main>
      <h1>{t("diagnosticsTitle")}</h1>
      <table>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" onClick={() => void askBackground({ kind: "status:reconnect" })}>
          {t("retry")}
        </button>
      </div>
    </main>
  );
}
