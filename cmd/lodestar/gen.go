package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"lodestar/store"
)

// gen builds a large organisation into an empty database, for measuring (docs/performance.md).
func gen(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: lodestar gen --db FILE [--people 100000] [--recognitions 1000000]\n\n"+
			"Builds a generated organisation into a new database, starting from the demo (its\n"+
			"sign-ins and the password "+store.DemoPassword+" are kept). For measuring, not for use.")
		fs.PrintDefaults()
	}
	db := dbFlag(fs, getenv)
	people := fs.Int("people", 100000, "how many people")
	recognitions := fs.Int("recognitions", 1000000, "how many recognitions in all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *people < 300 {
		fs.Usage()
		return fmt.Errorf("gen needs --people of at least 300 and no other arguments")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	err = st.Generate(ctx, store.GenOptions{People: *people, Recognitions: *recognitions,
		Progress: func(step string, took time.Duration) {
			fmt.Fprintf(stdout, "%-18s %s\n", step, took.Round(time.Millisecond))
		}})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Generated %d people and %d recognitions into %s in %s.\n", *people, *recognitions, *db,
		time.Since(start).Round(time.Second))
	return nil
}
