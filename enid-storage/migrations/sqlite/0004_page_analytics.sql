-- Page analytics: page accesses (views and shop events), their daily rollups, page sections,
-- user journeys and daily page performance. Timestamps are fixed-width UTC text; days are
-- 'YYYY-MM-DD' text (substr(created_at, 1, 10)).

CREATE TABLE page_accesses (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    event_id TEXT,
    page_url TEXT NOT NULL,
    page_title TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    device_type TEXT NOT NULL DEFAULT '',
    browser TEXT NOT NULL DEFAULT '',
    os TEXT NOT NULL DEFAULT '',
    referrer TEXT NOT NULL DEFAULT '',
    utm_source TEXT NOT NULL DEFAULT '',
    utm_medium TEXT NOT NULL DEFAULT '',
    utm_campaign TEXT NOT NULL DEFAULT '',
    time_on_page INTEGER NOT NULL DEFAULT 0 CHECK (time_on_page >= 0),
    scroll_depth INTEGER NOT NULL DEFAULT 0 CHECK (scroll_depth BETWEEN 0 AND 100),
    interactions INTEGER NOT NULL DEFAULT 0 CHECK (interactions >= 0),
    metadata TEXT NOT NULL DEFAULT '{}',
    -- metadata.event_type and metadata.load_time_ms (as integer microseconds), extracted at
    -- write time so no metric parses JSON.
    event_type TEXT,
    load_time_us INTEGER CHECK (load_time_us >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- A repeated event id updates its row: the upsert's conflict target.
CREATE UNIQUE INDEX page_accesses_event_idx ON page_accesses (store_id, event_id)
    WHERE event_id IS NOT NULL;
-- Windows (metrics of days without a rollup, rollups) and the list, newest first. It carries
-- every column the metrics read, so they never touch the (wide) rows.
CREATE INDEX page_accesses_created_idx ON page_accesses (store_id, created_at, session_id,
    page_url, section, device_type, browser, event_type, time_on_page, scroll_depth, interactions);
-- The list filtered by URL; per-URL performance reads only this index.
CREATE INDEX page_accesses_url_idx ON page_accesses
    (store_id, page_url, created_at, session_id, time_on_page, load_time_us);
-- The list filtered by session; "seen before?" lookups of the page performance rollup.
CREATE INDEX page_accesses_session_idx ON page_accesses (store_id, session_id, created_at);
CREATE INDEX page_accesses_section_idx ON page_accesses (store_id, section, created_at);

-- Rollups of complete days. A day has a rollup when it has a page_access_days row; its rows in
-- the two tables below are written and removed together with it. A write that touches a
-- rolled-up day removes that day's rollup in the same transaction.
CREATE TABLE page_access_days (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    views INTEGER NOT NULL,
    time_on_page_sum INTEGER NOT NULL,
    -- Distinct non-empty sessions of the day, and those with exactly one access that day.
    sessions INTEGER NOT NULL,
    single_view_sessions INTEGER NOT NULL,
    product_views INTEGER NOT NULL,
    add_to_cart INTEGER NOT NULL,
    begin_checkout INTEGER NOT NULL,
    purchases INTEGER NOT NULL,
    rolled_up_at TEXT NOT NULL,
    PRIMARY KEY (store_id, day)
) WITHOUT ROWID;

-- Per day and value of a dimension: 'page' (URL), 'section' (non-empty), 'device', 'browser'.
CREATE TABLE page_access_day_values (
    store_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    dimension TEXT NOT NULL CHECK (dimension IN ('page', 'section', 'device', 'browser')),
    value TEXT NOT NULL,
    views INTEGER NOT NULL,
    time_on_page_sum INTEGER NOT NULL,
    scroll_depth_sum INTEGER NOT NULL,
    interactions_sum INTEGER NOT NULL,
    PRIMARY KEY (store_id, dimension, day, value),
    FOREIGN KEY (store_id, day) REFERENCES page_access_days (store_id, day) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX page_access_day_values_day_idx ON page_access_day_values (store_id, day);

-- Accesses per session and day. A session seen on several days (of any rollup so far) is
-- flagged, so windows correct their distinct-session counts from the flagged rows alone.
CREATE TABLE page_access_session_days (
    store_id INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    day TEXT NOT NULL,
    views INTEGER NOT NULL,
    multi_day INTEGER NOT NULL DEFAULT 0 CHECK (multi_day IN (0, 1)),
    PRIMARY KEY (store_id, session_id, day),
    FOREIGN KEY (store_id, day) REFERENCES page_access_days (store_id, day) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX page_access_session_days_day_idx ON page_access_session_days (store_id, day);
CREATE INDEX page_access_session_days_multi_idx ON page_access_session_days (store_id, day, session_id)
    WHERE multi_day = 1;

-- Bumped by every write of a store's page accesses; metrics are cached under the sum.
CREATE TABLE page_access_revisions (
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (store_id, slot)
) WITHOUT ROWID;

CREATE TABLE page_sections (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    page_url_pattern TEXT NOT NULL,
    section_selector TEXT NOT NULL DEFAULT '',
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (store_id, name_key)
);
CREATE INDEX page_sections_order_idx ON page_sections (store_id, priority, name);

CREATE TABLE user_journeys (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    user_id TEXT NOT NULL DEFAULT '',
    entry_page TEXT NOT NULL,
    exit_page TEXT NOT NULL DEFAULT '',
    -- A JSON array of page URLs; total_pages is its length, kept with it.
    pages_visited TEXT NOT NULL DEFAULT '[]',
    total_pages INTEGER NOT NULL DEFAULT 0,
    total_time INTEGER NOT NULL DEFAULT 0 CHECK (total_time >= 0),
    conversion_goal TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    ended_at TEXT,
    updated_at TEXT NOT NULL
);
-- Journey analytics read only this index.
CREATE INDEX user_journeys_started_idx ON user_journeys
    (store_id, started_at, total_pages, total_time, entry_page, exit_page);
CREATE INDEX user_journeys_session_idx ON user_journeys (store_id, session_id, started_at);

CREATE TABLE page_performance (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    page_url TEXT NOT NULL,
    date TEXT NOT NULL,
    page_views INTEGER NOT NULL,
    unique_visitors INTEGER NOT NULL,
    new_visitors INTEGER NOT NULL,
    bounces INTEGER NOT NULL,
    exits INTEGER NOT NULL,
    conversions INTEGER NOT NULL,
    time_on_page_sum INTEGER NOT NULL,
    load_time_count INTEGER NOT NULL,
    load_time_sum_us INTEGER NOT NULL,
    load_time_p75_us INTEGER,
    load_time_p95_us INTEGER,
    computed_at TEXT NOT NULL,
    UNIQUE (store_id, page_url, date)
);
CREATE INDEX page_performance_date_idx ON page_performance (store_id, date, page_url);
