// Return-policy cards, the return window, and customers' return requests with their states.
import { get, patch, put } from "../api.js";
import { crudList } from "../crud.js";
import { card, clear, fmtDate, fmtNumber, form, h, header, notify, pagedList, table, tabs } from "../dom.js";
import { t } from "../i18n.js";

const STATUSES = ["requested", "approved", "rejected", "received", "refunded"];
// The moves the server allows from each state.
const NEXT = { requested: ["approved", "rejected"], approved: ["received"], received: ["refunded"], rejected: [], refunded: [] };

const returnTabs = (current) =>
  tabs(t("nav.returns"), current, [
    ["#/returns", t("ret.requests")],
    ["#/returns/cards", t("ret.cards")],
  ]);

const badge = (status) => h("span", { class: `badge return-${status}` }, t(`ret.${status}`));

export async function render(main, context) {
  const [first] = context.params;
  if (first === "cards") return renderCards(main, context);
  if (first) return renderRequest(main, context, first);
  return renderRequests(main, context);
}

async function renderRequests(main) {
  const list = pagedList({
    fields: [{ name: "status", label: t("leads.status"), type: "select", options: [["", t("all")], ...STATUSES.map((s) => [s, t(`ret.${s}`)])] }],
    fetch: (values, page) => get("/returns/requests/", { ...values, ...page }),
    show: (answer) =>
      table(
        [
          { label: t("ret.order"), cell: (r) => r.order_reference },
          { label: t("name"), cell: (r) => r.customer_name },
          { label: t("email"), cell: (r) => r.customer_email },
          { label: t("leads.status"), cell: (r) => badge(r.status) },
          { label: t("created"), cell: (r) => fmtDate(r.created_at) },
        ],
        answer.results,
        { href: (r) => `#/returns/${r.request_id}` },
      ),
  });
  clear(main, header(t("nav.returns")), returnTabs("#/returns"), list.filters, list.results);
  await list.load();
}

async function renderRequest(main, context, id) {
  const request = await get(`/returns/requests/${id}/`);
  let moves = null;
  if (context.can("returns.write") && NEXT[request.status].length) {
    const move = form({
      fields: [
        { name: "status", label: t("ret.newStatus"), type: "select", options: NEXT[request.status].map((s) => [s, t(`ret.${s}`)]) },
        { name: "note", label: t("inv.note"), type: "textarea", rows: 2 },
      ],
      submitLabel: t("ret.apply"),
      submit: async (values) => {
        await patch(`/returns/requests/${id}/`, { status: values.status, note: values.note || null });
        notify(t("saved"));
        await renderRequest(main, context, id);
      },
    });
    moves = card(t("ret.changeStatus"), move.el);
  }
  clear(
    main,
    header(`${t("ret.order")} ${request.order_reference}`, h("a", { href: "#/returns", class: "button" }, t("back"))),
    h(
      "div",
      { class: "grid" },
      card(
        t("ret.request"),
        h(
          "dl",
          { class: "facts" },
          [
            [t("leads.status"), badge(request.status)],
            [t("name"), request.customer_name],
            [t("email"), request.customer_email],
            [t("ret.delivered"), fmtDate(request.delivered_at)],
            [t("ret.reason"), request.reason],
            [t("created"), fmtDate(request.created_at)],
          ].map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
        ),
        table(
          [
            { label: t("inv.product"), cell: (item) => `#${item.product_id}` },
            { label: t("inv.quantity"), cell: (item) => fmtNumber(item.quantity), numeric: true },
          ],
          request.items,
        ),
      ),
      moves,
      card(
        t("leads.history"),
        table(
          [
            { label: t("leads.from"), cell: (c) => badge(c.from_status) },
            { label: t("leads.to"), cell: (c) => badge(c.to_status) },
            { label: t("leads.by"), cell: (c) => c.changed_by_email || "—" },
            { label: t("inv.note"), cell: (c) => c.note || "—" },
            { label: t("leads.when"), cell: (c) => fmtDate(c.changed_at) },
          ],
          request.history,
          { empty: t("leads.noHistory") },
        ),
      ),
    ),
  );
}

async function renderCards(main, context) {
  const write = context.can("returns.write");
  const [cards, settings] = await Promise.all([get("/returns/", { page_size: 200 }), get("/returns/settings/")]);
  const reload = () => renderCards(main, context);
  const windowForm = write
    ? form({
        compact: true,
        fields: [{ name: "window_days", label: t("ret.window"), type: "number", min: 1, value: settings.window_days }],
        submitLabel: t("save"),
        submit: async (values) => {
          await put("/returns/settings/", values);
          notify(t("saved"));
        },
      }).el
    : h("p", {}, t("ret.windowIs", { days: settings.window_days }));
  clear(
    main,
    header(t("nav.returns")),
    returnTabs("#/returns/cards"),
    card(t("ret.window"), windowForm),
    crudList({
      title: t("ret.cards"),
      newLabel: t("ret.newCard"),
      path: "/returns/",
      records: cards.results,
      ordered: true,
      write,
      reload,
      columns: [
        { label: t("faq.ask"), cell: (c) => c.ask },
        { label: t("ret.short"), cell: (c) => c.short_answer },
      ],
      fields: (c) => [
        { name: "ask", label: t("faq.ask"), required: true, value: c ? c.ask : "" },
        { name: "short_answer", label: t("ret.short"), type: "textarea", required: true, value: c ? c.short_answer : "" },
        { name: "path_seccion", label: t("ret.path"), value: c ? c.path_seccion : "" },
        { name: "call_to_action", label: t("ret.cta"), value: c ? c.call_to_action : "" },
      ],
      payload: (values) => ({ ...values, path_seccion: values.path_seccion || null, call_to_action: values.call_to_action || null }),
    }),
  );
}
