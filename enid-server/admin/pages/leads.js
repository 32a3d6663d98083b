// Leads: the list with filters and search, one lead with its status and history, lead types.
import { del, get, patch, post } from "../api.js";
import {
  button,
  card,
  clear,
  confirmed,
  dialog,
  errorBox,
  fmtDate,
  fmtNumber,
  form,
  h,
  header,
  notify,
  options,
  pagedList,
  table,
  tabs,
} from "../dom.js";
import { t } from "../i18n.js";

const STATUSES = ["pending", "contacted", "process", "converted", "discarded"];

const statusOptions = (blank) => [
  ...(blank ? [["", blank]] : []),
  ...STATUSES.map((status) => [status, t(`status.${status}`)]),
];

export function statusBadge(status) {
  return h("span", { class: `badge status-${status}` }, t(`status.${status}`));
}

const leadTabs = (current) =>
  tabs(t("nav.leads"), current, [
    ["#/leads", t("leads.list")],
    ["#/leads/types", t("leads.types")],
  ]);

export async function render(main, context) {
  const [first] = context.params;
  if (first === "types") return renderTypes(main, context);
  if (first) return renderLead(main, context, Number(first));
  return renderList(main, context);
}

async function allTypes() {
  return (await get("/lead-type/", { page_size: 200 })).results;
}

async function renderList(main, { can }) {
  const types = await allTypes();
  const columns = [
    { label: t("name"), cell: (lead) => lead.name },
    { label: t("email"), cell: (lead) => lead.email },
    { label: t("leads.phone"), cell: (lead) => lead.phone_number || "—" },
    { label: t("leads.type"), cell: (lead) => lead.lead_type_name },
    { label: t("leads.status"), cell: (lead) => statusBadge(lead.status) },
    { label: t("leads.tries"), cell: (lead) => fmtNumber(lead.tryet), numeric: true },
    { label: t("created"), cell: (lead) => fmtDate(lead.created_at) },
  ];
  const href = (lead) => `#/leads/${lead.id}`;
  const list = pagedList({
    fields: [
      { name: "q", label: t("leads.search"), type: "search", placeholder: t("leads.searchHint") },
      { name: "status", label: t("leads.status"), type: "select", options: statusOptions(t("all")) },
      { name: "lead_type", label: t("leads.type"), type: "select", options: options(types, undefined, { blank: t("all") }) },
      { name: "created_after", label: t("leads.after"), type: "date" },
      { name: "created_before", label: t("leads.before"), type: "date" },
      {
        name: "ordering",
        label: t("leads.ordering"),
        type: "select",
        options: [
          ["-created_at", t("leads.newest")],
          ["created_at", t("leads.oldest")],
          ["name", t("leads.byName")],
        ],
      },
    ],
    fetch: async (values, page) => {
      const q = values.q.trim();
      if (q) return get("/lead-search/", { q, status: values.status || "all", limit: 100 });
      return get("/lead/", {
        status: values.status,
        lead_type: values.lead_type,
        created_after: values.created_after,
        created_before: values.created_before,
        ordering: values.ordering,
        ...page,
      });
    },
    show: (answer) => [
      "next" in answer ? null : h("p", {}, t("leads.found", { count: answer.count })),
      table(columns, answer.results, { href }),
    ],
  });

  const create = can("leads.write")
    ? button(t("leads.new"), () => leadDialog(types), "primary")
    : null;
  clear(main, header(t("nav.leads"), create), leadTabs("#/leads"), card(null, list.filters), list.results);
  await list.load();
}

function leadDialog(types) {
  dialog(t("leads.new"), (close) => {
    const leadForm = form({
      fields: [
        { name: "name", label: t("name"), required: true },
        { name: "email", label: t("email"), type: "email", required: true },
        { name: "phone_number", label: t("leads.phone"), type: "tel" },
        { name: "lead_type", label: t("leads.type"), type: "select", numeric: true, options: options(types.filter((type) => type.is_active)) },
        { name: "status", label: t("leads.status"), type: "select", options: statusOptions() },
      ],
      submitLabel: t("create"),
      cancel: close,
      submit: async (values) => {
        const lead = await post("/lead/", { ...values, phone_number: values.phone_number || null });
        close();
        notify(t("saved"));
        location.hash = `#/leads/${lead.id}`;
      },
    });
    return leadForm.el;
  });
}

