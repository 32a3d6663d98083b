//! FAQs over HTTP: categories and FAQs (public reads, staff writes), hidden FAQs never shown to
//! anonymous callers or customers (lists, ids, search), ranked search, validation and tenancy.

use serde_json::{Value, json};

use enid_core::faqs::FaqFilter;
use enid_core::pagination::PageRequest;
use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Reply, Tokens, on_every_backend};

on_every_backend!(
    categories_are_public_to_read_and_staff_to_write,
    faqs_are_managed_by_staff_and_hidden_ones_stay_hidden,
    bad_faqs_are_refused_with_field_errors_and_write_nothing,
    search_ranks_folds_accents_and_hides_hidden_faqs,
    another_store_sees_and_changes_nothing,
    cached_pages_follow_every_write_on_every_instance,
    cached_searches_follow_every_write_on_every_instance,
);

/// An app and a staff member of the default store, logged in.
async fn staffed(backend: &Backend) -> (App, Tokens) {
    let app = App::new(backend).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let tokens = app.login(&staff).await;
    (app, tokens)
}

async fn post(app: &App, tokens: &Tokens, path: &str, body: Value) -> Reply {
    app.post(path)
        .bearer(&tokens.access)
        .body_json(&body)
        .reply()
        .await
}

async fn patch(app: &App, tokens: &Tokens, path: &str, body: Value) -> Reply {
    app.patch(path)
        .bearer(&tokens.access)
        .body_json(&body)
        .reply()
        .await
}

async fn delete(app: &App, token: Option<&Tokens>, path: &str) -> Reply {
    let request = app.cli.delete(path);
    match token {
        Some(tokens) => request.bearer(&tokens.access).reply().await,
        None => request.reply().await,
    }
}

async fn anonymous(app: &App, path: &str) -> Reply {
    app.get(path).reply().await
}

async fn category(app: &App, tokens: &Tokens, name: &str) -> i64 {
    post(app, tokens, "/faqs/categories/", json!({"name": name}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap()
}

async fn faq(app: &App, tokens: &Tokens, body: Value) -> Value {
    post(app, tokens, "/faqs/", body).await.ok(201).clone()
}

async fn stored_count(app: &App, store: i64) -> i64 {
    app.enid
        .storage()
        .list_faqs(store, &FaqFilter::default(), PageRequest::default())
        .await
        .unwrap()
        .count
}

fn asks(page: &Value) -> Vec<&str> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["ask"].as_str().unwrap())
        .collect()
}

fn hit_asks(hits: &Value) -> Vec<&str> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["faq"]["ask"].as_str().unwrap())
        .collect()
}

async fn categories_are_public_to_read_and_staff_to_write(backend: Backend) {
    let (app, staff) = staffed(&backend).await;
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;

    let reply = post(
        &app,
        &staff,
        "/faqs/categories/",
        json!({"name": "Envíos y entregas"}),
    )
    .await;
    let created = reply.ok(201);
    assert_eq!(created["name"], "Envíos y entregas");
    assert_eq!(created["slug"], "envios-y-entregas");
    assert_eq!(created["position"], 0);
    let shipping = created["id"].as_i64().unwrap();
    let payments = post(
        &app,
        &staff,
        "/faqs/categories/",
        json!({"name": "Pagos", "position": 0}),
    )
    .await
    .ok(201)["id"]
        .as_i64()
        .unwrap();
    post(
        &app,
        &staff,
        "/faqs/categories/",
        json!({"name": "ENVIOS y Entregas"}),
    )
    .await
    .error(409, "category_slug_taken");
    post(
        &app,
        &staff,
        "/faqs/categories/",
        json!({"name": "  ", "position": -1}),
    )
    .await
    .invalid_fields(&["name", "position"]);
    post(
        &app,
        &customer,
        "/faqs/categories/",
        json!({"name": "Otra"}),
    )
    .await
    .error(403, "permission_denied");
    app.post("/faqs/categories/")
        .body_json(&json!({"name": "Otra"}))
        .reply()
        .await
        .error(401, "not_authenticated");

    let list = anonymous(&app, "/faqs/categories/").await;
    let list = list.ok(200);
    assert_eq!(list["count"], 2);
    assert_eq!(list["results"][0]["id"], shipping);
    assert_eq!(list["results"][1]["id"], payments);
    let one = anonymous(&app, &format!("/faqs/categories/{payments}/")).await;
    assert_eq!(one.ok(200)["slug"], "pagos");

    let moved = patch(
        &app,
        &staff,
        &format!("/faqs/categories/{payments}/"),
        json!({"name": "Formas de pago", "position": 0}),
    )
    .await;
    assert_eq!(moved.ok(200)["slug"], "formas-de-pago");
    patch(
        &app,
        &customer,
        &format!("/faqs/categories/{payments}/"),
        json!({"position": 3}),
    )
    .await
    .error(403, "permission_denied");
    patch(
        &app,
        &staff,
        "/faqs/categories/9999/",
        json!({"position": 3}),
    )
    .await
    .error(404, "category_not_found");

    faq(
        &app,
        &staff,
        json!({"category": payments, "ask": "¿Tarjeta?", "answer": "Sí."}),
    )
    .await;
    delete(&app, Some(&staff), &format!("/faqs/categories/{payments}/"))
        .await
        .error(409, "category_in_use");
    delete(&app, None, &format!("/faqs/categories/{shipping}/"))
        .await
        .error(401, "not_authenticated");
    assert_eq!(
        delete(&app, Some(&staff), &format!("/faqs/categories/{shipping}/"))
            .await
            .status,
        204
    );
    anonymous(&app, &format!("/faqs/categories/{shipping}/"))
        .await
        .error(404, "category_not_found");
}

