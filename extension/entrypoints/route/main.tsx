import { mountPage } from "../../src/ui/mount-page.js";
import { RoutePage } from "../../src/route/ui/route-page.js";

void mountPage("routeTitle", () => <RoutePage />);
