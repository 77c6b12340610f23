// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { setLanguage } from "../i18n/t.js";
import { PinPage, triesLeftNotice } from "./pin-page.js";

vi.mock("wxt/browser", async () => ({ browser: (await import("wxt/testing/fake-browser")).fakeBrowser }));

const flags = {
  userPinCountLow: false,
  userPinFinalTry: false,
  userPinLocked: false,
  userPinToBeChanged: false,
  soPinCountLow: false,
  soPinFinalTry: false,
  soPinLocked: false,
};
const request = {
  kind: "pin",
  origin: "https://portale.example.it",
  reason: "authenticate",
  tokenLabel: "CNS",
  pinFlags: flags,
};

/** Plays the background: answers dialog:get and pin:submit, recording what the page sent. */
function background(onPin: (pin: string) => unknown) {
  const received: unknown[] = [];
  fakeBrowser.runtime.onMessage.addListener((raw: unknown) => {
    const message = raw as { kind: string; pin?: string };
    received.push(message);
    if (message.kind === "dialog:get") return Promise.resolve({ ok: true, value: request });
    if (message.kind === "pin:submit") return Promise.resolve({ ok: true, value: onPin(message.pin ?? "") });
    return Promise.resolve({ ok: true, value: null });
  });
  return received;
}

describe("PinPage", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    setLanguage("it");
    window.close = vi.fn();
  });
  afterEach(cleanup);

  it("shows who asks and why, and sends the typed PIN once", async () => {
    const received = background(() => ({ ok: true }));
    render(<PinPage dialogId="d1" />);
    await screen.findByText("https://portale.example.it");
    expect(screen.getByText(/accedere al sito/)).toBeTruthy();
    const field = screen.getByLabelText("PIN") as HTMLInputElement;
    fireEvent.input(field, { target: { value: "12345678" } });
    fireEvent.submit(field.form as HTMLFormElement);
    await waitFor(() => expect(window.close).toHaveBeenCalled());
    expect(received.filter((m) => (m as { kind: string }).kind === "pin:submit")).toEqual([
      { kind: "pin:submit", id: "d1", pin: "12345678" },
    ]);
  });

  it("reports a wrong PIN, empties the field, and shows the final-try warning from the new flags", async () => {
    const received = background(() => ({
      ok: false,
      error: { code: "PIN_INCORRECT", message: "PIN errato." },
      pinFlags: { ...flags, userPinFinalTry: true },
    }));
    render(<PinPage dialogId="d2" />);
    const field = (await screen.findByLabelText("PIN")) as HTMLInputElement;
    fireEvent.input(field, { target: { value: "00000000" } });
    fireEvent.submit(field.form as HTMLFormElement);
    expect((await screen.findByTestId("pin-error")).textContent).toBe("PIN errato.");
    expect(field.value).toBe("");
    expect(screen.getByTestId("pin-tries").textContent).toContain("ULTIMO TENTATIVO");
    expect(screen.getByRole("button", { name: "Conferma (ultimo tentativo)" })).toBeTruthy();
    expect(window.close).not.toHaveBeenCalled();
    expect(received.filter((m) => (m as { kind: string }).kind === "pin:submit")).toHaveLength(1);
  });

  it("cancels with Annulla and with Escape", async () => {
    const received = background(() => ({ ok: true }));
    render(<PinPage dialogId="d3" />);
    await screen.findByLabelText("PIN");
    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(received).toContainEqual({ kind: "dialog:refuse", id: "d3" }));
  });
});

describe("triesLeftNotice", () => {
  it("puts the most serious state first", () => {
    expect(triesLeftNotice(flags)).toBeNull();
    expect(triesLeftNotice({ ...flags, userPinCountLow: true })).toEqual({
      key: "pinCountLow",
      level: "warn",
    });
    expect(triesLeftNotice({ ...flags, userPinCountLow: true, userPinFinalTry: true })?.key).toBe(
      "pinFinalTry",
    );
    expect(triesLeftNotice({ ...flags, userPinFinalTry: true, userPinLocked: true })?.key).toBe("pinLocked");
  });
});
