-- check_report_versions (0050) moves with any change of a check, not only its closing day,
-- status or question set: a person's standings (their profile's checks section,
-- store/check_profile.go) are kept under it too and show each check's title and dates.
-- Checks change a few times a year.
DROP TRIGGER check_report_checks_changed;
CREATE TRIGGER check_report_checks_added AFTER INSERT ON checks BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_checks_changed AFTER UPDATE ON checks BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_checks_removed AFTER DELETE ON checks BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
