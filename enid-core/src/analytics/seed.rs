//! Realistic, back-dated page analytics for demos and benchmarks: visitors of a Mexican
//! home-fitness shop arriving from Google, social networks, WhatsApp and newsletters, browsing
//! several pages per session on phones more than on desktops, and going down the shop funnel
//! (product views → add to cart → checkout → purchase) at believable rates. Sessions start at
//! any time of the window, with more traffic at lunchtime and in the evening (Mexico City time).

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

use super::{BackdatedPageAccess, Metadata, NewJourney, NewPageAccess, Window, event_types};

/// Generates sessions until `count` page accesses have been produced, hour by hour from the
/// start of the window, as a live shop would record them: rows arrive (nearly) in time order and
/// session ids start with their start time, so every index grows at its end.
pub struct Seeder {
    rng: SmallRng,
    now: DateTime<Utc>,
    start: DateTime<Utc>,
    hours: i64,
    next_hour: i64,
    /// Sessions to start per unit of hour weight, so the window ends with about `count` rows.
    sessions_per_weight: f64,
    /// The fraction of a session carried to the next hour.
    carry: f64,
    remaining: u64,
}

/// Whole sessions: their page accesses and one journey per session.
#[derive(Debug, Clone, Default)]
pub struct SeedBatch {
    pub accesses: Vec<BackdatedPageAccess>,
    pub journeys: Vec<NewJourney>,
}

/// Visits per local hour of day (Mexico City), relative.
const HOUR_WEIGHTS: [u32; 24] = [
    3, 2, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 10, 11, 10, 8, 8, 9, 11, 13, 14, 13, 9, 5,
];
/// Mexico City is UTC−6 all year (no daylight saving time since 2022).
const UTC_OFFSET_HOURS: i64 = 6;

const PRODUCTS: &[(&str, &str, u32)] = &[
    (
        "mancuernas-ajustables-24kg",
        "Mancuernas ajustables 24 kg",
        3499,
    ),
    ("kettlebell-12kg", "Kettlebell 12 kg", 899),
    ("kettlebell-16kg", "Kettlebell 16 kg", 1149),
    ("barra-olimpica-20kg", "Barra olímpica 20 kg", 2799),
    ("discos-bumper-par-10kg", "Discos bumper 10 kg (par)", 1899),
    ("banco-ajustable-plegable", "Banco ajustable plegable", 2599),
    (
        "barra-dominadas-puerta",
        "Barra de dominadas para puerta",
        549,
    ),
    (
        "ligas-resistencia-set-5",
        "Set de 5 ligas de resistencia",
        399,
    ),
    (
        "banda-mini-loop-gluteo",
        "Bandas mini loop para glúteo",
        249,
    ),
    ("tapete-yoga-6mm", "Tapete de yoga 6 mm", 459),
    (
        "tapete-yoga-ecologico",
        "Tapete de yoga ecológico de corcho",
        899,
    ),
    ("bloque-yoga-par", "Bloques de yoga (par)", 279),
    ("rueda-abdominal-doble", "Rueda abdominal doble", 229),
    (
        "cuerda-saltar-rodamientos",
        "Cuerda para saltar con rodamientos",
        199,
    ),
    (
        "caminadora-plegable-12kmh",
        "Caminadora plegable 12 km/h",
        8999,
    ),
    (
        "bicicleta-estatica-magnetica",
        "Bicicleta estática magnética",
        6499,
    ),
    ("escaladora-mini", "Mini escaladora con ligas", 1799),
    ("remo-plegable-agua", "Remo plegable de agua", 10499),
    ("chaleco-lastrado-10kg", "Chaleco lastrado 10 kg", 1199),
    ("foam-roller-texturizado", "Foam roller texturizado", 349),
    ("pelota-pilates-65cm", "Pelota de pilates 65 cm", 329),
    ("step-aerobico-ajustable", "Step aeróbico ajustable", 699),
    ("guantes-entrenamiento", "Guantes de entrenamiento", 259),
    ("rack-sentadillas", "Rack para sentadillas", 4299),
];

const CATEGORIES: &[(&str, &str)] = &[
    ("pesas", "Pesas y mancuernas"),
    ("cardio", "Cardio en casa"),
    ("yoga-pilates", "Yoga y pilates"),
    ("accesorios", "Accesorios"),
    ("ofertas", "Ofertas"),
];