async function renderLead(main, { can }, id) {
  const [lead, history] = await Promise.all([get(`/lead/${id}/`), get(`/lead/${id}/history/`, { page_size: 200 })]);
  const facts = h(
    "dl",
    { class: "facts" },
    [
      [t("email"), lead.email],
      [t("leads.phone"), lead.phone_number || "—"],
      [t("leads.type"), lead.lead_type_name],
      [t("leads.status"), statusBadge(lead.status)],
      [t("leads.tries"), fmtNumber(lead.tryet)],
      [t("leads.products"), lead.products_interest.length ? lead.products_interest.map((p) => `#${p}`).join(", ") : "—"],
      [t("created"), fmtDate(lead.created_at)],
      [t("updated"), fmtDate(lead.updated_at)],
      [t("leads.convertedAt"), fmtDate(lead.converted_at)],
    ].map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
  let statusCard = null;
  if (can("leads.write")) {
    const statusForm = form({
      compact: true,
      fields: [{ name: "status", label: t("leads.newStatus"), type: "select", options: statusOptions(), value: lead.status }],
      submitLabel: t("leads.changeStatus"),
      submit: async ({ status }) => {
        await patch(`/lead/${id}/`, { status });
        notify(t("saved"));
        await renderLead(main, { can }, id);
      },
    });
    statusCard = card(t("leads.changeStatus"), statusForm.el);
  }
  const remove = can("leads.write")
    ? button(
        t("delete"),
        async () => {
          if (!confirmed(t("confirmDelete"))) return;
          try {
            await del(`/lead/${id}/`);
            notify(t("deleted"));
            location.hash = "#/leads";
          } catch (error) {
            notify(error.detail, "bad");
          }
        },
        "danger",
      )
    : null;
  clear(
    main,
    header(lead.name, h("a", { href: "#/leads", class: "button" }, t("back")), remove),
    h(
      "div",
      { class: "grid" },
      card(t("leads.detail"), facts),
      statusCard,
      card(
        t("leads.history"),
        table(
          [
            { label: t("leads.from"), cell: (change) => statusBadge(change.from_status) },
            { label: t("leads.to"), cell: (change) => statusBadge(change.to_status) },
            { label: t("leads.by"), cell: (change) => change.changed_by_email || "—" },
            { label: t("leads.when"), cell: (change) => fmtDate(change.changed_at) },
          ],
          history.results,
          { empty: t("leads.noHistory") },
        ),
      ),
    ),
  );
}

async function renderTypes(main, { can }) {
  const types = await allTypes();
  const write = can("leads.write");
  const typeForm = (type, close) =>
    form({
      fields: [
        { name: "name", label: t("name"), required: true, value: type ? type.name : "" },
        { name: "is_active", label: t("active"), type: "checkbox", value: type ? type.is_active : true },
      ],
      submitLabel: type ? t("save") : t("create"),
      cancel: close,
      submit: async (values) => {
        if (type) await patch(`/lead-type/${type.id}/`, values);
        else await post("/lead-type/", values);
        close();
        notify(t("saved"));
        await renderTypes(main, { can });
      },
    }).el;
  const columns = [
    { label: t("name"), cell: (type) => type.name },
    { label: t("active"), cell: (type) => (type.is_active ? t("yes") : t("no")) },
  ];
  if (write) {
    columns.push({
      label: t("actions"),
      cell: (type) =>
        h(
          "div",
          { class: "row-actions" },
          button(t("edit"), () => dialog(t("edit"), (close) => typeForm(type, close))),
          button(
            t("delete"),
            async (event) => {
              if (!confirmed(t("confirmDelete"))) return;
              try {
                await del(`/lead-type/${type.id}/`);
                notify(t("deleted"));
                await renderTypes(main, { can });
              } catch (error) {
                event.target.after(errorBox(error));
              }
            },
            "danger",
          ),
        ),
    });
  }
  clear(
    main,
    header(t("leads.types"), write ? button(t("leads.newType"), () => dialog(t("leads.newType"), (close) => typeForm(null, close)), "primary") : null),
    leadTabs("#/leads/types"),
    table(columns, types),
  );
}
