package store

import (
	"bufio"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password rules (NIST SP 800-63B style: length, a list of known-bad passwords, context
// words; no composition rules, no expiry). They apply when a password is set; a password
// set under older rules keeps working at sign-in. docs/security.md explains each.

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords returns the embedded list as a set. It is built on each call (a few
// hundred microseconds) rather than kept in a package variable: passwords are set rarely.
func commonPasswords() map[string]bool {
	set := make(map[string]bool, 2048)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			set[w] = true
		}
	}
	return set
}

// keyboardRuns are sequences people walk along, separated by spaces; a password inside one
// (either direction) is refused. A run that may wrap round (…7890123…) is written twice.
const keyboardRuns = "01234567890123456789 abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz " +
	"qwertyuiopasdfghjklzxcvbnm qwertzuiopasdfghjklyxcvbnm azertyuiopqsdfghjklmwxcvbn " +
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p qazwsxedcrfvtgbyhnujmikolp 1q2w3e4r5t6y7u8i9o0p " +
	"q1w2e3r4t5y6u7i8o9p0 a1b2c3d4e5f6g7h8i9j0 !@#$%^&*()_+"

// CheckPasswordRules returns a problem code when password may not be set, or "". personal
// holds the person's own words (employee ID, email, name); the password may not be one of
// them with only digits or symbols added. The codes are checked in this order:
// password_too_short, password_too_long, password_repeated, password_sequence,
// password_personal, password_common.
func CheckPasswordRules(password string, personal ...string) string {
	switch {
	case len([]rune(password)) < MinPasswordLength:
		return "password_too_short"
	case len(password) > MaxPasswordBytes:
		return "password_too_long"
	}
	lower := strings.ToLower(password)
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	candidates := []string{lower}
	if core != "" && core != lower {
		candidates = append(candidates, core)
	}
	for _, c := range candidates {
		if len([]rune(c)) >= 6 || c == lower {
			if repeatedUnit(c, 4) != "" {
				return "password_repeated"
			}
			if inKeyboardRun(c) {
				return "password_sequence"
			}
		}
	}
	// Only the letters: "李娜2026李娜2026" → "李娜李娜", which is the name repeated.
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, lower)
	for _, w := range personalWords(personal) {
		if core == w || strings.ReplaceAll(core, " ", "") == w || letters == w || repeatedUnit(letters, utf8.RuneCountInString(letters)/2) == w {
			return "password_personal"
		}
		// Login names inside the password, in any position, are the first thing to try.
		if len([]rune(w)) >= 4 && strings.Contains(lower, w) && isLoginWord(w, personal) {
			return "password_personal"
		}
	}
	common := commonPasswords()
	for _, c := range append(candidates, unleet(core)) {
		if common[c] {
			return "password_common"
		}
		if u := repeatedUnit(c, utf8.RuneCountInString(c)/2); u != "" && common[u] {
			return "password_common" // passwordpassword
		}
	}
	return ""
}

// repeatedUnit returns the unit of at most maxUnit characters that s is made of, repeated at
// least twice ("abcabcabc" → "abc", "我爱你我爱你" → "我爱你"), or "". It counts runes, not
// bytes: a Chinese character is three bytes.
func repeatedUnit(s string, maxUnit int) string {
	r := []rune(s)
	for n := 1; n <= maxUnit && n <= len(r)/2; n++ {
		if len(r)%n == 0 && strings.Repeat(string(r[:n]), len(r)/n) == s {
			return string(r[:n])
		}
	}
	return ""
}

func inKeyboardRun(s string) bool {
	rev := []rune(s)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	for _, run := range strings.Fields(keyboardRuns) {
		if strings.Contains(run, s) || strings.Contains(run, string(rev)) {
			return true
		}
	}
	return false
}

// unleet undoes the usual letter swaps (p@ssw0rd → password).
func unleet(s string) string {
	return strings.NewReplacer("@", "a", "4", "a", "0", "o", "1", "i", "!", "i", "3", "e", "$", "s", "5", "s", "7", "t").Replace(s)
}

// personalWords lower-cases the person's words and adds the parts worth refusing: an
// email's local part, a name without spaces, each name part of four letters or more, each
// pair of adjacent name parts joined either way ("李娜 Li Na" → "lina", "nali") and each
// part written in Han characters ("李娜"), however short.
func personalWords(personal []string) []string {
	var out []string
	add := func(w string) {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			out = append(out, w)
		}
	}
	for _, p := range personal {
		add(p)
		if at := strings.IndexByte(p, '@'); at > 0 {
			add(p[:at])
		}
		add(strings.ReplaceAll(p, " ", ""))
		parts := strings.Fields(p)
		for i, part := range parts {
			if len([]rune(part)) >= 4 || (len([]rune(part)) >= 2 && isHan(part)) {
				add(part)
			}
			if i > 0 {
				add(parts[i-1] + part)
				add(part + parts[i-1])
			}
		}
	}
	return out
}

// isHan tells whether s is written in Chinese characters only.
func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// isLoginWord tells whether w is an employee ID or email (or its local part): the words
// someone trying passwords for this account knows for sure.
func isLoginWord(w string, personal []string) bool {
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == w && !strings.Contains(p, " ") {
			return true
		}
		if at := strings.IndexByte(p, '@'); at > 0 && p[:at] == w {
			return true
		}
	}
	return false
}

// passwordContext returns the words a person's password may not be built from.
func passwordContext(ctx context.Context, q queryer, personID int64) ([]string, error) {
	var employeeID, email, name string
	err := q.QueryRowContext(ctx, "SELECT employee_id, COALESCE(email, ''), name FROM people WHERE id = ?", personID).Scan(&employeeID, &email, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: password context: %w", err)
	}
	return []string{employeeID, email, name}, nil
}

// checkNewPassword applies CheckPasswordRules with the person's own words.
func (s *Store) checkNewPassword(ctx context.Context, personID int64, password string) error {
	words, err := passwordContext(ctx, s.db, personID)
	if err != nil {
		return err
	}
	if code := CheckPasswordRules(password, words...); code != "" {
		return &ValidationError{Problems: []Problem{{Field: "password", Code: code}}}
	}
	return nil
}

// randomPasswordFor draws random passwords until one passes the rules for this person
// (a 16-letter random one nearly always does; this makes "nearly" never matter).
func (s *Store) randomPasswordFor(ctx context.Context, personID int64) (string, error) {
	words, err := passwordContext(ctx, s.db, personID)
	if err != nil {
		return "", err
	}
	for {
		if p := RandomPassword(); CheckPasswordRules(p, words...) == "" {
			return p, nil
		}
	}
}
