// Page analytics: summary, daily trends, sections, page performance and journeys for a window.
import { get } from "../api.js";
import { barChart, lineChart } from "../charts.js";
import { card, clear, fmtNumber, fmtPercent, form, h, header, stat, table } from "../dom.js";
import { t } from "../i18n.js";

const DAYS_KEY = "enid.admin.analyticsDays";

export async function render(main, context) {
  const days = Number(sessionStorage.getItem(DAYS_KEY)) || 30;
  const [summary, trends, sections, performance, journeys] = await Promise.all([
    get("/page-analytics/page-access/summary/", { days }),
    get("/page-analytics/page-access/trends/", { days }),
    get("/page-analytics/page-access/sections/", { days, page_size: 50 }),
    get("/page-analytics/page-access/performance/", { days, page_size: 50 }),
    get("/page-analytics/user-journey/analytics/", { days }),
  ]);
  const choose = form({
    compact: true,
    fields: [{ name: "days", label: t("days"), type: "select", numeric: true, options: [7, 30, 90, 365].map((d) => [d, String(d)]), value: days }],
    submitLabel: t("show"),
    submit: async (values) => {
      sessionStorage.setItem(DAYS_KEY, String(values.days));
      await render(main, context);
    },
  });
  const distribution = (title, counts) =>
    barChart(
      title,
      Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([label, value]) => ({ label: label || "—", value })),
    );
  const seconds = (value) => (value === null || value === undefined ? "—" : `${fmtNumber(value, 1)} s`);
  const millis = (value) => (value === null || value === undefined ? "—" : `${fmtNumber(value)} ms`);
  const events = summary.ecommerce_events;
  clear(
    main,
    header(t("nav.analytics")),
    card(null, choose.el),
    h(
      "div",
      { class: "stats" },
      stat(t("an.views"), fmtNumber(summary.total_page_views)),
      stat(t("an.visitors"), fmtNumber(summary.unique_visitors)),
      stat(t("an.avgTime"), seconds(summary.avg_time_on_page)),
      stat(t("an.bounce"), fmtPercent(summary.bounce_rate)),
    ),
    card(null, lineChart(t("an.trends"),
        trends.map((row) => row.date),
        [
          { label: t("an.views"), values: trends.map((row) => row.page_views) },
          { label: t("an.visitors"), values: trends.map((row) => row.unique_visitors) },
        ],
      ),
    ),
    h(
      "div",
      { class: "grid" },
      card(null, barChart(t("dash.ecommerce"), [
          { label: t("an.productViews"), value: events.product_views },
          { label: t("an.addToCart"), value: events.add_to_cart },
          { label: t("an.checkout"), value: events.begin_checkout },
          { label: t("an.purchases"), value: events.purchases },
        ]),
      ),
      card(
        t("an.topPages"),
        table(
          [
            { label: t("an.page"), cell: (row) => row.page_url },
            { label: t("an.views"), cell: (row) => fmtNumber(row.views), numeric: true },
          ],
          summary.top_pages,
        ),
      ),
      card(null, distribution(t("an.devices"), summary.device_distribution)),
      card(null, distribution(t("an.browsers"), summary.browser_distribution)),
    ),
    card(
      t("an.sections"),
      table(
        [
          { label: t("an.section"), cell: (row) => row.section_name },
          { label: t("an.views"), cell: (row) => fmtNumber(row.total_views), numeric: true },
          { label: t("an.avgTime"), cell: (row) => seconds(row.avg_time_on_section), numeric: true },
          { label: t("an.scroll"), cell: (row) => fmtPercent(row.engagement_rate), numeric: true },
          { label: t("an.interactions"), cell: (row) => fmtNumber(row.avg_interactions, 1), numeric: true },
        ],
        sections.results,
      ),
    ),
    card(
      t("an.performance"),
      table(
        [
          { label: t("an.page"), cell: (row) => row.page_url },
          { label: t("an.views"), cell: (row) => fmtNumber(row.page_views), numeric: true },
          { label: t("an.visitors"), cell: (row) => fmtNumber(row.unique_visitors), numeric: true },
          { label: t("an.avgTime"), cell: (row) => seconds(row.avg_time_on_page), numeric: true },
          { label: "p75", cell: (row) => millis(row.load_time_p75), numeric: true },
          { label: "p95", cell: (row) => millis(row.load_time_p95), numeric: true },
        ],
        performance.results,
      ),
    ),
    card(
      t("an.journeys"),
      h(
        "div",
        { class: "stats" },
        stat(t("an.totalJourneys"), fmtNumber(journeys.total_journeys)),
        stat(t("an.pagesPerJourney"), fmtNumber(journeys.avg_pages_per_journey, 1)),
        stat(t("an.timePerJourney"), seconds(journeys.avg_time_per_journey)),
      ),
      h(
        "div",
        { class: "grid" },
        barChart(t("an.entryPages"), journeys.entry_pages.map((row) => ({ label: row.entry_page, value: row.count }))),
        barChart(t("an.exitPages"), journeys.exit_pages.map((row) => ({ label: row.exit_page, value: row.count }))),
      ),
      table(
        [
          { label: t("an.session"), cell: (row) => row.session_id },
          { label: t("an.path"), cell: (row) => row.pages_visited.join(" → ") },
          { label: t("an.pages"), cell: (row) => fmtNumber(row.total_pages), numeric: true },
          { label: t("an.goal"), cell: (row) => row.conversion_goal || "—" },
        ],
        journeys.top_journeys,
      ),
    ),
  );
}