async fn faqs_are_managed_by_staff_and_hidden_ones_stay_hidden(backend: Backend) {
    let (app, staff) = staffed(&backend).await;
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;
    let second = category(&app, &staff, "Segunda").await;
    let first = category(&app, &staff, "Primera").await;
    patch(
        &app,
        &staff,
        &format!("/faqs/categories/{first}/"),
        json!({"position": 0}),
    )
    .await
    .ok(200);
    patch(
        &app,
        &staff,
        &format!("/faqs/categories/{second}/"),
        json!({"position": 1}),
    )
    .await
    .ok(200);

    let created = faq(
        &app,
        &staff,
        json!({
            "category": first,
            "ask": "  ¿Dónde están?  ",
            "answer": "En la Ciudad de México.",
            "url_img": "https://cdn.example.com/mapa.png",
            "we_mean": "La dirección de la tienda.",
        }),
    )
    .await;
    assert_eq!(
        created,
        json!({
            "id": created["id"],
            "category": first,
            "ask": "¿Dónde están?",
            "answer": "En la Ciudad de México.",
            "is_visible": true,
            "url_img": "https://cdn.example.com/mapa.png",
            "we_mean": "La dirección de la tienda.",
            "position": 0,
        })
    );
    let hidden = faq(
        &app,
        &staff,
        json!({"category": first, "ask": "Borrador", "answer": "Aún no.", "is_visible": false}),
    )
    .await;
    assert_eq!(hidden["position"], 1);
    assert_eq!(hidden["url_img"], Value::Null);
    let later = faq(
        &app,
        &staff,
        json!({"category": second, "ask": "¿Y después?", "answer": "Luego."}),
    )
    .await;
    let hidden_id = hidden["id"].as_i64().unwrap();

    // Anonymous callers and customers see visible FAQs only; staff see all.
    let public = anonymous(&app, "/faqs/").await;
    assert_eq!(asks(public.ok(200)), ["¿Dónde están?", "¿Y después?"]);
    assert_eq!(public.body["count"], 2);
    let as_customer = app.get("/faqs/").bearer(&customer.access).reply().await;
    assert_eq!(asks(as_customer.ok(200)), ["¿Dónde están?", "¿Y después?"]);
    let as_staff = app.get("/faqs/").bearer(&staff.access).reply().await;
    assert_eq!(
        asks(as_staff.ok(200)),
        ["¿Dónde están?", "Borrador", "¿Y después?"]
    );
    let filtered = anonymous(&app, &format!("/faqs/?category={second}")).await;
    assert_eq!(asks(filtered.ok(200)), ["¿Y después?"]);
    let paged = anonymous(&app, "/faqs/?page=2&page_size=1").await;
    let paged = paged.ok(200);
    assert_eq!(asks(paged), ["¿Y después?"]);
    assert_eq!(paged["count"], 2);
    assert!(
        paged["next"].is_null() && paged["previous"].is_string(),
        "{paged}"
    );

    // A hidden FAQ is a 404 by id to whoever may not see it.
    anonymous(&app, &format!("/faqs/{hidden_id}/"))
        .await
        .error(404, "faq_not_found");
    app.get(&format!("/faqs/{hidden_id}/"))
        .bearer(&customer.access)
        .reply()
        .await
        .error(404, "faq_not_found");
    let seen = app
        .get(&format!("/faqs/{hidden_id}/"))
        .bearer(&staff.access)
        .reply()
        .await;
    assert_eq!(seen.ok(200)["ask"], "Borrador");
    // A token that is not valid is refused, not taken for an anonymous caller.
    app.get("/faqs/")
        .bearer("not-a-token")
        .reply()
        .await
        .error(401, "token_not_valid");

    // Staff publish, change and clear; customers and anonymous callers may not.
    let path = format!("/faqs/{hidden_id}/");
    let published = patch(
        &app,
        &staff,
        &path,
        json!({"is_visible": true, "category": second, "position": 0, "url_img": "http://x.mx/a.jpg"}),
    )
    .await;
    let published = published.ok(200);
    assert_eq!(published["is_visible"], true);
    assert_eq!(published["category"], second);
    assert_eq!(published["url_img"], "http://x.mx/a.jpg");
    let cleared = patch(
        &app,
        &staff,
        &path,
        json!({"url_img": null, "we_mean": null}),
    )
    .await;
    assert_eq!(cleared.ok(200)["url_img"], Value::Null);
    assert_eq!(anonymous(&app, &path).await.ok(200)["ask"], "Borrador");
    patch(&app, &customer, &path, json!({"is_visible": false}))
        .await
        .error(403, "permission_denied");
    post(
        &app,
        &customer,
        "/faqs/",
        json!({"category": first, "ask": "x", "answer": "y"}),
    )
    .await
    .error(403, "permission_denied");
    app.post("/faqs/")
        .body_json(&json!({"category": first, "ask": "x", "answer": "y"}))
        .reply()
        .await
        .error(401, "not_authenticated");
    delete(&app, Some(&customer), &path)
        .await
        .error(403, "permission_denied");
    assert_eq!(delete(&app, Some(&staff), &path).await.status, 204);
    delete(&app, Some(&staff), &path)
        .await
        .error(404, "faq_not_found");
    patch(&app, &staff, &path, json!({"ask": "x"}))
        .await
        .error(404, "faq_not_found");
    assert_eq!(stored_count(&app, 1).await, 2);
    assert_eq!(later["position"], 0);
}

