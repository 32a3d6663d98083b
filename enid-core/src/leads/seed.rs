//! Realistic, back-dated leads for demos and benchmarks: Mexican names, emails and phones, a
//! status mix that depends on a lead's age, conversions after creation, and creation times spread
//! evenly over the window, oldest first.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::metrics::window_start;
use super::{LeadContact, LeadStatus, LeadTypeId, LeadsService, NewLead};
use crate::auth::Email;
use crate::error::{Error, Result};
use crate::pagination::PageRequest;
use crate::stores::StoreId;
use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadSeedPlan {
    /// Leads to create.
    pub count: u64,
    /// The leads were created over this many days up to now.
    pub days: u32,
    /// The same seed gives the same leads.
    pub seed: u64,
}

/// Called with the number of leads written so far.
pub type LeadSeedProgress<'p> = &'p (dyn Fn(u64) + Send + Sync);

/// Leads per transaction.
const BATCH: usize = 50_000;

const FIRST_NAMES: [&str; 64] = [
    "María",
    "Guadalupe",
    "Juana",
    "Margarita",
    "Verónica",
    "Alejandra",
    "Leticia",
    "Gabriela",
    "Patricia",
    "Rosa",
    "Adriana",
    "Mariana",
    "Fernanda",
    "Daniela",
    "Valeria",
    "Ximena",
    "Regina",
    "Sofía",
    "Valentina",
    "Camila",
    "Renata",
    "Itzel",
    "Xóchitl",
    "Citlali",
    "Andrea",
    "Paola",
    "Karla",
    "Brenda",
    "Diana",
    "Lucía",
    "Elena",
    "Ana",
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jorge",
    "Miguel",
    "Francisco",
    "Alejandro",
    "Ricardo",
    "Eduardo",
    "Fernando",
    "Roberto",
    "Arturo",
    "Héctor",
    "Raúl",
    "Jesús",
    "Óscar",
    "Iván",
    "Ramón",
    "Manuel",
    "Antonio",
    "Sergio",
    "Javier",
    "Diego",
    "Santiago",
    "Emiliano",
    "Mateo",
    "Leonardo",
    "Sebastián",
    "Ángel",
    "Rodrigo",
    "Joaquín",
];

/// Second names that make the usual compound first names (María José, Juan Pablo, ...).
const SECOND_NAMES: [&str; 10] = [
    "José",
    "Guadalupe",
    "Fernanda",
    "Luisa",
    "Pablo",
    "Carlos",
    "Antonio",
    "Ángel",
    "Elena",
    "Isabel",
];

const SURNAMES: [&str; 72] = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "Domínguez",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzmán",
    "Velázquez",
    "Muñoz",
    "Rojas",
    "de la Cruz",
    "Salazar",
    "Contreras",
    "Luna",
    "Ortega",
    "Guerrero",
    "Estrada",
    "Bautista",
    "Cortés",
    "Soto",
    "Alvarado",
    "Espinoza",
    "Lara",
    "Ávila",
    "Ríos",
    "Cervantes",
    "Silva",
    "Delgado",
    "Vega",
    "Márquez",
    "Sandoval",
    "Fernández",
    "León",
    "Carrillo",
    "Mejía",
    "Solís",
    "Núñez",
    "Rosas",
    "Campos",
    "Ibarra",
    "Pacheco",
];

/// Email domains with their weights.
const DOMAINS: [(&str, u32); 8] = [
    ("gmail.com", 46),
    ("hotmail.com", 22),
    ("outlook.com", 10),
    ("yahoo.com.mx", 8),
    ("icloud.com", 5),
    ("live.com.mx", 4),
    ("prodigy.net.mx", 3),
    ("outlook.es", 2),
];

/// Mexican area codes (two or three digits) with their weights.
const AREA_CODES: [(&str, u32); 14] = [
    ("55", 30),
    ("33", 12),
    ("81", 11),
    ("222", 5),
    ("442", 4),
    ("664", 4),
    ("999", 4),
    ("477", 4),
    ("614", 3),
    ("998", 3),
    ("656", 3),
    ("686", 2),
    ("871", 2),
    ("229", 2),
];

fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, weight)| weight).sum();
    let mut pick = rng.random_range(0..total);
    for (item, weight) in items {
        if pick < *weight {
            return item;
        }
        pick -= weight;
    }
    &items[items.len() - 1].0
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Letters only, lowercase, no accents: "de la Cruz" → "delacruz".
fn email_word(text: &str) -> String {
    fold(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A phone as people type it: ten digits, in one of the usual layouts.
fn phone(rng: &mut StdRng) -> String {
    let area = weighted(rng, &AREA_CODES);
    let rest: String = (0..10 - area.len())
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    let number = format!("{area}{rest}");
    let (head, tail) = number.split_at(number.len() - 4);
    let (area, middle) = head.split_at(area.len());
    match rng.random_range(0..10) {
        0..=3 => number,
        4..=6 => format!("{area} {middle} {tail}"),
        7..=8 => format!("+52 {area} {middle} {tail}"),
        _ => format!("({area}) {middle}-{tail}"),
    }
}

/// A status that suits the lead's age: recent leads are mostly pending, old ones resolved.
fn status_for_age(rng: &mut StdRng, age: Duration) -> LeadStatus {
    use LeadStatus::*;
    let mix: [(LeadStatus, u32); 5] = if age < Duration::days(2) {
        [
            (Pending, 70),
            (Contacted, 20),
            (Process, 7),
            (Converted, 2),
            (Discarded, 1),
        ]
    } else if age < Duration::days(14) {
        [
            (Pending, 35),
            (Contacted, 27),
            (Process, 16),
            (Converted, 12),
            (Discarded, 10),
        ]
    } else {
        [
            (Pending, 12),
            (Contacted, 18),
            (Process, 10),
            (Converted, 24),
            (Discarded, 36),
        ]
    };
    *weighted(rng, &mix)
}

/// Lead `number` of a seed, created at `created_at`.
fn seed_lead(
    rng: &mut StdRng,
    number: u64,
    types: &[(LeadTypeId, u32)],
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<NewLead> {
    let first = pick(rng, &FIRST_NAMES);
    let first = if rng.random_range(0..100) < 18 {
        format!("{first} {}", pick(rng, &SECOND_NAMES))
    } else {
        first.to_owned()
    };
    let (paternal, maternal) = (pick(rng, &SURNAMES), pick(rng, &SURNAMES));
    let name = format!("{first} {paternal} {maternal}");
    // The number keeps each email unique; people add numbers to theirs anyway.
    let (given, family) = (
        email_word(first.split(' ').next().unwrap_or(&first)),
        email_word(paternal),
    );
    let local = match rng.random_range(0..4) {
        0 => format!("{given}.{family}{number}"),
        1 => format!("{given}{family}{number}"),
        2 => format!("{}{family}.{number}", &given[..1]),
        _ => format!("{given}_{number}"),
    };
    let email = Email::parse(&format!("{local}@{}", weighted(rng, &DOMAINS)))?;
    let status = status_for_age(rng, now - created_at);
    let converted_at = (status == LeadStatus::Converted).then(|| {
        // Most conversions come within days; some take weeks. Never in the future.
        let hours = rng.random_range(1..24) * rng.random_range(1..=30);
        (created_at + Duration::hours(hours)).min(now)
    });
    let touched = created_at + Duration::minutes(rng.random_range(0..3 * 24 * 60));
    let updated_at = converted_at.unwrap_or(touched.min(now)).max(created_at);
    let tryet = match rng.random_range(0..100) {
        0..=79 => 1,
        80..=91 => 2,
        92..=96 => 3,
        _ => rng.random_range(4..=6),
    };
    let products_interest = if rng.random_range(0..100) < 35 {
        Vec::new()
    } else {
        let mut products: Vec<i64> = Vec::new();
        for _ in 0..rng.random_range(1..=4) {
            let product = rng.random_range(1..=200);
            if !products.contains(&product) {
                products.push(product);
            }
        }
        products
    };
    Ok(NewLead {
        lead_type_id: *weighted(rng, types),
        contact: LeadContact {
            name,
            email,
            phone_number: (rng.random_range(0..100) < 85).then(|| phone(rng)),
        },
        products_interest,
        status,
        tryet,
        created_at,
        updated_at,
        converted_at,
    })
}

/// The longest window leads are seeded over.
pub const MAX_SEED_DAYS: u32 = 3650;

impl LeadsService<'_> {
    /// Writes `plan.count` realistic leads into `store`, created evenly over the last
    /// `plan.days` days (oldest first, so ids follow creation time), in transactions of 50,000.
    /// Emails are numbered after the leads the store has, so seeding again adds more. Returns
    /// how many were written.
    pub async fn seed(
        &self,
        store: StoreId,
        plan: &LeadSeedPlan,
        progress: LeadSeedProgress<'_>,
    ) -> Result<u64> {
        if !(1..=MAX_SEED_DAYS).contains(&plan.days) {
            return Err(Error::invalid(
                "days",
                format!("Must be between 1 and {MAX_SEED_DAYS}."),
            ));
        }
        let storage = self.enid.storage();
        let types: Vec<(LeadTypeId, u32)> = storage
            .list_lead_types(store, PageRequest::new(None, Some(200))?)
            .await?
            .items
            .into_iter()
            .filter(|t| t.is_active)
            .map(|t| {
                // The original types in the proportions the shop sees; others less often.
                let weight = match t.id {
                    1 => 45,
                    2 => 25,
                    3 => 30,
                    _ => 10,
                };
                (t.id, weight)
            })
            .collect();
        if types.is_empty() {
            return Err(Error::invalid(
                "store",
                "The store has no active lead type to seed leads of.",
            ));
        }
        let now = self.enid.now();
        // The window `days` means in every metric: today (up to now) and the days before it.
        let start = window_start(now.date_naive(), plan.days)
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc();
        let window = (now - start).num_milliseconds() as f64;
        let existing = storage
            .list_leads(store, &Default::default(), PageRequest::new(None, Some(1))?)
            .await?
            .count;
        let mut rng = StdRng::seed_from_u64(plan.seed);
        let mut written = 0;
        let mut batch = Vec::with_capacity(BATCH);
        // The previous batch is written while the next one is made.
        let mut writing: Option<(u64, tokio::task::JoinHandle<Result<u64>>)> = None;
        for index in 0..plan.count {
            // One evenly wide slot of the window per lead, at a random point in it.
            let slot = (index as f64 + rng.random::<f64>()) / plan.count as f64;
            let created_at = start + Duration::milliseconds((slot * window) as i64);
            batch.push(seed_lead(
                &mut rng,
                existing as u64 + index + 1,
                &types,
                created_at,
                now,
            )?);
            if batch.len() == BATCH || index + 1 == plan.count {
                if let Some((done, handle)) = writing.take() {
                    written += handle.await.map_err(Error::internal)??;
                    progress(done);
                }
                let enid = self.enid.clone();
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                writing = Some((
                    index + 1,
                    tokio::spawn(async move { enid.leads().import(store, &full).await }),
                ));
            }
        }
        if let Some((done, handle)) = writing {
            written += handle.await.map_err(Error::internal)??;
            progress(done);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_look_real_and_consistent() {
        let mut rng = StdRng::seed_from_u64(7);
        let now: DateTime<Utc> = "2026-03-20T12:00:00Z".parse().unwrap();
        let types = [(1, 45), (2, 25), (3, 30)];
        for number in 0..2_000 {
            let created_at = now - Duration::hours(number as i64);
            let lead = seed_lead(&mut rng, number, &types, created_at, now).unwrap();
            assert!(lead.contact.name.split(' ').count() >= 3);
            assert!(lead.contact.email.as_str().contains(&number.to_string()));
            if let Some(phone) = &lead.contact.phone_number {
                let digits = super::super::digits(phone);
                assert!(
                    digits.len() == 10 || (digits.len() == 12 && digits.starts_with("52")),
                    "{phone}"
                );
            }
            assert_eq!(
                lead.converted_at.is_some(),
                lead.status == LeadStatus::Converted
            );
            if let Some(at) = lead.converted_at {
                assert!(at >= created_at && at <= now);
            }
            assert!(lead.updated_at >= lead.created_at && lead.updated_at <= now.max(created_at));
            assert!(lead.products_interest.iter().all(|p| (1..=200).contains(p)));
        }
    }
}
