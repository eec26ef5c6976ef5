package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"strconv"
	"time"

	"golang.org/x/net/netutil"

	"lodestar/handlers"
	"lodestar/store"
)

// config is what serve needs, from flags with LODESTAR_* fallbacks.
type config struct {
	Addr          string
	DB            string
	Demo          bool
	SecureCookies bool
	TrustProxy    bool
	BaseURL       string
	// Slow or idle clients are cut off by these, and MaxConns caps open connections, so
	// nobody can hold every file handle (the rest queue until a connection frees up).
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	MaxConns     int
	// MaxConnsPerClient caps one address's open connections (0: no cap).
	MaxConnsPerClient int
	// MaxInFlight is how many requests work at once, the rest queued in order (0: four
	// per core, -1: no limit); see handlers/admit.go.
	MaxInFlight int
	// MemoryLimitMB is the Go heap's soft limit (0: none); GOMEMLIMIT, when set, wins.
	MemoryLimitMB int
	// GCPercent is the collector's growth target (Go's GOGC, which wins when set).
	GCPercent int
	// LeaseTTL is how long the background lease lasts unrenewed: with several app servers,
	// another takes over the background work within about this long after its holder dies.
	LeaseTTL time.Duration
	// PprofAddr, when set, serves net/http/pprof on its own listener (never on the site's).
	PprofAddr string
}

// readHeaderTimeout bounds the request line and headers, which need no more on any link.
const readHeaderTimeout = 10 * time.Second

// tuneGC sets the Go collector from the config unless the runtime's own GOGC / GOMEMLIMIT
// are set. The memory limit: without it the heap may grow to twice the live data after each
// burst (GOGC=100), and at 100,000 people peak RSS went past 400 MB under load. The growth
// target: the live heap between requests is ~20–30 MB, so at Go's default 100% the collector
// ran every ~25 MB of garbage, ~5% of the home page's CPU plus assists; at 400% it runs a
// quarter as often for ~25–50 MB more RSS, and near the memory limit the limit decides.
func tuneGC(cfg config, getenv func(string) string) {
	if cfg.MemoryLimitMB > 0 && getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(cfg.MemoryLimitMB) << 20)
	}
	if cfg.GCPercent > 0 && getenv("GOGC") == "" {
		debug.SetGCPercent(cfg.GCPercent)
	}
}

// intFlag adds a whole-number flag (at least min) whose default comes from the environment
// variable env.
func intFlag(fs *flag.FlagSet, getenv func(string) string, p *int, name, env string, fallback, min int, usage string) error {
	def := fallback
	if v := getenv(env); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < min {
			return fmt.Errorf("%s=%q is not a whole number of at least %d", env, v, min)
		}
		def = n
	}
	fs.IntVar(p, name, def, usage+" (env "+env+")")
	return nil
}

// durationFlag adds a duration flag whose default comes from the environment variable env.
func durationFlag(fs *flag.FlagSet, getenv func(string) string, p *time.Duration, name, env string, fallback time.Duration, usage string) error {
	def := fallback
	if v := getenv(env); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%s=%q is not a duration such as 30s or 2m", env, v)
		}
		def = d
	}
	fs.DurationVar(p, name, def, usage+" (env "+env+")")
	return nil
}

// boolFlag adds a switch whose default comes from the environment variable env (true,
// false, 1, 0…). A value it cannot read is an error: silently ignoring
// LODESTAR_SECURE_COOKIES=yes would leave cookies without Secure.
func boolFlag(fs *flag.FlagSet, getenv func(string) string, p *bool, name, env, usage string) error {
	def := false
	if v := getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s=%q is not true or false", env, v)
		}
		def = b
	}
	fs.BoolVar(p, name, def, usage+" (env "+env+"=true)")
	return nil
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

