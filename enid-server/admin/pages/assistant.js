// The AI sales assistant: its knowledge entries, the conversations customers had with it (each
// answer with its provider, model, latency and whether it came from the cache) and, for admins,
// its settings.
import { get, put } from "../api.js";
import { crudList } from "../crud.js";
import { card, clear, fmtDate, fmtNumber, form, h, header, notify, pagedList, table, tabs } from "../dom.js";
import { t } from "../i18n.js";

const PROVIDERS = ["offline", "gemini", "openai"];

function assistantTabs(context, current) {
  const views = [
    ["#/assistant", t("ai.conversations")],
    ["#/assistant/knowledge", t("ai.knowledge")],
  ];
  if (context.can("assistant.settings")) views.push(["#/assistant/settings", t("ai.settings")]);
  return tabs(t("nav.assistant"), current, views);
}

export async function render(main, context) {
  const [first, second] = context.params;
  if (first === "knowledge") return renderKnowledge(main, context);
  if (first === "settings") return renderSettings(main, context);
  if (first === "conversations" && second) return renderConversation(main, context, second);
  return renderConversations(main, context);
}

async function renderConversations(main, context) {
  const list = pagedList({
    fields: [],
    fetch: (_, page) => get("/conversation/", page),
    show: (answer) =>
      table(
        [
          { label: t("ai.conversation"), cell: (c) => c.conversation_id.slice(0, 8) },
          { label: t("ai.messages"), cell: (c) => fmtNumber(c.message_count), numeric: true },
          { label: t("created"), cell: (c) => fmtDate(c.created_at) },
          { label: t("updated"), cell: (c) => fmtDate(c.updated_at) },
        ],
        answer.results,
        { href: (c) => `#/assistant/conversations/${c.conversation_id}` },
      ),
  });
  clear(main, header(t("nav.assistant")), assistantTabs(context, "#/assistant"), list.results);
  await list.load();
}

async function renderConversation(main, context, id) {
  const messages = await get("/message/", { conversation_id: id, page_size: 200 });
  clear(
    main,
    header(`${t("ai.conversation")} ${id.slice(0, 8)}`, h("a", { href: "#/assistant", class: "button" }, t("back"))),
    assistantTabs(context, "#/assistant"),
    card(
      t("ai.messages"),
      h(
        "ol",
        { class: "messages" },
        messages.results.map((message) =>
          h(
            "li",
            { class: `message ${message.role}` },
            h("strong", {}, t(`ai.role.${message.role}`)),
            h("p", {}, message.content),
            h(
              "small",
              {},
              [
                fmtDate(message.created_at),
                message.provider ? `${t("ai.provider")}: ${message.provider}` : null,
                message.model ? `${t("ai.model")}: ${message.model}` : null,
                message.latency_ms !== null && message.latency_ms !== undefined ? `${t("ai.latency")}: ${fmtNumber(message.latency_ms)}` : null,
                message.cached ? t("ai.cached") : null,
              ]
                .filter(Boolean)
                .join(" · "),
            ),
          ),
        ),
      ),
    ),
  );
}

async function renderKnowledge(main, context) {
  const entries = (await get("/assistant/knowledge/", { page_size: 200 })).results;
  const reload = () => renderKnowledge(main, context);
  clear(
    main,
    header(t("nav.assistant")),
    assistantTabs(context, "#/assistant/knowledge"),
    crudList({
      title: t("ai.knowledge"),
      newLabel: t("ai.newEntry"),
      path: "/assistant/knowledge/",
      records: entries,
      write: context.can("assistant.write"),
      reload,
      columns: [
        { label: t("img.title"), cell: (e) => e.title },
        { label: t("ai.body"), cell: (e) => h("span", { class: "clip" }, e.body) },
        { label: t("ai.tags"), cell: (e) => e.tags.join(", ") },
      ],
      fields: (e) => [
        { name: "title", label: t("img.title"), required: true, value: e ? e.title : "" },
        { name: "body", label: t("ai.body"), type: "textarea", required: true, value: e ? e.body : "" },
        { name: "url", label: "URL", type: "url", value: e && e.url ? e.url : "" },
        { name: "tags", label: t("ai.tags"), hint: t("ai.tagsHint"), value: e ? e.tags.join(", ") : "" },
      ],
      payload: (values) => ({
        ...values,
        url: values.url || null,
        tags: values.tags.split(",").map((tag) => tag.trim()).filter(Boolean),
      }),
    }),
  );
}

/** `Title | https://…` per line, as the settings form shows the links. */
function linksText(links) {
  return links.map((link) => `${link.title} | ${link.url}`).join("\n");
}

function parseLinks(text) {
  return lines(text).map((line) => {
    const cut = line.lastIndexOf("|");
    return cut < 0 ? { title: line, url: "" } : { title: line.slice(0, cut).trim(), url: line.slice(cut + 1).trim() };
  });
}

function lines(text) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

async function renderSettings(main, context) {
  const settings = await get("/assistant/settings/");
  const settingsForm = form({
    name: "assistant-settings",
    fields: [
      { name: "persona", label: t("ai.persona"), type: "textarea", rows: 4, value: settings.persona },
      { name: "rules", label: t("ai.rules"), type: "textarea", rows: 5, hint: t("ai.rulesHint"), value: settings.rules.join("\n") },
      { name: "links", label: t("ai.links"), type: "textarea", rows: 3, hint: t("ai.linksHint"), value: linksText(settings.links) },
      {
        name: "provider",
        label: t("ai.provider"),
        type: "select",
        options: [["", t("ai.default")], ...PROVIDERS.map((provider) => [provider, provider])],
        value: settings.provider || "",
      },
      { name: "model", label: t("ai.model"), value: settings.model || "" },
      { name: "history_turns", label: t("ai.history"), type: "number", min: 1, max: 50, hint: t("ai.historyHint"), value: settings.history_turns },
    ],
    submitLabel: t("save"),
    submit: async (values) => {
      await put("/assistant/settings/", {
        persona: values.persona,
        rules: lines(values.rules),
        links: parseLinks(values.links),
        provider: values.provider || null,
        model: values.model.trim() || null,
        history_turns: values.history_turns,
      });
      notify(t("saved"));
    },
  });
  clear(main, header(t("nav.assistant")), assistantTabs(context, "#/assistant/settings"), card(t("ai.settings"), settingsForm.el));
}
