//! The embedded, numbered migrations of each dialect. Both trees hold the same numbered files
//! (a test checks it); each backend applies its own in order and records what it applied.

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The migration that the backend completes after its SQL by indexing every FAQ for search (the
/// words come from enid-core's tokenizer, which SQL does not have).
pub const FAQ_SEARCH_INDEX: &str = "0008_faq_search_index";

/// The migration that the backend completes after its SQL by rolling up every day of stored
/// page accesses (the same recomputation as `enid analytics rollup`).
pub const PAGE_ACCESS_ROLLUPS: &str = "0012_page_access_rollups";

macro_rules! migrations {
    ($dialect:literal: $($version:literal $name:literal),* $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../migrations/", $dialect, "/", $name, ".sql")),
        }),*]
    };
}

pub const SQLITE: &[Migration] = migrations!("sqlite": 1 "0001_accounts", 2 "0002_inventory", 3 "0003_leads", 4 "0004_page_analytics", 5 "0005_lead_search_bulk_fill", 6 "0006_faqs", 7 "0007_returns", 8 "0008_faq_search_index", 9 "0009_references", 10 "0010_assistant", 11 "0011_viewer_role", 12 "0012_page_access_rollups");
pub const POSTGRES: &[Migration] = migrations!("postgres": 1 "0001_accounts", 2 "0002_inventory", 3 "0003_leads", 4 "0004_page_analytics", 5 "0005_lead_search_bulk_fill", 6 "0006_faqs", 7 "0007_returns", 8 "0008_faq_search_index", 9 "0009_references", 10 "0010_assistant", 11 "0011_viewer_role", 12 "0012_page_access_rollups");

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files(dialect: &str) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dialect);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn embedded(list: &[Migration]) -> Vec<String> {
        list.iter().map(|m| format!("{}.sql", m.name)).collect()
    }

    #[test]
    fn both_dialects_have_the_same_numbered_files() {
        assert_eq!(files("sqlite"), files("postgres"));
    }

    #[test]
    fn every_file_is_embedded_in_order() {
        assert_eq!(embedded(SQLITE), files("sqlite"));
        assert_eq!(embedded(POSTGRES), files("postgres"));
        for list in [SQLITE, POSTGRES] {
            for (index, migration) in list.iter().enumerate() {
                assert_eq!(migration.version, index as i64 + 1);
                assert!(
                    migration
                        .name
                        .starts_with(&format!("{:04}_", migration.version))
                );
            }
        }
    }

    /// Stores that exist when the returns migration runs get the same cards as stores created
    /// later.
    #[test]
    fn the_return_cards_backfill_matches_the_cards_new_stores_get() {
        for list in [SQLITE, POSTGRES] {
            let sql = list
                .iter()
                .find(|m| m.name == "0007_returns")
                .expect("the returns migration")
                .sql;
            for (ask, answer, path, call_to_action) in enid_core::returns::DEFAULT_RETURN_CARDS {
                for text in [ask, answer, path, call_to_action] {
                    assert!(sql.contains(&format!("'{text}'")), "{text}");
                }
            }
        }
    }
}