async fn bad_faqs_are_refused_with_field_errors_and_write_nothing(backend: Backend) {
    let (app, staff) = staffed(&backend).await;
    let help = category(&app, &staff, "Ayuda").await;
    post(
        &app,
        &staff,
        "/faqs/",
        json!({
            "category": help,
            "ask": " ",
            "answer": "",
            "url_img": "javascript:alert(1)",
            "we_mean": "x".repeat(501),
            "position": -1,
        }),
    )
    .await
    .invalid_fields(&["ask", "answer", "url_img", "we_mean", "position"]);
    post(
        &app,
        &staff,
        "/faqs/",
        json!({"category": 9999, "ask": "¿Sí?", "answer": "No."}),
    )
    .await
    .invalid_fields(&["category"]);
    post(
        &app,
        &staff,
        "/faqs/",
        json!({"category": help, "ask": 5, "answer": "No."}),
    )
    .await
    .invalid_fields(&["ask"]);
    post(
        &app,
        &staff,
        "/faqs/",
        json!({"category": help, "ask": "a", "answer": "b", "extra": 1}),
    )
    .await
    .error(400, "validation_error");
    post(
        &app,
        &staff,
        "/faqs/",
        json!({"category": help, "ask": "x".repeat(501), "answer": "b", "url_img": "ftp://x.mx/a"}),
    )
    .await
    .invalid_fields(&["ask", "url_img"]);
    assert_eq!(stored_count(&app, 1).await, 0);

    let created = faq(
        &app,
        &staff,
        json!({"category": help, "ask": "¿Sí?", "answer": "No."}),
    )
    .await;
    let path = format!("/faqs/{}/", created["id"]);
    patch(
        &app,
        &staff,
        &path,
        json!({"ask": "", "url_img": "https://", "category": 9999}),
    )
    .await
    .invalid_fields(&["ask", "url_img"]);
    patch(&app, &staff, &path, json!({"category": 9999}))
        .await
        .invalid_fields(&["category"]);
    assert_eq!(anonymous(&app, &path).await.ok(200), &created);
    anonymous(&app, "/faqs/abc/")
        .await
        .error(400, "invalid_parameter");
    anonymous(&app, "/faqs/?category=x")
        .await
        .error(400, "invalid_parameter");
    anonymous(&app, "/faqs/?page=0")
        .await
        .error(400, "validation_error");
}

