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
CREATE INDEX faqs_visible_order_idx ON faqs (store_id, is_visible, category_id, position, id);

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
