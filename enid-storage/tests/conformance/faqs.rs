use enid_core::faqs::{
    CategoryChanges, Faq, FaqChanges, FaqFilter, NewCategory, NewFaq, SearchTerms,
};
use enid_core::pagination::PageRequest;
use enid_core::storage::Storage;
use enid_core::stores::StoreId;

use crate::support::{at, backends, default_store};

async fn category(s: &dyn Storage, store: StoreId, name: &str, position: Option<i64>) -> i64 {
    s.create_category(
        store,
        &NewCategory {
            name: name.to_owned(),
            slug: enid_core::text::slugify(name, 100),
            position,
        },
        at(1, 2),
    )
    .await
    .expect("category created")
    .id
}

fn new_faq(category_id: i64, ask: &str, answer: &str) -> NewFaq {
    NewFaq {
        category_id,
        ask: ask.to_owned(),
        answer: answer.to_owned(),
        is_visible: true,
        url_img: None,
        we_mean: None,
        position: None,
    }
}

async fn faq(s: &dyn Storage, store: StoreId, category_id: i64, ask: &str, answer: &str) -> Faq {
    s.create_faq(store, &new_faq(category_id, ask, answer), at(1, 3))
        .await
        .expect("faq created")
}

async fn asks(s: &dyn Storage, store: StoreId, filter: FaqFilter) -> Vec<String> {
    s.list_faqs(store, &filter, PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|f| f.ask)
        .collect()
}

/// The count a page of `filter` reports in (category, visible only) combinations.
async fn counts(s: &dyn Storage, store: StoreId, categories: [i64; 2]) -> [i64; 6] {
    let mut out = [0; 6];
    let filters = [
        (None, false),
        (None, true),
        (Some(categories[0]), false),
        (Some(categories[0]), true),
        (Some(categories[1]), false),
        (Some(categories[1]), true),
    ];
    for (i, (category_id, visible_only)) in filters.into_iter().enumerate() {
        let filter = FaqFilter {
            category_id,
            visible_only,
        };
        out[i] = s
            .list_faqs(store, &filter, PageRequest::default())
            .await
            .unwrap()
            .count;
    }
    out
}

async fn found(s: &dyn Storage, store: StoreId, query: &str, visible_only: bool) -> Vec<String> {
    s.search_faqs(store, &SearchTerms::parse(query), visible_only, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|(f, _)| f.ask)
        .collect()
}

