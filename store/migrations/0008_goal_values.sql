-- Goals align to a value as well as (or instead of) a strategic priority.
ALTER TABLE goals ADD COLUMN value_id INTEGER REFERENCES culture_values(id);
