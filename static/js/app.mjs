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

// A long list of checkboxes (a grant's co-funders among every organisation) becomes a
// searchable one: the boxes ticked show, and a box above finds the others by name.
// Without the script the whole list shows, as before.
// The lists made searchable, by the name of their field.
const SEARCHABLE = ["co_funders"];
const searchable = SEARCHABLE.map((name) => `.govuk-checkboxes:has(input[name="${name}"])`);
document.querySelectorAll(searchable.join(", ")).forEach((list, index) => {
  const items = [...list.querySelectorAll(".govuk-checkboxes__item")];
  const legend = list.closest("fieldset")?.querySelector("legend")?.textContent.trim();
  const wrapper = document.createElement("div");
  wrapper.className = "govuk-form-group app-list-filter";
  const id = `list-filter-${index}`;
  wrapper.innerHTML = `
    <label class="govuk-label" for="${id}"></label>
    <input class="govuk-input govuk-!-width-one-half" id="${id}" type="search" autocomplete="off">
    <p class="govuk-body-s govuk-!-margin-top-1" aria-live="polite"></p>`;
  wrapper.querySelector("label").textContent =
    `Find in the list${legend ? ` of ${legend.toLowerCase()}` : ""}`;
  const input = wrapper.querySelector("input");
  const status = wrapper.querySelector("p");
  input.setAttribute("aria-controls", list.id || (list.id = `${id}-list`));
  list.before(wrapper);
  const show = () => {
    const wanted = input.value.trim().toLowerCase();
    let shown = 0;
    for (const item of items) {
      const ticked = item.querySelector("input").checked;
      const name = item.querySelector("label").textContent.toLowerCase();
      const visible = ticked || (wanted !== "" && name.includes(wanted));
      item.style.display = visible ? "" : "none";
      shown += visible ? 1 : 0;
    }
    status.textContent = wanted
      ? `${shown} of ${items.length} shown`
      : `Type part of a name to find it among ${items.length}; those ticked show here.`;
  };
  input.addEventListener("input", show);
  show();
});