#[tokio::test]
async fn categories_have_unique_slugs_per_store_and_keep_their_order() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let shipping = category(s, store, "Envíos", None).await;
        let payments = category(s, store, "Pagos", None).await;
        let first = category(s, store, "Primero", Some(0)).await;
        let err = s
            .create_category(
                store,
                &NewCategory {
                    name: "envios".into(),
                    slug: "envios".into(),
                    position: None,
                },
                at(1, 2),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code, "category_slug_taken", "{}", b.name);
        // Another store may use the slug.
        category(s, other, "Envíos", None).await;

        let page = s
            .list_categories(store, PageRequest::default())
            .await
            .unwrap();
        let order: Vec<i64> = page.items.iter().map(|c| c.id).collect();
        // Appended last: Envíos 0, Pagos 1; Primero 0 too, after Envíos by id.
        assert_eq!(order, [shipping, first, payments], "{}", b.name);
        assert_eq!(page.count, 3, "{}", b.name);
        assert_eq!(page.items[2].position, 1, "{}", b.name);

        let moved = s
            .update_category(
                store,
                payments,
                &CategoryChanges {
                    name: Some(("Formas de pago".into(), "formas-de-pago".into())),
                    position: Some(0),
                },
                at(1, 4),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (moved.name.as_str(), moved.slug.as_str(), moved.position),
            ("Formas de pago", "formas-de-pago", 0),
            "{}",
            b.name
        );
        let taken = s
            .update_category(
                store,
                payments,
                &CategoryChanges {
                    name: Some(("Primero".into(), "primero".into())),
                    position: None,
                },
                at(1, 4),
            )
            .await
            .unwrap_err();
        assert_eq!(taken.code, "category_slug_taken", "{}", b.name);
        // Another store's category is not found, neither read nor changed nor deleted.
        assert_eq!(
            s.category(other, payments).await.unwrap(),
            None,
            "{}",
            b.name
        );
        assert!(
            s.update_category(other, payments, &CategoryChanges::default(), at(1, 4))
                .await
                .unwrap()
                .is_none(),
            "{}",
            b.name
        );
        assert!(
            !s.delete_category(other, payments).await.unwrap(),
            "{}",
            b.name
        );

        // A category with FAQs stays.
        faq(s, store, payments, "¿Aceptan tarjeta?", "Sí.").await;
        let err = s.delete_category(store, payments).await.unwrap_err();
        assert_eq!(err.code, "category_in_use", "{}", b.name);
        assert!(s.delete_category(store, first).await.unwrap(), "{}", b.name);
        assert!(
            !s.delete_category(store, first).await.unwrap(),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn faqs_are_listed_by_category_then_position_and_hidden_ones_filtered() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let second = category(s, store, "Segunda", Some(5)).await;
        let first = category(s, store, "Primera", Some(1)).await;
        let b1 = faq(s, store, second, "B1", "b").await;
        let a1 = faq(s, store, first, "A1", "a").await;
        let a2 = faq(s, store, first, "A2", "a").await;
        assert_eq!(
            (a1.position, a2.position, b1.position),
            (0, 1, 0),
            "{}",
            b.name
        );
        let mut hidden = new_faq(first, "A0 oculta", "a");
        hidden.is_visible = false;
        hidden.position = Some(0);
        hidden.url_img = Some("https://cdn.example.com/a.png".into());
        hidden.we_mean = Some("Lo que quiere decir".into());
        let hidden = s.create_faq(store, &hidden, at(1, 3)).await.unwrap();
        assert_eq!(
            hidden.url_img.as_deref(),
            Some("https://cdn.example.com/a.png"),
            "{}",
            b.name
        );

        let all = FaqFilter::default();
        let visible = FaqFilter {
            visible_only: true,
            ..FaqFilter::default()
        };
        // Position 0 ties with A1: the older id first.
        assert_eq!(
            asks(s, store, all).await,
            ["A1", "A0 oculta", "A2", "B1"],
            "{}",
            b.name
        );
        assert_eq!(
            asks(s, store, visible).await,
            ["A1", "A2", "B1"],
            "{}",
            b.name
        );
        let only_second = FaqFilter {
            category_id: Some(second),
            visible_only: true,
        };
        assert_eq!(asks(s, store, only_second).await, ["B1"], "{}", b.name);
        let page = s
            .list_faqs(store, &visible, PageRequest::new(Some(2), Some(2)).unwrap())
            .await
            .unwrap();
        assert_eq!(page.count, 3, "{}", b.name);
        assert_eq!(page.items.len(), 1, "{}", b.name);

        assert!(
            s.faq(store, hidden.id, false).await.unwrap().is_some(),
            "{}",
            b.name
        );
        assert_eq!(
            s.faq(store, hidden.id, true).await.unwrap(),
            None,
            "{}",
            b.name
        );
        // Tenancy: another store sees none of it and cannot use the store's categories.
        assert_eq!(
            asks(s, other, all).await,
            Vec::<String>::new(),
            "{}",
            b.name
        );
        assert_eq!(
            s.faq(other, a1.id, false).await.unwrap(),
            None,
            "{}",
            b.name
        );
        let err = s
            .create_faq(other, &new_faq(first, "X", "x"), at(1, 3))
            .await
            .unwrap_err();
        assert!(err.fields.contains_key("category"), "{}: {err:?}", b.name);
        let err = s
            .create_faq(store, &new_faq(9999, "X", "x"), at(1, 3))
            .await
            .unwrap_err();
        assert!(err.fields.contains_key("category"), "{}: {err:?}", b.name);
        assert_eq!(asks(s, store, all).await.len(), 4, "{}", b.name);
    }
}