const INFO_PAGES: &[(&str, &str, &str)] = &[
    (
        "/preguntas-frecuentes/",
        "Preguntas frecuentes",
        "preguntas",
    ),
    ("/devoluciones/", "Devoluciones y garantías", "politicas"),
    ("/envios/", "Envíos a todo México", "politicas"),
    ("/contacto/", "Contacto", "formulario-contacto"),
    (
        "/blog/rutina-completa-en-casa-30-minutos/",
        "Rutina completa en casa en 30 minutos",
        "articulo",
    ),
    (
        "/blog/como-elegir-mancuernas/",
        "Cómo elegir tus mancuernas",
        "articulo",
    ),
];

const CAMPAIGNS: &[&str] = &[
    "hot_sale_2026",
    "buen_fin_2025",
    "propositos_ano_nuevo",
    "regreso_a_clases",
    "dia_de_las_madres",
    "verano_en_forma",
];

/// (referrer, utm_source, utm_medium, has a campaign, weight)
const SOURCES: &[(&str, &str, &str, bool, u32)] = &[
    ("", "", "", false, 24),
    ("https://www.google.com.mx/", "", "", false, 28),
    ("https://www.google.com.mx/", "google", "cpc", true, 9),
    (
        "https://m.facebook.com/",
        "facebook",
        "paid_social",
        true,
        10,
    ),
    ("https://l.instagram.com/", "instagram", "social", true, 9),
    ("https://www.tiktok.com/", "tiktok", "social", true, 5),
    ("https://wa.me/", "whatsapp", "referral", false, 4),
    (
        "https://www.mercadolibre.com.mx/",
        "mercadolibre",
        "referral",
        false,
        3,
    ),
    ("https://www.youtube.com/", "youtube", "video", true, 3),
    ("https://www.bing.com/", "", "", false, 1),
    ("", "newsletter", "email", true, 4),
];

/// (device, browser, os, user agent, screen, weight)
const DEVICES: &[(&str, &str, &str, &str, &str, u32)] = &[
    (
        "mobile",
        "Chrome",
        "Android",
        "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "412x915",
        33,
    ),
    (
        "mobile",
        "Safari",
        "iOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "390x844",
        22,
    ),
    (
        "mobile",
        "Samsung Internet",
        "Android",
        "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        "360x780",
        4,
    ),
    (
        "mobile",
        "Chrome",
        "iOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        "393x852",
        2,
    ),
    (
        "desktop",
        "Chrome",
        "Windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "1920x1080",
        17,
    ),
    (
        "desktop",
        "Edge",
        "Windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "1366x768",
        5,
    ),
    (
        "desktop",
        "Safari",
        "macOS",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "1440x900",
        4,
    ),
    (
        "desktop",
        "Chrome",
        "macOS",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "1536x864",
        3,
    ),
    (
        "desktop",
        "Firefox",
        "Windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "1920x1080",
        2,
    ),
    (
        "desktop",
        "Firefox",
        "Linux",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "1920x1080",
        1,
    ),
    (
        "tablet",
        "Safari",
        "iPadOS",
        "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "820x1180",
        4,
    ),
    (
        "tablet",
        "Chrome",
        "Android",
        "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "800x1340",
        3,
    ),
];

/// Where a visit is in the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Home,
    Catalog,
    Category(usize),
    Product(usize),
    Cart,
    Checkout,
    Confirmation,
    Info(usize),
}

fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut ticket = rng.random_range(0..total);
    for item in items {
        let w = weight(item);
        if ticket < w {
            return item;
        }
        ticket -= w;
    }
    unreachable!("the ticket falls within the total weight")
}

/// A session's visitor: device, source, identity.
struct Visitor {
    session_id: String,
    user_id: Option<String>,
    device: &'static (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        u32,
    ),
    referrer: &'static str,
    utm_source: &'static str,
    utm_medium: &'static str,
    utm_campaign: Option<&'static str>,
}

/// One page access before it is placed in time.
struct Step {
    access: NewPageAccess,
    time_on_page: i64,
}

