-- PostgreSQL's 0022 (see the common file for the design). people_search is a plain table keyed
-- by rowid (= people.id, the name SQLite's FTS5 table uses, so the store's writes are the same
-- SQL) with pg_trgm trigram indexes, which serve the case-insensitive substring search (ILIKE)
-- that FTS5's trigram tokenizer gives on SQLite (store/search.go searchCand).
CREATE TABLE people_search (
    rowid  BIGINT PRIMARY KEY,
    name   TEXT NOT NULL,
    login  TEXT NOT NULL,
    pinyin TEXT NOT NULL
);
CREATE INDEX people_search_name ON people_search USING gin (name gin_trgm_ops);
CREATE INDEX people_search_login ON people_search USING gin (login gin_trgm_ops);
CREATE INDEX people_search_pinyin ON people_search USING gin (pinyin gin_trgm_ops);

CREATE TABLE people_search_keys (
    key TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
);
CREATE INDEX people_search_keys_person ON people_search_keys(person_id);
