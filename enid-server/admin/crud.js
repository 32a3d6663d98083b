// A list of records of one kind with create, edit, delete and, for ordered kinds, moving a record
// up or down: one PATCH of `position`, the record's new place, which the server takes and numbers
// the rest of the list around in one transaction.
import { del, patch, post } from "./api.js";
import { button, card, confirmed, dialog, errorBox, form, h, notify, table } from "./dom.js";
import { t } from "./i18n.js";

/**
 * Changes made from buttons (not forms): `attempt(change)` runs one and draws the page again, or
 * shows its error in `problem`, the place above the records.
 */
export function attempts(reload) {
  const problem = h("div", { "aria-live": "assertive" });
  const attempt = async (change) => {
    problem.replaceChildren();
    try {
      await change();
      await reload();
    } catch (error) {
      problem.append(errorBox(error));
    }
  };
  return { problem, attempt };
}

/**
 * `path` is the collection (`/faqs/categories/`); `fields(record?)` the form's fields;
 * `payload(values)` what to send; `reload()` draws the page again after a change; `key(record)` is
 * what names a record in its path (its id by default).
 */
export function crudList({ title, newLabel, path, key = (record) => record.id, records, columns, fields, payload = (v) => v, write, reload, ordered = false }) {
  const open = (record) =>
    dialog(record ? t("edit") : newLabel, (close) =>
      form({
        fields: fields(record),
        submitLabel: record ? t("save") : t("create"),
        cancel: close,
        submit: async (values) => {
          if (record) await patch(`${path}${key(record)}/`, payload(values));
          else await post(path, payload(values));
          close();
          notify(t("saved"));
          await reload();
        },
      }).el,
    );
  const { problem, attempt } = attempts(reload);
  const move = (index, step) => attempt(() => patch(`${path}${key(records[index])}/`, { position: index + step }));
  const all = [...columns];
  if (write) {
    all.push({
      label: t("actions"),
      cell: (record) => {
        const index = records.indexOf(record);
        return h(
          "div",
          { class: "row-actions" },
          ordered
            ? [
                h("button", { type: "button", class: "icon", "aria-label": t("moveUp"), disabled: index === 0, onclick: () => move(index, -1) }, "↑"),
                h("button", { type: "button", class: "icon", "aria-label": t("moveDown"), disabled: index === records.length - 1, onclick: () => move(index, 1) }, "↓"),
              ]
            : null,
          button(t("edit"), () => open(record)),
          button(
            t("delete"),
            () => {
              if (confirmed(t("confirmDelete"))) attempt(() => del(`${path}${key(record)}/`).then(() => notify(t("deleted"))));
            },
            "danger",
          ),
        );
      },
    });
  }
  return card(
    null,
    h("div", { class: "page-head" }, h("h2", {}, title), write ? button(newLabel, () => open(null), "primary") : null),
    problem,
    table(all, records),
  );
}
