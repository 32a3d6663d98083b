// FAQs and their categories, each in the order the shop shows them.
import { get } from "../api.js";
import { crudList } from "../crud.js";
import { clear, form, h, header, options } from "../dom.js";
import { t } from "../i18n.js";

const CATEGORY_KEY = "enid.admin.faqCategory";

export async function render(main, context) {
  const write = context.can("faqs.write");
  const categories = (await get("/faqs/categories/", { page_size: 200 })).results;
  const chosen = categories.find((category) => String(category.id) === sessionStorage.getItem(CATEGORY_KEY)) || categories[0];
  const faqs = chosen ? (await get("/faqs/", { category: chosen.id, page_size: 200 })).results : [];
  const reload = () => render(main, context);
  const picker = form({
    compact: true,
    fields: [{ name: "category", label: t("faq.category"), type: "select", options: options(categories), value: chosen ? chosen.id : "" }],
    submitLabel: t("show"),
    submit: async ({ category }) => {
      sessionStorage.setItem(CATEGORY_KEY, category);
      await reload();
    },
  });
  clear(
    main,
    header(t("nav.faqs")),
    crudList({
      title: t("faq.categories"),
      newLabel: t("faq.newCategory"),
      path: "/faqs/categories/",
      records: categories,
      ordered: true,
      write,
      reload,
      columns: [
        { label: t("name"), cell: (c) => c.name },
        { label: "Slug", cell: (c) => c.slug },
      ],
      fields: (c) => [{ name: "name", label: t("name"), required: true, value: c ? c.name : "" }],
    }),
    chosen ? picker.el : null,
    chosen
      ? crudList({
          title: t("faq.questionsOf", { category: chosen.name }),
          newLabel: t("faq.newFaq"),
          path: "/faqs/",
          records: faqs,
          ordered: true,
          write,
          reload,
          columns: [
            { label: t("faq.ask"), cell: (f) => f.ask },
            { label: t("faq.answer"), cell: (f) => h("span", { class: "clip" }, f.answer) },
            { label: t("faq.visible"), cell: (f) => (f.is_visible ? t("yes") : t("no")) },
          ],
          fields: (f) => [
            { name: "category", label: t("faq.category"), type: "select", numeric: true, options: options(categories), value: f ? f.category : chosen.id },
            { name: "ask", label: t("faq.ask"), required: true, value: f ? f.ask : "" },
            { name: "answer", label: t("faq.answer"), type: "textarea", required: true, value: f ? f.answer : "" },
            { name: "we_mean", label: t("faq.weMean"), value: f ? f.we_mean : "" },
            { name: "url_img", label: t("faq.image"), type: "url", value: f ? f.url_img : "" },
            { name: "is_visible", label: t("faq.visible"), type: "checkbox", value: f ? f.is_visible : true },
          ],
          payload: (values) => ({ ...values, url_img: values.url_img || null, we_mean: values.we_mean || null }),
        })
      : null,
  );
}
