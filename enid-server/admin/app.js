// The shell: sign-in, the navigation (only what the user's role allows), the store switcher, the
// language switch, and a hash router that loads each page's module when first visited.
import { get, onSignedOut, setStoreId, signIn, signOut, signedIn, storeId } from "./api.js";
import { button, clear, errorBox, form, h } from "./dom.js";
import { lang, setLang, t } from "./i18n.js";

// Each section of the back office: its route prefix, the permission that shows it, and its
// module. A domain that lands later adds one line here and one module under pages/.
const SECTIONS = [
  { path: "dashboard", label: "nav.dashboard", needs: "leads.read", module: "./pages/dashboard.js" },
  { path: "leads", label: "nav.leads", needs: "leads.read", module: "./pages/leads.js" },
  { path: "analytics", label: "nav.analytics", needs: "analytics.read", module: "./pages/analytics.js" },
  { path: "inventory", label: "nav.inventory", needs: "stock.read", module: "./pages/inventory.js" },
  { path: "faqs", label: "nav.faqs", needs: "faqs.read", module: "./pages/faqs.js" },
  { path: "returns", label: "nav.returns", needs: "returns.read", module: "./pages/returns.js" },
  { path: "images", label: "nav.images", needs: "references.write", module: "./pages/images.js" },
  { path: "assistant", label: "nav.assistant", needs: "assistant.read", module: "./pages/assistant.js" },
  { path: "members", label: "nav.members", needs: "members.manage", module: "./pages/accounts.js" },
  { path: "stores", label: "nav.stores", needs: "store.manage", module: "./pages/accounts.js" },
];

const root = document.getElementById("app");
const RELOAD_KEY = "enid.admin.reloadedFor";
let context = null;

/** What the signed-in user may do in the chosen store. */
async function loadContext() {
  const profile = await get("/user/profile/");
  let stores = profile.stores;
  if (profile.is_superuser) stores = (await get("/store/", { page_size: 200 })).results;
  const chosen = stores.find((store) => String(store.id) === storeId()) || stores[0];
  if (chosen) setStoreId(chosen.id);
  const features = await get("/feature/");
  const permissions = new Set(features.permissions);
  return {
    profile,
    stores,
    store: chosen,
    can: (permission) => features.is_superuser || permissions.has(permission),
  };
}

function signInPage(problem) {
  const login = form({
    fields: [
      { name: "email", label: t("email"), type: "email", required: true, autocomplete: "username" },
      { name: "password", label: t("password"), type: "password", required: true, autocomplete: "current-password" },
    ],
    submitLabel: t("signIn"),
    submit: async ({ email, password }) => {
      await signIn(email.trim(), password);
      await start();
    },
  });
  clear(
    root,
    h(
      "main",
      { class: "signin", id: "main" },
      h("h1", {}, "Enid"),
      h("p", {}, t("signInIntro")),
      problem ? errorBox(problem) : null,
      login.el,
      languageSwitch(),
    ),
  );
  login.inputs.email.focus();
}

function languageSwitch() {
  const id = "language";
  const select = h(
    "select",
    { id, onchange: () => setLang(select.value) },
    h("option", { value: "es" }, "Español"),
    h("option", { value: "en" }, "English"),
  );
  select.value = lang();
  return h("div", { class: "field inline" }, h("label", { for: id }, t("language")), select);
}

function storeSwitch() {
  if (context.stores.length < 2) return h("span", { class: "store-name" }, context.store ? context.store.name : "");
  const id = "store-switch";
  const select = h(
    "select",
    {
      id,
      onchange: async () => {
        setStoreId(select.value);
        await start();
      },
    },
    context.stores.map((store) => h("option", { value: String(store.id) }, store.name)),
  );
  select.value = String(context.store.id);
  return h("div", { class: "field inline" }, h("label", { for: id }, t("store")), select);
}

function visibleSections() {
  return SECTIONS.filter((section) => context.can(section.needs));
}

function shell() {
  const navId = "main-nav";
  const toggle = h(
    "button",
    {
      type: "button",
      class: "menu-toggle",
      "aria-controls": navId,
      "aria-expanded": "false",
      onclick: () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        nav.classList.toggle("open", open);
      },
    },
    t("menu"),
  );
  const nav = h(
    "nav",
    { id: navId, "aria-label": t("sections") },
    h(
      "ul",
      {},
      visibleSections().map((section) =>
        h("li", {}, h("a", { href: `#/${section.path}`, "data-section": section.path }, t(section.label))),
      ),
    ),
  );
  clear(
    root,
    h("a", { class: "skip", href: "#main", onclick: skipToMain }, t("skip")),
    h(
      "header",
      { class: "top" },
      h("strong", { class: "brand" }, "Enid"),
      toggle,
      storeSwitch(),
      languageSwitch(),
      h("span", { class: "who" }, context.profile.name || context.profile.email),
      button(t("signOut"), async () => {
        await signOut();
        signInPage();
      }),
    ),
    h("div", { class: "layout" }, nav, h("main", { id: "main", tabindex: "-1" })),
    h("div", { id: "toast", role: "status", "aria-live": "polite" }),
  );
}

function skipToMain(event) {
  event.preventDefault();
  document.getElementById("main").focus();
}

async function route() {
  const main = document.getElementById("main");
  if (!main || !context) return;
  const sections = visibleSections();
  const [path, ...rest] = (location.hash.replace(/^#\/?/, "") || "").split("/");
  const section = sections.find((candidate) => candidate.path === path);
  if (!section) {
    if (sections.length) location.replace(`#/${sections[0].path}`);
    else clear(main, h("h1", {}, t("noAccess")), h("p", {}, t("noAccessDetail")));
    return;
  }
  for (const link of document.querySelectorAll("nav a[data-section]")) {
    if (link.dataset.section === section.path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.getElementById("main-nav").classList.remove("open");
  document.querySelector(".menu-toggle").setAttribute("aria-expanded", "false");
  clear(main, h("p", { class: "loading" }, t("loading")));
  let page;
  try {
    page = await import(section.module);
  } catch (error) {
    // A page left open across an upgrade asks for modules of the build before, which are gone:
    // load the new build, once.
    if (sessionStorage.getItem(RELOAD_KEY) !== import.meta.url) {
      sessionStorage.setItem(RELOAD_KEY, import.meta.url);
      location.reload();
      return;
    }
    clear(main, errorBox(error));
    return;
  }
  try {
    await page.render(main, { ...context, section: section.path, params: rest.map(decodeURIComponent) });
    document.title = `${t(section.label)} · Enid`;
    // Keyboard and screen-reader users land on the new page's heading, not on the link they left.
    const heading = main.querySelector("h1");
    if (heading) heading.focus();
  } catch (error) {
    clear(main, errorBox(error));
  }
}

async function start() {
  if (!signedIn()) return signInPage();
  try {
    context = await loadContext();
  } catch (error) {
    if (error.status === 401) return signInPage();
    return signInPage(error);
  }
  document.documentElement.lang = lang();
  shell();
  await route();
}

onSignedOut(() => signInPage({ detail: t("sessionEnded") }));
window.addEventListener("hashchange", () => route());
window.addEventListener("enid:language", () => start());
start();
