import { mountPage } from "../../src/ui/mount-page.js";
import { PinPage } from "../../src/ui/pin-page.js";

const dialogId = new URLSearchParams(location.search).get("id") ?? "";
void mountPage("pinTitle", () => <PinPage dialogId={dialogId} />);
