package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"lodestar/handlers"
	"lodestar/store"
)

const inviteUsage = `Usage:
  lodestar invite [--db FILE] [--department D] [--team T] [--since YYYY-MM-DD] [--everyone]
                  [--base-url URL] [--out links.csv]

invite makes a one-time sign-in link for each active person selected (by default everyone
who cannot sign in yet), withdrawing their older links, and queues an email for those with
an address (the running server sends it). The links are written as CSV
(employee_id,name,team,url,expires_at) to --out, or to standard output; they are stored
nowhere else, so keep the file safe and hand the links out.`

// invite runs "lodestar invite".
func invite(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, inviteUsage)
		fs.PrintDefaults()
	}
	db := dbFlag(fs, getenv)
	var f store.InviteFilter
	fs.StringVar(&f.Department, "department", "", "only this department")
	fs.StringVar(&f.Team, "team", "", "only this team")
	fs.StringVar(&f.Since, "since", "", "only people added on or after this day (YYYY-MM-DD)")
	everyone := fs.Bool("everyone", false, "also people who can already sign in (their link sets a new password)")
	baseURL := fs.String("base-url", getenv("LODESTAR_BASE_URL"), "the site's public address, e.g. https://lodestar.example.com (env LODESTAR_BASE_URL; else the admin Email page's)")
	out := fs.String("out", "", "write the CSV of links to this file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("invite takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	f.CannotSignIn = !*everyone
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	base := strings.TrimSuffix(*baseURL, "/")
	if base == "" {
		if base, err = st.Setting(ctx, store.SettingBaseURL, ""); err != nil {
			return err
		}
		base = strings.TrimSuffix(base, "/")
	}
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return fmt.Errorf("links need the site's address: pass --base-url https://… or set LODESTAR_BASE_URL (got %q)", base)
	}
	people, err := st.InviteCandidates(ctx, f)
	if err != nil {
		return err
	}
	if len(people) == 0 {
		fmt.Fprintln(stderr, "Nobody matches: no links made.")
		return nil
	}
	w := stdout
	if *out != "" {
		// Created before the links: a path that cannot be written must not withdraw old links.
		file, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	emailed := 0
	compose := handlers.ComposeLinkEmail(base)
	links, err := st.Invite(ctx, 0, people, store.List(f.Describe(), store.Msg("invite.via_command_line")), func(l store.NewLink) (store.Email, bool, error) {
		e, ok, err := compose(l)
		if ok {
			emailed++
		}
		return e, ok, err
	})
	if err != nil {
		return err
	}
	if err := handlers.WriteLinksCSV(w, base, links); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Invited %d people; %d emails queued.\n", len(links), emailed)
	return nil
}
