package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lodestar/store"
	"lodestar/views"
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
	if isPostgresURL(*db) {
		// pg_dump is PostgreSQL's own consistent backup, matched to the server's version;
		// a second, home-made one would be worse. Say how, without echoing the password.
		return fmt.Errorf("lodestar backup copies a SQLite file; for PostgreSQL use pg_dump, which takes a consistent copy while the servers run:\n"+
			"  pg_dump --format=custom --file=%s \"$LODESTAR_DB\"\nand restore it with pg_restore (docs/deploy.md, \"Backups\")", fs.Arg(0))
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
	fs := flag.NewFlagSet("import-people", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: lodestar import-people [--db FILE] FILE.csv\n\n"+
			"Creates and updates people from an HR CSV file (format: docs/import.md), matched by employee_id.\n"+
			"Every row is checked first: when any row is bad, every problem is listed and nothing is written.")
		fs.PrintDefaults()
	}
	db := dbFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("import-people needs exactly one CSV file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	inputs, err := store.ParsePeopleCSV(f)
	if err != nil {
		return importProblems(stderr, fs.Arg(0), err)
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.UpsertPeopleVia(ctx, 0, store.Msg("event.via.cli_import", store.Plain(filepath.Base(fs.Arg(0)))), inputs, 2)
	if err != nil {
		return importProblems(stderr, fs.Arg(0), err)
	}
	fmt.Fprintf(stdout, "Imported %s into %s: %d created, %d updated; people not in the file are unchanged.\n",
		fs.Arg(0), *db, len(res.Created), len(res.Updated))
	return nil
}

// isPostgresURL tells a PostgreSQL connection URL from a SQLite file path.
func isPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// importProblems prints every problem of a refused file, one per line with its row.
func importProblems(stderr io.Writer, file string, err error) error {
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	en := views.Locale{Lang: "en"}
	for _, p := range verr.Problems {
		fmt.Fprintf(stderr, "%s: %s\n", file, en.ProblemText(p))
	}
	return fmt.Errorf("%d problems in %s; nothing was imported", len(verr.Problems), file)
}

// How often the scheduler works. Due checks are one cheap read when nothing is due, so they
// are looked for every minute (a check closes at most a minute after its closing date has
// passed); the badge catch-up reads more and its dates are whole days, so it runs hourly:
// in the first pass of each clock hour, on whichever server claims the hour first.
const checksEvery = time.Minute

// hourlyJob names the hourly work's slots in the job_runs table.
const hourlyJob = "hourly"

// runScheduler is the background scheduler, the one producer of time-driven changes, until
// ctx ends. It runs on the app server that holds the background lease (leader.go). Pages
// never do this work (a GET writes nothing; docs/architecture.md, "No writes on GET").
// Tests call schedulerPass and scheduledWork with a store on an injected clock.
func runScheduler(ctx context.Context, st *store.Store, holder string, logger *slog.Logger, jobs ...job) {
	tick := time.NewTicker(checksEvery)
	defer tick.Stop()
	for {
		schedulerPass(ctx, st, holder, logger, jobs...)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// schedulerPass opens and closes due checks and, when holder is the first to claim the
// current hour (by the store's clock), does the hourly work; it reports whether it did.
// The claim keeps the hourly work to once an hour even if two servers both believe they
// hold the lease, or a server restarts within the hour.
func schedulerPass(ctx context.Context, st *store.Store, holder string, logger *slog.Logger, jobs ...job) bool {
	slot := st.Now().UTC().Format("2006-01-02T15")
	hourly, err := st.ClaimJobSlot(ctx, hourlyJob, slot, holder)
	if err != nil && ctx.Err() == nil {
		logger.Error("claiming the hourly work", "err", err)
	}
	scheduledWork(ctx, st, logger, hourly, jobs...)
	if hourly {
		logger.Info("hourly work done", "slot", slot, "holder", holder)
	}
	return hourly
}

// scheduledWork opens and closes the checks whose dates have come, as of the store's clock.
// With hourly it also reminds of checks closing in three days, awards due system badges,
// forgets sign-in failures that no longer count, old forgot-password requests, form keys
// older than a day, and sent deliveries and emails older than 90 days, then runs jobs.
// All are idempotent; a failure is logged and retried next time.
func scheduledWork(ctx context.Context, st *store.Store, logger *slog.Logger, hourly bool, jobs ...job) {
	if err := st.RunDueChecks(ctx); err != nil && ctx.Err() == nil {
		logger.Error("opening and closing checks", "err", err)
	}
	if !hourly {
		return
	}
	if _, err := st.RemindChecksClosing(ctx); err != nil && ctx.Err() == nil {
		logger.Error("reminding of closing checks", "err", err)
	}
	if err := st.AwardSystemBadges(ctx); err != nil && ctx.Err() == nil {
		logger.Error("awarding system badges", "err", err)
	}
	if _, err := st.PruneLoginFailures(ctx); err != nil && ctx.Err() == nil {
		logger.Error("pruning old sign-in failures", "err", err)
	}
	if _, err := st.PrunePasswordResetRequests(ctx); err != nil && ctx.Err() == nil {
		logger.Error("pruning old forgot-password requests", "err", err)
	}
	if _, err := st.PruneFormKeys(ctx); err != nil && ctx.Err() == nil {
		logger.Error("pruning old form keys", "err", err)
	}
	if _, err := st.PruneOutboxes(ctx); err != nil && ctx.Err() == nil {
		logger.Error("pruning old sent deliveries and emails", "err", err)
	}
	for _, j := range jobs {
		if _, err := j.run(ctx); err != nil && ctx.Err() == nil {
			logger.Error(j.name, "err", err)
		}
	}
}

// job is hourly work that needs more than the store: the weekly digests are written in each
// reader's language with links to the public address, which the handlers know.
type job struct {
	name string
	run  func(context.Context) (int, error)
}
