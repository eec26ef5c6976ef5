-- PostgreSQL's 0052 (see the common file): the report number moves with any change of a check.
DROP TRIGGER check_report_checks ON checks;
CREATE TRIGGER check_report_checks AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON checks
FOR EACH STATEMENT EXECUTE FUNCTION check_report_bump();
