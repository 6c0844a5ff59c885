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

// Asking for a report: the button says at once that the PDF is on its way, since
// the next page (its progress) can take a moment to come when the build runs inline.
for (const form of document.querySelectorAll("form[data-report-request]")) {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button");
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Building the PDF…";
    form.querySelector("[data-report-progress]").textContent =
      "Building the PDF. Its page opens when it is ready, or shows its progress.";
  });
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

// A long list to choose one person from (a substitute at a meeting): a box before
// it narrows the list to the names typed; the one chosen always stays. Without the
// script the whole list shows.
document.querySelectorAll("select[data-filter-label]").forEach((select, index) => {
  const options = [...select.options].filter((option) => option.value);
  const wrapper = document.createElement("div");
  wrapper.className = "app-select-filter govuk-!-margin-bottom-1";
  const id = `select-filter-${index}`;
  wrapper.innerHTML = `
    <label class="govuk-label govuk-body-s govuk-!-margin-bottom-1" for="${id}">Find by name<span class="govuk-visually-hidden"></span></label>
    <input class="govuk-input govuk-input--width-10" id="${id}" type="search" autocomplete="off">`;
  wrapper.querySelector("label span").textContent = ` (${select.dataset.filterLabel})`;
  const input = wrapper.querySelector("input");
  input.setAttribute("aria-controls", select.id);
  select.before(wrapper);
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    for (const option of options) {
      option.hidden = !option.selected && wanted !== "" && !option.textContent.toLowerCase().includes(wanted);
    }
  });
});
