-- FAQ search through Enid's own index in place of FTS5: each FAQ's words with their impact (the
-- word's weight in that FAQ), read best first. bm25 over FTS5 must weigh every FAQ holding a word
-- before it can name the best ten, which a word in half of a large store's FAQs makes slow; the
-- index by impact reads ten rows. The backend writes the rows (its tokenizer is enid-core's) in
-- the transaction of each FAQ write; after this SQL, it indexes the FAQs that exist.

DROP TRIGGER faqs_search_insert;
DROP TRIGGER faqs_search_delete;
DROP TRIGGER faqs_search_update;
DROP TABLE faqs_search;

CREATE TABLE faq_terms (
    faq_id INTEGER NOT NULL REFERENCES faqs (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    store_id INTEGER NOT NULL,
    -- The FAQ's, copied so that a visitor's search reads the index alone.
    is_visible INTEGER NOT NULL CHECK (is_visible IN (0, 1)),
    impact REAL NOT NULL CHECK (impact > 0),
    PRIMARY KEY (faq_id, term)
) WITHOUT ROWID;
CREATE INDEX faq_terms_best_idx ON faq_terms (store_id, term, impact DESC, faq_id, is_visible);

-- How many of a store's FAQs hold each word, for its idf.
CREATE TABLE faq_term_tallies (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    faqs INTEGER NOT NULL CHECK (faqs >= 0),
    PRIMARY KEY (store_id, term)
) WITHOUT ROWID;

-- A visitor's page of FAQs: a category's visible ones in order, skipped through by the index.
CREATE INDEX faqs_visible_order_idx ON faqs (store_id, is_visible, category_id, position, id);
