import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// A report being built: ask for its status every two seconds and show the page
// again when it changes (the page works without this, with a "check again" link).
const poll = document.querySelector("[data-report-poll]");
if (poll) {
  const url = poll.dataset.reportPoll;
  const started = poll.dataset.reportStatus;
  const timer = setInterval(async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { status } = await response.json();
      if (status !== started) {
        clearInterval(timer);
        window.location.reload();
      }
    } catch {
      // The network is away for a moment: try again at the next tick.
    }
  }, 2000);
}

// "Copy the link": shown only where the browser can copy; the link stays in its box
// to select by hand everywhere else.
for (const button of document.querySelectorAll("[data-copy]")) {
  if (!navigator.clipboard) continue;
  const field = document.getElementById(button.dataset.copy);
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Link copied";
  });
}
