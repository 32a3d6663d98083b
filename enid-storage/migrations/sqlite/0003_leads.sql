-- Leads: per-store lead types, leads with their status history, a trigram full-text index for
-- search, and per-day tallies that keep the metrics exact without counting every lead.

-- Lead types are numbered per store, so every store has its own types 1, 2 and 3.
CREATE TABLE lead_types (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- The name lowercased without accents: names are unique per store on it.
    name_key TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (store_id, id),
    UNIQUE (store_id, name_key)
);

-- The original three types for the stores that exist already; new stores get them as they are created.
INSERT INTO lead_types (store_id, id, name, name_key, created_at, updated_at)
SELECT s.id, t.id, t.name, lower(t.name), s.created_at, s.created_at
FROM stores s
CROSS JOIN (SELECT 1 AS id, 'Al hacer seguir en contacto' AS name
            UNION ALL SELECT 2, 'Al registrar orden'
            UNION ALL SELECT 3, 'Al hacer registro') t;

CREATE TABLE leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    lead_type_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone_number TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'contacted', 'process', 'converted', 'discarded')),
    tryet INTEGER NOT NULL DEFAULT 1 CHECK (tryet >= 1),
    -- A JSON array of positive product ids.
    products_interest TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(products_interest) AND json_type(products_interest) = 'array'),
    -- What search compares: the name lowercased without accents, and the phone's digits.
    search_name TEXT NOT NULL,
    phone_digits TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    converted_at TEXT,
    FOREIGN KEY (store_id, lead_type_id) REFERENCES lead_types (store_id, id)
);
-- One lead per (store, email, type): the intake upserts on it.
CREATE UNIQUE INDEX leads_store_email_type_key ON leads (store_id, lower(trim(email)), lead_type_id);
-- Newest first per store; it carries the search columns too, so a search that walks the newest
-- leads checks them in the index and reads only the matching rows.
CREATE INDEX leads_store_created_idx ON leads (store_id, created_at, id, search_name, email, phone_digits);
CREATE INDEX leads_store_status_created_idx ON leads (store_id, status, created_at, id);
CREATE INDEX leads_store_type_created_idx ON leads (store_id, lead_type_id, created_at, id);
CREATE INDEX leads_store_converted_idx ON leads (store_id, converted_at) WHERE converted_at IS NOT NULL;

-- Substring search: an FTS5 index of the trigrams of the folded name, the email and the phone's
-- digits, kept in step with `leads` by the triggers below. It stores neither the text (the
-- text stays in `leads`) nor positions: a search asks it for the leads that have every trigram
-- of the query, then checks those few for the whole substring.
CREATE VIRTUAL TABLE leads_search USING fts5 (
    search_name, email, phone_digits,
    content = '', contentless_delete = 1, detail = 'none', tokenize = 'trigram'
);

CREATE TRIGGER leads_search_insert AFTER INSERT ON leads BEGIN
    INSERT INTO leads_search (rowid, search_name, email, phone_digits)
    VALUES (new.id, new.search_name, new.email, new.phone_digits);
END;

CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
    DELETE FROM leads_search WHERE rowid = old.id;
END;

CREATE TRIGGER leads_search_update AFTER UPDATE OF search_name, email, phone_digits ON leads
WHEN old.search_name IS NOT new.search_name OR old.email IS NOT new.email
    OR old.phone_digits IS NOT new.phone_digits
BEGIN
    DELETE FROM leads_search WHERE rowid = old.id;
    INSERT INTO leads_search (rowid, search_name, email, phone_digits)
    VALUES (new.id, new.search_name, new.email, new.phone_digits);
END;

-- Leads per store, created day (UTC), type and current status. Every metric sums these rows
-- instead of counting leads; the triggers keep them exact in the transaction of each write.
CREATE TABLE lead_daily_tallies (
    store_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    lead_type_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    leads INTEGER NOT NULL,
    PRIMARY KEY (store_id, day, lead_type_id, status)
) WITHOUT ROWID;

-- Set (to 1) only inside a bulk insert's own transaction, which tallies its rows in one
-- aggregated statement instead of one trigger run per row; SQLite's single writer means no other
-- write ever sees it set.
CREATE TABLE lead_bulk_insert (active INTEGER NOT NULL CHECK (active IN (0, 1)));
INSERT INTO lead_bulk_insert (active) VALUES (0);

CREATE TRIGGER lead_tallies_insert AFTER INSERT ON leads
WHEN (SELECT active FROM lead_bulk_insert) = 0
BEGIN
    INSERT INTO lead_daily_tallies (store_id, day, lead_type_id, status, leads)
    VALUES (new.store_id, substr(new.created_at, 1, 10), new.lead_type_id, new.status, 1)
    ON CONFLICT (store_id, day, lead_type_id, status) DO UPDATE SET leads = leads + 1;
END;

CREATE TRIGGER lead_tallies_delete AFTER DELETE ON leads BEGIN
    UPDATE lead_daily_tallies SET leads = leads - 1
    WHERE store_id = old.store_id AND day = substr(old.created_at, 1, 10)
        AND lead_type_id = old.lead_type_id AND status = old.status;
END;

CREATE TRIGGER lead_tallies_update AFTER UPDATE OF status, lead_type_id, created_at ON leads
WHEN old.status IS NOT new.status OR old.lead_type_id IS NOT new.lead_type_id
    OR old.created_at IS NOT new.created_at
BEGIN
    UPDATE lead_daily_tallies SET leads = leads - 1
    WHERE store_id = old.store_id AND day = substr(old.created_at, 1, 10)
        AND lead_type_id = old.lead_type_id AND status = old.status;
    INSERT INTO lead_daily_tallies (store_id, day, lead_type_id, status, leads)
    VALUES (new.store_id, substr(new.created_at, 1, 10), new.lead_type_id, new.status, 1)
    ON CONFLICT (store_id, day, lead_type_id, status) DO UPDATE SET leads = leads + 1;
END;

CREATE TABLE lead_status_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL,
    lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    changed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX lead_status_changes_lead_idx ON lead_status_changes (lead_id, id);
