// A list of records of one kind with create, edit, delete and, for ordered kinds, moving a record
// up or down (swapping `position` with its neighbour).
import { del, patch, post } from "./api.js";
import { button, card, confirmed, dialog, errorBox, form, h, notify, table } from "./dom.js";
import { t } from "./i18n.js";

/**
 * `path` is the collection (`/faqs/categories/`); `fields(record?)` the form's fields;
 * `payload(values)` what to send; `reload()` draws the page again after a change.
 */
export function crudList({ title, newLabel, path, records, columns, fields, payload = (v) => v, write, reload, ordered = false }) {
  const open = (record) =>
    dialog(record ? t("edit") : newLabel, (close) =>
      form({
        fields: fields(record),
        submitLabel: record ? t("save") : t("create"),
        cancel: close,
        submit: async (values) => {
          if (record) await patch(`${path}${record.id}/`, payload(values));
          else await post(path, payload(values));
          close();
          notify(t("saved"));
          await reload();
        },
      }).el,
    );
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
  // Neighbours swap positions; equal positions (as imported) take their places in the list.
  const move = (index, step) =>
    attempt(async () => {
      const record = records[index];
      const other = records[index + step];
      const [mine, theirs] =
        record.position === other.position ? [index + step, index] : [other.position, record.position];
      await patch(`${path}${record.id}/`, { position: mine });
      await patch(`${path}${other.id}/`, { position: theirs });
    });
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
              if (confirmed(t("confirmDelete"))) attempt(() => del(`${path}${record.id}/`).then(() => notify(t("deleted"))));
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
