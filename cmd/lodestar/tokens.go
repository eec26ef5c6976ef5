package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"lodestar/store"
	"lodestar/views"
)

const tokenUsage = `Usage:
  lodestar token create [--db FILE] --name NAME [--scope all] [--expires YYYY-MM-DD]
  lodestar token list   [--db FILE]
  lodestar token revoke [--db FILE] ID

create makes an API token and prints it alone on the last line; it is shown only once.
  --scope    what it may change: "all" (the default), "read" (read only), or areas after
             "read": people, recognitions, checks; e.g. --scope read,people
  --expires  the last day it works; refused from the day after (default: no end)
list shows every token with its ID, scope, last use and status; revoke stops one at once.`

// token runs "lodestar token create|list|revoke".
func token(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, tokenUsage)
		return fmt.Errorf("token needs a subcommand: create, list or revoke")
	}
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, tokenUsage)
		fs.PrintDefaults()
	}
	db := dbFlag(fs, getenv)
	switch args[0] {
	case "create":
		name := fs.String("name", "", "who or what uses the token, e.g. \"HR nightly sync\"")
		scope := fs.String("scope", "all", "what it may change: all, read, or read,people,recognitions,checks")
		expires := fs.String("expires", "", "the last day it works, YYYY-MM-DD (default: no end)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if strings.TrimSpace(*name) == "" || fs.NArg() != 0 {
			fs.Usage()
			return fmt.Errorf("token create needs --name and no other arguments")
		}
		scopes, verr := store.ParseTokenScopes(*scope)
		if verr != nil {
			return tokenProblems(stderr, verr)
		}
		return withStore(*db, func(st *store.Store) error {
			secret, err := st.CreateScopedToken(ctx, 0, store.TokenInput{Name: *name, ExpiresOn: *expires, Scopes: scopes})
			if err != nil {
				return tokenProblems(stderr, err)
			}
			fmt.Fprintf(stdout, "Created API token %q. Send it as \"Authorization: Bearer TOKEN\". It is shown only now:\n%s\n", strings.TrimSpace(*name), secret)
			return nil
		})
	case "list":
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 0 {
			fs.Usage()
			return fmt.Errorf("token list takes no arguments")
		}
		return withStore(*db, func(st *store.Store) error {
			tokens, err := st.ListTokens(ctx)
			if err != nil {
				return err
			}
			printTokens(stdout, tokens, st)
			return nil
		})
	case "revoke":
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if fs.NArg() != 1 || err != nil {
			fs.Usage()
			return fmt.Errorf("token revoke needs one token ID (see lodestar token list)")
		}
		return withStore(*db, func(st *store.Store) error {
			if err := st.RevokeToken(ctx, 0, id); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no API token with ID %d (see lodestar token list)", id)
				}
				return err
			}
			fmt.Fprintf(stdout, "Revoked API token %d: it no longer works.\n", id)
			return nil
		})
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, tokenUsage)
		return flag.ErrHelp
	}
	fmt.Fprintln(stderr, tokenUsage)
	return fmt.Errorf("unknown token subcommand %q: use create, list or revoke", args[0])
}

// withStore opens the database for one command and closes it after.
func withStore(path string, fn func(*store.Store) error) error {
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// printTokens writes one line per token, newest first: what an operator needs to pick one.
func printTokens(w io.Writer, tokens []store.Token, st *store.Store) {
	if len(tokens) == 0 {
		fmt.Fprintln(w, "No API tokens yet. Make one with: lodestar token create --name NAME")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tEXPIRES\tCREATED\tLAST USED\tSTATUS")
	for _, t := range tokens {
		scope := "read"
		if len(t.Scopes) > 0 {
			scope += "," + strings.Join(t.Scopes, ",")
		}
		expires, used := "-", "never"
		if !t.ExpiresOn.IsZero() {
			expires = t.ExpiresOn.Format(store.DateLayout)
		}
		if !t.LastUsedAt.IsZero() {
			used = t.LastUsedAt.Format("2006-01-02 15:04")
		}
		status := "active"
		switch {
		case !t.RevokedAt.IsZero():
			status = "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
		case t.ExpiredOn(st.Now()):
			status = "expired"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, scope, expires, t.CreatedAt.Format("2006-01-02 15:04"), used, status)
	}
	tw.Flush()
}

// tokenProblems prints each problem of a refused token on its own line.
func tokenProblems(stderr io.Writer, err error) error {
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	en := views.Locale{Lang: "en"}
	for _, p := range verr.Problems {
		fmt.Fprintf(stderr, "--%s: %s\n", tokenFlagName(p.Field), en.ProblemText(p))
	}
	return fmt.Errorf("the token was not created")
}

// tokenFlagName names the command-line flag for a field of store.TokenInput.
func tokenFlagName(field string) string {
	switch field {
	case "expires_on":
		return "expires"
	case "scopes":
		return "scope"
	}
	return field
}
