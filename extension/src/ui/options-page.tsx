import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/t.js";
import { forgetSite } from "../site-access/site-permissions.js";
import {
  agentPortItem,
  attachButtonItem,
  developerModeItem,
  languageItem,
  type LanguageSetting,
  type SiteDecision,
  sitePermissionsItem,
} from "../storage-items.js";
import { PortalOriginField } from "./portal-origin-field.js";

/** Agent port, request portal, allowed sites, language, developer mode, the sign-and-attach button. */
export function OptionsPage() {
  const [port, setPort] = useState<number | null>(null);
  const [sites, setSites] = useState<Record<string, SiteDecision>>({});
  const [developerMode, setDeveloperMode] = useState(false);
  const [attachButton, setAttachButton] = useState(false);
  const [language, setLanguageSetting] = useState<LanguageSetting>("auto");
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void agentPortItem.getValue().then(setPort);
    void sitePermissionsItem.getValue().then(setSites);
    void developerModeItem.getValue().then(setDeveloperMode);
    void attachButtonItem.getValue().then(setAttachButton);
    void languageItem.getValue().then(setLanguageSetting);
    return sitePermissionsItem.watch((value) => setSites(value));
  }, []);

  const done = () => setSaved(t("optionsSaved"));

  return (
    <main>
      <h1>{t("optionsTitle")}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (port !== null && port >= 1024 && port <= 65535) void agentPortItem.setValue(port).then(done);
        }}
      >
        <label for="port">{t("optionsPort")}</label>
        <input
          id="port"
          type="number"
          min={1024}
          max={65535}
          required
          value={port ?? ""}
          onInput={(event) => setPort(Number(event.currentTarget.value))}
        />{" "}
        <button type="submit">{t("save")}</button>
      </form>

      <PortalOriginField onSaved={done} />

      <label for="language">{t("optionsLanguage")}</label>
      <select
        id="language"
        value={language}
        onChange={(event) => {
          const value = event.currentTarget.value as LanguageSetting;
          setLanguageSetting(value);
          void languageItem.setValue(value).then(() => location.reload());
        }}
      >
        <option value="auto">{t("languageAuto")}</option>
        <option value="it">Italiano</option>
        <option value="en">English</option>
      </select>

      <p>
        <label style={{ fontWeight: 400 }}>
          <input
            type="checkbox"
            checked={developerMode}
            onChange={(event) => {
              setDeveloperMode(event.currentTarget.checked);
              void developerModeItem.setValue(event.currentTarget.checked).then(done);
            }}
          />{" "}
          {t("optionsDeveloperMode")}
        </label>
      </p>
      <p>
        <label style={{ fontWeight: 400 }}>
          <input
            type="checkbox"
            checked={attachButton}
            onChange={(event) => {
              setAttachButton(event.currentTarget.checked);
              void attachButtonItem.setValue(event.currentTarget.checked).then(done);
            }}
          />{" "}
          {t("optionsAttachButton")}
        </label>
      </p>

      <h2>{t("optionsSites")}</h2>
      {Object.keys(sites).length === 0 ? (
        <p class="muted">{t("optionsNoSites")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("optionsSite")}</th>
              <th scope="col">{t("optionsDecision")}</th>
              <th scope="col">
                <span class="muted">{t("optionsRevoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(sites).map(([origin, decision]) => (
              <tr key={origin}>
                <td class="origin">{origin}</td>
                <td>{decision === "allowed" ? t("siteAllowed") : t("siteDenied")}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`${t("optionsRevoke")} ${origin}`}
                    onClick={() => void forgetSite(origin, sitePermissionsItem).then(done)}
                  >
                    {t("optionsRevoke")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {saved !== null && (
        <p role="status" class="muted">
          {saved}
        </p>
      )}
    </main>
  );
}
