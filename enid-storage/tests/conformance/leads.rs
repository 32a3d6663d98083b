use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use enid_core::auth::{Email, Membership, Principal};
use enid_core::clock::ManualClock;
use enid_core::config::EnidConfig;
use enid_core::leads::{
    LeadChanges, LeadContact, LeadFilter, LeadIntake, LeadSearch, LeadSearchInput, LeadStatus,
    LeadTypeChanges, LeadTypeName, NewLead,
};
use enid_core::pagination::PageRequest;
use enid_core::storage::Storage;
use enid_core::stores::{Role, StoreId};
use enid_core::{Enid, ErrorKind};
use uuid::Uuid;

use crate::support::{at, backends, default_store, user};

fn ts(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).unwrap()
}

fn contact(name: &str, email: &str, phone: Option<&str>) -> LeadContact {
    LeadContact {
        name: name.to_owned(),
        email: Email::parse(email).unwrap(),
        phone_number: phone.map(str::to_owned),
    }
}

fn intake(lead_type: i64, name: &str, email: &str, phone: Option<&str>) -> LeadIntake {
    LeadIntake {
        lead_type_id: lead_type,
        contact: contact(name, email, phone),
        products_interest: None,
    }
}

/// A lead placed at `created_at`, converted at `converted_at` when given.
fn placed(
    lead_type: i64,
    name: &str,
    email: &str,
    status: LeadStatus,
    created_at: DateTime<Utc>,
    converted_at: Option<DateTime<Utc>>,
) -> NewLead {
    NewLead {
        lead_type_id: lead_type,
        contact: contact(name, email, None),
        products_interest: vec![],
        status,
        tryet: 1,
        created_at,
        updated_at: converted_at.unwrap_or(created_at),
        converted_at,
    }
}

fn search(q: &str, status: Option<LeadStatus>, limit: u32) -> LeadSearch {
    let phone_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    LeadSearch {
        name_text: enid_core::text::fold(q),
        email_text: q.to_lowercase(),
        phone_digits: phone_like.then(|| enid_core::leads::digits(q)),
        status,
        limit,
    }
}

async fn second_store(s: &dyn Storage) -> StoreId {
    s.create_store("Sucursal Norte", "sucursal-norte", None, at(2, 0))
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn stores_start_with_the_original_lead_types() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        for id in [store, other] {
            let types = s.list_lead_types(id, PageRequest::default()).await.unwrap();
            let names: Vec<(i64, &str, bool)> = types
                .items
                .iter()
                .map(|t| (t.id, t.name.as_str(), t.is_active))
                .collect();
            assert_eq!(
                names,
                [
                    (1, "Al hacer seguir en contacto", true),
                    (2, "Al registrar orden", true),
                    (3, "Al hacer registro", true)
                ],
                "{} store {id}",
                b.name
            );
        }

        // Ids continue per store; names are unique per store ignoring case and accents.
        let name = LeadTypeName::parse("Al suscribirse").unwrap();
        let created = s
            .create_lead_type(store, &name, true, at(3, 0))
            .await
            .unwrap();
        assert_eq!((created.id, created.name.as_str()), (4, "Al suscribirse"));
        let same = LeadTypeName::parse("AL SÚSCRIBIRSE").unwrap();
        let err = s
            .create_lead_type(store, &same, true, at(3, 0))
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "lead_type_name_taken")
        );
        let in_other = s
            .create_lead_type(other, &same, false, at(3, 0))
            .await
            .unwrap();
        assert_eq!((in_other.id, in_other.is_active), (4, false), "{}", b.name);

        let renamed = s
            .update_lead_type(
                store,
                4,
                &LeadTypeChanges {
                    name: Some(LeadTypeName::parse("Al pedir informes").unwrap()),
                    is_active: Some(false),
                },
                at(4, 0),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.is_active),
            ("Al pedir informes", false)
        );
        assert_eq!(renamed.updated_at, at(4, 0));
        let err = s
            .update_lead_type(
                store,
                4,
                &LeadTypeChanges {
                    name: Some(LeadTypeName::parse("al registrar ORDEN").unwrap()),
                    is_active: None,
                },
                at(4, 0),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code, "lead_type_name_taken", "{}", b.name);
        assert!(
            s.update_lead_type(other, 9, &LeadTypeChanges::default(), at(4, 0))
                .await
                .unwrap()
                .is_none()
        );

        // A type with leads cannot go; one without can.
        s.upsert_lead_intake(
            store,
            &intake(1, "Ana", "ana@example.mx", None),
            at(5, 0),
            None,
        )
        .await
        .unwrap();
        let err = s.delete_lead_type(store, 1).await.unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "lead_type_in_use")
        );
        assert!(s.lead_type(store, 1).await.unwrap().is_some());
        assert!(s.delete_lead_type(store, 4).await.unwrap(), "{}", b.name);
        assert!(!s.delete_lead_type(store, 4).await.unwrap());
        assert!(
            s.lead_type(other, 4).await.unwrap().is_some(),
            "other store keeps its type"
        );
        assert!(
            s.delete_lead_type(other, 1).await.unwrap(),
            "no leads there"
        );
    }
}

