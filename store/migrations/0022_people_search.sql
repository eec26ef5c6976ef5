-- Name search (store/search.go). people_search: an FTS5 table with the trigram tokenizer, so a
-- query of three or more characters finds any substring of a person's name, login (employee ID
-- and email) or pinyin keys (王小明: "wangxiaoming wang xiao ming wxm wangxm"); its rowid is
-- people.id. people_search_keys: the first two characters of each key, for queries of one or two
-- characters, which trigrams cannot answer. Both are written by the store from Go (the pinyin
-- comes from a Go library) in the same transaction as the person; the store fills them for
-- existing people right after this migration.
CREATE VIRTUAL TABLE people_search USING fts5(name, login, pinyin, tokenize = 'trigram');

CREATE TABLE people_search_keys (
    key TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX people_search_keys_person ON people_search_keys(person_id);
