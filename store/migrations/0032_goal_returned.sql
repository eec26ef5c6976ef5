-- A proposal returned to its owner with a note (issue 12): it stays state 'proposed' (the
-- state's CHECK is part of the table) and reads as "returned: needs changes" while
-- returned_at is set; the owner's edit clears these three and re-proposes it.
ALTER TABLE goals ADD COLUMN returned_at TEXT;
ALTER TABLE goals ADD COLUMN returned_by INTEGER REFERENCES people(id);
ALTER TABLE goals ADD COLUMN return_note TEXT NOT NULL DEFAULT '';
