// Members of the store and the stores themselves, for admins (and superusers).
import { get, patch, post } from "../api.js";
import { button, clear, dialog, errorBox, fmtDate, form, h, header, notify, pager, table } from "../dom.js";
import { t } from "../i18n.js";

const ROLES = ["admin", "staff", "customer"];
const PAGE_SIZE = 50;

export async function render(main, context) {
  return context.section === "stores" ? renderStores(main, context) : renderMembers(main, context);
}

const roleOptions = () => ROLES.map((role) => [role, t(`role.${role}`)]);

async function renderMembers(main, context) {
  const state = { page: 1 };
  const results = h("div", { "aria-live": "polite" });
  const filters = form({
    compact: true,
    fields: [
      { name: "q", label: t("leads.search"), type: "search" },
      { name: "is_active", label: t("active"), type: "select", options: [["", t("all")], ["true", t("yes")], ["false", t("no")]] },
    ],
    submitLabel: t("filter"),
    submit: async () => {
      state.page = 1;
      await load();
    },
  });
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
          await load();
        },
      }).el,
    );
  async function load() {
    try {
      const answer = await get("/user/", { ...filters.values(), page: state.page, page_size: PAGE_SIZE });
      clear(
        results,
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
        pager(answer, state.page, PAGE_SIZE, (page) => {
          state.page = page;
          load();
        }),
      );
    } catch (error) {
      clear(results, errorBox(error));
    }
  }
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
          await load();
        },
      }).el,
    );
  clear(main, header(t("nav.members"), button(t("acc.newMember"), create, "primary")), filters.el, results);
  await load();
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
