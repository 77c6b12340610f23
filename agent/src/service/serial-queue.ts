/**
 * Runs tasks one after the other. A card does one thing at a time: every operation on one token
 * goes through its queue, whatever tab or connection asked, and each caller gets its own result.
 * A failed task never blocks the ones behind it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending += 1;
    const result = this.#tail.then(task, task);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.#pending -= 1;
    });
  }

  get pending(): number {
    return this.#pending;
  }
}