#[tokio::test]
async fn the_intake_upserts_on_store_email_and_type() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;

        let mut first = intake(
            2,
            "José Pérez",
            "Jose.Perez@Example.mx",
            Some("55 1234 5678"),
        );
        first.products_interest = Some(vec![7, 3]);
        let outcome = s
            .upsert_lead_intake(store, &first, at(5, 10), None)
            .await
            .unwrap();
        assert!(outcome.created, "{}", b.name);
        let lead = outcome.lead;
        assert_eq!(
            (
                lead.name.as_str(),
                lead.email.as_str(),
                lead.phone_number.as_deref(),
                lead.lead_type_id,
                lead.lead_type_name.as_str(),
                lead.status,
                lead.tryet,
                lead.products_interest.as_slice(),
                lead.created_at,
                lead.updated_at,
                lead.converted_at,
            ),
            (
                "José Pérez",
                "jose.perez@example.mx",
                Some("55 1234 5678"),
                2,
                "Al registrar orden",
                LeadStatus::Pending,
                1,
                &[7, 3][..],
                at(5, 10),
                at(5, 10),
                None
            ),
            "{}",
            b.name
        );
        assert_eq!(
            s.lead(store, lead.id).await.unwrap().as_ref(),
            Some(&lead),
            "{}: the answer is the stored lead",
            b.name
        );

        // Staff move it along; a later submission keeps that status and the creation time.
        s.update_lead(
            store,
            lead.id,
            &LeadChanges {
                status: Some(LeadStatus::Contacted),
                ..Default::default()
            },
            None,
            at(6, 0),
        )
        .await
        .unwrap();
        let again = intake(2, "José A. Pérez", "  JOSE.PEREZ@example.MX ", None);
        let outcome = s
            .upsert_lead_intake(store, &again, at(7, 0), None)
            .await
            .unwrap();
        assert!(!outcome.created, "{}", b.name);
        let refreshed = outcome.lead;
        assert_eq!(
            s.lead(store, lead.id).await.unwrap().as_ref(),
            Some(&refreshed),
            "{}: the answer is the stored lead",
            b.name
        );
        assert_eq!(refreshed.id, lead.id);
        assert_eq!(refreshed.tryet, 2);
        assert_eq!(refreshed.name, "José A. Pérez");
        assert_eq!(refreshed.status, LeadStatus::Contacted);
        assert_eq!(refreshed.created_at, at(5, 10));
        assert_eq!(refreshed.updated_at, at(7, 0));
        assert_eq!(
            refreshed.phone_number.as_deref(),
            Some("55 1234 5678"),
            "absent phone kept"
        );
        assert_eq!(refreshed.products_interest, [7, 3], "absent products kept");

        let mut third = intake(2, "José Pérez", "jose.perez@example.mx", Some("5598765432"));
        third.products_interest = Some(vec![]);
        let refreshed = s
            .upsert_lead_intake(store, &third, at(8, 0), None)
            .await
            .unwrap()
            .lead;
        assert_eq!(refreshed.tryet, 3);
        assert_eq!(refreshed.phone_number.as_deref(), Some("5598765432"));
        assert!(refreshed.products_interest.is_empty());
        // The new phone is what search finds now.
        let found = s
            .search_leads(store, &search("98765", None, 10))
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{}", b.name);
        assert!(
            s.search_leads(store, &search("12345", None, 10))
                .await
                .unwrap()
                .is_empty()
        );

        // Another type, or another store, is another lead.
        let typed = s
            .upsert_lead_intake(
                store,
                &intake(3, "José", "jose.perez@example.mx", None),
                at(8, 0),
                None,
            )
            .await
            .unwrap();
        assert!(typed.created && typed.lead.id != lead.id);
        let elsewhere = s
            .upsert_lead_intake(
                other,
                &intake(2, "José", "jose.perez@example.mx", None),
                at(8, 0),
                None,
            )
            .await
            .unwrap();
        assert!(elsewhere.created && elsewhere.lead.tryet == 1, "{}", b.name);

        let err = s
            .upsert_lead_intake(
                store,
                &intake(99, "X", "x@example.mx", None),
                at(8, 0),
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::BadRequest, "{}", b.name);
        assert!(err.fields.contains_key("lead_type"));

        // An inactive type takes no intake, neither a new lead nor a known one's.
        s.update_lead_type(
            store,
            3,
            &LeadTypeChanges {
                is_active: Some(false),
                ..Default::default()
            },
            at(8, 0),
        )
        .await
        .unwrap()
        .unwrap();
        for email in ["nuevo@example.mx", "jose.perez@example.mx"] {
            let err = s
                .upsert_lead_intake(store, &intake(3, "Otro", email, None), at(8, 12), None)
                .await
                .unwrap_err();
            assert_eq!(err.kind, ErrorKind::BadRequest, "{}", b.name);
            assert_eq!(
                err.fields["lead_type"],
                ["This lead type is inactive and takes no new leads."],
                "{}",
                b.name
            );
        }
        let all = s
            .list_leads(store, &LeadFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(all.count, 2, "{}", b.name);
        let kept = all.items.iter().find(|l| l.id == typed.lead.id).unwrap();
        assert_eq!((kept.tryet, kept.name.as_str()), (1, "José"), "{}", b.name);
    }
}

