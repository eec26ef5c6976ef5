-- Short queries (one or two characters) walk people_search_keys in the order the results are
-- shown and stop at a page (store/search.go). Each row is one prefix a person is found by — the
-- first character and the first two characters of each of their keys (name, name suffixes,
-- words, pinyin forms, employee ID, email) — with what ranking them needs: rnk, the rank a query
-- equal to the prefix gives the person (0 exact, 1 a name or pinyin word starts with it, 2
-- elsewhere), and the name. So a query is one key, already in (rnk, name, person_id) order: "王"
-- no longer sorts its 888 matches to show 50. left_on follows people.left_on (the trigger
-- below, like check_population's), so counting the active matches reads this table alone.
-- The store fills the table from Go (the pinyin comes from a Go library) right after this
-- migration and on every write of a person.
DROP TABLE people_search_keys;

CREATE TABLE people_search_keys (
    key TEXT NOT NULL,
    rnk INTEGER NOT NULL,
    name TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    left_on TEXT,
    PRIMARY KEY (key, rnk, name, person_id)
) WITHOUT ROWID;
CREATE INDEX people_search_keys_person ON people_search_keys(person_id);

CREATE TRIGGER people_left_on_to_search_keys AFTER UPDATE OF left_on ON people
WHEN NEW.left_on IS NOT OLD.left_on
BEGIN
    UPDATE people_search_keys SET left_on = NEW.left_on WHERE person_id = NEW.id;
END;
