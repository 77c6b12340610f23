import { describe, expect, it } from "vitest";
import { decodePinFlags } from "./pin-flags.js";
import vectors from "./vectors/pin-flags.json" with { type: "json" };

const ALL_CLEAR = {
  userPinCountLow: false,
  userPinFinalTry: false,
  userPinLocked: false,
  userPinToBeChanged: false,
  soPinCountLow: false,
  soPinFinalTry: false,
  soPinLocked: false,
};

describe("decodePinFlags", () => {
  for (const vector of vectors.vectors) {
    it(`decodes ${vector.flags}`, () => {
      expect(decodePinFlags(Number(vector.flags))).toEqual({ ...ALL_CLEAR, ...vector.expected });
    });
  }
});
