import { describe, expect, it } from "vitest";
import { CertificateMemo } from "./certificate-memo.js";

describe("CertificateMemo", () => {
  it("derives once per buffer, again when the buffer's bytes changed or after forget", () => {
    let derived = 0;
    const memo = new CertificateMemo((der) => {
      derived += 1;
      return Array.from(der).join(",");
    });
    const der = new Uint8Array([1, 2, 3]);
    expect(memo.get(der)).toBe("1,2,3");
    expect(memo.get(der)).toBe("1,2,3");
    expect(derived).toBe(1);
    der[0] = 9; // refilled in place: the old value must not be served
    expect(memo.get(der)).toBe("9,2,3");
    expect(derived).toBe(2);
    expect(memo.get(new Uint8Array([9, 2, 3]))).toBe("9,2,3"); // another buffer: derived on its own
    expect(derived).toBe(3);
    memo.forget(der);
    memo.get(der);
    expect(derived).toBe(4);
  });
});
