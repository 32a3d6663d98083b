// The dashboard: each panel loads on its own, so a slow one does not hold the others back.
import { get } from "../api.js";
import { barChart, lineChart } from "../charts.js";
import { card, clear, errorBox, fmtNumber, fmtPercent, h, header, stat, table } from "../dom.js";
import { t } from "../i18n.js";

const DAYS = 30;

function panel(title, load) {
  const body = h("div", { class: "panel-body" }, h("p", { class: "loading" }, t("loading")));
  load()
    .then((content) => clear(body, content))
    .catch((error) => clear(body, errorBox(error)));
  return card(title, body);
}

export async function render(main, { can }) {
  const panels = [];
  if (can("leads.read")) {
    panels.push(
      panel(t("dash.leads"), async () => {
        const [overview, trends] = await Promise.all([
          get("/lead-metrics/overview/"),
          get("/lead-metrics/trends/", { days: DAYS }),
        ]);
        return [
          h(
            "div",
            { class: "stats" },
            stat(t("dash.totalLeads"), fmtNumber(overview.total_leads)),
            stat(t("dash.today"), fmtNumber(overview.new_leads_today)),
            stat(t("dash.week"), fmtNumber(overview.new_leads_week)),
            stat(t("dash.month"), fmtNumber(overview.new_leads_month)),
            stat(t("dash.conversion"), fmtPercent(overview.conversion_rate)),
          ),
          lineChart(
            t("dash.leadTrends", { days: DAYS }),
            trends.map((row) => row.date),
            [
              { label: t("dash.newLeads"), values: trends.map((row) => row.new_leads) },
              { label: t("dash.converted"), values: trends.map((row) => row.converted_leads) },
            ],
          ),
        ];
      }),
      panel(t("dash.funnel"), async () => {
        const funnel = await get("/lead-metrics/conversion-funnel/");
        return barChart(
          t("dash.funnelCaption", { count: fmtNumber(funnel.total_leads) }),
          funnel.stages.map((stage) => ({
            label: t(`status.${stage.status}`),
            value: stage.count,
            note: fmtPercent(stage.percentage),
          })),
        );
      }),
    );
  }
  if (can("analytics.read")) {
    panels.push(
      panel(t("dash.traffic"), async () => {
        const [summary, trends] = await Promise.all([
          get("/page-analytics/page-access/summary/", { days: DAYS }),
          get("/page-analytics/page-access/trends/", { days: DAYS }),
        ]);
        const events = summary.ecommerce_events;
        return [
          h(
            "div",
            { class: "stats" },
            stat(t("an.views"), fmtNumber(summary.total_page_views)),
            stat(t("an.visitors"), fmtNumber(summary.unique_visitors)),
            stat(t("an.avgTime"), `${fmtNumber(summary.avg_time_on_page, 1)} s`),
            stat(t("an.bounce"), fmtPercent(summary.bounce_rate)),
          ),
          lineChart(
            t("dash.trafficTrends", { days: DAYS }),
            trends.map((row) => row.date),
            [
              { label: t("an.views"), values: trends.map((row) => row.page_views) },
              { label: t("an.visitors"), values: trends.map((row) => row.unique_visitors) },
            ],
          ),
          barChart(t("dash.ecommerce"), [
            { label: t("an.productViews"), value: events.product_views },
            { label: t("an.addToCart"), value: events.add_to_cart },
            { label: t("an.checkout"), value: events.begin_checkout },
            { label: t("an.purchases"), value: events.purchases },
          ]),
        ];
      }),
    );
  }
  if (can("stock.read")) {
    panels.push(
      panel(t("dash.lowStock"), async () => {
        const report = await get("/inventory/report/", { days: DAYS, page_size: 1 });
        return [
          h("p", {}, t("inv.lowStockCount", { count: fmtNumber(report.low_stock_count) })),
          table(
            [
              { label: t("inv.product"), cell: (row) => `#${row.product_id}` },
              { label: t("inv.total"), cell: (row) => fmtNumber(row.total), numeric: true },
              { label: t("inv.min"), cell: (row) => fmtNumber(row.min_stock), numeric: true },
            ],
            report.low_stock.slice(0, 10),
            { empty: t("inv.noLowStock"), href: (row) => `#/inventory/product/${row.product_id}` },
          ),
        ];
      }),
    );
  }
  clear(main, header(t("nav.dashboard")), h("div", { class: "grid" }, panels));
}
