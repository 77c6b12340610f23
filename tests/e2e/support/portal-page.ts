import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type Challenge, createChallenge, isCnsBridgeError, verifyAuthToken } from "@cns-bridge/shared";
import { build } from "esbuild";

const clientEntry = fileURLToPath(new URL("../../../shared/src/page-api/client.ts", import.meta.url));

/** The page API client bundled for the browser, exactly as a portal would ship it, exposed as `window.cnsBridge`. */
async function bundleClient(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { createCnsBridgeClient } from ${JSON.stringify(clientEntry)};\nwindow.cnsBridge = createCnsBridgeClient({ timeoutMs: 120000 });`,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error("esbuild produced nothing");
  return output.text;
}

const PAGE = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Portale di prova</title>
<script src="/client.js"></script></head><body><main><h1>Portale di prova</h1>
<label for="upload">Allega il documento firmato</label> <input id="upload" type="file"></main></body></html>`;

export interface TestPortal {
  readonly url: string;
  readonly verified: { codiceFiscale: string }[];
  close(): Promise<void>;
}

/**
 * A minimal portal on http://127.0.0.1 (allowed in the extension's developer mode): it serves a
 * page with the page API client, makes challenges, and verifies auth tokens server-side with
 * `verifyAuthToken` against the test CA, for its own origin.
 */
export async function startTestPortal(trustedCaPem: string): Promise<TestPortal> {
  const client = await bundleClient();
  const challenges = new Map<string, Challenge>();
  const verified: { codiceFiscale: string }[] = [];
  let origin = "";
  const server: Server = createServer((request, response) => {
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type });
      response.end(body);
    };
    if (request.method === "GET" && request.url === "/") return send(200, "text/html; charset=utf-8", PAGE);
    if (request.method === "GET" && request.url === "/client.js") return send(200, "text/javascript", client);
    if (request.method === "GET" && request.url === "/challenge") {
      const challenge = createChallenge();
      challenges.set(challenge.nonce, challenge);
      return send(200, "application/json", JSON.stringify({ nonce: challenge.nonce }));
    }
    if (request.method === "POST" && request.url === "/login") {
      let body = "";
      request.on("data", (piece: Buffer) => (body += piece.toString()));
      request.on("end", () => {
        const { nonce, authToken } = JSON.parse(body) as { nonce: string; authToken: unknown };
        const challenge = challenges.get(nonce);
        if (challenge === undefined)
          return send(400, "application/json", JSON.stringify({ error: "no challenge" }));
        verifyAuthToken({
          token: authToken,
          expectedOrigin: origin,
          nonce: challenge,
          trustedCAs: [trustedCaPem],
        }).then(
          (holder) => {
            verified.push({ codiceFiscale: holder.codiceFiscale });
            send(200, "application/json", JSON.stringify({ codiceFiscale: holder.codiceFiscale }));
          },
          (error: unknown) =>
            send(
              403,
              "application/json",
              JSON.stringify({ error: isCnsBridgeError(error) ? error.code : "INTERNAL" }),
            ),
        );
      });
      return;
    }
    send(404, "text/plain", "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    verified,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
