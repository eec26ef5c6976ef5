-- The organisation's 80% report lists (counted people, non-respondents, leavers) walk the
-- snapshot in name order and stop at the page: with the columns they show in the name
-- indexes, the walk reads no table row. Before, each row shown was a random read of
-- check_population (and the non-respondents' walk read about twice the rows it kept to find
-- its 100): 17% of the leader's report CPU at 100,000 people. Each index has as many entries
-- as before, only wider; live_result and left_on now move them too. The leavers' partial
-- index and the department's below cover as well, or SQLite would walk the whole covering
-- name index for them.
DROP INDEX check_population_name;
CREATE INDEX check_population_name ON check_population(check_id, name, employee_id,
    person_id, tier, department, team, manager_id, left_on, live_result);
DROP INDEX check_population_left;
CREATE INDEX check_population_left ON check_population(check_id, name, employee_id,
    person_id, tier, department, team, manager_id, left_on, live_result) WHERE left_on > '';
-- A department drilled into lists its people in name order from its own index; covering
-- too, or SQLite would prefer the wide name index (check_id alone as key) and walk the whole
-- snapshot to find a small department's rows.
DROP INDEX check_population_department;
CREATE INDEX check_population_department ON check_population(check_id, department, name, employee_id,
    person_id, tier, team, manager_id, left_on, live_result);
-- The reporting-tree walk (checkScopeSQL) reads person_id by (check_id, manager_id): with it
-- in the index the walk is covering too, and stays on this index rather than on the wide
-- name index, which also holds manager_id and person_id but only check_id as a key (that
-- walked the whole snapshot for every step of a manager's tree).
DROP INDEX check_population_manager;
CREATE INDEX check_population_manager ON check_population(check_id, manager_id, person_id);
