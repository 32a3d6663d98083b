//! `enid seed faqs`: a starter set of FAQs in plain Spanish, or many generated ones for
//! benchmarks.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{FaqFilter, FaqsService, NewCategory, NewFaq};
use crate::error::Result;
use crate::pagination::{MAX_PAGE_SIZE, PageRequest};
use crate::stores::StoreId;
use crate::text::slugify;

use super::SLUG_MAX_CHARS;

/// One FAQ of the starter set, with the name of its category.
pub struct StarterFaq {
    pub category: &'static str,
    pub ask: &'static str,
    pub answer: &'static str,
}

/// The starter set: payment, shipping, materials, references and returns.
pub const STARTER_FAQS: &[StarterFaq] = &[
    StarterFaq {
        category: "Pagos",
        ask: "¿Puedo pagar contra entrega en la Ciudad de México?",
        answer: "Sí. En la Ciudad de México puedes pagar en efectivo o con tarjeta cuando recibes \
                 tu pedido. Fuera de la ciudad el pago se hace en línea antes del envío.",
    },
    StarterFaq {
        category: "Pagos",
        ask: "¿Qué formas de pago aceptan?",
        answer: "Aceptamos tarjeta de crédito o débito, transferencia bancaria y pago en \
                 efectivo al recibir en la Ciudad de México.",
    },
    StarterFaq {
        category: "Envíos",
        ask: "¿Cuánto tarda en llegar mi pedido?",
        answer: "En la Ciudad de México entregamos el mismo día si pides antes de las 2 de la \
                 tarde. Al resto del país el envío tarda de 1 a 2 días hábiles.",
    },
    StarterFaq {
        category: "Envíos",
        ask: "¿Hacen envíos a todo el país?",
        answer: "Sí, enviamos a toda la República con paquetería. Te compartimos la guía de \
                 rastreo en cuanto sale tu pedido.",
    },
    StarterFaq {
        category: "Productos",
        ask: "¿De qué material está hecho el equipo?",
        answer: "Nuestro equipo es de acero inoxidable y aluminio de uso rudo, con piezas de \
                 plástico de grado alimenticio donde tocan los alimentos.",
    },
    StarterFaq {
        category: "Productos",
        ask: "¿El equipo tiene garantía?",
        answer: "Todo el equipo tiene garantía de un año contra defectos de fabricación. \
                 Guarda tu comprobante de compra.",
    },
    StarterFaq {
        category: "Referencias",
        ask: "¿Tienen referencias de otros clientes?",
        answer: "Sí. Con gusto te compartimos fotos de instalaciones y los datos de clientes que \
                 aceptaron ser referencia. Pídelas por correo o WhatsApp.",
    },
    StarterFaq {
        category: "Devoluciones",
        ask: "¿Cómo funciona la devolución?",
        answer: "Tienes 15 días desde que recibes tu pedido para pedir una devolución. El \
                 producto debe estar sin uso y en su empaque. Solicítala con tu número de pedido \
                 y te diremos cómo enviarlo.",
    },
    StarterFaq {
        category: "Devoluciones",
        ask: "¿Cuándo recibo mi reembolso?",
        answer: "Cuando recibimos y revisamos el producto devuelto, el reembolso se hace en un \
                 plazo de 5 días hábiles por el mismo medio de pago.",
    },
];

const TOPICS: &[&str] = &[
    "envío",
    "pago",
    "garantía",
    "devolución",
    "factura",
    "instalación",
    "mantenimiento",
    "refacción",
    "pedido",
    "entrega",
    "cotización",
    "descuento",
    "mayoreo",
    "horario",
];
const OBJECTS: &[&str] = &[
    "la batidora",
    "el horno",
    "la vitrina",
    "el refrigerador",
    "la freidora",
    "la plancha",
    "el molino",
    "la rebanadora",
    "la licuadora",
    "la estufa",
    "el asador",
    "la campana",
];
const QUESTIONS: &[&str] = &[
    "¿Cómo solicito {t} de {o}?",
    "¿Cuánto cuesta {t} de {o}?",
    "¿Qué necesito para {t} de {o}?",
    "¿Hay {t} para {o} en mi ciudad?",
    "¿Cuánto tarda {t} de {o}?",
];
const ANSWERS: &[&str] = &[
    "Para {t} de {o} escríbenos con tu número de pedido y te respondemos el mismo día hábil.",
    "{T} de {o} depende de tu ciudad; en la Ciudad de México suele ser el mismo día.",
    "Puedes pedir {t} de {o} desde tu cuenta o por teléfono con atención a clientes.",
    "Revisamos {t} de {o} caso por caso y te confirmamos por correo en menos de 24 horas.",
];