#[tokio::test]
async fn faqs_are_updated_and_deleted_in_their_store_only() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let first = category(s, store, "Primera", None).await;
        let second = category(s, store, "Segunda", None).await;
        let foreign = category(s, other, "Ajena", None).await;
        let mut new = new_faq(first, "¿Pregunta?", "Respuesta.");
        new.url_img = Some("https://cdn.example.com/a.png".into());
        new.we_mean = Some("Aclaración".into());
        let created = s.create_faq(store, &new, at(1, 3)).await.unwrap();
        faq(s, store, first, "¿Otra?", "Sí.").await;
        let both = [first, second];
        assert_eq!(
            counts(s, store, both).await,
            [2, 2, 2, 2, 0, 0],
            "{}",
            b.name
        );

        let changed = s
            .update_faq(
                store,
                created.id,
                &FaqChanges {
                    category_id: Some(second),
                    ask: Some("¿Otra pregunta?".into()),
                    is_visible: Some(false),
                    url_img: Some(None),
                    position: Some(7),
                    ..FaqChanges::default()
                },
                at(1, 4),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            changed,
            Faq {
                id: created.id,
                category_id: second,
                ask: "¿Otra pregunta?".into(),
                answer: "Respuesta.".into(),
                is_visible: false,
                url_img: None,
                we_mean: Some("Aclaración".into()),
                // The only FAQ of its new category: place 7 is past the end, so it is last.
                position: 0,
            },
            "{}",
            b.name
        );
        // Page counts follow a move and a hiding.
        assert_eq!(
            counts(s, store, both).await,
            [2, 1, 1, 1, 1, 0],
            "{}",
            b.name
        );
        let err = s
            .update_faq(
                store,
                created.id,
                &FaqChanges {
                    category_id: Some(foreign),
                    ..FaqChanges::default()
                },
                at(1, 4),
            )
            .await
            .unwrap_err();
        assert!(err.fields.contains_key("category"), "{}: {err:?}", b.name);
        assert_eq!(
            s.faq(store, created.id, false).await.unwrap().unwrap(),
            changed,
            "{}",
            b.name
        );
        assert!(
            s.update_faq(other, created.id, &FaqChanges::default(), at(1, 4))
                .await
                .unwrap()
                .is_none(),
            "{}",
            b.name
        );
        assert!(
            !s.delete_faq(other, created.id).await.unwrap(),
            "{}",
            b.name
        );
        assert!(s.delete_faq(store, created.id).await.unwrap(), "{}", b.name);
        assert!(
            !s.delete_faq(store, created.id).await.unwrap(),
            "{}",
            b.name
        );
        assert_eq!(
            s.faq(store, created.id, false).await.unwrap(),
            None,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn search_is_ranked_accent_insensitive_and_follows_every_write() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let help = category(s, store, "Ayuda", None).await;
        let returns = faq(
            s,
            store,
            help,
            "¿Cómo funciona la devolución?",
            "Tienes 15 días para pedirla.",
        )
        .await;
        let shipping = faq(
            s,
            store,
            help,
            "¿Cuánto tarda el envío?",
            "Entregamos el mismo día en la Ciudad de México.",
        )
        .await;
        faq(
            s,
            store,
            help,
            "¿Qué formas de pago aceptan?",
            "Tarjeta, transferencia y efectivo; los envíos se pagan aparte.",
        )
        .await;

        assert_eq!(
            found(s, store, "devolucion", true).await,
            ["¿Cómo funciona la devolución?"],
            "{}",
            b.name
        );
        assert_eq!(
            found(s, store, "DEVOLUCIONES", true).await,
            ["¿Cómo funciona la devolución?"],
            "{}",
            b.name
        );
        // A match in the question ranks above one in the answer.
        assert_eq!(
            found(s, store, "envios", true).await,
            ["¿Cuánto tarda el envío?", "¿Qué formas de pago aceptan?"],
            "{}",
            b.name
        );
        // More matched words rank higher.
        assert_eq!(
            found(s, store, "tarda envio", true).await,
            ["¿Cuánto tarda el envío?", "¿Qué formas de pago aceptan?"],
            "{}",
            b.name
        );
        let hits = s
            .search_faqs(store, &SearchTerms::parse("envio"), true, 10)
            .await
            .unwrap();
        assert!(hits[0].1 > hits[1].1, "scores fall: {hits:?} on {}", b.name);
        let limited = s
            .search_faqs(store, &SearchTerms::parse("envio"), true, 1)
            .await
            .unwrap();
        assert_eq!(limited.len(), 1, "{}", b.name);

        // The index follows updates, hiding and deletes.
        s.update_faq(
            store,
            returns.id,
            &FaqChanges {
                ask: Some("¿Puedo cambiar un producto?".into()),
                ..FaqChanges::default()
            },
            at(1, 4),
        )
        .await
        .unwrap();
        assert_eq!(
            found(s, store, "devolucion", true).await,
            Vec::<String>::new(),
            "{}",
            b.name
        );
        assert_eq!(
            found(s, store, "cambiar", true).await,
            ["¿Puedo cambiar un producto?"],
            "{}",
            b.name
        );
        s.update_faq(
            store,
            shipping.id,
            &FaqChanges {
                is_visible: Some(false),
                ..FaqChanges::default()
            },
            at(1, 4),
        )
        .await
        .unwrap();
        assert_eq!(
            found(s, store, "tarda", true).await,
            Vec::<String>::new(),
            "{}",
            b.name
        );
        assert_eq!(
            found(s, store, "tarda", false).await,
            ["¿Cuánto tarda el envío?"],
            "{}",
            b.name
        );
        s.delete_faq(store, shipping.id).await.unwrap();
        assert_eq!(
            found(s, store, "tarda", false).await,
            Vec::<String>::new(),
            "{}",
            b.name
        );

        // Tenancy: another store finds nothing of this one.
        assert_eq!(
            found(s, other, "pago", false).await,
            Vec::<String>::new(),
            "{}",
            b.name
        );
        // Odd words are searched as words, never as query syntax.
        for query in [
            "\"",
            "pago\" OR \"x",
            "AND",
            "NEAR(pago)",
            "pago*",
            "col:pago",
            "'",
            "!:&|",
        ] {
            let terms = SearchTerms::parse(query);
            if terms.is_empty() {
                continue;
            }
            s.search_faqs(store, &terms, false, 10)
                .await
                .unwrap_or_else(|e| panic!("{query:?} on {}: {e}", b.name));
        }
    }
}

