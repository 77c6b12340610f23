import type { AgentRequestType } from "@cns-bridge/shared";
import { authSign } from "./auth-sign.js";
import { certificateGet } from "./certificate-get.js";
import { diagnosticsRun } from "./diagnostics-run.js";
import type { Handler } from "./handler.js";
import { hello } from "./hello.js";
import { signCancel } from "./sign-cancel.js";
import { signChunk } from "./sign-chunk.js";
import { signFetch } from "./sign-fetch.js";
import { signFinish } from "./sign-finish.js";
import { signStart } from "./sign-start.js";
import { tokenLogin } from "./token-login.js";
import { tokenLogout } from "./token-logout.js";
import { tokensList } from "./tokens-list.js";

/** Every request type has exactly one handler: the type checker refuses a missing one. */
export const handlers: { [T in AgentRequestType]: Handler<T> } = {
  hello,
  "tokens.list": tokensList,
  "token.login": tokenLogin,
  "token.logout": tokenLogout,
  "certificate.get": certificateGet,
  "auth.sign": authSign,
  "sign.start": signStart,
  "sign.chunk": signChunk,
  "sign.finish": signFinish,
  "sign.fetch": signFetch,
  "sign.cancel": signCancel,
  "diagnostics.run": diagnosticsRun,
};

export type { Handler, HandlerContext } from "./handler.js";