// dbFlag adds the --db flag every command shares.
func dbFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("db", envOr(getenv, "LODESTAR_DB", "./lodestar.db"), "SQLite database file, or a postgres:// URL (env LODESTAR_DB)")
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.StringVar(&cfg.Addr, "addr", envOr(getenv, "LODESTAR_ADDR", "127.0.0.1:8080"), "address to listen on (env LODESTAR_ADDR)")
	db := dbFlag(fs, getenv)
	fs.BoolVar(&cfg.Demo, "demo", false, "load the demo organisation into an empty database")
	if err := boolFlag(fs, getenv, &cfg.SecureCookies, "secure-cookies", "LODESTAR_SECURE_COOKIES",
		"mark cookies Secure (set when served over TLS)"); err != nil {
		return err
	}
	if err := boolFlag(fs, getenv, &cfg.TrustProxy, "trust-proxy", "LODESTAR_TRUST_PROXY",
		"behind a reverse proxy: take the client address from X-Forwarded-For, for sign-in throttling"); err != nil {
		return err
	}
	for _, d := range []struct {
		p        *time.Duration
		name     string
		env      string
		fallback time.Duration
		usage    string
	}{
		{&cfg.ReadTimeout, "read-timeout", "LODESTAR_READ_TIMEOUT", 60 * time.Second, "longest time to receive a request, body included (a 5 MB upload on a slow link)"},
		{&cfg.WriteTimeout, "write-timeout", "LODESTAR_WRITE_TIMEOUT", 120 * time.Second, "longest time to answer a request, from its headers to the last byte sent (large exports)"},
		{&cfg.IdleTimeout, "idle-timeout", "LODESTAR_IDLE_TIMEOUT", 60 * time.Second, "how long an idle keep-alive connection stays open"},
		{&cfg.LeaseTTL, "lease-ttl", "LODESTAR_LEASE_TTL", 30 * time.Second, "with several app servers on one database: how soon another server takes over the background work when the one running it dies"},
	} {
		if err := durationFlag(fs, getenv, d.p, d.name, d.env, d.fallback, d.usage); err != nil {
			return err
		}
	}
	if err := intFlag(fs, getenv, &cfg.MaxConns, "max-conns", "LODESTAR_MAX_CONNS", 512, 1,
		"most connections open at once; more wait to be accepted"); err != nil {
		return err
	}
	fs.StringVar(&cfg.BaseURL, "base-url", getenv("LODESTAR_BASE_URL"), "the site's public address for links in emails, e.g. https://lodestar.example.com (env LODESTAR_BASE_URL; else the admin Email page)")
	if err := intFlag(fs, getenv, &cfg.MaxConnsPerClient, "max-conns-per-client", "LODESTAR_MAX_CONNS_PER_CLIENT", 64, 0,
		"most connections open at once from one address, 0 for no cap; behind a reverse proxy raise it or use 0"); err != nil {
		return err
	}
	if err := intFlag(fs, getenv, &cfg.MaxInFlight, "max-in-flight", "LODESTAR_MAX_IN_FLIGHT", 0, -1,
		"most page and API reads (GET) worked on at once, the rest answered in arrival order; 0 for four per core, -1 for no limit"); err != nil {
		return err
	}
	if err := intFlag(fs, getenv, &cfg.MemoryLimitMB, "memory-limit-mb", "LODESTAR_MEMORY_LIMIT_MB", 160, 0,
		"soft limit of the Go heap in MB, 0 for none (GOMEMLIMIT, when set, wins): the collector works harder near it, so bursts do not double the memory"); err != nil {
		return err
	}
	if err := intFlag(fs, getenv, &cfg.GCPercent, "gc-percent", "LODESTAR_GC_PERCENT", 400, 10,
		"how far the Go heap grows past its live data before a collection, in percent (GOGC, when set, wins); the memory limit still caps it"); err != nil {
		return err
	}
	fs.StringVar(&cfg.PprofAddr, "pprof", getenv("LODESTAR_PPROF"), "serve Go's profiler (net/http/pprof) on this separate address, e.g. 127.0.0.1:6060; for measuring only, keep it off the network (env LODESTAR_PPROF)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tuneGC(cfg, getenv)
	if cfg.MaxConns < 1 {
		return fmt.Errorf("--max-conns must be at least 1")
	}
	if cfg.MaxConnsPerClient < 0 {
		return fmt.Errorf("--max-conns-per-client must be 0 (no cap) or more")
	}
	cfg.DB = *db

	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	// The key for secrets kept in the database comes only from the environment, never a
	// flag: command lines are visible to every user of the machine.
	st, err := store.Open(cfg.DB, store.WithSecretKey(getenv("LODESTAR_SECRET_KEY")))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := prepareDatabase(ctx, st, cfg.Demo, stdout); err != nil {
		return err
	}
	// The Open Badges signing key is made once, here, so that downloading a credential
	// never writes (an RSA key takes a fraction of a second to make).
	if err := st.EnsureIssuerKey(ctx); err != nil {
		return err
	}
	if err := st.EnsureUnsubscribeKey(ctx); err != nil {
		return err
	}

	h := handlers.New(handlers.Deps{Store: st, Logger: logger, SecureCookies: cfg.SecureCookies, TrustProxy: cfg.TrustProxy,
		BaseURL: cfg.BaseURL, SMTPEnv: smtpEnv(getenv), MaxInFlight: cfg.MaxInFlight})
	defer h.Close()
	// Background work runs on one app server at a time, the holder of the background lease
	// (leader.go), and stops before the database closes. The scheduler is the one producer
	// of time-driven changes (jobs.go); pages never write on GET. Its first run is in the
	// background: on a large database the catch-up takes seconds and must not hold the start
	// path. Email and team chat deliveries go out from their outboxes, never during a
	// request; the event dispatcher turns events into deliveries and notification emails.
	lead := &leader{st: st, holder: newHolderID(), ttl: cfg.LeaseTTL, log: logger}
	workerCtx, stopWorker := context.WithCancel(ctx)
	leaderDone := make(chan struct{})
	go func() {
		defer close(leaderDone)
		lead.run(workerCtx, func(ctx context.Context) {
			all(ctx,
				func(ctx context.Context) {
					runScheduler(ctx, st, lead.holder, logger, job{"sending weekly digests", h.SendWeeklyDigests})
				},
				func(ctx context.Context) { h.RunEmailWorker(ctx, 15*time.Second) },
				func(ctx context.Context) { h.RunChannelWorker(ctx, 5*time.Second) },
				func(ctx context.Context) { h.RunEventDispatcher(ctx, 5*time.Second) })
		})
	}()
	defer func() { stopWorker(); <-leaderDone }()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		stopPprof, err := servePprof(cfg.PprofAddr, logger)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopPprof()
	}
	// Over its own cap a client's connections are closed before they count towards the global one.
	ln = netutil.LimitListener(limitPerClient(ln, cfg.MaxConnsPerClient), cfg.MaxConns)
	srv := &http.Server{Handler: h.Routes(), ReadHeaderTimeout: min(readHeaderTimeout, cfg.ReadTimeout),
		ReadTimeout: cfg.ReadTimeout, WriteTimeout: cfg.WriteTimeout, IdleTimeout: cfg.IdleTimeout}
	fmt.Fprintf(stdout, "Lodestar is running at http://%s/  (database %s; Ctrl+C to stop)\n", ln.Addr(), store.Redact(cfg.DB))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// In-flight requests get up to 15 seconds to finish before the database closes.
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// servePprof serves the profiler's handlers on their own listener, so they are never
// reachable through the site's address (they reveal code paths and can burn CPU on demand).
func servePprof(addr string, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pprof listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("pprof", "err", err)
		}
	}()
	logger.Info("profiler listening", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}

