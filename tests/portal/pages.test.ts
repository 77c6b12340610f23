import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPortal } from "../sandbox/portal/app.js";

const dir = mkdtempSync(join(tmpdir(), "cns-portal-pages-"));
const portal = createPortal({
  dbPath: join(dir, "portal.sqlite"),
  trustedCAs: [],
  publicOrigin: "http://portale.test",
  pagopa: {
    baseUrl: "http://pagopa.test",
    creditorFiscalCode: "80002170019",
    creditorName: "Camera di Commercio di prova",
    callbackSecret: "secret-shared-by-portal-and-pagopa-0001",
  },
});

afterAll(() => {
  portal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("portal pages", () => {
  it("landing: Italian, 'Procedi con CNS' through the page API module", async () => {
    const response = await portal.app.request("/");
    const html = await response.text();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain('<html lang="it">');
    expect(html).toContain("Procedi con CNS");
    expect(html).toContain('import { createCnsBridgeClient } from "/assets/shared/page-api/index.js"');
    expect(html).toContain('"zod/mini": "/assets/zod/mini/index.js"');
  });

  it("status page does not reflect the path into the markup", async () => {
    const html = await (
      await portal.app.request("/richiesta/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E/pagamento")
    ).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain('"><script>');
    expect(html).toContain("Stato della richiesta");
  });

  it("without assets configured, no files are served", async () => {
    expect((await portal.app.request("/assets/shared/page-api/index.js")).status).toBe(404);
  });
});
