import { DiagnosticsPage } from "../../src/ui/diagnostics-page.js";
import { mountPage } from "../../src/ui/mount-page.js";

void mountPage("diagnosticsTitle", () => <DiagnosticsPage />);