#[tokio::test]
async fn fifty_concurrent_intakes_leave_one_lead_with_tryet_fifty() {
    for b in backends().await {
        let store = default_store(b.storage.as_ref()).await;
        let submits: Vec<_> = (0..50)
            .map(|i| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    let submit = intake(
                        1,
                        &format!("Visitante {i}"),
                        if i % 2 == 0 {
                            "carga@example.mx"
                        } else {
                            "CARGA@example.mx"
                        },
                        None,
                    );
                    storage
                        .upsert_lead_intake(store, &submit, at(9, 0), None)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut created = 0;
        for submit in submits {
            created += usize::from(submit.await.unwrap().created);
        }
        assert_eq!(created, 1, "{}: exactly one submit creates", b.name);
        let leads = b
            .storage
            .list_leads(store, &LeadFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(leads.count, 1, "{}", b.name);
        assert_eq!(leads.items[0].tryet, 50, "{}", b.name);
        let overview = b.storage.lead_counts_by_status(store).await.unwrap();
        assert_eq!(
            overview,
            [(LeadStatus::Pending, 1)],
            "{}: tallied once",
            b.name
        );
    }
}

/// Intakes sent at once (which PostgreSQL commits in groups), over two days, with repeated
/// emails in other cases, and some for an inactive or missing type: each answered one is stored
/// as answered, the refused ones fail alone and change nothing, and the tallies count the leads.
#[tokio::test]
async fn concurrent_intakes_are_stored_and_a_refused_one_fails_alone() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let inactive = LeadTypeChanges {
            name: None,
            is_active: Some(false),
        };
        s.update_lead_type(store, 3, &inactive, at(8, 0))
            .await
            .unwrap()
            .unwrap();
        let submits: Vec<_> = (0..160u32)
            .map(|i| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    let lead_type = [1, 2, 3, 1, 99][(i % 5) as usize];
                    let email = if i % 2 == 0 {
                        format!("ana{}@example.mx", i % 12)
                    } else {
                        format!("ANA{}@Example.mx", i % 12)
                    };
                    let mut submit = intake(lead_type, &format!("Ana {i}"), &email, None);
                    if i % 4 == 0 {
                        submit.products_interest = Some(vec![i64::from(i)]);
                    }
                    if i % 6 == 0 {
                        submit.contact.phone_number = Some(format!("55 1234 {i:04}"));
                    }
                    let now = if i % 3 == 0 {
                        ts(2026, 3, 9, 23, 59, 0)
                    } else {
                        ts(2026, 3, 10, 0, 1, 0)
                    };
                    let answer = storage.upsert_lead_intake(store, &submit, now, None).await;
                    (lead_type, email.to_lowercase(), answer)
                })
            })
            .collect();
        let mut expected: std::collections::BTreeMap<(i64, String), i64> = Default::default();
        let mut created = 0;
        for submit in submits {
            let (lead_type, email, answer) = submit.await.unwrap();
            if lead_type == 3 || lead_type == 99 {
                let err = answer.unwrap_err();
                assert_eq!(err.kind, ErrorKind::BadRequest, "{}: {err:?}", b.name);
                continue;
            }
            let outcome = answer.unwrap_or_else(|e| panic!("{}: {e:?}", b.name));
            assert_eq!(
                (outcome.lead.lead_type_id, outcome.lead.email.to_lowercase()),
                (lead_type, email.clone()),
                "{}",
                b.name
            );
            created += usize::from(outcome.created);
            *expected.entry((lead_type, email)).or_default() += 1;
        }
        assert_eq!(created, expected.len(), "{}: one creation per lead", b.name);
        let leads = s
            .list_leads(
                store,
                &LeadFilter::default(),
                PageRequest::new(Some(1), Some(200)).unwrap(),
            )
            .await
            .unwrap();
        let stored: std::collections::BTreeMap<(i64, String), i64> = leads
            .items
            .iter()
            .map(|l| ((l.lead_type_id, l.email.to_lowercase()), l.tryet))
            .collect();
        assert_eq!(stored, expected, "{}: every intake counted once", b.name);
        assert_eq!(
            s.lead_counts_by_status(store).await.unwrap(),
            [(LeadStatus::Pending, expected.len() as i64)],
            "{}",
            b.name
        );
        let by_type: Vec<(i64, i64)> = s
            .lead_counts_by_type(store)
            .await
            .unwrap()
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .map(|(lead_type, count)| (lead_type.id, count))
            .collect();
        let mut counted: std::collections::BTreeMap<i64, i64> = Default::default();
        for (lead_type, _) in expected.keys() {
            *counted.entry(*lead_type).or_default() += 1;
        }
        assert_eq!(
            by_type,
            counted.into_iter().collect::<Vec<_>>(),
            "{}",
            b.name
        );
        let daily: i64 = s
            .lead_daily_counts(store, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
            .await
            .unwrap()
            .iter()
            .map(|(_, _, count)| count)
            .sum();
        assert_eq!(daily, expected.len() as i64, "{}", b.name);
    }
}

