// Building the page. Text always goes in as text nodes (never as HTML), so whatever the API
// returns is shown, not run.
import { t, locale } from "./i18n.js";

/** An element: `attrs` sets properties (`class`, `for`, `on*` listeners, others as attributes). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "class") el.className = value;
    else if (name === "for") el.htmlFor = value;
    else if (name === "value") el.value = value;
    else if (name === "checked") el.checked = Boolean(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let sequence = 0;
/** A fresh id for label/description links. */
export function uid(prefix) {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

export function fmtNumber(value, digits = 0) {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function fmtPercent(value) {
  return value === null || value === undefined ? "—" : `${fmtNumber(value, 2)} %`;
}

export function fmtDate(value, withTime = true) {
  if (!value) return "—";
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: "UTC" }).format(new Date(value));
}

/** A heading with optional actions beside it. */
export function header(title, ...actions) {
  return h("div", { class: "page-head" }, h("h1", { tabindex: "-1" }, title), h("div", { class: "actions" }, actions));
}

export function card(title, ...body) {
  return h("section", { class: "card" }, title ? h("h2", {}, title) : null, body);
}

export function stat(label, value) {
  return h("div", { class: "stat" }, h("span", { class: "stat-label" }, label), h("strong", {}, value));
}

export function button(label, onClick, kind = "") {
  return h("button", { type: "button", class: kind, onclick: onClick }, label);
}

/** A table: `columns` are `{label, cell: row => node|text, numeric?}`; rows may link somewhere. */
export function table(columns, rows, { empty = t("empty"), href } = {}) {
  if (!rows.length) return h("p", { class: "empty" }, empty);
  const body = rows.map((row) =>
    h(
      "tr",
      {},
      columns.map((column, index) => {
        let content = column.cell(row);
        if (index === 0 && href) content = h("a", { href: href(row) }, content);
        return h("td", { class: column.numeric ? "num" : "", "data-label": column.label }, content);
      }),
    ),
  );
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col", class: column.numeric ? "num" : "" }, column.label)))),
      h("tbody", {}, body),
    ),
  );
}

/** Previous/next for a paginated answer `{count, next, previous}`. */
export function pager(answer, page, pageSize, go) {
  const first = answer.count ? (page - 1) * pageSize + 1 : 0;
  const last = Math.min(page * pageSize, answer.count);
  return h(
    "nav",
    { class: "pager", "aria-label": t("pages") },
    h("button", { type: "button", disabled: !answer.previous, onclick: () => go(page - 1) }, t("previous")),
    h("span", {}, t("showing", { first, last, count: answer.count })),
    h("button", { type: "button", disabled: !answer.next, onclick: () => go(page + 1) }, t("next")),
  );
}

/** A status message for screen readers and eyes, replacing the last one. */
export function notify(message, kind = "ok") {
  const region = document.getElementById("toast");
  if (!region) return;
  clear(region, h("p", { class: `toast ${kind}` }, message));
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => region.replaceChildren(), 4000);
}

/** An error shown where it happened. */
export function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, error.detail || error.message || String(error));
}

/**
 * A form whose fields each have a label and a place for their errors. `fields` are
 * `{name, label, type?, options?: [[value, label]], required?, value?, min?, max?, step?, hint?}`;
 * `submit(values)` may throw an API error, whose `fields` are shown next to the inputs they name
 * and whose detail above the buttons.
 */
