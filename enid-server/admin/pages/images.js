// Businesses and their images: upload (with its progress), thumbnails, the main image, deletion.
import { del, get, getBlob, patch, upload } from "../api.js";
import { attempts, crudList } from "../crud.js";
import { button, card, clear, confirmed, fmtNumber, form, h, header, notify } from "../dom.js";
import { t } from "../i18n.js";

// Thumbnails are fetched with the store header and shown through object URLs, which live until
// the page is drawn again.
let objectUrls = [];

function forgetThumbnails() {
  objectUrls.forEach((address) => URL.revokeObjectURL(address));
  objectUrls = [];
}

export async function render(main, context) {
  forgetThumbnails();
  const [slug] = context.params;
  return slug ? renderBusiness(main, context, slug) : renderBusinesses(main, context);
}

async function renderBusinesses(main, context) {
  const businesses = (await get("/business/", { page_size: 200 })).results;
  const reload = () => renderBusinesses(main, context);
  clear(
    main,
    header(t("nav.images")),
    crudList({
      title: t("img.businesses"),
      newLabel: t("img.newBusiness"),
      path: "/business/",
      key: (business) => business.slug,
      records: businesses,
      write: context.can("references.write"),
      reload,
      columns: [
        { label: t("name"), cell: (b) => h("a", { href: `#/images/${encodeURIComponent(b.slug)}` }, b.name) },
        { label: "Slug", cell: (b) => b.slug },
        { label: t("img.count"), cell: (b) => fmtNumber(b.image_count), numeric: true },
      ],
      fields: (b) => [
        { name: "name", label: t("name"), required: true, value: b ? b.name : "" },
        { name: "description", label: t("img.description"), type: "textarea", value: b ? b.description : "" },
      ],
    }),
  );
}

async function renderBusiness(main, context, slug) {
  const write = context.can("references.write");
  const [business, images] = await Promise.all([
    get(`/business/${encodeURIComponent(slug)}/`),
    get("/image/", { business: slug, page_size: 100 }),
  ]);
  const reload = () => render(main, context);
  const { problem, attempt } = attempts(reload);
  const grid = h("ul", { class: "image-grid" });
  for (const image of images.results) grid.append(imageCard(image, write, attempt));
  clear(
    main,
    header(business.name, h("a", { href: "#/images", class: "button" }, t("back"))),
    write ? uploadCard(slug, reload) : null,
    card(
      t("img.images", { business: business.name }),
      problem,
      images.results.length ? grid : h("p", { class: "empty" }, t("img.noImages")),
    ),
  );
  await Promise.all(images.results.map((image) => showThumbnail(grid, image)));
}

function imageCard(image, write, attempt) {
  return h(
    "li",
    { class: "image-card", "data-image": String(image.id) },
    h("img", { alt: image.title, width: 160, height: 160, class: "thumb" }),
    h("strong", {}, image.title),
    image.is_main ? h("span", { class: "badge main" }, t("img.main")) : null,
    h("small", {}, `${image.width} × ${image.height} · ${fmtNumber(image.size_bytes / 1024, 1)} KB`),
    write
      ? h(
          "div",
          { class: "row-actions" },
          image.is_main ? null : button(t("img.makeMain"), () => attempt(() => patch(`/image/${image.id}/`, { is_main: true }))),
          button(
            t("delete"),
            () => {
              if (confirmed(t("confirmDelete"))) attempt(() => del(`/image/${image.id}/`).then(() => notify(t("deleted"))));
            },
            "danger",
          ),
        )
      : null,
  );
}

async function showThumbnail(grid, image) {
  const img = grid.querySelector(`[data-image="${image.id}"] img`);
  try {
    const address = URL.createObjectURL(await getBlob(`/image/${image.id}/file/`, { size: "thumb" }));
    objectUrls.push(address);
    img.src = address;
  } catch {
    // A thumbnail that cannot be fetched leaves its alt text in place.
  }
}

function uploadCard(slug, reload) {
  const progress = h("progress", { max: 1, value: 0, hidden: true, "aria-label": t("img.upload") });
  const status = h("span", { class: "upload-status", "aria-live": "polite" });
  const sending = form({
    name: "upload",
    fields: [
      { name: "file", label: t("img.file"), type: "file", required: true },
      { name: "title", label: t("img.title") },
      { name: "is_main", label: t("img.main"), type: "checkbox", value: false },
    ],
    submitLabel: t("img.upload"),
    submit: async (values) => {
      const file = sending.inputs.file.files[0];
      const body = new FormData();
      if (file) body.append("file", file, file.name);
      if (values.title.trim()) body.append("title", values.title.trim());
      body.append("is_main", values.is_main ? "true" : "false");
      body.append("business", slug);
      progress.hidden = false;
      progress.value = 0;
      status.textContent = t("img.uploading", { percent: 0 });
      try {
        await upload("/image/upload/", body, (fraction) => {
          progress.value = fraction;
          status.textContent = t("img.uploading", { percent: Math.round(fraction * 100) });
        });
      } finally {
        progress.hidden = true;
        status.textContent = "";
      }
      notify(t("saved"));
      await reload();
    },
  });
  sending.inputs.file.setAttribute("accept", "image/jpeg,image/png,image/webp,image/gif");
  sending.el.querySelector(".form-actions").append(progress, status);
  return card(t("img.upload"), sending.el);
}
