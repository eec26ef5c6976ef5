package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"lodestar/store"
)

// migrateDB copies a whole SQLite database into an empty PostgreSQL one.
func migrateDB(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("migrate-db", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: lodestar migrate-db --from FILE --to postgres://…\n\n"+
			"Copies every table of the SQLite database FILE into the empty PostgreSQL database, ids\n"+
			"preserved, in one transaction; prints each table's rows on both sides and fails when\n"+
			"they differ. Stop the servers first. Sessions are not copied: everyone signs in again.")
		fs.PrintDefaults()
	}
	from := fs.String("from", "", "the SQLite database file")
	to := fs.String("to", "", "the PostgreSQL database URL (must be empty; needs a superuser)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || !store.IsPostgresURL(*to) || store.IsPostgresURL(*from) {
		fs.Usage()
		return fmt.Errorf("migrate-db needs --from a SQLite file and --to a postgres:// URL")
	}
	src, err := store.Open(*from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(*to)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := src.CopyInto(ctx, dst)
	for _, c := range counts {
		mark := ""
		if c.Source != c.Target {
			mark = "  MISMATCH"
		}
		fmt.Fprintf(stdout, "%-32s %10d %10d%s\n", c.Table, c.Source, c.Target, mark)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Copied %d tables from %s to %s\n", len(counts), *from, store.Redact(*to))
	return nil
}