async fn search_ranks_folds_accents_and_hides_hidden_faqs(backend: Backend) {
    let (app, staff) = staffed(&backend).await;
    let help = category(&app, &staff, "Ayuda").await;
    for (ask, answer, visible) in [
        (
            "¿Cómo funciona la devolución?",
            "Tienes 15 días desde que recibes tu pedido.",
            true,
        ),
        (
            "¿Cuánto tarda el envío?",
            "El mismo día en la Ciudad de México.",
            true,
        ),
        (
            "¿Cómo pago?",
            "Con tarjeta; los envíos se pagan aparte.",
            true,
        ),
        (
            "Envíos internos",
            "Solo para el equipo <b>interno</b>.",
            false,
        ),
    ] {
        faq(
            &app,
            &staff,
            json!({"category": help, "ask": ask, "answer": answer, "is_visible": visible}),
        )
        .await;
    }

    let hits = anonymous(&app, "/faqs/search/?q=devolucion").await;
    let hits = hits.ok(200);
    assert_eq!(hit_asks(hits), ["¿Cómo funciona la devolución?"]);
    assert_eq!(hits[0]["snippet"], "¿Cómo funciona la «devolución»?");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0, "{hits}");
    assert_eq!(hits[0]["faq"]["is_visible"], true);

    // The question outranks the answer; the hidden FAQ is not there for the public.
    let hits = anonymous(&app, "/faqs/search/?q=envios").await;
    let hits = hits.ok(200);
    assert_eq!(hit_asks(hits), ["¿Cuánto tarda el envío?", "¿Cómo pago?"]);
    assert_eq!(
        hits[1]["snippet"],
        "Con tarjeta; los «envíos» se pagan aparte."
    );
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;
    let hits = app
        .get("/faqs/search/?q=internos")
        .bearer(&customer.access)
        .reply()
        .await;
    assert_eq!(hits.ok(200), &json!([]));
    let hits = app
        .get("/faqs/search/?q=internos")
        .bearer(&staff.access)
        .reply()
        .await;
    let hits = hits.ok(200);
    assert_eq!(hit_asks(hits), ["Envíos internos"]);
    // Snippets are plain text: the answer's markup is kept as text, never interpreted.
    let hits = app
        .get("/faqs/search/?q=interno%20equipo")
        .bearer(&staff.access)
        .reply()
        .await;
    assert_eq!(hits.ok(200)[0]["snippet"], "Envíos «internos»");

    // Stop words, punctuation, nothing: an empty list.
    for query in ["de%20la%20que", "%C2%BF%3F%21", "", "%20"] {
        let reply = anonymous(&app, &format!("/faqs/search/?q={query}")).await;
        assert_eq!(reply.ok(200), &json!([]), "q={query}");
    }
    assert_eq!(anonymous(&app, "/faqs/search/").await.ok(200), &json!([]));
    // Query syntax is searched as words.
    let reply = anonymous(&app, "/faqs/search/?q=%22pago%22%20OR%20NEAR(x)%20*").await;
    assert_eq!(hit_asks(reply.ok(200)), ["¿Cómo pago?"]);

    let limited = anonymous(&app, "/faqs/search/?q=envio%20devolucion&limit=1").await;
    assert_eq!(limited.ok(200).as_array().unwrap().len(), 1);
    anonymous(&app, "/faqs/search/?q=envio&limit=0")
        .await
        .invalid_fields(&["limit"]);
    anonymous(&app, "/faqs/search/?q=envio&limit=51")
        .await
        .invalid_fields(&["limit"]);
    anonymous(&app, &format!("/faqs/search/?q={}", "a".repeat(201)))
        .await
        .invalid_fields(&["q"]);
}

