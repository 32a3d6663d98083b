-- Inventory: warehouses, the append-only stock ledger, the levels it maintains (one row per store,
-- product and warehouse) and per-product thresholds. Products belong to the shop: product_id is
-- the shop's id, not a key into an Enid table.

CREATE TABLE warehouses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id),
    name TEXT NOT NULL,
    -- The name folded (lowercase, no accents): unique per store.
    name_key TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (store_id, name_key)
);
CREATE INDEX warehouses_store_idx ON warehouses (store_id, id);

CREATE TABLE stock_levels (
    store_id INTEGER NOT NULL REFERENCES stores (id),
    product_id INTEGER NOT NULL CHECK (product_id > 0),
    warehouse_id INTEGER NOT NULL REFERENCES warehouses (id),
    -- The last line of defence of "never below zero"; writers use conditional updates first.
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (store_id, product_id, warehouse_id)
) WITHOUT ROWID;
CREATE INDEX stock_levels_warehouse_idx ON stock_levels (store_id, warehouse_id, product_id);

CREATE TABLE stock_movements (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id),
    product_id INTEGER NOT NULL CHECK (product_id > 0),
    warehouse_id INTEGER NOT NULL REFERENCES warehouses (id),
    movement_type TEXT NOT NULL CHECK (movement_type IN ('in', 'out', 'adjust', 'transfer')),
    -- The signed change of the level.
    quantity INTEGER NOT NULL,
    level_after INTEGER NOT NULL CHECK (level_after >= 0),
    reference TEXT,
    note TEXT,
    -- Shared by the two rows of a transfer (UUID text).
    transfer_id TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    idempotency_key TEXT,
    -- Hash of the request that used the key: a retry must match it.
    request_fingerprint TEXT,
    CHECK ((idempotency_key IS NULL) = (request_fingerprint IS NULL)),
    CHECK (movement_type <> 'in' OR quantity > 0),
    CHECK (movement_type <> 'out' OR quantity < 0),
    CHECK (movement_type <> 'transfer' OR (quantity <> 0 AND transfer_id IS NOT NULL))
);
-- The ledger newest first, and by each filter.
CREATE INDEX stock_movements_store_idx ON stock_movements (store_id, id);
CREATE INDEX stock_movements_product_idx ON stock_movements (store_id, product_id, id);
CREATE INDEX stock_movements_warehouse_idx ON stock_movements (store_id, warehouse_id, id);
-- Time windows (since/until, the report); covering, so the report reads the index only.
CREATE INDEX stock_movements_created_idx
    ON stock_movements (store_id, created_at, product_id, movement_type, quantity);
CREATE UNIQUE INDEX stock_movements_idempotency_idx
    ON stock_movements (store_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX stock_movements_transfer_idx
    ON stock_movements (transfer_id) WHERE transfer_id IS NOT NULL;

-- Append-only: corrections are new movements (adjustments), never edits.
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'the stock ledger is append-only');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'the stock ledger is append-only');
END;

CREATE TABLE stock_thresholds (
    store_id INTEGER NOT NULL REFERENCES stores (id),
    product_id INTEGER NOT NULL CHECK (product_id > 0),
    min_stock INTEGER CHECK (min_stock >= 0),
    max_stock INTEGER CHECK (max_stock >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (store_id, product_id),
    CHECK (min_stock IS NULL OR max_stock IS NULL OR min_stock <= max_stock)
) WITHOUT ROWID;
