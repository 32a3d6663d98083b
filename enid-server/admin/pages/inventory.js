// Inventory: levels with low-stock marking and the movement form, the ledger and transfers,
// warehouses, the report, one product's thresholds, and the ledger check.
import { get, patch, post } from "../api.js";
import { barChart } from "../charts.js";
import {
  button,
  card,
  clear,
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
  stat,
  table,
  tabs,
} from "../dom.js";
import { t } from "../i18n.js";

const TABS = [
  ["levels", "inv.levels"],
  ["movements", "inv.movements"],
  ["warehouses", "inv.warehouses"],
  ["report", "inv.report"],
  ["verify", "inv.verify"],
];

const inventoryTabs = (current) =>
  tabs(
    t("nav.inventory"),
    `#/inventory/${current}`,
    TABS.map(([key, label]) => [`#/inventory/${key}`, t(label)]),
  );

async function allWarehouses() {
  return (await get("/warehouses/", { page_size: 200 })).results;
}

/** Warehouse names by id, and the product and warehouse filters of a list. */
function byProductAndWarehouse(warehouses) {
  return {
    names: new Map(warehouses.map((warehouse) => [warehouse.id, warehouse.name])),
    filters: [
      { name: "product_id", label: t("inv.product"), type: "number", min: 1 },
      { name: "warehouse_id", label: t("inv.warehouse"), type: "select", options: options(warehouses, undefined, { blank: t("all") }) },
    ],
  };
}

/** A key for one intended write: a retry or a double submit of the same thing books it once. */
function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * A write form whose idempotency key lives as long as its values: the same submission sent twice
 * (a double click, a retry after a lost answer) is booked once; editing a value or succeeding
 * makes it a new submission.
 */
function idempotentForm(spec, send) {
  let key = idempotencyKey();
  const built = form({
    ...spec,
    submit: async (values) => {
      const answer = await send(values, key);
      key = idempotencyKey();
      return answer;
    },
  });
  built.el.addEventListener("input", () => {
    key = idempotencyKey();
  });
  return built;
}

export async function render(main, context) {
  const [tab = "levels", id] = context.params;
  const pages = { levels: renderLevels, movements: renderMovements, warehouses: renderWarehouses, report: renderReport, verify: renderVerify };
  if (tab === "product") return renderProduct(main, context, Number(id));
  return (pages[tab] || renderLevels)(main, context);
}

async function renderLevels(main, { can }) {
  const warehouses = await allWarehouses();
  const { names, filters } = byProductAndWarehouse(warehouses);
  const list = pagedList({
    fields: [
      ...filters,
      { name: "low_stock", label: t("inv.onlyLow"), type: "checkbox" },
    ],
    fetch: async (values, page) => {
      const query = { product_id: values.product_id, warehouse_id: values.warehouse_id };
      // The low-stock products of the same levels, to mark them in the full list.
      const [levels, low] = await Promise.all([
        get("/inventory/", { ...query, ...page, low_stock: values.low_stock ? "true" : "" }),
        get("/inventory/", { ...query, page: 1, page_size: 200, low_stock: "true" }),
      ]);
      return { ...levels, low: new Set(low.results.map((level) => level.product_id)) };
    },
    show: (levels) =>
      table(
        [
          { label: t("inv.product"), cell: (level) => `#${level.product_id}` },
          { label: t("inv.warehouse"), cell: (level) => names.get(level.warehouse_id) || `#${level.warehouse_id}` },
          { label: t("inv.quantity"), cell: (level) => h("span", { "data-level": `${level.product_id}-${level.warehouse_id}` }, fmtNumber(level.quantity)), numeric: true },
          { label: t("inv.state"), cell: (level) => (levels.low.has(level.product_id) ? h("span", { class: "badge low" }, t("inv.low")) : "") },
          { label: t("updated"), cell: (level) => fmtDate(level.updated_at) },
        ],
        levels.results,
        { href: (level) => `#/inventory/product/${level.product_id}` },
      ),
  });

  let movementCard = null;
  if (can("stock.write")) {
    const outcome = h("p", { class: "outcome", "aria-live": "polite" });
    const movement = idempotentForm(
      {
        name: "movement",
        fields: [
          { name: "product_id", label: t("inv.product"), type: "number", min: 1, required: true },
          { name: "warehouse_id", label: t("inv.warehouse"), type: "select", numeric: true, options: options(warehouses.filter((w) => w.is_active)) },
          {
            name: "movement_type",
            label: t("inv.movementType"),
            type: "select",
            options: ["in", "out", "adjust"].map((type) => [type, t(`movement.${type}`)]),
          },
          { name: "quantity", label: t("inv.quantity"), type: "number", min: 0, required: true, hint: t("inv.adjustHint") },
          { name: "reference", label: t("inv.reference") },
          { name: "note", label: t("inv.note") },
        ],
        submitLabel: t("inv.record"),
      },
      async (values, key) => {
        const recorded = await post(
          "/movements/",
          { ...values, reference: values.reference || null, note: values.note || null },
          { "Idempotency-Key": key },
        );
        outcome.textContent = t("inv.levelNow", { product: recorded.movement.product_id, level: fmtNumber(recorded.level) });
        notify(t("saved"));
        await list.load();
      },
    );
    movementCard = card(t("inv.newMovement"), movement.el, outcome);
  }
  clear(main, header(t("nav.inventory")), inventoryTabs("levels"), h("div", { class: "grid" }, movementCard, card(t("inv.levels"), list.filters, list.results)));
  await list.load();
}

