// Dev-only entry (report-harness.html) that renders the report screen alone, so the
// browser test (e2e/report.test.mjs) can drive it without the app. `?runners=a,b`
// gives the journey's runners (none when empty); the journey is `cart_recovery`.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import "../styles.css";
import { ReportScreen } from "./ReportScreen";

const params = new URLSearchParams(window.location.search);
const runners = (params.get("runners") ?? "local").split(",").filter(Boolean);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <main className="app-main" style={{ padding: "1rem" }}>
      <ReportScreen
        journey="cart_recovery"
        runners={runners}
        order={["start", "wait_1h", "still_unpaid", "remind", "end_sent"]}
        onClose={() => document.body.setAttribute("data-closed", "true")}
      />
    </main>
  </StrictMode>,
);
