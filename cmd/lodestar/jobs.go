package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"lodestar/store"
)

func backup(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: lodestar backup [--db FILE] BACKUP_FILE\n\nWrites a consistent copy of the database; safe while the server runs.")
		fs.PrintDefaults()
	}
	db := dbFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("backup needs exactly one destination file")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s\n", *db, fs.Arg(0))
	return nil
}

func importPeople(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	return fmt.Errorf("import-people is not built yet")
}

func token(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	return fmt.Errorf("token is not built yet")
}
