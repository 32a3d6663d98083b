// Charts: time series with the vendored uPlot (canvas, small, MIT), and horizontal bars for
// funnels and shares as plain elements whose widths are set through the style object (which the
// content policy allows, unlike style attributes).
import uPlot from "./vendor/uplot.js";
import { fmtNumber, h } from "./dom.js";
import { t } from "./i18n.js";

const COLORS = ["#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df"];

/** A line chart of daily series: `dates` are `YYYY-MM-DD`, `series` are `{label, values}`. */
export function lineChart(title, dates, series) {
  const dayLabel = t("day");
  const holder = h("figure", { class: "chart", "data-chart": "line" }, h("figcaption", {}, title));
  const days = dates.map((date) => Date.parse(`${date}T00:00:00Z`) / 1000);
  const draw = () => {
    const width = Math.max(260, holder.clientWidth - 8);
    const plot = new uPlot(
      {
        width,
        height: 220,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
        scales: { x: { time: true }, y: { range: (_, min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [{}, { size: 50 }],
        series: [
          { label: dayLabel, value: (_, seconds) => (seconds === null ? "--" : new Date(seconds * 1000).toISOString().slice(0, 10)) },
          ...series.map((line, index) => ({
            label: line.label,
            stroke: COLORS[index % COLORS.length],
            width: 2,
            points: { show: days.length <= 31 },
          })),
        ],
      },
      [days, ...series.map((line) => line.values)],
      holder,
    );
    return plot;
  };
  // Drawn once the figure is in the page and has a width; redrawn to fit when that changes.
  let plot = null;
  let lastWidth = 0;
  const observer = new ResizeObserver(() => {
    if (!holder.isConnected) {
      if (plot) observer.disconnect();
      return;
    }
    if (Math.abs(holder.clientWidth - lastWidth) < 24) return;
    lastWidth = holder.clientWidth;
    if (plot) plot.destroy();
    plot = draw();
  });
  observer.observe(holder);
  // A summary table for those who cannot see the canvas.
  holder.append(
    h(
      "details",
      { class: "chart-data" },
      h("summary", {}, t("chartData")),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", {}, dayLabel), series.map((line) => h("th", {}, line.label)))),
        h(
          "tbody",
          {},
          dates.map((date, row) => h("tr", {}, h("td", {}, date), series.map((line) => h("td", { class: "num" }, fmtNumber(line.values[row]))))),
        ),
      ),
    ),
  );
  return holder;
}

/** Horizontal bars, each `{label, value, note?}`, scaled to the largest. */
export function barChart(title, bars) {
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  return h(
    "figure",
    { class: "chart bars", "data-chart": "bars" },
    h("figcaption", {}, title),
    h(
      "ul",
      {},
      bars.map((bar, index) => {
        const fill = h("span", { class: "bar-fill" });
        fill.style.width = `${(bar.value / largest) * 100}%`;
        fill.style.background = COLORS[index % COLORS.length];
        return h(
          "li",
          {},
          h("span", { class: "bar-label" }, bar.label),
          h("span", { class: "bar-track" }, fill),
          h("span", { class: "bar-value" }, fmtNumber(bar.value), bar.note ? ` (${bar.note})` : ""),
        );
      }),
    ),
  );
}
