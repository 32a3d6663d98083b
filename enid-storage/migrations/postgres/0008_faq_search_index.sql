-- FAQ search through Enid's own index in place of the tsvector: each FAQ's words with their
-- impact (the word's weight in that FAQ), read best first. ts_rank_cd must read every FAQ
-- holding a word before it can name the best ten, which a word in half of a large store's FAQs
-- makes slow; the index by impact reads ten rows. The backend writes the rows (its tokenizer is
-- enid-core's) in the transaction of each FAQ write; after this SQL, it indexes the FAQs that
-- exist. Also: per-category tallies of FAQs, so that a page of FAQs counts them from a few rows.

DROP INDEX faqs_search_idx;
ALTER TABLE faqs DROP COLUMN search;
DROP FUNCTION enid_unaccent(TEXT);

CREATE TABLE faq_terms (
    faq_id BIGINT NOT NULL REFERENCES faqs (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    store_id BIGINT NOT NULL,
    -- The FAQ's, copied so that a visitor's search reads the index alone.
    is_visible BOOLEAN NOT NULL,
    impact DOUBLE PRECISION NOT NULL CHECK (impact > 0),
    PRIMARY KEY (faq_id, term)
);
CREATE INDEX faq_terms_best_idx ON faq_terms (store_id, term, impact DESC, faq_id)
    INCLUDE (is_visible);

-- How many of a store's FAQs hold each word, for its idf.
CREATE TABLE faq_term_tallies (
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    faqs BIGINT NOT NULL CHECK (faqs >= 0),
    PRIMARY KEY (store_id, term)
);

-- How many FAQs each category holds, visible and hidden, kept exact by triggers in the
-- transaction of each write.
CREATE TABLE faq_tallies (
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL,
    is_visible BOOLEAN NOT NULL,
    faqs BIGINT NOT NULL CHECK (faqs >= 0),
    PRIMARY KEY (store_id, category_id, is_visible)
);
INSERT INTO faq_tallies (store_id, category_id, is_visible, faqs)
SELECT store_id, category_id, is_visible, COUNT(*) FROM faqs
GROUP BY store_id, category_id, is_visible;

CREATE FUNCTION enid_faq_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE faq_tallies SET faqs = faqs - 1
        WHERE store_id = OLD.store_id AND category_id = OLD.category_id
            AND is_visible = OLD.is_visible;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO faq_tallies (store_id, category_id, is_visible, faqs)
        VALUES (NEW.store_id, NEW.category_id, NEW.is_visible, 1)
        ON CONFLICT (store_id, category_id, is_visible) DO UPDATE
        SET faqs = faq_tallies.faqs + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER faqs_tally_insert_delete AFTER INSERT OR DELETE ON faqs
FOR EACH ROW EXECUTE FUNCTION enid_faq_tally();
CREATE TRIGGER faqs_tally_update AFTER UPDATE OF category_id, is_visible ON faqs
FOR EACH ROW WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id
    OR OLD.is_visible IS DISTINCT FROM NEW.is_visible)
EXECUTE FUNCTION enid_faq_tally();
