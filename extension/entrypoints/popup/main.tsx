import { PopupPage } from "../../src/ui/popup-page.js";
import { mountPage } from "../../src/ui/mount-page.js";

void mountPage("extensionName", () => <PopupPage />);