async function renderMovements(main, { can }) {
  const warehouses = await allWarehouses();
  const { names, filters } = byProductAndWarehouse(warehouses);
  const list = pagedList({
    fields: [
      ...filters,
      {
        name: "movement_type",
        label: t("inv.movementType"),
        type: "select",
        options: [["", t("all")], ...["in", "out", "adjust", "transfer"].map((type) => [type, t(`movement.${type}`)])],
      },
    ],
    fetch: (values, page) => get("/movements/", { ...values, ...page }),
    show: (answer) =>
      table(
        [
          { label: t("when"), cell: (m) => fmtDate(m.created_at) },
          { label: t("inv.product"), cell: (m) => `#${m.product_id}` },
          { label: t("inv.warehouse"), cell: (m) => names.get(m.warehouse_id) || `#${m.warehouse_id}` },
          { label: t("inv.movementType"), cell: (m) => t(`movement.${m.movement_type}`) },
          { label: t("inv.quantity"), cell: (m) => fmtNumber(m.quantity), numeric: true },
          { label: t("inv.levelAfter"), cell: (m) => fmtNumber(m.level_after), numeric: true },
          { label: t("inv.reference"), cell: (m) => m.reference || "—" },
        ],
        answer.results,
      ),
  });
  let transferCard = null;
  if (can("stock.write")) {
    const active = options(warehouses.filter((w) => w.is_active));
    const transfer = idempotentForm(
      {
        fields: [
          { name: "product_id", label: t("inv.product"), type: "number", min: 1, required: true },
          { name: "from_warehouse_id", label: t("inv.from"), type: "select", numeric: true, options: active },
          { name: "to_warehouse_id", label: t("inv.to"), type: "select", numeric: true, options: active },
          { name: "quantity", label: t("inv.quantity"), type: "number", min: 1, required: true },
          { name: "reference", label: t("inv.reference") },
        ],
        submitLabel: t("inv.transfer"),
      },
      async (values, key) => {
        await post("/movements/transfer/", { ...values, reference: values.reference || null }, { "Idempotency-Key": key });
        notify(t("saved"));
        await list.load();
      },
    );
    transferCard = card(t("inv.newTransfer"), transfer.el);
  }
  clear(main, header(t("nav.inventory")), inventoryTabs("movements"), h("div", { class: "grid" }, transferCard, card(t("inv.ledger"), list.filters, list.results)));
  await list.load();
}

async function renderWarehouses(main, context) {
  const warehouses = await allWarehouses();
  const write = context.can("stock.write");
  const warehouseForm = (warehouse, close) =>
    form({
      fields: [
        { name: "name", label: t("name"), required: true, value: warehouse ? warehouse.name : "" },
        { name: "address", label: t("inv.address"), value: warehouse ? warehouse.address : "" },
        { name: "is_active", label: t("active"), type: "checkbox", value: warehouse ? warehouse.is_active : true },
      ],
      submitLabel: warehouse ? t("save") : t("create"),
      cancel: close,
      submit: async (values) => {
        if (warehouse) await patch(`/warehouses/${warehouse.id}/`, values);
        else await post("/warehouses/", values);
        close();
        notify(t("saved"));
        await renderWarehouses(main, context);
      },
    }).el;
  const columns = [
    { label: t("name"), cell: (w) => w.name },
    { label: t("inv.address"), cell: (w) => w.address || "—" },
    { label: t("active"), cell: (w) => (w.is_active ? t("yes") : t("no")) },
  ];
  if (write) columns.push({ label: t("actions"), cell: (w) => button(t("edit"), () => dialog(t("edit"), (close) => warehouseForm(w, close))) });
  clear(
    main,
    header(t("nav.inventory"), write ? button(t("inv.newWarehouse"), () => dialog(t("inv.newWarehouse"), (close) => warehouseForm(null, close)), "primary") : null),
    inventoryTabs("warehouses"),
    table(columns, warehouses),
  );
}

