-- PostgreSQL's 0036 (see the common file for the design): the same table, and the trigger as
-- a function.
DROP TABLE people_search_keys;

CREATE TABLE people_search_keys (
    key TEXT NOT NULL,
    rnk BIGINT NOT NULL,
    name TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    left_on TEXT,
    PRIMARY KEY (key, rnk, name, person_id)
);
CREATE INDEX people_search_keys_person ON people_search_keys(person_id);

CREATE FUNCTION people_left_on_to_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_search_keys SET left_on = NEW.left_on WHERE person_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER people_left_on_to_search_keys AFTER UPDATE OF left_on ON people
FOR EACH ROW WHEN (NEW.left_on IS DISTINCT FROM OLD.left_on)
EXECUTE FUNCTION people_left_on_to_search_keys();