#[tokio::test]
async fn status_changes_are_recorded_with_who_and_when() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let staff = user(s, "staff@example.mx", Some((store, Role::Staff))).await;
        let lead = s
            .upsert_lead_intake(
                store,
                &intake(1, "Luz", "luz@example.mx", None),
                at(10, 0),
                None,
            )
            .await
            .unwrap()
            .lead;
        let change = |status: LeadStatus| LeadChanges {
            status: Some(status),
            ..Default::default()
        };
        let contacted = s
            .update_lead(
                store,
                lead.id,
                &change(LeadStatus::Contacted),
                Some(staff.id),
                at(10, 1),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (contacted.status, contacted.converted_at),
            (LeadStatus::Contacted, None)
        );
        assert_eq!(contacted.updated_at, at(10, 1));
        // The same status again, or other fields only, is no status change.
        s.update_lead(
            store,
            lead.id,
            &change(LeadStatus::Contacted),
            Some(staff.id),
            at(10, 2),
        )
        .await
        .unwrap();
        let renamed = s
            .update_lead(
                store,
                lead.id,
                &LeadChanges {
                    name: Some("Luz María".into()),
                    phone_number: Some(Some("33 3333 3333".into())),
                    products_interest: Some(vec![4]),
                    ..Default::default()
                },
                Some(staff.id),
                at(10, 3),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                renamed.name.as_str(),
                renamed.phone_number.as_deref(),
                renamed.products_interest.as_slice()
            ),
            ("Luz María", Some("33 3333 3333"), &[4][..])
        );
        let converted = s
            .update_lead(
                store,
                lead.id,
                &change(LeadStatus::Converted),
                Some(staff.id),
                at(11, 0),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(converted.converted_at, Some(at(11, 0)), "{}", b.name);
        let back = s
            .update_lead(
                store,
                lead.id,
                &LeadChanges {
                    status: Some(LeadStatus::Process),
                    phone_number: Some(None),
                    ..Default::default()
                },
                None,
                at(12, 0),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (back.converted_at, back.phone_number),
            (None, None),
            "{}",
            b.name
        );

        let history = s
            .lead_history(store, lead.id, PageRequest::default())
            .await
            .unwrap()
            .unwrap();
        let steps: Vec<_> = history
            .items
            .iter()
            .map(|c| {
                (
                    c.from_status,
                    c.to_status,
                    c.changed_by,
                    c.changed_by_email.as_deref(),
                    c.changed_at,
                )
            })
            .collect();
        assert_eq!(
            steps,
            [
                (
                    LeadStatus::Pending,
                    LeadStatus::Contacted,
                    Some(staff.id),
                    Some("staff@example.mx"),
                    at(10, 1)
                ),
                (
                    LeadStatus::Contacted,
                    LeadStatus::Converted,
                    Some(staff.id),
                    Some("staff@example.mx"),
                    at(11, 0)
                ),
                (
                    LeadStatus::Converted,
                    LeadStatus::Process,
                    None,
                    None,
                    at(12, 0)
                ),
            ],
            "{}",
            b.name
        );
        assert_eq!(history.count, 3);

        // Tallies follow the changes: one lead, now in process.
        assert_eq!(
            s.lead_counts_by_status(store).await.unwrap(),
            [(LeadStatus::Process, 1)],
            "{}",
            b.name
        );

        // Another store sees neither the lead nor its history.
        let other = second_store(s).await;
        assert!(s.lead(other, lead.id).await.unwrap().is_none());
        assert!(
            s.lead_history(other, lead.id, PageRequest::default())
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.update_lead(
                other,
                lead.id,
                &change(LeadStatus::Discarded),
                None,
                at(13, 0)
            )
            .await
            .unwrap()
            .is_none()
        );
        assert!(!s.delete_lead(other, lead.id).await.unwrap());

        // Email and type changes that collide with another lead are refused, changing nothing.
        let second = s
            .upsert_lead_intake(
                store,
                &intake(2, "Sol", "sol@example.mx", None),
                at(13, 0),
                None,
            )
            .await
            .unwrap()
            .lead;
        let err = s
            .update_lead(
                store,
                second.id,
                &LeadChanges {
                    email: Some(Email::parse("LUZ@example.mx").unwrap()),
                    lead_type_id: Some(1),
                    status: Some(LeadStatus::Converted),
                    ..Default::default()
                },
                Some(staff.id),
                at(13, 1),
            )
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "lead_exists"),
            "{}",
            b.name
        );
        let unchanged = s.lead(store, second.id).await.unwrap().unwrap();
        assert_eq!(unchanged, second, "{}", b.name);
        assert_eq!(
            s.lead_history(store, second.id, PageRequest::default())
                .await
                .unwrap()
                .unwrap()
                .count,
            0
        );

        assert!(s.delete_lead(store, lead.id).await.unwrap());
        assert!(
            s.lead_history(store, lead.id, PageRequest::default())
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            s.lead_counts_by_status(store).await.unwrap(),
            [(LeadStatus::Pending, 1)],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn search_is_accent_and_case_blind_with_exact_email_first_then_newest() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = second_store(s).await;
        let leads = [
            placed(
                1,
                "José Hernández",
                "jh@example.mx",
                LeadStatus::Pending,
                ts(2026, 1, 5, 10, 0, 0),
                None,
            ),
            placed(
                1,
                "Josefina López",
                "josefina@example.mx",
                LeadStatus::Contacted,
                ts(2026, 3, 1, 10, 0, 0),
                None,
            ),
            placed(
                2,
                "María Ortiz",
                "maria@jose.example.mx",
                LeadStatus::Pending,
                ts(2026, 2, 1, 10, 0, 0),
                None,
            ),
            placed(
                1,
                "Pedro Páramo",
                "jose@example.mx",
                LeadStatus::Pending,
                ts(2025, 6, 1, 10, 0, 0),
                None,
            ),
            placed(
                3,
                "100% Fitness_Fan",
                "fan@example.mx",
                LeadStatus::Pending,
                ts(2026, 1, 1, 0, 0, 0),
                None,
            ),
        ];
        assert_eq!(s.insert_leads(store, &leads).await.unwrap(), 5);
        let mut with_phone = placed(
            2,
            "Ana Ruiz",
            "ana@example.mx",
            LeadStatus::Pending,
            ts(2026, 1, 2, 0, 0, 0),
            None,
        );
        with_phone.contact.phone_number = Some("(55) 1234-5678".into());
        s.insert_leads(store, &[with_phone]).await.unwrap();
        s.insert_leads(
            other,
            &[placed(
                1,
                "José Fuera",
                "jose@example.mx",
                LeadStatus::Pending,
                ts(2026, 3, 2, 0, 0, 0),
                None,
            )],
        )
        .await
        .unwrap();

        let names = |found: Vec<enid_core::leads::Lead>| -> Vec<String> {
            found.into_iter().map(|lead| lead.name).collect()
        };
        // "jose" finds José and Josefina by name, María by email; newest first.
        assert_eq!(
            names(
                s.search_leads(store, &search("JOSE", None, 30))
                    .await
                    .unwrap()
            ),
            [
                "Josefina López",
                "María Ortiz",
                "José Hernández",
                "Pedro Páramo"
            ],
            "{}",
            b.name
        );
        // The exact email comes first even though it is the oldest.
        assert_eq!(
            names(
                s.search_leads(store, &search("Jose@Example.mx", None, 30))
                    .await
                    .unwrap()
            ),
            ["Pedro Páramo"],
            "{}",
            b.name
        );
        let found = names(
            s.search_leads(store, &search("jose@example.mx", None, 30))
                .await
                .unwrap(),
        );
        assert_eq!(found[0], "Pedro Páramo", "{}", b.name);
        assert_eq!(
            names(
                s.search_leads(store, &search("hernandez", None, 30))
                    .await
                    .unwrap()
            ),
            ["José Hernández"]
        );
        assert_eq!(
            names(
                s.search_leads(store, &search("jose", Some(LeadStatus::Contacted), 30))
                    .await
                    .unwrap()
            ),
            ["Josefina López"]
        );
        assert_eq!(
            s.search_leads(store, &search("jose", None, 2))
                .await
                .unwrap()
                .len(),
            2
        );
        // The phone by its digits, whatever the punctuation.
        assert_eq!(
            names(
                s.search_leads(store, &search("55 1234", None, 30))
                    .await
                    .unwrap()
            ),
            ["Ana Ruiz"]
        );
        assert_eq!(
            names(
                s.search_leads(store, &search("234-56", None, 30))
                    .await
                    .unwrap()
            ),
            ["Ana Ruiz"]
        );
        // Wildcards and quotes are literal.
        assert_eq!(
            names(
                s.search_leads(store, &search("100%", None, 30))
                    .await
                    .unwrap()
            ),
            ["100% Fitness_Fan"]
        );
        assert!(
            s.search_leads(store, &search("t_e", None, 30))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            s.search_leads(store, &search("1%s", None, 30))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            s.search_leads(store, &search("\"jose\" OR *", None, 30))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            s.search_leads(store, &search("xyz", None, 30))
                .await
                .unwrap()
                .is_empty(),
            "{}",
            b.name
        );
        // Another store's José stays there.
        assert_eq!(
            names(
                s.search_leads(other, &search("jose", None, 30))
                    .await
                    .unwrap()
            ),
            ["José Fuera"]
        );
    }
}

