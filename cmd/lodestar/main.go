// Command lodestar runs the Lodestar server and its one-off jobs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "lodestar:", err)
		os.Exit(1)
	}
}

const usage = `Lodestar — service culture and recognition for customer-service teams.

Usage:
  lodestar serve [--addr 127.0.0.1:8080] [--db ./lodestar.db] [--demo]
                 [--read-timeout 60s] [--write-timeout 120s] [--idle-timeout 60s] [--max-conns 512]
                 [--max-conns-per-client 64] [--trust-proxy] [--secure-cookies] [--lease-ttl 30s]
  lodestar import-people [--db ./lodestar.db] FILE.csv
  lodestar backup [--db ./lodestar.db] FILE
  lodestar token create [--db ./lodestar.db] --name NAME [--scope all] [--expires YYYY-MM-DD]
  lodestar token list [--db ./lodestar.db]
  lodestar token revoke [--db ./lodestar.db] ID
  lodestar invite [--db ./lodestar.db] [--department D] [--team T] [--since YYYY-MM-DD] [--everyone]
                  [--out links.csv] [--base-url URL]
  lodestar gen --db FILE [--people 100000] [--recognitions 1000000]
  lodestar bench --url http://127.0.0.1:8080 [--pid PID] [-c 64] [-d 10s]
  lodestar migrate-db --from FILE --to postgres://…

Run "lodestar COMMAND -h" for the flags of a command.
Flags fall back to the environment: LODESTAR_ADDR, LODESTAR_DB, LODESTAR_READ_TIMEOUT,
LODESTAR_WRITE_TIMEOUT, LODESTAR_IDLE_TIMEOUT, LODESTAR_MAX_CONNS,
LODESTAR_MAX_CONNS_PER_CLIENT, LODESTAR_TRUST_PROXY, LODESTAR_SECURE_COOKIES, LODESTAR_LEASE_TTL.
`

// run dispatches to a subcommand; it is main without the process, so tests can call it.
// "-h" on a command prints its usage and is not an error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	err := dispatch(ctx, args, stdout, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr, getenv)
	case "import-people":
		return importPeople(ctx, args[1:], stdout, stderr, getenv)
	case "backup":
		return backup(ctx, args[1:], stdout, stderr, getenv)
	case "token":
		return token(ctx, args[1:], stdout, stderr, getenv)
	case "invite":
		return invite(ctx, args[1:], stdout, stderr, getenv)
	case "gen":
		return gen(ctx, args[1:], stdout, stderr, getenv)
	case "bench":
		return bench(ctx, args[1:], stdout, stderr, getenv)
	case "migrate-db":
		return migrateDB(ctx, args[1:], stdout, stderr, getenv)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