async fn another_store_sees_and_changes_nothing(backend: Backend) {
    let (app, staff) = staffed(&backend).await;
    let north = app.store("Norte", None).await;
    let north_staff = app.user(Some((north.id, Role::Staff))).await;
    let north_staff = app.login(&north_staff).await;
    let help = category(&app, &staff, "Ayuda").await;
    let created = faq(
        &app,
        &staff,
        json!({"category": help, "ask": "¿Cómo funciona la devolución?", "answer": "Así."}),
    )
    .await;
    let path = format!("/faqs/{}/", created["id"]);

    let list = app.get("/faqs/").store(north.id).reply().await;
    assert_eq!(list.ok(200)["count"], 0);
    let hits = app
        .get("/faqs/search/?q=devolucion")
        .store(north.id)
        .reply()
        .await;
    assert_eq!(hits.ok(200), &json!([]));
    let categories = app.get("/faqs/categories/").store(north.id).reply().await;
    assert_eq!(categories.ok(200)["count"], 0);
    app.get(&path)
        .store(north.id)
        .bearer(&north_staff.access)
        .reply()
        .await
        .error(404, "faq_not_found");
    app.get(&format!("/faqs/categories/{help}/"))
        .store(north.id)
        .reply()
        .await
        .error(404, "category_not_found");
    // The north staff may not use, change or delete the default store's FAQs and categories.
    app.post("/faqs/")
        .store(north.id)
        .bearer(&north_staff.access)
        .body_json(&json!({"category": help, "ask": "x", "answer": "y"}))
        .reply()
        .await
        .invalid_fields(&["category"]);
    app.patch(&path)
        .store(north.id)
        .bearer(&north_staff.access)
        .body_json(&json!({"ask": "Mía"}))
        .reply()
        .await
        .error(404, "faq_not_found");
    app.cli
        .delete(&path)
        .store(north.id)
        .bearer(&north_staff.access)
        .reply()
        .await
        .error(404, "faq_not_found");
    // Nor in the default store, where they are nobody.
    app.patch(&path)
        .bearer(&north_staff.access)
        .body_json(&json!({"ask": "Mía"}))
        .reply()
        .await
        .error(403, "permission_denied");
    // And staff of the default store see the north's hidden FAQs no more than the public.
    let north_help = app
        .post("/faqs/categories/")
        .store(north.id)
        .bearer(&north_staff.access)
        .body_json(&json!({"name": "Ayuda"}))
        .reply()
        .await;
    let north_help = north_help.ok(201)["id"].as_i64().unwrap();
    app.post("/faqs/")
        .store(north.id)
        .bearer(&north_staff.access)
        .body_json(
            &json!({"category": north_help, "ask": "Oculta", "answer": "y", "is_visible": false}),
        )
        .reply()
        .await
        .ok(201);
    let seen = app
        .get("/faqs/")
        .store(north.id)
        .bearer(&staff.access)
        .reply()
        .await;
    assert_eq!(seen.ok(200)["count"], 0);
    assert_eq!(anonymous(&app, &path).await.ok(200), &created);
    assert_eq!(stored_count(&app, 1).await, 1);
}

/// Pages of FAQs are cached; every write of a FAQ or a category is seen at once by the next
/// page, on the instance that wrote and on another sharing its cache.
async fn page(app: &App) -> Value {
    app.get("/faqs/").reply().await.ok(200).clone()
}

