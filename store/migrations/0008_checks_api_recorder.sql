-- The 80% check: interviews posted through the API are recorded by the API token that posted
-- them (there is no person behind a token), so the evidence list can say who recorded them.
ALTER TABLE check_interviews ADD COLUMN recorded_by_token INTEGER REFERENCES api_tokens(id);
-- Frozen at closing with the rest of the result: 1 when final_reviewer names an API token.
ALTER TABLE check_population ADD COLUMN final_reviewer_token INTEGER NOT NULL DEFAULT 0;
