-- Open Badges 3.0: the keys this instance signs badge credentials with, and the awards whose
-- holders chose a public verification page.
CREATE TABLE issuer_keys (
    id          INTEGER PRIMARY KEY,
    private_key TEXT NOT NULL,  -- RSA, PKCS#8 DER in base64; sealed with LODESTAR_SECRET_KEY when set
    created_at  TEXT NOT NULL,
    retired_at  TEXT            -- a retired key signs nothing new but still verifies old credentials
);

CREATE TABLE award_shares (
    recognition_id INTEGER NOT NULL REFERENCES recognitions(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    public_id      TEXT NOT NULL UNIQUE,   -- random: the public page's address cannot be guessed
    public         INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (recognition_id, person_id)
) WITHOUT ROWID;
