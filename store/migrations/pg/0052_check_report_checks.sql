-- PostgreSQL's 0052 (see the common file): the report number moves with any change of a
-- check, with anyone's manager and with people added.
DROP TRIGGER check_report_checks ON checks;
CREATE TRIGGER check_report_checks AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON checks
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_people_managed AFTER UPDATE OF manager_id ON people
FOR EACH ROW WHEN (OLD.manager_id IS DISTINCT FROM NEW.manager_id) EXECUTE FUNCTION check_report_bump();
CREATE TRIGGER check_report_people_added AFTER INSERT ON people
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
