import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { startBackground } from "../src/background/start-background.js";

export default defineBackground({
  type: "module",
  main() {
    startBackground(browser);
  },
});
