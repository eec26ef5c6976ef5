-- Sessions are stored under the SHA-256 of their token from now on (scs HashTokenInStore), so
-- a copied database or backup holds no live session. Rows keyed by raw tokens would never be
-- found again and are exactly what a backup must not hold: they go, and everyone signs in once more.
DELETE FROM sessions;

-- A session remembers the person's session_epoch at sign-in; the request that finds it
-- changed signs that session out. The triggers raise it on every path that writes these
-- columns (forms, HR import, API, password reset), so no writer can forget to:
--   * a new password (own change or admin reset): the handler of an own change moves its
--     current session to the new epoch, so only the other sessions end;
--   * a role change that removes rights: any change except to a strictly higher role
--     (employee < manager < leader < admin; same order as store.Roles);
--   * a leaving date set or changed (deactivation, HR import, API).
ALTER TABLE people ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER people_password_ends_sessions AFTER UPDATE OF password_hash ON people
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN
    UPDATE people SET session_epoch = session_epoch + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER people_demotion_ends_sessions AFTER UPDATE OF role ON people
WHEN (CASE NEW.role WHEN 'employee' THEN 0 WHEN 'manager' THEN 1 WHEN 'leader' THEN 2 ELSE 3 END)
   < (CASE OLD.role WHEN 'employee' THEN 0 WHEN 'manager' THEN 1 WHEN 'leader' THEN 2 ELSE 3 END)
BEGIN
    UPDATE people SET session_epoch = session_epoch + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER people_leaving_ends_sessions AFTER UPDATE OF left_on ON people
WHEN NEW.left_on IS NOT NULL AND NEW.left_on IS NOT OLD.left_on
BEGIN
    UPDATE people SET session_epoch = session_epoch + 1 WHERE id = NEW.id;
END;

-- API tokens may end on a date and be limited in what they write.
-- expires_on: the last day (YYYY-MM-DD, UTC) the token works; NULL: no end.
-- scopes: the areas the token may write, comma-separated (see store.TokenScopes); '' reads
-- only. Tokens made before could write everything there was, and keep exactly that.
ALTER TABLE api_tokens ADD COLUMN expires_on TEXT;
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET scopes = 'people,recognitions,checks';
