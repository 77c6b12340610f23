import { ConsentPage } from "../../src/ui/consent-page.js";
import { mountPage } from "../../src/ui/mount-page.js";

const dialogId = new URLSearchParams(location.search).get("id") ?? "";
void mountPage("consentTitle", () => <ConsentPage dialogId={dialogId} />);