impl Seeder {
    /// `count` page accesses spread over the window `days` means in every metric: today (up to
    /// `now`) and the `days - 1` whole days before it. The same `seed` gives the same data.
    pub fn new(count: u64, days: u32, now: DateTime<Utc>, seed: u64) -> Self {
        let start = Window::ending(now, days).start();
        // Whole hours and the one in progress.
        let hours = ((now - start).num_seconds() + 3599) / 3600;
        let mut seeder = Self {
            rng: SmallRng::seed_from_u64(seed),
            now,
            start,
            hours,
            next_hour: 0,
            sessions_per_weight: 0.0,
            carry: 0.0,
            remaining: count,
        };
        // The mean session length, measured on sample sessions, sizes the hourly traffic; a
        // little under, so the last hours are topped up rather than left empty.
        let mut sample = Self {
            rng: SmallRng::seed_from_u64(seed ^ 0x5EED),
            ..Self::new_sampler(now)
        };
        let sessions = 4000;
        let accesses: usize = (0..sessions)
            .map(|_| {
                let visitor = sample.visitor(start);
                sample.steps(&visitor).0.len()
            })
            .sum();
        let mean_length = accesses as f64 / f64::from(sessions);
        let total_weight: f64 = (0..hours).map(|h| f64::from(seeder.hour_weight(h))).sum();
        seeder.sessions_per_weight = count as f64 / mean_length / total_weight * 0.995;
        seeder
    }