fn fill(template: &str, topic: &str, object: &str) -> String {
    let mut capital = topic.to_owned();
    if let Some(first) = capital.get(..1) {
        let upper = first.to_uppercase();
        capital.replace_range(..1, &upper);
    }
    template
        .replace("{t}", topic)
        .replace("{T}", &capital)
        .replace("{o}", object)
}

/// `count` varied FAQs for benchmarks, the same for the same `seed`; categories by topic.
pub fn generated_faqs(count: u64, seed: u64) -> Vec<(&'static str, String, String)> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let topic = TOPICS[rng.random_range(0..TOPICS.len())];
            let object = OBJECTS[rng.random_range(0..OBJECTS.len())];
            let ask = fill(
                QUESTIONS[rng.random_range(0..QUESTIONS.len())],
                topic,
                object,
            );
            let answer = fill(ANSWERS[rng.random_range(0..ANSWERS.len())], topic, object);
            (topic, ask, answer)
        })
        .collect()
}

/// FAQs are written this many at a time.
const BATCH: usize = 5_000;

impl FaqsService<'_> {
    /// The category of `name` in the store, created (last) when missing.
    async fn category_named(&self, store: StoreId, name: &str) -> Result<i64> {
        let slug = slugify(name, SLUG_MAX_CHARS);
        let storage = self.enid.storage();
        let mut page = PageRequest::default();
        loop {
            let categories = storage.list_categories(store, page).await?;
            if let Some(found) = categories.items.iter().find(|c| c.slug == slug) {
                return Ok(found.id);
            }
            if !categories.has_next() {
                break;
            }
            page = PageRequest::new(
                Some(i64::from(page.page()) + 1),
                Some(i64::from(page.page_size())),
            )?;
        }
        let new = NewCategory {
            name: name.to_owned(),
            slug,
            position: None,
        };
        Ok(storage
            .create_category(store, &new, self.enid.now())
            .await?
            .id)
    }

    /// The questions already in a category.
    async fn asks_in(&self, store: StoreId, category_id: i64) -> Result<Vec<String>> {
        let filter = FaqFilter {
            category_id: Some(category_id),
            visible_only: false,
        };
        let mut asks = Vec::new();
        let mut page = PageRequest::new(Some(1), Some(i64::from(MAX_PAGE_SIZE)))?;
        loop {
            let faqs = self.enid.storage().list_faqs(store, &filter, page).await?;
            asks.extend(faqs.items.iter().map(|faq| faq.ask.clone()));
            if !faqs.has_next() {
                return Ok(asks);
            }
            page = PageRequest::new(
                Some(i64::from(page.page()) + 1),
                Some(i64::from(MAX_PAGE_SIZE)),
            )?;
        }
    }

    /// Loads the starter set into the store, leaving out the questions its category already
    /// has (so running it again adds nothing); returns how many FAQs were written.
    pub async fn seed_starter(&self, store: StoreId) -> Result<u64> {
        let mut faqs = Vec::new();
        let mut known: HashMap<i64, Vec<String>> = HashMap::new();
        for faq in STARTER_FAQS {
            let category_id = self.category_named(store, faq.category).await?;
            if let Entry::Vacant(entry) = known.entry(category_id) {
                entry.insert(self.asks_in(store, category_id).await?);
            }
            if known[&category_id].iter().any(|ask| ask == faq.ask) {
                continue;
            }
            faqs.push(NewFaq {
                category_id,
                ask: faq.ask.to_owned(),
                answer: faq.answer.to_owned(),
                is_visible: true,
                url_img: None,
                we_mean: None,
                position: None,
            });
        }
        let written = self
            .enid
            .storage()
            .import_faqs(store, &faqs, self.enid.now())
            .await?;
        crate::assistant::forget_answers(self.enid, store).await;
        Ok(written)
    }

    /// Writes `count` generated FAQs in batches, calling `progress` with the total written.
    pub async fn seed_generated(
        &self,
        store: StoreId,
        count: u64,
        seed: u64,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<u64> {
        let mut categories = HashMap::new();
        for topic in TOPICS {
            categories.insert(*topic, self.category_named(store, topic).await?);
        }
        let mut written = 0;
        for chunk in generated_faqs(count, seed).chunks(BATCH) {
            let faqs: Vec<NewFaq> = chunk
                .iter()
                .map(|(topic, ask, answer)| NewFaq {
                    category_id: categories[topic],
                    ask: ask.clone(),
                    answer: answer.clone(),
                    is_visible: true,
                    url_img: None,
                    we_mean: None,
                    position: None,
                })
                .collect();
            written += self
                .enid
                .storage()
                .import_faqs(store, &faqs, self.enid.now())
                .await?;
            progress(written);
        }
        crate::assistant::forget_answers(self.enid, store).await;
        Ok(written)
    }
}
