-- Background work runs on one app server at a time: the server that holds a lease (a row
-- here) runs the time-driven jobs until expires_at, renewing it well before then.
CREATE TABLE leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

-- A job that must run once per slot (the hourly work: slot = the hour) records the slot
-- here first; a second server, or the same one restarted within the hour, finds it taken.
CREATE TABLE job_runs (
	name TEXT NOT NULL,
	slot TEXT NOT NULL,
	holder TEXT NOT NULL,
	ran_at TEXT NOT NULL,
	PRIMARY KEY (name, slot)
);
