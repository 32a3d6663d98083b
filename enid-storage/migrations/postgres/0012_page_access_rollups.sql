-- Day rollups of page accesses kept by every write, today's included, so metrics read them and
-- never the page accesses. They replace the rollups of complete days computed on demand; the
-- backend fills them from the stored page accesses right after this migration.
DROP TABLE page_access_session_days;
DROP TABLE page_access_day_values;
DROP TABLE page_access_days;

-- A day's sums, spread over slots so concurrent writers rarely wait for one row. A day's
-- figures are the sums over its slots.
CREATE TABLE page_access_days (
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    slot INTEGER NOT NULL,
    views BIGINT NOT NULL,
    time_on_page_sum BIGINT NOT NULL,
    -- Distinct non-empty sessions of the day, and those with exactly one access that day.
    sessions BIGINT NOT NULL,
    single_view_sessions BIGINT NOT NULL,
    product_views BIGINT NOT NULL,
    add_to_cart BIGINT NOT NULL,
    begin_checkout BIGINT NOT NULL,
    purchases BIGINT NOT NULL,
    PRIMARY KEY (store_id, day, slot)
);

-- Per day and value of a dimension: 'page' (URL), 'section' (non-empty), 'device', 'browser'.
CREATE TABLE page_access_day_values (
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL CHECK (dimension IN ('page', 'section', 'device', 'browser')),
    day DATE NOT NULL,
    value TEXT NOT NULL,
    slot INTEGER NOT NULL,
    views BIGINT NOT NULL,
    time_on_page_sum BIGINT NOT NULL,
    scroll_depth_sum BIGINT NOT NULL,
    interactions_sum BIGINT NOT NULL,
    PRIMARY KEY (store_id, dimension, day, value, slot)
);

-- Accesses per session and day. A session seen on several days is flagged on all of them, so
-- a window corrects the sum of its days' distinct sessions from the flagged rows alone.
CREATE TABLE page_access_session_days (
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    day DATE NOT NULL,
    views BIGINT NOT NULL,
    multi_day BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (store_id, session_id, day)
);
CREATE INDEX page_access_session_days_day_idx ON page_access_session_days (store_id, day);
CREATE INDEX page_access_session_days_multi_idx ON page_access_session_days (store_id, day, session_id)
    WHERE multi_day;

-- On how many days each session was seen. A write that adds or removes a session's day locks
-- its row first, so writers of the same session on two days cannot both miss the other's day.
CREATE TABLE page_access_sessions (
    store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    days BIGINT NOT NULL,
    PRIMARY KEY (store_id, session_id)
);
