-- The viewer role: read-only staff. SQLite cannot change a CHECK constraint in place, so the
-- members table is rebuilt with the wider one (no table references it).
CREATE TABLE store_members_new (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'viewer', 'customer')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (store_id, user_id)
);
INSERT INTO store_members_new (store_id, user_id, role, is_active, created_at, updated_at)
SELECT store_id, user_id, role, is_active, created_at, updated_at FROM store_members;
DROP TABLE store_members;
ALTER TABLE store_members_new RENAME TO store_members;
CREATE INDEX store_members_user_idx ON store_members (user_id);