// prepareDatabase loads the demo or creates the first administrator in an empty database.
func prepareDatabase(ctx context.Context, st *store.Store, demo bool, stdout io.Writer) error {
	n, err := st.CountPeople(ctx)
	if err != nil {
		return err
	}
	if demo {
		if n > 0 {
			if loaded, _ := st.DemoLoaded(ctx); loaded {
				fmt.Fprintln(stdout, "The demo organisation is already loaded.")
				printDemoAccounts(stdout)
				return nil
			}
			return fmt.Errorf("--demo needs an empty database, and %d people are already recorded: use another --db", n)
		}
		fmt.Fprintln(stdout, "Loading the demo organisation…")
		if err := st.LoadDemo(ctx); err != nil {
			return err
		}
		printDemoAccounts(stdout)
		return nil
	}
	if n == 0 {
		password, err := st.CreateFirstAdmin(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created the first administrator. Sign in with employee ID \"admin\" and this one-time password (shown only now; you choose your own at the first sign-in):\n  %s\n", password)
	}
	return nil
}

func printDemoAccounts(w io.Writer) {
	fmt.Fprintf(w, "Demo sign-ins (employee ID, password %q):\n", store.DemoPassword)
	for _, a := range store.DemoAccounts() {
		fmt.Fprintf(w, "  %-8s %s\n", a.EmployeeID, a.Description)
	}
}

// smtpEnv reads LODESTAR_SMTP_HOST, _PORT, _USERNAME, _PASSWORD, _FROM and _TLS; each set
// one wins over the admin Email page.
func smtpEnv(getenv func(string) string) map[string]string {
	env := map[string]string{}
	for _, k := range []string{"HOST", "PORT", "USERNAME", "PASSWORD", "FROM", "TLS"} {
		if v := getenv("LODESTAR_SMTP_" + k); v != "" {
			env[k] = v
		}
	}
	return env
}