#[tokio::test]
async fn imports_write_every_faq_in_one_go() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let help = category(s, store, "Ayuda", None).await;
        let faqs: Vec<NewFaq> = (0..50)
            .map(|i| {
                new_faq(
                    help,
                    &format!("¿Pregunta {i} sobre garantía?"),
                    "Respuesta.",
                )
            })
            .collect();
        assert_eq!(
            s.import_faqs(store, &faqs, at(1, 3)).await.unwrap(),
            50,
            "{}",
            b.name
        );
        let page = s
            .list_faqs(store, &FaqFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.count, 50, "{}", b.name);
        assert_eq!(page.items[49].position, 49, "{}", b.name);
        assert_eq!(
            found(s, store, "garantia", true).await.len(),
            10,
            "{}",
            b.name
        );
        // A bad row writes nothing.
        let mut bad = faqs.clone();
        bad[10].category_id = 9999;
        assert!(
            s.import_faqs(store, &bad, at(1, 3)).await.is_err(),
            "{}",
            b.name
        );
        let page = s
            .list_faqs(store, &FaqFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.count, 50, "{}", b.name);
    }
}

/// Past the rows a search reads per word: the best FAQ is found among many holding the word, a
/// visitor's search skips hidden FAQs however well they match, and a FAQ found through one word
/// is scored on every word of the query.
#[tokio::test]
async fn search_ranks_among_many_faqs_holding_a_word() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let help = category(s, store, "Ayuda", None).await;
        let mut faqs: Vec<NewFaq> = (0..120)
            .map(|i| {
                new_faq(
                    help,
                    &format!("¿Pregunta {i}?"),
                    &format!("Respuesta larga {i} que menciona el pedido una vez entre muchas palabras de relleno sin mayor interés."),
                )
            })
            .collect();
        // Hidden FAQs that match better than any visible one.
        for i in 0..60 {
            let mut hidden = new_faq(help, &format!("¿Mi pedido {i}?"), "Pedido, pedido, pedido.");
            hidden.is_visible = false;
            faqs.push(hidden);
        }
        faqs.push(new_faq(help, "¿Dónde está mi pedido?", "Rastreo."));
        faqs.push(new_faq(
            help,
            "¿Puedo cambiar la dirección del pedido?",
            "Sí, antes de enviarlo; escribe a soporte.",
        ));
        s.import_faqs(store, &faqs, at(1, 3)).await.unwrap();

        let visible = found(s, store, "pedidos", true).await;
        assert_eq!(visible.len(), 10, "{}", b.name);
        assert_eq!(visible[0], "¿Dónde está mi pedido?", "{}", b.name);
        assert_eq!(
            visible[1], "¿Puedo cambiar la dirección del pedido?",
            "{}",
            b.name
        );
        assert!(
            visible[2..].iter().all(|ask| ask.starts_with("¿Pregunta")),
            "{visible:?} on {}",
            b.name
        );
        let all = found(s, store, "pedido", false).await;
        assert!(
            all.iter().all(|ask| ask.starts_with("¿Mi pedido")),
            "{all:?} on {}",
            b.name
        );

        // Found through "talla", a FAQ scores for "soporte" too, though its answer's mention is
        // far below the best FAQs for "soporte".
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let help = category(s, other, "Ayuda", None).await;
        let mut faqs: Vec<NewFaq> = (0..60)
            .map(|i| new_faq(help, &format!("¿Soporte {i}?"), "Soporte técnico."))
            .collect();
        faqs.push(new_faq(
            help,
            "¿Cambio de talla?",
            "Escribe a soporte para cambiar la talla.",
        ));
        s.import_faqs(other, &faqs, at(1, 3)).await.unwrap();
        let best = |query: &'static str| async move {
            s.search_faqs(other, &SearchTerms::parse(query), true, 10)
                .await
                .unwrap()
                .remove(0)
        };
        let (one_word, two_words) = (best("talla").await, best("talla soporte").await);
        assert_eq!(one_word.0.ask, "¿Cambio de talla?", "{}", b.name);
        assert_eq!(two_words.0.ask, "¿Cambio de talla?", "{}", b.name);
        assert!(two_words.1 > one_word.1, "{two_words:?} on {}", b.name);
    }
}

