import { useRef, useState } from "preact/hooks";
import { type CodedMessage, codedMessage } from "../../ui/coded-error.js";

/**
 * One user action at a time (a second click while busy is ignored), with its failure kept as a
 * coded message for the step to show.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CodedMessage | null>(null);
  const running = useRef(false);
  const run = async (action: () => Promise<void>): Promise<void> => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(codedMessage(failure));
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
