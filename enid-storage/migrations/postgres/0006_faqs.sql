-- FAQs: ordered categories per store and FAQs in them, searched through a Spanish tsvector of the
-- unaccented question (weight A) and answer (weight B), a generated column with a GIN index.

-- unaccent is database-wide while Enid's tables may live in one schema of many: schemas
-- migrating at the same time take turns here so that only one creates it. It is a trusted
-- extension: the database owner may create it without being a superuser.
SELECT pg_advisory_xact_lock(1164864868, 6);
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- unaccent() is only STABLE (it reads its dictionary by name through the search path); a
-- generated column needs an IMMUTABLE function, so this one names the dictionary with its schema.
DO $$
DECLARE
    unaccent_schema TEXT;
BEGIN
    SELECT n.nspname INTO unaccent_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent';
    EXECUTE format(
        'CREATE FUNCTION enid_unaccent(TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE '
        'STRICT AS $f$ SELECT %1$I.unaccent(%2$L::regdictionary, $1) $f$',
        unaccent_schema, unaccent_schema || '.unaccent');
END $$;

CREATE TABLE faq_categories (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    position BIGINT NOT NULL CHECK (position >= 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (store_id, slug),
    UNIQUE (store_id, id)
);
CREATE INDEX faq_categories_order_idx ON faq_categories (store_id, position, id);

CREATE TABLE faqs (
    id BIGSERIAL PRIMARY KEY,
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL,
    ask TEXT NOT NULL,
    answer TEXT NOT NULL,
    is_visible BOOLEAN NOT NULL,
    url_img TEXT,
    we_mean TEXT,
    position BIGINT NOT NULL CHECK (position >= 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('pg_catalog.spanish'::regconfig, enid_unaccent(ask)), 'A')
        || setweight(to_tsvector('pg_catalog.spanish'::regconfig, enid_unaccent(answer)), 'B')
    ) STORED,
    -- The category must be the store's.
    FOREIGN KEY (store_id, category_id) REFERENCES faq_categories (store_id, id)
);
CREATE INDEX faqs_order_idx ON faqs (store_id, category_id, position, id);
CREATE INDEX faqs_visible_order_idx ON faqs (store_id, is_visible, category_id, position, id);
CREATE INDEX faqs_search_idx ON faqs USING gin (search);
