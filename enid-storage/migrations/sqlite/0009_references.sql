-- References: each store's businesses and their images. An image's bytes are a blob in the blob
-- store, named by the SHA-256 of the original; `blobs` counts the references to each (images and
-- uploads in progress), so identical bytes are stored once and removed when nothing uses them.

CREATE TABLE businesses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (store_id, slug)
);
CREATE INDEX businesses_store_name_idx ON businesses (store_id, name, id);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    -- Images using the blob plus uploads that claimed it and have not committed yet.
    refs INTEGER NOT NULL CHECK (refs >= 0),
    -- Unknown (NULL) until the first upload of these bytes stored the files.
    content_type TEXT,
    width INTEGER,
    height INTEGER,
    size_bytes INTEGER,
    derived_content_type TEXT,
    claimed_at TEXT NOT NULL,
    -- Set while the files are removed; uploads of the same bytes wait until the row is gone.
    deleting_since TEXT
);

CREATE TABLE images (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    business_id INTEGER REFERENCES businesses (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    is_main INTEGER NOT NULL DEFAULT 0 CHECK (is_main IN (0, 1)),
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (is_main = 0 OR business_id IS NOT NULL)
);
-- One main image per business, whatever the requests racing to change it.
CREATE UNIQUE INDEX images_one_main_idx ON images (business_id) WHERE is_main = 1;
CREATE INDEX images_business_idx ON images (business_id, is_main DESC, id);
CREATE INDEX images_store_order_idx ON images (store_id, is_main DESC, id);
CREATE INDEX images_sha256_idx ON images (sha256);

-- The store created first (the default store) starts with Enid's own business; default stores
-- created later get it as they are created.
INSERT INTO businesses (store_id, name, slug, description, created_at, updated_at)
SELECT id, 'Enid Service', 'enid-service', '', created_at, created_at
FROM stores ORDER BY id LIMIT 1;
