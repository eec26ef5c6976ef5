package store_test

import (
	"context"
	"errors"
	"testing"

	"lodestar/store"
)

func TestPasswordRules(t *testing.T) {
	me := []string{"E10042", "li.na@example.com", "李娜 Li Na"}
	cases := []struct {
		password string
		want     string
	}{
		{"correct horse battery", ""},
		{"Tr0ub4dor&3xq", ""},
		{store.DemoPassword, ""},
		{"短密码", "password_too_short"},
		{"elevenchars", "password_too_short"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六", "password_too_long"}, // 26 runes, 78 bytes
		{"aaaaaaaaaaaa", "password_repeated"},
		{"............", "password_repeated"},
		{"abcabcabcabc", "password_repeated"},
		{"zzzzzzzzzz12", "password_repeated"},
		{"123456789012", "password_sequence"},
		{"210987654321", "password_sequence"},
		{"qwertyuiopas", "password_sequence"},
		{"1qaz2wsx3edc", "password_sequence"},
		{"abcdefghijkl", "password_sequence"},
		{"password1234", "password_common"},
		{"Password2024!", "password_common"},
		{"P@ssw0rd2024", "password_common"},
		{"iloveyou1234", "password_common"},
		{"passwordpassword", "password_common"},
		{"2024!!Dragon", "password_common"},
		{"lodestar2026", "password_common"},
		{"e10042e10042x", "password_personal"},
		{"my-E10042-key", "password_personal"},
		{"li.na@example.com", "password_personal"},
		{"li.na1234567", "password_personal"},
		{"李娜 Li Na 2026!", "password_personal"},
		// Repeats are counted in characters, not bytes (QA: Chinese repeats got through).
		{"李娜李娜李娜李娜李娜李娜", "password_repeated"},
		{"我爱你我爱你我爱你我爱你", "password_repeated"},
		{"春夏秋冬春夏秋冬春夏秋冬", "password_repeated"},
		// The name's parts joined either way, and the Han name, with digits or symbols added.
		{"lina12345678", "password_personal"},
		{"LiNa12345678", "password_personal"},
		{"nali-2026-!!", "password_personal"},
		{"李娜2026李娜2026", "password_personal"},
		{"李娜！202612031", "password_personal"},
		{"2026李娜李娜2026!!", "password_personal"},
		// Passwords that merely contain the name among other words are still allowed.
		{"李娜喜欢在雨天读长篇小说", ""},
		{"lina likes long rainy walks", ""},
	}
	for _, c := range cases {
		if got := store.CheckPasswordRules(c.password, me...); got != c.want {
			t.Errorf("CheckPasswordRules(%q) = %q, want %q", c.password, got, c.want)
		}
	}
	// Context words only count for their owner.
	if got := store.CheckPasswordRules("my-E10042-key"); got != "" {
		t.Errorf("without context: %q", got)
	}
}

// The demo password passes the rules for every demo account, and random passwords from an
// admin reset pass them too.
func TestDemoAndGeneratedPasswordsPassRules(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"admin", "leader", "manager", "agent", "newhire"} {
		p, err := s.PersonByEmployeeID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if code := store.CheckPasswordRules(store.DemoPassword, p.EmployeeID, p.Email, p.Name); code != "" {
			t.Errorf("demo password for %s: %s", id, code)
		}
		if _, err := s.Authenticate(ctx, id, store.DemoPassword, "127.0.0.1"); err != nil {
			t.Errorf("demo sign-in %s: %v", id, err)
		}
	}
	for range 200 {
		if p := store.RandomPassword(); store.CheckPasswordRules(p) != "" {
			t.Fatalf("random password %q fails: %s", p, store.CheckPasswordRules(p))
		}
	}
}

// SetPassword applies the rules with the person's own words; a password set before the
// rules tightened still signs in.
func TestSetPasswordRulesAndOldPasswordsStillWork(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	p := person("E77", "")
	p.Email, p.Name = "sam.taylor@example.com", "Sam Taylor"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 0); err != nil {
		t.Fatal(err)
	}
	sam, err := s.PersonByEmployeeID(ctx, "E77")
	if err != nil {
		t.Fatal(err)
	}
	for pw, code := range map[string]string{"samtaylor2026": "password_personal", "sunshine2026": "password_common", "tenletters": "password_too_short"} {
		var verr *store.ValidationError
		if err := s.SetPassword(ctx, sam.ID, sam.ID, pw); !errors.As(err, &verr) || verr.Problems[0].Code != code || verr.Problems[0].Field != "password" {
			t.Errorf("SetPassword(%q) = %v, want %s", pw, err, code)
		}
	}
	// An old ten-letter password, stored under the old rules, still signs in.
	hash, err := store.HashPassword("tenletters")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("UPDATE people SET password_hash = ? WHERE id = ?", hash, sam.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "E77", "tenletters", "127.0.0.1"); err != nil {
		t.Fatalf("old password: %v", err)
	}
	got, err := s.ResetPassword(ctx, 0, sam.ID)
	if err != nil || store.CheckPasswordRules(got, "E77", sam.Email, sam.Name) != "" {
		t.Fatalf("reset gave %q, %v", got, err)
	}
}

// FuzzPasswordRules: any password and context give one of the documented codes, and a
// password that passes is within the length limits.
func FuzzPasswordRules(f *testing.F) {
	for _, s := range []string{store.DemoPassword, "password1234", "aaaaaaaaaaaa", "123456789012", "李娜 Li Na 2026!", "\xff\xfe\x00", "@@@@@@@@@@@@1"} {
		f.Add(s, "E10042", "li.na@example.com", "李娜 Li Na")
	}
	codes := map[string]bool{"": true, "password_too_short": true, "password_too_long": true, "password_repeated": true,
		"password_sequence": true, "password_personal": true, "password_common": true}
	f.Fuzz(func(t *testing.T, pw, id, email, name string) {
		code := store.CheckPasswordRules(pw, id, email, name)
		if !codes[code] {
			t.Fatalf("unknown code %q", code)
		}
		if code == "" && (len([]rune(pw)) < store.MinPasswordLength || len(pw) > store.MaxPasswordBytes) {
			t.Fatalf("%q passed outside the length limits", pw)
		}
	})
}
