import { CnsBridgeError, type ErrorCode } from "@cns-bridge/shared";
import { DIALOG_PAGES, type DialogRequest } from "./dialog-requests.js";

/** Opens and closes the extension's own dialog windows (browser.windows in the background). */
export interface DialogWindows {
  open(path: string): Promise<number | undefined>;
  close(windowId: number): Promise<void>;
}

interface PendingDialog {
  readonly request: DialogRequest;
  windowId: number | undefined;
  readonly resolve: () => void;
  readonly reject: (error: CnsBridgeError) => void;
}

/** Closing the window is the same as pressing Annulla. */
const CLOSED_MEANS: Record<DialogRequest["kind"], ErrorCode> = {
  pin: "PIN_CANCELLED",
  consent: "CONSENT_REFUSED",
  site: "SITE_NOT_ALLOWED",
};

/**
 * One trusted dialog at a time, in an extension window the page cannot touch: the background
 * asks, the dialog page reads what to show by id and answers; the promise settles only on the
 * holder's explicit click (or rejects on Annulla / window closed).
 */
export class DialogBroker {
  readonly #pending = new Map<string, PendingDialog>();
  readonly #windows: DialogWindows;
  readonly #newId: () => string;

  constructor(windows: DialogWindows, newId: () => string = () => crypto.randomUUID()) {
    this.#windows = windows;
    this.#newId = newId;
  }

  /** Resolves when the holder confirms; rejects with the dialog's refusal code otherwise. */
  async ask(request: DialogRequest): Promise<void> {
    if (this.#pending.size > 0) throw new CnsBridgeError("DIALOG_BUSY");
    const id = this.#newId();
    const settled = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { request, windowId: undefined, resolve, reject });
    });
    try {
      const windowId = await this.#windows.open(`${DIALOG_PAGES[request.kind]}?id=${encodeURIComponent(id)}`);
      const pending = this.#pending.get(id);
      if (pending !== undefined) pending.windowId = windowId;
    } catch (cause) {
      this.#pending.delete(id);
      throw new CnsBridgeError("INTERNAL", {}, { cause });
    }
    return settled;
  }

  /** What dialog `id` must show, or null when it is no longer pending (stale window). */
  describe(id: string): DialogRequest | null {
    return this.#pending.get(id)?.request ?? null;
  }

  /** The holder confirmed: settle and close the window. */
  async confirm(id: string): Promise<void> {
    const pending = this.#take(id);
    pending.resolve();
    if (pending.windowId !== undefined) await this.#windows.close(pending.windowId).catch(() => undefined);
  }

  /** The holder pressed Annulla / Rifiuta. */
  async refuse(id: string): Promise<void> {
    const pending = this.#take(id);
    pending.reject(
      new CnsBridgeError(CLOSED_MEANS[pending.request.kind], { origin: pending.request.origin }),
    );
    if (pending.windowId !== undefined) await this.#windows.close(pending.windowId).catch(() => undefined);
  }

  /** A dialog window was closed by the holder: its request is refused. */
  windowClosed(windowId: number): void {
    for (const [id, pending] of this.#pending) {
      if (pending.windowId !== windowId) continue;
      this.#pending.delete(id);
      pending.reject(
        new CnsBridgeError(CLOSED_MEANS[pending.request.kind], { origin: pending.request.origin }),
      );
    }
  }

  /** Replaces what an open dialog shows (the PIN window after a wrong PIN: new tries-left flags). */
  update(id: string, request: DialogRequest): void {
    const pending = this.#pending.get(id);
    if (pending !== undefined && pending.request.kind === request.kind) {
      this.#pending.set(id, { ...pending, request });
    }
  }

  #take(id: string): PendingDialog {
    const pending = this.#pending.get(id);
    if (pending === undefined) throw new CnsBridgeError("BAD_USAGE", { detail: "no such dialog" });
    this.#pending.delete(id);
    return pending;
  }
}
