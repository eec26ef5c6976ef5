-- check_report_versions (0050) moves with any change of a check, not only its closing day,
-- status or question set: a person's standings (their profile's checks section,
-- store/check_profile.go) are kept under it too and show each check's title and dates. And
-- with anyone's manager, or a person added under a manager: what a manager's report reads of
-- their tree is kept under it (check_report_kept.go), and the tree is walked through people's
-- managers as well as the snapshot's. Checks change a few times a year, managers a few times a
-- day.
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
CREATE TRIGGER check_report_people_added AFTER INSERT ON people WHEN NEW.manager_id IS NOT NULL BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER check_report_people_managed AFTER UPDATE OF manager_id ON people
WHEN OLD.manager_id IS NOT NEW.manager_id BEGIN
    INSERT INTO check_report_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