async fn cached_pages_follow_every_write_on_every_instance(backend: Backend) {
    let app = App::new(&backend).await;
    let (writer, reader) = app.two_instances_sharing_a_cache().await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let staff = writer.login(&staff).await;
    let help = category(&writer, &staff, "Ayuda").await;
    assert_eq!(page(&reader).await["count"], 0);

    let first = faq(
        &writer,
        &staff,
        json!({"category": help, "ask": "¿Hacen envíos?", "answer": "Sí."}),
    )
    .await;
    let id = first["id"].as_i64().unwrap();
    for instance in [&reader, &writer] {
        assert_eq!(asks(&page(instance).await), ["¿Hacen envíos?"]);
    }
    patch(
        &writer,
        &staff,
        &format!("/faqs/{id}/"),
        json!({"ask": "¿Envían a todo el país?"}),
    )
    .await
    .ok(200);
    assert_eq!(asks(&page(&reader).await), ["¿Envían a todo el país?"]);
    patch(
        &writer,
        &staff,
        &format!("/faqs/{id}/"),
        json!({"is_visible": false}),
    )
    .await
    .ok(200);
    assert_eq!(page(&reader).await["count"], 0);
    let staff_page = reader.get("/faqs/").bearer(&staff.access).reply().await;
    assert_eq!(staff_page.ok(200)["count"], 1);
    patch(
        &writer,
        &staff,
        &format!("/faqs/{id}/"),
        json!({"is_visible": true}),
    )
    .await
    .ok(200);
    let first_category = category(&writer, &staff, "Primero").await;
    faq(
        &writer,
        &staff,
        json!({"category": first_category, "ask": "¿Primero?", "answer": "Sí."}),
    )
    .await;
    patch(
        &writer,
        &staff,
        &format!("/faqs/categories/{first_category}/"),
        json!({"position": 0}),
    )
    .await
    .ok(200);
    patch(
        &writer,
        &staff,
        &format!("/faqs/categories/{help}/"),
        json!({"position": 5}),
    )
    .await
    .ok(200);
    assert_eq!(
        asks(&page(&reader).await),
        ["¿Primero?", "¿Envían a todo el país?"]
    );
    delete(&writer, Some(&staff), &format!("/faqs/{id}/"))
        .await
        .ok(204);
    assert_eq!(asks(&page(&reader).await), ["¿Primero?"]);
}

/// Search results are cached like pages: the next search after any write sees it, on another
/// instance sharing the cache too, and visitors' results never serve staff or the reverse.
async fn found(app: &App, tokens: Option<&Tokens>, q: &str) -> Vec<String> {
    let mut call = app.get(&format!("/faqs/search/?q={q}"));
    if let Some(tokens) = tokens {
        call = call.bearer(&tokens.access);
    }
    let reply = call.reply().await;
    hit_asks(reply.ok(200))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

async fn cached_searches_follow_every_write_on_every_instance(backend: Backend) {
    let app = App::new(&backend).await;
    let (writer, reader) = app.two_instances_sharing_a_cache().await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let staff = writer.login(&staff).await;
    let help = category(&writer, &staff, "Ayuda").await;
    assert!(found(&reader, None, "envios").await.is_empty());

    let shipping = faq(
        &writer,
        &staff,
        json!({"category": help, "ask": "¿Hacen envíos?", "answer": "Sí."}),
    )
    .await;
    let path = format!("/faqs/{}/", shipping["id"].as_i64().unwrap());
    assert_eq!(found(&reader, None, "envios").await, ["¿Hacen envíos?"]);
    patch(
        &writer,
        &staff,
        &path,
        json!({"ask": "¿Cuánto tarda un envío?"}),
    )
    .await
    .ok(200);
    assert_eq!(
        found(&reader, None, "Env%C3%ADos").await,
        ["¿Cuánto tarda un envío?"]
    );
    patch(&writer, &staff, &path, json!({"is_visible": false}))
        .await
        .ok(200);
    assert!(found(&reader, None, "envios").await.is_empty());
    assert_eq!(
        found(&reader, Some(&staff), "envios").await,
        ["¿Cuánto tarda un envío?"]
    );
    assert!(found(&reader, None, "envios").await.is_empty());
    patch(&writer, &staff, &path, json!({"is_visible": true}))
        .await
        .ok(200);
    assert_eq!(
        found(&reader, None, "envios").await,
        ["¿Cuánto tarda un envío?"]
    );
    delete(&writer, Some(&staff), &path).await.ok(204);
    assert!(found(&reader, None, "envios").await.is_empty());
    assert!(found(&reader, Some(&staff), "envios").await.is_empty());
}
