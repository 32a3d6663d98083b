-- FAQs: ordered categories per store and FAQs in them, with an FTS5 index of the question and the
-- answer (accents removed by the tokenizer) that triggers keep in step in each write's transaction.

CREATE TABLE faq_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (store_id, slug),
    UNIQUE (store_id, id)
);
CREATE INDEX faq_categories_order_idx ON faq_categories (store_id, position, id);

CREATE TABLE faqs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL,
    ask TEXT NOT NULL,
    answer TEXT NOT NULL,
    is_visible INTEGER NOT NULL CHECK (is_visible IN (0, 1)),
    url_img TEXT,
    we_mean TEXT,
    position INTEGER NOT NULL CHECK (position >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The category must be the store's.
    FOREIGN KEY (store_id, category_id) REFERENCES faq_categories (store_id, id)
);
CREATE INDEX faqs_order_idx ON faqs (store_id, category_id, position, id);

CREATE VIRTUAL TABLE faqs_search USING fts5 (
    ask,
    answer,
    content = 'faqs',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER faqs_search_insert AFTER INSERT ON faqs BEGIN
    INSERT INTO faqs_search (rowid, ask, answer) VALUES (new.id, new.ask, new.answer);
END;

CREATE TRIGGER faqs_search_delete AFTER DELETE ON faqs BEGIN
    INSERT INTO faqs_search (faqs_search, rowid, ask, answer)
    VALUES ('delete', old.id, old.ask, old.answer);
END;

CREATE TRIGGER faqs_search_update AFTER UPDATE OF ask, answer ON faqs BEGIN
    INSERT INTO faqs_search (faqs_search, rowid, ask, answer)
    VALUES ('delete', old.id, old.ask, old.answer);
    INSERT INTO faqs_search (rowid, ask, answer) VALUES (new.id, new.ask, new.answer);
END;

-- How many FAQs each category holds, visible and hidden, kept exact by triggers in the
-- transaction of each write: a page of FAQs reads its count from a few rows instead of counting
-- the store's FAQs.
CREATE TABLE faq_tallies (
    store_id INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    is_visible INTEGER NOT NULL,
    faqs INTEGER NOT NULL CHECK (faqs >= 0),
    PRIMARY KEY (store_id, category_id, is_visible)
) WITHOUT ROWID;

CREATE TRIGGER faqs_tally_insert AFTER INSERT ON faqs BEGIN
    INSERT INTO faq_tallies (store_id, category_id, is_visible, faqs)
    VALUES (new.store_id, new.category_id, new.is_visible, 1)
    ON CONFLICT (store_id, category_id, is_visible) DO UPDATE SET faqs = faqs + 1;
END;

CREATE TRIGGER faqs_tally_delete AFTER DELETE ON faqs BEGIN
    UPDATE faq_tallies SET faqs = faqs - 1
    WHERE store_id = old.store_id AND category_id = old.category_id
        AND is_visible = old.is_visible;
END;

CREATE TRIGGER faqs_tally_update AFTER UPDATE OF category_id, is_visible ON faqs
WHEN old.category_id IS NOT new.category_id OR old.is_visible IS NOT new.is_visible
BEGIN
    UPDATE faq_tallies SET faqs = faqs - 1
    WHERE store_id = old.store_id AND category_id = old.category_id
        AND is_visible = old.is_visible;
    INSERT INTO faq_tallies (store_id, category_id, is_visible, faqs)
    VALUES (new.store_id, new.category_id, new.is_visible, 1)
    ON CONFLICT (store_id, category_id, is_visible) DO UPDATE SET faqs = faqs + 1;
END;
