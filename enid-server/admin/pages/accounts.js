// Members of the store and the stores themselves, for admins (and superusers).
import { get, patch, post } from "../api.js";
import { button, clear, dialog, fmtDate, form, header, notify, pagedList, table } from "../dom.js";
import { t } from "../i18n.js";

const ROLES = ["admin", "staff", "viewer", "customer"];

export async function render(main, context) {
  return context.section === "stores" ? renderStores(main, context) : renderMembers(main, context);
}

const roleOptions = () => ROLES.map((role) => [role, t(`role.${role}`)]);

async function renderMembers(main, context) {
  const edit = (member) =>
    dialog(member.email, (close) =>
      form({
        fields: [
          { name: "name", label: t("name"), value: member.name, required: true },
          { name: "role", label: t("role"), type: "select", options: roleOptions(), value: member.role },
          { name: "is_active", label: t("active"), type: "checkbox", value: member.is_active },
        ],
        submitLabel: t("save"),
        cancel: close,
        submit: async (values) => {
          await patch(`/user/${member.id}/`, values);
          close();
          notify(t("saved"));
          await list.load();
        },
      }).el,
    );
  const list = pagedList({
    fields: [
      { name: "q", label: t("leads.search"), type: "search" },
      { name: "is_active", label: t("active"), type: "select", options: [["", t("all")], ["true", t("yes")], ["false", t("no")]] },
    ],
    fetch: (values, page) => get("/user/", { ...values, ...page }),
    show: (answer) =>
      table(
        [
          { label: t("name"), cell: (m) => m.name },
          { label: t("email"), cell: (m) => m.email },
          { label: t("role"), cell: (m) => t(`role.${m.role}`) },
          { label: t("active"), cell: (m) => (m.is_active ? t("yes") : t("no")) },
          { label: t("acc.joined"), cell: (m) => fmtDate(m.joined_at) },
          { label: t("actions"), cell: (m) => button(t("edit"), () => edit(m)) },
        ],
        answer.results,
      ),
  });
  const create = () =>
    dialog(t("acc.newMember"), (close) =>
      form({
        fields: [
          { name: "name", label: t("name"), required: true },
          { name: "email", label: t("email"), type: "email", required: true },
          { name: "password", label: t("password"), type: "password", required: true, autocomplete: "new-password", hint: t("acc.passwordHint") },
          { name: "role", label: t("role"), type: "select", options: roleOptions(), value: "staff" },
        ],
        submitLabel: t("create"),
        cancel: close,
        submit: async (values) => {
          await post("/user/", values);
          close();
          notify(t("saved"));
          await list.load();
        },
      }).el,
    );
  clear(main, header(t("nav.members"), button(t("acc.newMember"), create, "primary")), list.filters, list.results);
  await list.load();
}

async function renderStores(main, context) {
  const stores = (await get("/store/", { page_size: 200 })).results;
  const edit = (store) =>
    dialog(store.name, (close) =>
      form({
        fields: [
          { name: "name", label: t("name"), value: store.name, required: true },
          { name: "is_active", label: t("active"), type: "checkbox", value: store.is_active },
        ],
        submitLabel: t("save"),
        cancel: close,
        submit: async (values) => {
          await patch(`/store/${store.id}/`, values);
          close();
          notify(t("saved"));
          await renderStores(main, context);
        },
      }).el,
    );
  const create = () =>
    dialog(t("acc.newStore"), (close) =>
      form({
        fields: [{ name: "name", label: t("name"), required: true }],
        submitLabel: t("create"),
        cancel: close,
        submit: async (values) => {
          await post("/store/", values);
          close();
          notify(t("saved"));
          await renderStores(main, context);
        },
      }).el,
    );
  const adminOf = (store) =>
    context.profile.is_superuser || context.profile.stores.some((mine) => mine.id === store.id && mine.role === "admin");
  clear(
    main,
    header(t("nav.stores"), context.profile.is_superuser ? button(t("acc.newStore"), create, "primary") : null),
    table(
      [
        { label: t("name"), cell: (s) => s.name },
        { label: "Slug", cell: (s) => s.slug },
        { label: t("active"), cell: (s) => (s.is_active ? t("yes") : t("no")) },
        { label: t("created"), cell: (s) => fmtDate(s.created_at) },
        { label: t("actions"), cell: (s) => (adminOf(s) ? button(t("edit"), () => edit(s)) : "") },
      ],
      stores,
    ),
  );
}
