-- Day rollups of page accesses kept by every write, today's included, so metrics read them and
-- never the page accesses. They replace the rollups of complete days computed on demand; the
-- backend fills them from the stored page accesses right after this migration.
DROP TABLE page_access_session_days;
DROP TABLE page_access_day_values;
DROP TABLE page_access_days;

-- A day's sums, spread over slots so concurrent writers rarely wait for one row (SQLite has one
-- writer: slot 0). A day's figures are the sums over its slots.
CREATE TABLE page_access_days (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    slot INTEGER NOT NULL,
    views INTEGER NOT NULL,
    time_on_page_sum INTEGER NOT NULL,
    -- Distinct non-empty sessions of the day, and those with exactly one access that day.
    sessions INTEGER NOT NULL,
    single_view_sessions INTEGER NOT NULL,
    product_views INTEGER NOT NULL,
    add_to_cart INTEGER NOT NULL,
    begin_checkout INTEGER NOT NULL,
    purchases INTEGER NOT NULL,
    PRIMARY KEY (store_id, day, slot)
) WITHOUT ROWID;

-- Per day and value of a dimension: 'page' (URL), 'section' (non-empty), 'device', 'browser'.
CREATE TABLE page_access_day_values (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL CHECK (dimension IN ('page', 'section', 'device', 'browser')),
    day TEXT NOT NULL,
    value TEXT NOT NULL,
    slot INTEGER NOT NULL,
    views INTEGER NOT NULL,
    time_on_page_sum INTEGER NOT NULL,
    scroll_depth_sum INTEGER NOT NULL,
    interactions_sum INTEGER NOT NULL,
    PRIMARY KEY (store_id, dimension, day, value, slot)
) WITHOUT ROWID;

-- Accesses per session and day. A session seen on several days is flagged on all of them, so
-- a window corrects the sum of its days' distinct sessions from the flagged rows alone.
CREATE TABLE page_access_session_days (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    day TEXT NOT NULL,
    views INTEGER NOT NULL,
    multi_day INTEGER NOT NULL DEFAULT 0 CHECK (multi_day IN (0, 1)),
    PRIMARY KEY (store_id, session_id, day)
) WITHOUT ROWID;
CREATE INDEX page_access_session_days_day_idx ON page_access_session_days (store_id, day);
CREATE INDEX page_access_session_days_multi_idx ON page_access_session_days (store_id, day, session_id)
    WHERE multi_day = 1;

-- On how many days each session was seen. A write that adds or removes a session's day locks
-- its row first, so writers of the same session on two days cannot both miss the other's day.
CREATE TABLE page_access_sessions (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    days INTEGER NOT NULL,
    PRIMARY KEY (store_id, session_id)
) WITHOUT ROWID;
