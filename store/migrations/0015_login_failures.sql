-- Failures of logins that match nobody are now keyed by a SHA-256 of the typed login: forget
-- the ones stored in plain text (they count for 15 minutes only).
DELETE FROM login_failures WHERE login_key LIKE 'login:%';