/// Pages cut across categories read the same FAQs, in the same order, as one long page.
#[tokio::test]
async fn pages_of_faqs_run_across_categories_in_order() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let second = category(s, store, "Segunda", Some(1)).await;
        let empty = category(s, store, "Vacía", Some(2)).await;
        let first = category(s, store, "Primera", Some(0)).await;
        let third = category(s, store, "Tercera", Some(3)).await;
        let _ = empty;
        let mut faqs = Vec::new();
        for (category_id, name, count) in [(first, "a", 5), (second, "b", 3), (third, "c", 4)] {
            for i in 0..count {
                let mut faq = new_faq(category_id, &format!("{name}{i}"), "x");
                faq.is_visible = i % 2 == 0;
                faqs.push(faq);
            }
        }
        s.import_faqs(store, &faqs, at(1, 3)).await.unwrap();
        for visible_only in [false, true] {
            let filter = FaqFilter {
                category_id: None,
                visible_only,
            };
            let whole = asks(s, store, filter).await;
            let mut paged = Vec::new();
            for page in 1..=6 {
                let request = PageRequest::new(Some(page), Some(2)).unwrap();
                let got = s.list_faqs(store, &filter, request).await.unwrap();
                assert_eq!(got.count, whole.len() as i64, "{}", b.name);
                paged.extend(got.items.into_iter().map(|f| f.ask));
            }
            assert_eq!(paged, whole, "{}", b.name);
            let expected: Vec<&str> = if visible_only {
                vec!["a0", "a2", "a4", "b0", "b2", "c0", "c2"]
            } else {
                vec![
                    "a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "c0", "c1", "c2", "c3",
                ]
            };
            assert_eq!(whole, expected, "{}", b.name);
        }
    }
}

/// FAQs created at once in one category each get a place of their own, and the index and the
/// tallies count every one of them.
#[tokio::test]
async fn racing_creates_take_distinct_positions_and_are_all_indexed() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let help = category(s, store, "Ayuda", None).await;
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let storage = std::sync::Arc::clone(&b.storage);
                tokio::spawn(async move {
                    storage
                        .create_faq(
                            store,
                            &new_faq(help, &format!("¿Garantía {i}?"), "Un año de garantía."),
                            at(1, 3),
                        )
                        .await
                })
            })
            .collect();
        let mut positions = Vec::new();
        for task in tasks {
            positions.push(task.await.unwrap().unwrap().position);
        }
        positions.sort_unstable();
        assert_eq!(positions, (0..20).collect::<Vec<i64>>(), "{}", b.name);
        let page = s
            .list_faqs(store, &FaqFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.count, 20, "{}", b.name);
        let hits = s
            .search_faqs(store, &SearchTerms::parse("garantia"), true, 50)
            .await
            .unwrap();
        assert_eq!(hits.len(), 20, "{}", b.name);
    }
}

