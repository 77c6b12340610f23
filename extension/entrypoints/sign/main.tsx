import { mountPage } from "../../src/ui/mount-page.js";
import { SignPage } from "../../src/ui/sign-page.js";

void mountPage("signDocumentsTitle", () => <SignPage />);
