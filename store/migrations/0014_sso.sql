-- Single sign-on: the OpenID Connect providers people may sign in with. People are never
-- created from a sign-in; the claim named here links the identity to an existing person.
CREATE TABLE sso_providers (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,           -- in the URLs: /sso/{key}/start, /sso/{key}/callback
    name_en         TEXT NOT NULL DEFAULT '',
    name_zh         TEXT NOT NULL DEFAULT '',
    issuer          TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    client_secret   TEXT NOT NULL DEFAULT '',       -- never shown again after saving; see docs/sso.md on backups
    claim           TEXT NOT NULL DEFAULT 'email',
    match_on        TEXT NOT NULL DEFAULT 'email' CHECK (match_on IN ('email', 'employee_id')),
    allowed_domains TEXT NOT NULL DEFAULT '',       -- lower-case domains separated by spaces; '' allows any
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
