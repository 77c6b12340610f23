import { mountPage } from "../../src/ui/mount-page.js";
import { OptionsPage } from "../../src/ui/options-page.js";

void mountPage("optionsTitle", () => <OptionsPage />);
