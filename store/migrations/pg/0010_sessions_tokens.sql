-- PostgreSQL's 0010 (see the common file for why): the session-ending triggers as PL/pgSQL.
DELETE FROM sessions;

ALTER TABLE people ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION people_raise_session_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people SET session_epoch = session_epoch + 1 WHERE id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER people_password_ends_sessions AFTER UPDATE OF password_hash ON people
FOR EACH ROW WHEN (NEW.password_hash IS DISTINCT FROM OLD.password_hash)
EXECUTE FUNCTION people_raise_session_epoch();

CREATE TRIGGER people_demotion_ends_sessions AFTER UPDATE OF role ON people
FOR EACH ROW WHEN ((CASE NEW.role WHEN 'employee' THEN 0 WHEN 'manager' THEN 1 WHEN 'leader' THEN 2 ELSE 3 END)
   < (CASE OLD.role WHEN 'employee' THEN 0 WHEN 'manager' THEN 1 WHEN 'leader' THEN 2 ELSE 3 END))
EXECUTE FUNCTION people_raise_session_epoch();

CREATE TRIGGER people_leaving_ends_sessions AFTER UPDATE OF left_on ON people
FOR EACH ROW WHEN (NEW.left_on IS NOT NULL AND NEW.left_on IS DISTINCT FROM OLD.left_on)
EXECUTE FUNCTION people_raise_session_epoch();

ALTER TABLE api_tokens ADD COLUMN expires_on TEXT;
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET scopes = 'people,recognitions,checks';
