import { CnsBridgeError } from "@cns-bridge/shared";
import { browser } from "wxt/browser";
import type { RuntimeMessage, RuntimeReply } from "../background/runtime-messages.js";

/** Asks the background from an extension page; a coded failure is rethrown as CnsBridgeError. */
export async function askBackground<T>(message: RuntimeMessage): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as RuntimeReply<T> | undefined;
  if (reply === undefined || typeof reply !== "object" || !("ok" in reply))
    throw new CnsBridgeError("INTERNAL");
  if (!reply.ok) throw CnsBridgeError.fromJSON(reply.error);
  return reply.value;
}
