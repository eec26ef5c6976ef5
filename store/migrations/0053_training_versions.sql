-- training_versions: one number that moves whenever anything a manager's training matrix
-- reads may have changed (store/training_kept.go): the people of the tree (any field of their
-- row, the Chinese unit names), the published courses and their lessons and quiz marks, and
-- everyone's assignments, lessons read, quiz attempts and answers, and completions. A server
-- keeps each manager's matrix (by filter and day: overdue is a matter of the date) and reads
-- it again only when this number is not the one it read it under. The team matrix was the
-- last page at the line at 100,000 people (docs/performance.md, twenty-third pass).
--
-- PostgreSQL spreads the number over several rows (their sum is the number) so that
-- concurrent writers do not queue behind one row's lock; SQLite writes one at a time and
-- keeps one row.
CREATE TABLE training_versions (
    id INTEGER PRIMARY KEY, -- always 0 here
    n  INTEGER NOT NULL
);

-- a person's name, unit, tier, manager, leaving day or any other field of the row (a hire joins a manager's tree)
CREATE TRIGGER training_people_added AFTER INSERT ON people BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_people_changed AFTER UPDATE ON people BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_people_removed AFTER DELETE ON people BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- the Chinese names of departments and teams
CREATE TRIGGER training_org_unit_names_added AFTER INSERT ON org_unit_names BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_org_unit_names_changed AFTER UPDATE ON org_unit_names BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_org_unit_names_removed AFTER DELETE ON org_unit_names BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- which revision of a course is published, its key, archiving
CREATE TRIGGER training_courses_added AFTER INSERT ON courses BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_courses_changed AFTER UPDATE ON courses BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_courses_removed AFTER DELETE ON courses BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- a course revision's quiz set
CREATE TRIGGER training_course_revisions_added AFTER INSERT ON course_revisions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_course_revisions_changed AFTER UPDATE ON course_revisions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_course_revisions_removed AFTER DELETE ON course_revisions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- a revision's lessons
CREATE TRIGGER training_lessons_added AFTER INSERT ON lessons BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_lessons_changed AFTER UPDATE ON lessons BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_lessons_removed AFTER DELETE ON lessons BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- a quiz's pass mark
CREATE TRIGGER training_question_sets_added AFTER INSERT ON question_sets BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_question_sets_changed AFTER UPDATE ON question_sets BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_question_sets_removed AFTER DELETE ON question_sets BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- a question's points (answers waiting for review count them)
CREATE TRIGGER training_questions_added AFTER INSERT ON questions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_questions_changed AFTER UPDATE ON questions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_questions_removed AFTER DELETE ON questions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- who must take which course, by when
CREATE TRIGGER training_assignments_added AFTER INSERT ON assignments BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_assignments_changed AFTER UPDATE ON assignments BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_assignments_removed AFTER DELETE ON assignments BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- lessons read
CREATE TRIGGER training_lesson_reads_added AFTER INSERT ON lesson_reads BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_lesson_reads_changed AFTER UPDATE ON lesson_reads BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_lesson_reads_removed AFTER DELETE ON lesson_reads BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- quiz attempts
CREATE TRIGGER training_attempts_added AFTER INSERT ON attempts BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_attempts_changed AFTER UPDATE ON attempts BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_attempts_removed AFTER DELETE ON attempts BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- their answers (credit given on review)
CREATE TRIGGER training_attempt_answers_added AFTER INSERT ON attempt_answers BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_attempt_answers_changed AFTER UPDATE ON attempt_answers BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_attempt_answers_removed AFTER DELETE ON attempt_answers BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;

-- courses passed
CREATE TRIGGER training_course_completions_added AFTER INSERT ON course_completions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_course_completions_changed AFTER UPDATE ON course_completions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER training_course_completions_removed AFTER DELETE ON course_completions BEGIN
    INSERT INTO training_versions (id, n) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
