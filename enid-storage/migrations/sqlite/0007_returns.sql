-- Returns: each store's return-policy cards, return requests with their status history, and the
-- store's return window.

CREATE TABLE return_cards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    ask TEXT NOT NULL,
    short_answer TEXT NOT NULL,
    path_seccion TEXT,
    call_to_action TEXT,
    position INTEGER NOT NULL CHECK (position >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX return_cards_store_position_idx ON return_cards (store_id, position, id);

-- The two policy cards for the stores that exist already; new stores get them as they are created.
INSERT INTO return_cards (store_id, ask, short_answer, path_seccion, call_to_action, position, created_at, updated_at)
SELECT s.id, c.ask, c.short_answer, c.path_seccion, c.call_to_action, c.position, s.created_at, s.created_at
FROM stores s
CROSS JOIN (SELECT 0 AS position,
                   '¿Cuánto tiempo tengo para devolver un producto?' AS ask,
                   'Tienes 15 días naturales a partir de la fecha en que recibiste tu pedido para solicitar una devolución. El producto debe estar sin usar, completo y en su empaque original.' AS short_answer,
                   '/devoluciones' AS path_seccion,
                   'Solicitar una devolución' AS call_to_action
            UNION ALL
            SELECT 1,
                   '¿Cuánto tarda en llegar mi pedido?',
                   'En la Ciudad de México entregamos el mismo día. En el resto del país tu pedido llega en uno a dos días hábiles.',
                   '/envios',
                   'Ver opciones de envío') c
ORDER BY s.id, c.position;

-- A store without a row uses the defaults (a 15-day window).
CREATE TABLE return_settings (
    store_id INTEGER PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    window_days INTEGER NOT NULL CHECK (window_days BETWEEN 0 AND 365),
    updated_at TEXT NOT NULL
);

CREATE TABLE return_requests (
    -- A random uuid: whoever holds it may read the request.
    id TEXT PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    order_reference TEXT NOT NULL,
    customer_email TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- A JSON array of {product_id, quantity}.
    items TEXT NOT NULL CHECK (json_valid(items) AND json_type(items) = 'array'),
    status TEXT NOT NULL DEFAULT 'requested'
        CHECK (status IN ('requested', 'approved', 'rejected', 'received', 'refunded')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX return_requests_store_created_idx ON return_requests (store_id, created_at, id);
CREATE INDEX return_requests_store_status_created_idx ON return_requests (store_id, status, created_at, id);
CREATE INDEX return_requests_store_email_created_idx ON return_requests (store_id, customer_email, created_at, id);

CREATE TABLE return_status_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES return_requests (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    changed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL
);
CREATE INDEX return_status_changes_request_idx ON return_status_changes (request_id, id);
CREATE INDEX return_status_changes_changed_by_idx ON return_status_changes (changed_by);