    fn new_sampler(now: DateTime<Utc>) -> Self {
        Self {
            rng: SmallRng::seed_from_u64(0),
            now,
            start: now,
            hours: 0,
            next_hour: 0,
            sessions_per_weight: 0.0,
            carry: 0.0,
            remaining: u64::MAX,
        }
    }

    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// The relative traffic of the window's `hour`: by Mexico City hour of day, a bit more on
    /// weekends.
    fn hour_weight(&self, hour: i64) -> u32 {
        let local = self.start + Duration::hours(hour) - Duration::hours(UTC_OFFSET_HOURS);
        let weekend = matches!(local.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let weight = HOUR_WEIGHTS[local.hour() as usize];
        if weekend { weight + weight / 4 } else { weight }
    }

    /// The sessions of the next hours, about `max_accesses` page accesses in time order;
    /// `None` when done.
    pub fn next_batch(&mut self, max_accesses: usize) -> Option<SeedBatch> {
        if self.remaining == 0 {
            return None;
        }
        let mut batch = SeedBatch::default();
        while self.remaining > 0 && batch.accesses.len() < max_accesses {
            let first = batch.accesses.len();
            if self.next_hour < self.hours {
                let hour_start = self.start + Duration::hours(self.next_hour);
                let sessions = f64::from(self.hour_weight(self.next_hour))
                    * self.sessions_per_weight
                    + self.carry;
                self.carry = sessions.fract();
                self.next_hour += 1;
                for _ in 0..sessions as u64 {
                    let at = hour_start + Duration::seconds(self.rng.random_range(0..3600));
                    self.session(&mut batch, at);
                }
            } else {
                // Past the last hour with accesses still to make: more sessions in the last day
                // of the window.
                let span = (self.now - self.start).num_seconds().clamp(1, 86_400);
                let at = self.now - Duration::seconds(self.rng.random_range(0..span));
                self.session(&mut batch, at);
            }
            batch.accesses[first..].sort_by_key(|a| a.at);
        }
        Some(batch)
    }

    fn visitor(&mut self, start: DateTime<Utc>) -> Visitor {
        let rng = &mut self.rng;
        let source = pick(rng, SOURCES, |s| s.4);
        Visitor {
            // Time first, like UUIDv7: ids sort by the session's start.
            session_id: format!(
                "{:010x}{:06x}",
                start.timestamp(),
                rng.random_range(0..1u32 << 24)
            ),
            // A fifth of the visits are logged-in customers, some of them returning.
            user_id: rng
                .random_bool(0.2)
                .then(|| format!("cliente-{}", rng.random_range(1..=8000))),
            device: pick(rng, DEVICES, |d| d.5),
            referrer: source.0,
            utm_source: source.1,
            utm_medium: source.2,
            utm_campaign: source.3.then(|| *pick(rng, CAMPAIGNS, |_| 1)),
        }
    }

    fn landing(&mut self, visitor: &Visitor) -> Place {
        let rng = &mut self.rng;
        let paid = visitor.utm_campaign.is_some();
        let roll = rng.random_range(0..100);
        match (paid, roll) {
            (true, 0..70) => Place::Product(rng.random_range(0..PRODUCTS.len())),
            (true, _) => Place::Category(rng.random_range(0..CATEGORIES.len())),
            (false, 0..40) => Place::Home,
            (false, 40..72) => Place::Product(rng.random_range(0..PRODUCTS.len())),
            (false, 72..86) => Place::Category(rng.random_range(0..CATEGORIES.len())),
            (false, _) => Place::Info(rng.random_range(0..INFO_PAGES.len())),
        }
    }

    fn browse_from(&mut self, place: Place) -> Place {
        let rng = &mut self.rng;
        let product = rng.random_range(0..PRODUCTS.len());
        let category = rng.random_range(0..CATEGORIES.len());
        let roll = rng.random_range(0..100);
        match place {
            Place::Home | Place::Info(_) => match roll {
                0..45 => Place::Category(category),
                45..75 => Place::Product(product),
                75..90 => Place::Catalog,
                _ => Place::Info(rng.random_range(0..INFO_PAGES.len())),
            },
            Place::Catalog | Place::Category(_) => match roll {
                0..75 => Place::Product(product),
                75..90 => Place::Category(category),
                _ => Place::Home,
            },
            Place::Product(_) => match roll {
                0..55 => Place::Product(product),
                55..80 => Place::Category(category),
                80..88 => Place::Info(rng.random_range(0..INFO_PAGES.len())),
                _ => Place::Home,
            },
            Place::Cart | Place::Checkout | Place::Confirmation => match roll {
                0..60 => Place::Product(product),
                _ => Place::Home,
            },
        }
    }

    fn step(
        &mut self,
        visitor: &Visitor,
        place: Place,
        event_type: &str,
        extra: Map<String, Value>,
    ) -> Step {
        let rng = &mut self.rng;
        let (url, title, section, seconds, load_factor): (String, String, &str, (i64, i64), f64) =
            match place {
                Place::Home => (
                    "/".into(),
                    "Enid Fitness | Gimnasio en casa".into(),
                    *pick(rng, &["hero", "ofertas", "mas-vendidos"], |_| 1),
                    (5, 90),
                    1.0,
                ),
                Place::Catalog => (
                    "/productos/".into(),
                    "Todos los productos".into(),
                    "catalogo",
                    (10, 120),
                    1.1,
                ),
                Place::Category(i) => (
                    format!("/categorias/{}/", CATEGORIES[i].0),
                    CATEGORIES[i].1.to_owned(),
                    *pick(rng, &["catalogo", "filtros"], |s| {
                        if *s == "catalogo" { 4 } else { 1 }
                    }),
                    (10, 150),
                    1.1,
                ),
                Place::Product(i) => (
                    format!("/productos/{}/", PRODUCTS[i].0),
                    PRODUCTS[i].1.to_owned(),
                    *pick(
                        rng,
                        &[
                            "detalle-producto",
                            "galeria",
                            "resenas",
                            "productos-relacionados",
                        ],
                        |s| match *s {
                            "detalle-producto" => 6,
                            "galeria" => 3,
                            _ => 1,
                        },
                    ),
                    (15, 240),
                    1.25,
                ),
                Place::Cart => (
                    "/carrito/".into(),
                    "Tu carrito".into(),
                    "carrito",
                    (10, 120),
                    1.0,
                ),
                Place::Checkout => (
                    "/checkout/".into(),
                    "Pago seguro".into(),
                    "checkout",
                    (45, 420),
                    1.4,
                ),
                Place::Confirmation => (
                    "/checkout/confirmacion/".into(),
                    "¡Gracias por tu compra!".into(),
                    "confirmacion",
                    (5, 60),
                    1.0,
                ),
                Place::Info(i) => (
                    INFO_PAGES[i].0.into(),
                    INFO_PAGES[i].1.into(),
                    INFO_PAGES[i].2,
                    (10, 300),
                    0.9,
                ),
            };
        // Skewed towards short visits: the square of a uniform draw.
        let skew: f64 = rng.random::<f64>();
        let time_on_page = seconds.0 + ((seconds.1 - seconds.0) as f64 * skew * skew) as i64;
        let device_base = match visitor.device.0 {
            "mobile" => 1350.0,
            "tablet" => 1050.0,
            _ => 720.0,
        };
        // Network and device spread: a long tail of slow loads.
        let spread = 0.55 + rng.random::<f64>() + rng.random::<f64>().powi(6) * 3.0;
        let load_time_ms = (device_base * load_factor * spread * 10.0).round() / 10.0;
        let page_load = event_type == event_types::PRODUCT_VIEW || event_type == "page_view";
        let mut metadata = Map::new();
        metadata.insert("event_type".into(), event_type.into());
        if page_load && rng.random_bool(0.92) {
            metadata.insert("load_time_ms".into(), json!(load_time_ms));
        }
        metadata.insert("screen".into(), visitor.device.4.into());
        metadata.insert("lang".into(), "es-MX".into());
        metadata.extend(extra);
        let interactions = match event_type {
            "page_view" | event_types::PRODUCT_VIEW => rng.random_range(0..12),
            _ => rng.random_range(1..4),
        };
        let text = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        let access = NewPageAccess {
            page_url: url,
            event_id: None,
            page_title: Some(title),
            section: Some(section.to_owned()),
            user_id: visitor.user_id.clone(),
            session_id: Some(visitor.session_id.clone()),
            user_agent: Some(visitor.device.3.to_owned()),
            device_type: Some(visitor.device.0.to_owned()),
            browser: Some(visitor.device.1.to_owned()),
            os: Some(visitor.device.2.to_owned()),
            referrer: text(visitor.referrer),
            utm_source: text(visitor.utm_source),
            utm_medium: text(visitor.utm_medium),
            utm_campaign: visitor.utm_campaign.map(str::to_owned),
            time_on_page: Some(time_on_page as i32),
            scroll_depth: Some(rng.random_range(5..=100)),
            interactions: Some(interactions),
            // Built directly: the generated metadata is small and well-formed, and checking it
            // would serialise every row once more.
            metadata: Some(Metadata {
                event_type: Some(event_type.to_owned()),
                load_time_us: metadata
                    .get("load_time_ms")
                    .and_then(Value::as_f64)
                    .map(|ms| (ms * 1000.0).round() as i64),
                json: serde_json::to_string(&metadata).expect("JSON values serialise"),
                object: metadata,
            }),
        };
        Step {
            access,
            time_on_page,
        }
    }

    fn product_extra(product: usize) -> Map<String, Value> {
        let (slug, name, price) = PRODUCTS[product];
        let mut extra = Map::new();
        extra.insert("product_id".into(), json!(product + 1));
        extra.insert("product_slug".into(), slug.into());
        extra.insert("product_name".into(), name.into());
        extra.insert("price".into(), json!(price));
        extra.insert("currency".into(), "MXN".into());
        extra
    }

    /// The steps of one session, funnel included.
    fn steps(&mut self, visitor: &Visitor) -> (Vec<Step>, &'static str) {
        let mut steps = Vec::new();
        let mut place = self.landing(visitor);
        let mut cart: Vec<usize> = Vec::new();
        let mut goal = "";
        // About a third of the visits bounce; the others browse on with a fading chance.
        let mut keep_going = !self.rng.random_bool(0.34);
        loop {
            let event = if matches!(place, Place::Product(_)) {
                event_types::PRODUCT_VIEW
            } else {
                "page_view"
            };
            let extra = match place {
                Place::Product(p) => Self::product_extra(p),
                _ => Map::new(),
            };
            steps.push(self.step(visitor, place, event, extra));
            if let Place::Product(p) = place
                && keep_going
                && self.rng.random_bool(0.16)
            {
                cart.push(p);
                steps.push(self.step(
                    visitor,
                    place,
                    event_types::ADD_TO_CART,
                    Self::product_extra(p),
                ));
                goal = "add_to_cart";
                steps.push(self.step(visitor, Place::Cart, "page_view", Map::new()));
                place = Place::Cart;
                if self.rng.random_bool(0.5) {
                    let value: u32 = cart.iter().map(|&p| PRODUCTS[p].2).sum();
                    let mut extra = Map::new();
                    extra.insert("value".into(), json!(value));
                    extra.insert("currency".into(), "MXN".into());
                    extra.insert("items".into(), json!(cart.len()));
                    steps.push(self.step(
                        visitor,
                        Place::Checkout,
                        event_types::BEGIN_CHECKOUT,
                        extra.clone(),
                    ));
                    place = Place::Checkout;
                    goal = "begin_checkout";
                    if self.rng.random_bool(0.6) {
                        extra.insert(
                            "order_id".into(),
                            format!("MX-{:08}", self.rng.random_range(0..100_000_000)).into(),
                        );
                        extra.insert(
                            "payment_method".into(),
                            pick(
                                &mut self.rng,
                                &[
                                    ("tarjeta", 5),
                                    ("oxxo", 2),
                                    ("contra_entrega", 2),
                                    ("mercado_pago", 2),
                                ],
                                |m| m.1,
                            )
                            .0
                            .into(),
                        );
                        steps.push(self.step(
                            visitor,
                            Place::Confirmation,
                            event_types::PURCHASE,
                            extra,
                        ));
                        place = Place::Confirmation;
                        goal = "purchase";
                        cart.clear();
                    }
                }
            }
            if !keep_going || steps.len() >= 25 {
                break;
            }
            keep_going = self.rng.random_bool(0.72);
            place = self.browse_from(place);
        }
        (steps, goal)
    }

    /// One session starting about `at` (earlier if it would not end by `now`).
    fn session(&mut self, batch: &mut SeedBatch, at: DateTime<Utc>) {
        let visitor = self.visitor(at);
        let (mut steps, goal) = self.steps(&visitor);
        steps.truncate(self.remaining.min(steps.len() as u64) as usize);
        self.remaining -= steps.len() as u64;

        // Offsets within the session: each access after the previous one's time plus a pause.
        let mut offsets = Vec::with_capacity(steps.len());
        let mut offset = 0;
        for step in &steps {
            offsets.push(offset);
            offset += step.time_on_page + self.rng.random_range(1..15);
        }
        let duration = offset;
        let start = at.min(self.now - Duration::seconds(duration + 1));

        let mut pages_visited: Vec<String> = Vec::new();
        let mut total_time = 0;
        for step in &steps {
            if pages_visited.last() != Some(&step.access.page_url) {
                pages_visited.push(step.access.page_url.clone());
            }
            total_time += step.time_on_page;
        }
        let entry_page = pages_visited.first().cloned().unwrap_or_default();
        let exit_page = pages_visited.last().cloned().unwrap_or_default();
        batch.journeys.push(NewJourney {
            session_id: visitor.session_id.clone(),
            user_id: visitor.user_id.clone().unwrap_or_default(),
            entry_page,
            exit_page,
            pages_visited,
            total_time: total_time as i32,
            conversion_goal: goal.to_owned(),
            started_at: start,
            ended_at: Some((start + Duration::seconds(duration)).min(self.now)),
        });
        for (step, offset) in steps.into_iter().zip(offsets) {
            batch.accesses.push(BackdatedPageAccess {
                access: step.access,
                at: start
                    + Duration::seconds(offset)
                    + Duration::microseconds(self.rng.random_range(0..1_000_000)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_count_spread_over_the_window_with_a_funnel() {
        let now: DateTime<Utc> = "2026-03-31T18:00:00Z".parse().unwrap();
        let mut seeder = Seeder::new(20_000, 30, now, 7);
        let mut accesses = Vec::new();
        let mut journeys = Vec::new();
        while let Some(batch) = seeder.next_batch(1000) {
            accesses.extend(batch.accesses);
            journeys.extend(batch.journeys);
        }
        assert_eq!(accesses.len(), 20_000);
        assert_eq!(seeder.remaining(), 0);
        // The window of `?days=30`: 2026-03-02 to today.
        let start: DateTime<Utc> = "2026-03-02T00:00:00Z".parse().unwrap();
        assert!(accesses.iter().all(|a| a.at >= start && a.at <= now));
        let mut days: Vec<_> = accesses.iter().map(|a| a.at.date_naive()).collect();
        days.sort();
        days.dedup();
        assert_eq!(days.len(), 30, "every day has traffic");

        let count = |event: &str| {
            accesses
                .iter()
                .filter(|a| {
                    a.access.metadata.as_ref().unwrap().event_type.as_deref() == Some(event)
                })
                .count()
        };
        let (views, carts, checkouts, purchases) = (
            count(event_types::PRODUCT_VIEW),
            count(event_types::ADD_TO_CART),
            count(event_types::BEGIN_CHECKOUT),
            count(event_types::PURCHASE),
        );
        assert!(views > carts && carts > checkouts && checkouts > purchases && purchases > 0);
        let sessions = journeys.len();
        assert!(sessions > 2000 && sessions < 10_000, "{sessions} sessions");
        let mobile = accesses
            .iter()
            .filter(|a| a.access.device_type.as_deref() == Some("mobile"))
            .count();
        assert!(mobile * 2 > accesses.len(), "mostly phones");
    }
}
