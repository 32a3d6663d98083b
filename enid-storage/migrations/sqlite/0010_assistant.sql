-- The AI sales assistant: each store's settings and knowledge entries, and conversations with
-- their messages.

-- A store without a row uses the defaults.
CREATE TABLE assistant_settings (
    store_id INTEGER PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    persona TEXT NOT NULL,
    rules TEXT NOT NULL CHECK (json_valid(rules) AND json_type(rules) = 'array'),
    -- A JSON array of {title, url}.
    links TEXT NOT NULL CHECK (json_valid(links) AND json_type(links) = 'array'),
    -- NULL: the server's default provider.
    provider TEXT CHECK (provider IN ('offline', 'gemini', 'openai')),
    model TEXT,
    history_turns INTEGER NOT NULL CHECK (history_turns BETWEEN 1 AND 50),
    updated_at TEXT NOT NULL
);

CREATE TABLE knowledge_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT,
    tags TEXT NOT NULL CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    -- Title, body and tags folded (lowercase, no accents), matched by search.
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX knowledge_entries_store_idx ON knowledge_entries (store_id, id);

CREATE TABLE conversations (
    -- A random uuid: whoever holds it may read the conversation.
    id TEXT PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    message_count INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX conversations_store_updated_idx ON conversations (store_id, updated_at, id);
CREATE INDEX conversations_store_user_updated_idx ON conversations (store_id, user_id, updated_at, id);

CREATE TABLE conversation_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    provider TEXT,
    model TEXT,
    latency_ms INTEGER,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cached INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE INDEX conversation_messages_conversation_idx ON conversation_messages (conversation_id, id);