async function renderReport(main, context) {
  const days = Number(sessionStorage.getItem("enid.admin.reportDays")) || 30;
  const report = await get("/inventory/report/", { days, page_size: 100 });
  const choose = form({
    compact: true,
    fields: [{ name: "days", label: t("days"), type: "select", numeric: true, options: [7, 30, 90, 365].map((d) => [d, String(d)]), value: days }],
    submitLabel: t("show"),
    submit: async (values) => {
      sessionStorage.setItem("enid.admin.reportDays", String(values.days));
      await renderReport(main, context);
    },
  });
  const activity = [
    { label: t("inv.product"), cell: (p) => `#${p.product_id}` },
    { label: t("inv.in"), cell: (p) => fmtNumber(p.in), numeric: true },
    { label: t("inv.out"), cell: (p) => fmtNumber(p.out), numeric: true },
    { label: t("inv.adjusted"), cell: (p) => fmtNumber(p.adjusted), numeric: true },
    { label: t("inv.net"), cell: (p) => fmtNumber(p.net), numeric: true },
    { label: t("inv.total"), cell: (p) => fmtNumber(p.total), numeric: true },
  ];
  const product = (row) => `#/inventory/product/${row.product_id}`;
  clear(
    main,
    header(t("nav.inventory")),
    inventoryTabs("report"),
    card(null, choose.el),
    h(
      "div",
      { class: "grid" },
      card(null, barChart(t("inv.unitsPerWarehouse"),
          report.warehouses.map((w) => ({ label: w.name, value: w.units, note: t("inv.productsCount", { count: w.products }) })),
        ),
      ),
      card(null, barChart(t("inv.topMovers"),
          report.top_movers.map((p) => ({ label: `#${p.product_id}`, value: p.in + p.out })),
        ),
      ),
      card(
        t("inv.lowStockCount", { count: fmtNumber(report.low_stock_count) }),
        table(
          [
            { label: t("inv.product"), cell: (p) => `#${p.product_id}` },
            { label: t("inv.total"), cell: (p) => fmtNumber(p.total), numeric: true },
            { label: t("inv.min"), cell: (p) => fmtNumber(p.min_stock), numeric: true },
          ],
          report.low_stock,
          { empty: t("inv.noLowStock"), href: product },
        ),
      ),
    ),
    card(t("inv.activity", { days: report.days }), table(activity, report.products.results, { href: product })),
  );
}

async function renderProduct(main, context, productId) {
  const stock = await get(`/inventory/${productId}/`);
  let thresholds = null;
  if (context.can("stock.write")) {
    thresholds = form({
      fields: [
        { name: "min_stock", label: t("inv.min"), type: "number", min: 0, value: stock.min_stock ?? "" },
        { name: "max_stock", label: t("inv.max"), type: "number", min: 0, value: stock.max_stock ?? "" },
      ],
      submitLabel: t("save"),
      submit: async (values) => {
        await patch(`/inventory/${productId}/`, values);
        notify(t("saved"));
        await renderProduct(main, context, productId);
      },
    }).el;
  }
  clear(
    main,
    header(`${t("inv.product")} #${productId}`, h("a", { href: "#/inventory/levels", class: "button" }, t("back"))),
    h(
      "div",
      { class: "stats" },
      stat(t("inv.total"), fmtNumber(stock.total)),
      stat(t("inv.min"), fmtNumber(stock.min_stock)),
      stat(t("inv.max"), fmtNumber(stock.max_stock)),
      stat(t("inv.state"), stock.low_stock ? h("span", { class: "badge low" }, t("inv.low")) : t("inv.ok")),
    ),
    h(
      "div",
      { class: "grid" },
      card(
        t("inv.byWarehouse"),
        table(
          [
            { label: t("inv.warehouse"), cell: (w) => w.warehouse_name },
            { label: t("inv.quantity"), cell: (w) => fmtNumber(w.quantity), numeric: true },
          ],
          stock.by_warehouse,
        ),
      ),
      thresholds ? card(t("inv.thresholds"), thresholds) : null,
    ),
  );
}

async function renderVerify(main) {
  const result = h("div", { "aria-live": "polite" });
  const run = button(
    t("inv.runVerify"),
    async () => {
      run.disabled = true;
      clear(result, h("p", { class: "loading" }, t("loading")));
      try {
        const report = await get("/inventory/verify/");
        clear(
          result,
          h(
            "div",
            { class: "stats" },
            stat(t("inv.levelsChecked"), fmtNumber(report.levels_checked)),
            stat(t("inv.movementsChecked"), fmtNumber(report.movements_checked)),
            stat(t("inv.mismatches"), fmtNumber(report.mismatches.length)),
          ),
          report.mismatches.length
            ? table(
                [
                  { label: t("inv.product"), cell: (m) => `#${m.product_id}` },
                  { label: t("inv.warehouse"), cell: (m) => `#${m.warehouse_id}` },
                  { label: t("inv.stored"), cell: (m) => fmtNumber(m.level), numeric: true },
                  { label: t("inv.ledgerSum"), cell: (m) => fmtNumber(m.ledger), numeric: true },
                ],
                report.mismatches,
              )
            : h("p", { class: "ok" }, t("inv.consistent")),
        );
      } catch (error) {
        clear(result, errorBox(error));
      } finally {
        run.disabled = false;
      }
    },
    "primary",
  );
  clear(main, header(t("nav.inventory")), inventoryTabs("verify"), card(t("inv.verify"), h("p", {}, t("inv.verifyIntro")), run, result));
}
