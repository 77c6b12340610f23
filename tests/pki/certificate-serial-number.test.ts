import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { randomSerialNumber } from "./certificate-serial-number.js";

describe("test certificate serial numbers", () => {
  it("are always positive, minimally encoded 16-octet DER INTEGERs", () => {
    // 1 in 128 random first octets is 0x00 before the fix: 5,000 draws miss that with odds 1e-17.
    const firstOctets = new Set<number>();
    for (let round = 0; round < 5_000; round += 1) {
      const serial = randomSerialNumber();
      if (serial.length !== 16) throw new Error(`serial of ${serial.length} octets`);
      firstOctets.add(serial[0] ?? 0);
    }
    // DER: no leading 0x00 (and it would make the INTEGER 15 octets long); high bit clear (positive).
    expect(Math.min(...firstOctets)).toBeGreaterThanOrEqual(0x40);
    expect(Math.max(...firstOctets)).toBeLessThan(0x80);
  });

  it("round-trip through asn1js unchanged", () => {
    const serial = randomSerialNumber();
    const der = new asn1js.Integer({ valueHex: serial.buffer as ArrayBuffer }).toBER(false);
    expect(new Uint8Array(der).subarray(2)).toEqual(serial);
    expect(new Uint8Array(der)[1]).toBe(16);
  });
});