export function form({ fields, submitLabel, submit, cancel, compact = false, name }) {
  const inputs = {};
  const errors = {};
  const general = h("p", { class: "error", role: "alert", hidden: true });
  const submitButton = h("button", { type: "submit", class: "primary" }, submitLabel);
  const rows = fields.map((field) => {
    const id = uid(`f-${field.name}`);
    const errorId = `${id}-error`;
    let input;
    const common = { id, name: field.name, required: field.required, "aria-describedby": errorId };
    if (field.type === "select") {
      input = h(
        "select",
        common,
        field.options.map(([value, label]) => h("option", { value: String(value) }, label)),
      );
      if (field.value !== undefined && field.value !== null) input.value = String(field.value);
    } else if (field.type === "textarea") {
      input = h("textarea", { ...common, rows: field.rows || 4 });
      input.value = field.value ?? "";
    } else if (field.type === "checkbox") {
      input = h("input", { ...common, type: "checkbox", checked: field.value });
    } else {
      input = h("input", {
        ...common,
        type: field.type || "text",
        min: field.min,
        max: field.max,
        step: field.step,
        autocomplete: field.autocomplete || "off",
        placeholder: field.placeholder,
      });
      input.value = field.value ?? "";
    }
    inputs[field.name] = input;
    errors[field.name] = h("span", { class: "field-error", id: errorId });
    const label = h("label", { for: id }, field.label);
    const hint = field.hint ? h("small", {}, field.hint) : null;
    return field.type === "checkbox"
      ? h("div", { class: "field check" }, input, label, errors[field.name])
      : h("div", { class: "field" }, label, input, hint, errors[field.name]);
  });

  function values() {
    const out = {};
    for (const field of fields) {
      const input = inputs[field.name];
      if (field.type === "checkbox") out[field.name] = input.checked;
      else if (field.type === "number") out[field.name] = input.value === "" ? null : Number(input.value);
      else if (field.type === "select" && field.numeric) out[field.name] = input.value === "" ? null : Number(input.value);
      else out[field.name] = input.value;
    }
    return out;
  }

  function showErrors(error) {
    let placed = false;
    for (const [name, messages] of Object.entries(error.fields || {})) {
      if (errors[name]) {
        errors[name].textContent = messages.join(" ");
        inputs[name].setAttribute("aria-invalid", "true");
        placed = true;
      }
    }
    if (!placed || !error.fields) {
      general.textContent = error.detail || error.message;
      general.hidden = false;
    }
    const firstInvalid = Object.values(inputs).find((input) => input.getAttribute("aria-invalid"));
    if (firstInvalid) firstInvalid.focus();
  }

  function resetErrors() {
    general.hidden = true;
    for (const name of Object.keys(errors)) {
      errors[name].textContent = "";
      inputs[name].removeAttribute("aria-invalid");
    }
  }

  const el = h(
    "form",
    {
      class: compact ? "form compact" : "form",
      "data-form": name,
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        if (submitButton.disabled) return;
        resetErrors();
        submitButton.disabled = true;
        try {
          await submit(values());
        } catch (error) {
          showErrors(error);
        } finally {
          submitButton.disabled = false;
        }
      },
    },
    rows,
    general,
    h("div", { class: "form-actions" }, submitButton, cancel ? button(t("cancel"), cancel) : null),
  );
  return { el, inputs, values, showErrors };
}

/** A modal dialog holding `content`; Escape closes it and focus returns where it was. */
export function dialog(title, build) {
  const opener = document.activeElement;
  const el = h("dialog", { "aria-label": title });
  const close = () => {
    el.close();
  };
  el.addEventListener("close", () => {
    el.remove();
    if (opener && opener.focus) opener.focus();
  });
  clear(el, h("div", { class: "dialog-head" }, h("h2", {}, title), button("×", close, "icon close")), build(close));
  document.body.append(el);
  el.showModal();
  return close;
}

/** Asks before something that cannot be undone. */
export function confirmed(message) {
  return window.confirm(message);
}

/** Options `[value, label]` from a list of records. */
export function options(records, label = (record) => record.name, { blank } = {}) {
  const list = records.map((record) => [record.id, label(record)]);
  return blank === undefined ? list : [["", blank], ...list];
}

/** Links between the views of a section: `views` are `[href, label]`, `current` the active href. */
export function tabs(label, current, views) {
  return h(
    "nav",
    { class: "tabs", "aria-label": label },
    views.map(([href, text]) => h("a", { href, "aria-current": href === current ? "page" : null }, text)),
  );
}

/**
 * Filters above a list that pages: `fetch(values, {page, page_size})` returns an answer,
 * `show(answer)` draws it; answers with `next` get previous/next buttons. Errors on a filter
 * are shown next to it, others in place of the list.
 */
export function pagedList({ fields, fetch, show, pageSize = 50 }) {
  const state = { page: 1 };
  const results = h("div", { "aria-live": "polite" });
  const filters = form({
    compact: true,
    fields,
    submitLabel: t("filter"),
    submit: async () => {
      state.page = 1;
      await load();
    },
  });
  async function load() {
    try {
      const answer = await fetch(filters.values(), { page: state.page, page_size: pageSize });
      const paged = "next" in answer;
      clear(
        results,
        show(answer),
        paged
          ? pager(answer, state.page, pageSize, (page) => {
              state.page = page;
              load();
            })
          : null,
      );
    } catch (error) {
      if (error.fields) filters.showErrors(error);
      else clear(results, errorBox(error));
    }
  }
  return { filters: filters.el, results, load };
}