async fn order_in(s: &dyn Storage, store: StoreId, category_id: i64) -> Vec<(String, i64)> {
    let filter = FaqFilter {
        category_id: Some(category_id),
        ..FaqFilter::default()
    };
    s.list_faqs(store, &filter, PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|f| (f.ask, f.position))
        .collect()
}

fn to_place(position: i64) -> FaqChanges {
    FaqChanges {
        position: Some(position),
        ..FaqChanges::default()
    }
}

/// A position is a place in the order: one write moves the row there and renumbers the others
/// of its list (its category's FAQs; the store's categories), and no other list.
#[tokio::test]
async fn a_position_moves_the_row_and_renumbers_its_list() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let help = category(s, store, "Ayuda", None).await;
        let other = category(s, store, "Otra", None).await;
        // Tied and sparse positions, as imports leave them: C ties with B, D far behind.
        let mut ids = Vec::new();
        for (ask, position) in [("A", None), ("B", None), ("C", Some(1)), ("D", Some(40))] {
            let new = NewFaq {
                position,
                ..new_faq(help, ask, "Sí.")
            };
            ids.push(s.create_faq(store, &new, at(1, 3)).await.unwrap().id);
        }
        let untouched = faq(s, store, other, "X", "Sí.").await;

        // D to the top: the others follow it, numbered 1, 2, 3.
        let moved = s
            .update_faq(store, ids[3], &to_place(0), at(1, 4))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(moved.position, 0, "{}", b.name);
        let order = order_in(s, store, help).await;
        let expected: Vec<(String, i64)> = [("D", 0), ("A", 1), ("B", 2), ("C", 3)]
            .map(|(ask, position)| (ask.to_owned(), position))
            .into();
        assert_eq!(order, expected, "{}", b.name);
        // A down one place (the swap of the back office's arrows), then past the end: last.
        s.update_faq(store, ids[0], &to_place(2), at(1, 4))
            .await
            .unwrap();
        let order: Vec<String> = order_in(s, store, help)
            .await
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(order, ["D", "B", "A", "C"], "{}", b.name);
        let last = s
            .update_faq(store, ids[3], &to_place(1_000_000), at(1, 4))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(last.position, 3, "{}", b.name);
        let positions: Vec<i64> = order_in(s, store, help)
            .await
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(positions, [0, 1, 2, 3], "{}", b.name);
        // Another category's FAQs keep their places; moving into it takes a place there.
        let into = s
            .update_faq(
                store,
                ids[1],
                &FaqChanges {
                    category_id: Some(other),
                    position: Some(0),
                    ..FaqChanges::default()
                },
                at(1, 4),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!((into.category_id, into.position), (other, 0), "{}", b.name);
        let expected: Vec<(String, i64)> = vec![("B".into(), 0), (untouched.ask.clone(), 1)];
        assert_eq!(order_in(s, store, other).await, expected, "{}", b.name);

        // Categories: Otra first, then Ayuda.
        let moved = s
            .update_category(
                store,
                other,
                &CategoryChanges {
                    name: None,
                    position: Some(0),
                },
                at(1, 4),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(moved.position, 0, "{}", b.name);
        let categories: Vec<(i64, i64)> = s
            .list_categories(store, PageRequest::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| (c.id, c.position))
            .collect();
        assert_eq!(categories, [(other, 0), (help, 1)], "{}", b.name);
    }
}

/// Moves at once in one list each see the order the one before left: the list ends numbered
/// 0, 1, 2… without ties or gaps.
#[tokio::test]
async fn racing_moves_leave_one_numbered_order() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let help = category(s, store, "Ayuda", None).await;
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(
                faq(s, store, help, &format!("¿Pregunta {i}?"), "Sí.")
                    .await
                    .id,
            );
        }
        let tasks: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, &id)| {
                let storage = std::sync::Arc::clone(&b.storage);
                tokio::spawn(async move {
                    storage
                        .update_faq(store, id, &to_place((i as i64 * 5) % 12), at(1, 4))
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap().unwrap();
        }
        let positions: Vec<i64> = order_in(s, store, help)
            .await
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(positions, (0..12).collect::<Vec<i64>>(), "{}", b.name);
    }
}