#[tokio::test]
async fn searches_with_many_matches_still_return_the_newest() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        // More matches than a search sorts in full, inserted in an order unrelated to their age.
        let leads: Vec<NewLead> = (0..6_000u32)
            .map(|i| {
                let minutes = (i * 7_919) % 6_000;
                placed(
                    1 + i64::from(i % 3),
                    &format!("Mariana Gómez {i}"),
                    &format!("mariana{i}@example.mx"),
                    if i % 4 == 0 {
                        LeadStatus::Converted
                    } else {
                        LeadStatus::Pending
                    },
                    ts(2026, 1, 1, 0, 0, 0) + chrono::Duration::minutes(i64::from(minutes)),
                    (i % 4 == 0).then(|| ts(2026, 3, 1, 0, 0, 0)),
                )
            })
            .collect();
        assert_eq!(s.insert_leads(store, &leads).await.unwrap(), 6_000);
        let mut newest = leads.clone();
        newest.sort_by_key(|lead| std::cmp::Reverse(lead.created_at));
        let expected: Vec<&str> = newest
            .iter()
            .take(5)
            .map(|l| l.contact.name.as_str())
            .collect();
        let found = s
            .search_leads(store, &search("GOMEZ", None, 5))
            .await
            .unwrap();
        let found: Vec<&str> = found.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(found, expected, "{}", b.name);

        let converted: Vec<&str> = newest
            .iter()
            .filter(|lead| lead.status == LeadStatus::Converted)
            .take(3)
            .map(|l| l.contact.name.as_str())
            .collect();
        let found = s
            .search_leads(store, &search("mariana", Some(LeadStatus::Converted), 3))
            .await
            .unwrap();
        let found: Vec<&str> = found.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(found, converted, "{}", b.name);

        // Bulk inserts skip (email, type) pairs the store has, and are tallied.
        assert_eq!(s.insert_leads(store, &leads[..10]).await.unwrap(), 0);
        let mut counts = s.lead_counts_by_status(store).await.unwrap();
        counts.sort();
        assert_eq!(
            counts,
            [(LeadStatus::Pending, 4_500), (LeadStatus::Converted, 1_500)]
        );
    }
}

