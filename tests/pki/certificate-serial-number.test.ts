import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { randomSerialNumber } from "./certificate-serial-number.js";

describe("test certificate serial numbers", () => {
  it("are always positive, minimally encoded 16-octet DER INTEGERs", () => {
    for (let round = 0; round < 20_000; round += 1) {
      const serial = randomSerialNumber();
      expect(serial).toHaveLength(16);
      const first = serial[0] ?? 0;
      // DER: no leading 0x00 (and it would make the INTEGER 15 octets long); high bit clear (positive).
      expect(first).toBeGreaterThanOrEqual(0x40);
      expect(first).toBeLessThan(0x80);
    }
  });

  it("round-trip through asn1js unchanged", () => {
    const serial = randomSerialNumber();
    const der = new asn1js.Integer({ valueHex: serial.buffer as ArrayBuffer }).toBER(false);
    expect(new Uint8Array(der).subarray(2)).toEqual(serial);
    expect(new Uint8Array(der)[1]).toBe(16);
  });
});
