-- A one-time link exists to give someone a password. Once they have one some other way (an
-- admin's reset, their own change, another link), their open links stop working, in the
-- same transaction as the new password. UseLink marks its own link used first.
CREATE TRIGGER people_password_revokes_links AFTER UPDATE OF password_hash ON people
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN
    UPDATE one_time_links SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE person_id = NEW.id AND used_at IS NULL AND revoked_at IS NULL;
END;