#[tokio::test]
async fn searches_whose_few_matches_are_old_still_find_them() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        // The two oldest leads are the only "Anamaría" and "Ruiz"; 12,000 newer leads have every
        // trigram of "anamar" between their name and email, but never the whole of it.
        let mut leads = vec![
            placed(
                1,
                "Anamaría Ruiz",
                "ana.ruiz@example.mx",
                LeadStatus::Pending,
                ts(2025, 1, 1, 9, 0, 0),
                None,
            ),
            placed(
                2,
                "Anamaría Ruiz Peña",
                "anam.ruiz@example.mx",
                LeadStatus::Contacted,
                ts(2025, 1, 2, 9, 0, 0),
                None,
            ),
        ];
        leads.extend((0..12_000u32).map(|i| {
            placed(
                1,
                &format!("Lucía Nam {i}"),
                &format!("amar{i}@ana.mx"),
                LeadStatus::Pending,
                ts(2026, 1, 1, 0, 0, 0) + chrono::Duration::minutes(i64::from(i)),
                None,
            )
        }));
        assert_eq!(s.insert_leads(store, &leads).await.unwrap(), 12_002);
        for q in ["anamar", "RUIZ", "anamaría ruiz"] {
            let found = s.search_leads(store, &search(q, None, 30)).await.unwrap();
            let found: Vec<&str> = found.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(
                found,
                ["Anamaría Ruiz Peña", "Anamaría Ruiz"],
                "{q} on {}",
                b.name
            );
        }
        let found = s
            .search_leads(store, &search("anamar", Some(LeadStatus::Pending), 30))
            .await
            .unwrap();
        let found: Vec<&str> = found.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(found, ["Anamaría Ruiz"], "{}", b.name);
    }
}

/// A staff member of `store` as the services see one.
fn staff_of(user: enid_core::auth::User, store: StoreId) -> Principal {
    Principal {
        user,
        session_id: Uuid::new_v4(),
        memberships: vec![Membership {
            store_id: store,
            store_name: "Tienda".into(),
            role: Role::Staff,
        }],
    }
}

#[tokio::test]
async fn metrics_add_up_from_hand_placed_leads() {
    for b in backends().await {
        let now = ts(2026, 3, 20, 15, 0, 0);
        let enid = Enid::builder(Arc::clone(&b.storage))
            .clock(Arc::new(ManualClock::new(now)))
            .config(EnidConfig {
                jwt_secret: Some(enid_core::config::Secret::new(
                    "conformance-secret-0123456789abcdef",
                )),
                ..EnidConfig::default()
            })
            .build()
            .await
            .unwrap();
        let s = b.storage.as_ref();
        let store = 1;
        let other = second_store(s).await;
        let staff = staff_of(
            user(s, "metricas@example.mx", Some((store, Role::Staff))).await,
            store,
        );
        s.create_lead_type(
            store,
            &LeadTypeName::parse("Sin leads").unwrap(),
            true,
            at(1, 0),
        )
        .await
        .unwrap();
        use LeadStatus::*;
        let leads = [
            // Today, and today at its first instant.
            placed(
                1,
                "L1",
                "l1@example.mx",
                Pending,
                ts(2026, 3, 20, 9, 0, 0),
                None,
            ),
            placed(
                2,
                "L2",
                "l2@example.mx",
                Converted,
                ts(2026, 3, 20, 0, 0, 0),
                Some(ts(2026, 3, 20, 10, 0, 0)),
            ),
            // Yesterday's last second.
            placed(
                1,
                "L3",
                "l3@example.mx",
                Contacted,
                ts(2026, 3, 19, 23, 59, 59),
                None,
            ),
            // The first day of the 7-day window, converted the day after.
            placed(
                3,
                "L4",
                "l4@example.mx",
                Converted,
                ts(2026, 3, 14, 0, 0, 0),
                Some(ts(2026, 3, 15, 12, 0, 0)),
            ),
            // Just before the week.
            placed(
                1,
                "L5",
                "l5@example.mx",
                Discarded,
                ts(2026, 3, 13, 23, 0, 0),
                None,
            ),
            // The first day of the 30-day window.
            placed(
                2,
                "L6",
                "l6@example.mx",
                Process,
                ts(2026, 2, 19, 0, 0, 0),
                None,
            ),
            // Just before the month, converted today.
            placed(
                1,
                "L7",
                "l7@example.mx",
                Converted,
                ts(2026, 2, 18, 23, 59, 0),
                Some(ts(2026, 3, 20, 1, 0, 0)),
            ),
            placed(
                3,
                "L8",
                "l8@example.mx",
                Pending,
                ts(2025, 12, 1, 8, 0, 0),
                None,
            ),
        ];
        assert_eq!(s.insert_leads(store, &leads).await.unwrap(), 8);
        s.insert_leads(
            other,
            &[
                placed(
                    1,
                    "O1",
                    "o1@example.mx",
                    Pending,
                    ts(2026, 3, 20, 1, 0, 0),
                    None,
                ),
                placed(
                    1,
                    "O2",
                    "o2@example.mx",
                    Pending,
                    ts(2026, 3, 20, 2, 0, 0),
                    None,
                ),
                placed(
                    2,
                    "O3",
                    "o3@example.mx",
                    Converted,
                    ts(2026, 3, 20, 3, 0, 0),
                    Some(ts(2026, 3, 20, 4, 0, 0)),
                ),
            ],
        )
        .await
        .unwrap();
        let leads_service = enid.leads();

        let overview = leads_service.overview(&staff, store).await.unwrap();
        assert_eq!(
            (
                overview.total_leads,
                overview.new_leads_today,
                overview.new_leads_week,
                overview.new_leads_month,
                overview.conversion_rate
            ),
            (8, 2, 4, 6, 37.5),
            "{}",
            b.name
        );

        let by_status: Vec<(LeadStatus, i64, f64)> = leads_service
            .by_status(&staff, store)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.status, s.count, s.percentage))
            .collect();
        let expected_status = [
            (Pending, 2, 25.0),
            (Contacted, 1, 12.5),
            (Process, 1, 12.5),
            (Converted, 3, 37.5),
            (Discarded, 1, 12.5),
        ];
        assert_eq!(by_status, expected_status, "{}", b.name);

        let by_type: Vec<(i64, String, i64, f64)> = leads_service
            .by_type(&staff, store)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.lead_type.id, t.lead_type.name, t.count, t.percentage))
            .collect();
        assert_eq!(
            by_type,
            [
                (1, "Al hacer seguir en contacto".to_owned(), 4, 50.0),
                (2, "Al registrar orden".to_owned(), 2, 25.0),
                (3, "Al hacer registro".to_owned(), 2, 25.0),
                (4, "Sin leads".to_owned(), 0, 0.0),
            ],
            "{}",
            b.name
        );

        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let trends: Vec<(NaiveDate, i64, i64)> = leads_service
            .trends(&staff, store, Some(7))
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.date, t.new_leads, t.converted_leads))
            .collect();
        assert_eq!(
            trends,
            [
                (day(14), 1, 0),
                (day(15), 0, 1),
                (day(16), 0, 0),
                (day(17), 0, 0),
                (day(18), 0, 0),
                (day(19), 1, 0),
                (day(20), 2, 2),
            ],
            "{}",
            b.name
        );
        let month = leads_service.trends(&staff, store, None).await.unwrap();
        assert_eq!(month.len(), 30);
        assert_eq!(
            (month[0].date, month[0].new_leads, month[0].converted_leads),
            (NaiveDate::from_ymd_opt(2026, 2, 19).unwrap(), 1, 0)
        );
        assert_eq!(month.iter().map(|t| t.new_leads).sum::<i64>(), 6);
        assert_eq!(month.iter().map(|t| t.converted_leads).sum::<i64>(), 3);
        let today_only = leads_service.trends(&staff, store, Some(1)).await.unwrap();
        assert_eq!(
            today_only
                .iter()
                .map(|t| (t.date, t.new_leads, t.converted_leads))
                .collect::<Vec<_>>(),
            [(day(20), 2, 2)]
        );

        let daily: Vec<(NaiveDate, i64, Vec<i64>)> = leads_service
            .daily(&staff, store, None)
            .await
            .unwrap()
            .into_iter()
            .map(|d| {
                (
                    d.date,
                    d.total,
                    d.by_status.iter().map(|(_, c)| *c).collect(),
                )
            })
            .collect();
        assert_eq!(
            daily,
            [
                (day(14), 1, vec![0, 0, 0, 1, 0]),
                (day(15), 0, vec![0, 0, 0, 0, 0]),
                (day(16), 0, vec![0, 0, 0, 0, 0]),
                (day(17), 0, vec![0, 0, 0, 0, 0]),
                (day(18), 0, vec![0, 0, 0, 0, 0]),
                (day(19), 1, vec![0, 1, 0, 0, 0]),
                (day(20), 2, vec![1, 0, 0, 1, 0]),
            ],
            "{}",
            b.name
        );

        let funnel = leads_service.funnel(&staff, store).await.unwrap();
        assert_eq!((funnel.total_leads, funnel.conversion_rate), (8, 37.5));
        let stages: Vec<(LeadStatus, i64, f64)> = funnel
            .stages
            .iter()
            .map(|s| (s.status, s.count, s.percentage))
            .collect();
        assert_eq!(stages, expected_status, "{}", b.name);

        let recent: Vec<String> = leads_service
            .recent(&staff, store, Some(3))
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(recent, ["L1", "L2", "L3"], "{}", b.name);

        // The other store: thirds round to 2 decimals, and none of store 1's leads count.
        let staff_other = staff_of(
            user(s, "otra@example.mx", Some((other, Role::Staff))).await,
            other,
        );
        let overview = leads_service.overview(&staff_other, other).await.unwrap();
        assert_eq!(
            (
                overview.total_leads,
                overview.new_leads_today,
                overview.conversion_rate
            ),
            (3, 3, 33.33)
        );
        let shares: Vec<f64> = leads_service
            .by_status(&staff_other, other)
            .await
            .unwrap()
            .iter()
            .map(|s| s.percentage)
            .collect();
        assert_eq!(shares, [66.67, 0.0, 0.0, 33.33, 0.0]);
        let err = leads_service
            .overview(&staff_other, store)
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Forbidden);

        // Windows are 1–365 days.
        for days in [0, -1, 366] {
            let err = leads_service
                .trends(&staff, store, Some(days))
                .await
                .unwrap_err();
            assert!(err.fields.contains_key("days"), "{days}");
            let err = leads_service
                .daily(&staff, store, Some(days))
                .await
                .unwrap_err();
            assert!(err.fields.contains_key("days"), "{days}");
        }
        assert_eq!(
            leads_service
                .trends(&staff, store, Some(365))
                .await
                .unwrap()
                .len(),
            365
        );

        // Searching through the service validates and normalises the query.
        let found = leads_service
            .search(
                &staff,
                store,
                LeadSearchInput {
                    q: Some("  L7@EXAMPLE.MX ".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found[0].name, "L7", "{}", b.name);
    }
}
