package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lodestar/store"
)

// benchPage is one page the load generator drives: who asks, and how to build a request.
type benchPage struct {
	name, as string
	path     string
	// post, when set, builds a form for a write; the page then expects 303.
	post func(rng *rand.Rand) url.Values
	// api, when set, builds a JSON body for a write through the API (token auth); expects 201.
	api func(rng *rand.Rand) string
}

// benchResult is what one page's run measured.
type benchResult struct {
	name            string
	n, errs, refuse int
	bytes           int64
	took            time.Duration
	lat             []time.Duration
	rssKB           int64
	cpu             time.Duration // the servers' CPU time (user + system) during the run
	dbCPU           time.Duration // the PostgreSQL backends' CPU time during the run (--pg-db)
}

func (r benchResult) rate() float64 { return float64(r.n) / r.took.Seconds() }

func (r benchResult) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p))]
}

// bench drives load over loopback at a running Lodestar (a generated database, the demo
// accounts), page after page, and the same load at a bare net/http hello handler it starts
// itself, so every page is also given as a ratio to hello measured in the same run.
func bench(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: lodestar bench --url http://127.0.0.1:8080 [--pid PID[,PID…]] [--pg-db NAME] [-c 64] [--writers 32] [-d 10s] [--pages home,board]\n\n"+
			"Signs in as the demo accounts (admin, leader, manager, agent) and drives each page with\n"+
			"C connections for D (the award pages with W writers), then a bare hello handler the same way; prints req/s, latency\n"+
			"percentiles, errors, response size, the server's peak RSS (--pid) and each page's ratio to hello.\n"+
			"Behind a load balancer give every app server's PID: CPU per request is their sum.")
		fs.PrintDefaults()
	}
	base := fs.String("url", "", "the running server")
	pidList := fs.String("pid", "", "the server's process id, to read its peak RSS (VmHWM) and CPU time from /proc; several app servers: PID,PID (CPU summed, RSS of the largest)")
	pgDB := fs.String("pg-db", "", "the PostgreSQL database the servers use (its name): adds db/req, the CPU its backend processes on this machine spent per request")
	conns := fs.Int("c", 64, "concurrent connections")
	writers := fs.Int("writers", 32, "concurrent writers on the award pages (the target is ≥ 1,000 awards a second with 32)")
	dur := fs.Duration("d", 10*time.Second, "how long to drive each page")
	timeout := fs.Duration("timeout", 30*time.Second, "give up on one request after this long")
	only := fs.String("pages", "", "comma-separated page names to run (default: all)")
	checkID := fs.Int("check", 3, "the open strategy check whose 80% report to load (the generator's is 3)")
	password := fs.String("password", store.DemoPassword, "the demo accounts' password")
	people := fs.Int("people", 100000, "the generated organisation's size (awards go to its G-numbered people)")
	db := fs.String("db", "", "the server's database file: after each award run, count the awards stored and fail if fewer than were acknowledged")
	token := fs.String("token", "", "an API token (lodestar token create): adds award-api, peer awards between random generated people through POST /api/v1/recognitions")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *base == "" || fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("bench needs --url")
	}
	if *conns < 1 || *writers < 1 {
		return fmt.Errorf("bench: -c and --writers must be at least 1")
	}
	pids, err := benchPIDs(*pidList)
	if err != nil {
		return err
	}
	*base = strings.TrimRight(*base, "/")
	most := max(*conns, *writers)
	transport := &http.Transport{MaxIdleConns: most * 2, MaxIdleConnsPerHost: most * 2, MaxConnsPerHost: most}
	deep := time.Now().AddDate(0, 0, -400).UTC().Format(time.RFC3339) + "~" + strconv.FormatInt(1<<62, 10)
	report := fmt.Sprintf("/checks/%d/report", *checkID)
	// Every award of this run carries the run's mark in its message, so the database can
	// be asked afterwards how many of them it holds.
	started := time.Now()
	mark := fmt.Sprintf("bench-%d", started.UnixNano())
	pages := []benchPage{
		// The header alone (a page with nothing else: the password form), as an agent and as a
		// manager (whose header also counts their team's waiting work): what every other page
		// costs before its own content, the floor its ratio to hello cannot pass.
		{name: "header", as: "agent", path: "/account/password"},
		{name: "header-manager", as: "manager", path: "/account/password"},
		{name: "home", as: "agent", path: "/"},
		{name: "board", as: "agent", path: "/recognition"},
		{name: "board-deep", as: "agent", path: "/recognition?after=" + url.QueryEscape(deep)},
		{name: "profile", as: "agent", path: "/me"},
		{name: "directory", as: "manager", path: "/people"},
		{name: "search", as: "manager", path: "/people?q=" + url.QueryEscape("王")},
		{name: "goal-tree", as: "agent", path: "/goals/tree"},
		{name: "my-training", as: "agent", path: "/training"},
		{name: "team-matrix", as: "manager", path: "/training/team"},
		{name: "report-manager", as: "manager", path: report},
		{name: "culture", as: "agent", path: "/culture"},
		{name: "award", as: "leader", path: "/recognition/give"},
		// A page of a whole report list, from the middle of the organisation's name order.
		{name: "report-list", as: "leader", path: report + "/people?result=no_response&after_name=" + url.QueryEscape("林") + "&after=0"},
		// Last: requests that time out keep the server busy after the client gives up,
		// which would weigh on the pages measured after them.
		{name: "report-leader", as: "leader", path: report},
	}
	if *token != "" {
		pages = append(pages[:len(pages)-1], benchPage{name: "award-api", as: "api", path: "/api/v1/recognitions",
			api: benchAPIAward(*people, mark+"-api")}, pages[len(pages)-1])
	}
	if *only != "" {
		want := strings.Split(*only, ",")
		pages = slices.DeleteFunc(pages, func(p benchPage) bool { return !slices.Contains(want, p.name) })
	}
	clients := map[string]*http.Client{}
	for _, p := range pages {
		if clients[p.as] != nil {
			continue
		}
		if p.as == "api" {
			clients[p.as] = &http.Client{Transport: benchBearer{transport, *token}, Timeout: *timeout}
			continue
		}
		c, err := benchSignIn(ctx, transport, *base, p.as, *password, *timeout)
		if err != nil {
			return err
		}
		clients[p.as] = c
	}
	for i, p := range pages {
		if p.name != "award" {
			continue
		}
		form, err := benchAwardForm(ctx, clients[p.as], *base, *people, mark+"-form")
		if err != nil {
			return err
		}
		pages[i].post = form
	}

	hello := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "Hello, world!\n")
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go hello.Serve(ln)
	defer hello.Close()
	helloURL := "http://" + ln.Addr().String()

	fmt.Fprintf(stdout, "lodestar bench: %s, %d connections (awards: %d writers), %s per page\n\n", *base, *conns, *writers, *dur)
	fmt.Fprintf(stdout, "%-15s %9s %9s %9s %9s %7s %7s %9s %9s %8s %8s %8s\n", "page", "req/s", "p50", "p95", "p99", "errors", "refused", "bytes", "peakRSS", "vs hello", "cpu/req", "db/req")
	line := func(r benchResult, helloRate float64) {
		ratio := "-"
		if helloRate > 0 {
			ratio = fmt.Sprintf("%.2f%%", 100*r.rate()/helloRate)
		}
		rss := "-"
		if r.rssKB > 0 {
			rss = fmt.Sprintf("%dMB", r.rssKB/1024)
		}
		size := int64(0)
		if r.n > 0 {
			size = r.bytes / int64(r.n)
		}
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
		perReq := func(d time.Duration) string {
			if d <= 0 || r.n == 0 {
				return "-"
			}
			return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000/float64(r.n))
		}
		fmt.Fprintf(stdout, "%-15s %9.1f %9s %9s %9s %7d %7d %9d %9s %8s %8s %8s\n", r.name, r.rate(), ms(r.pct(0.5)), ms(r.pct(0.95)), ms(r.pct(0.99)),
			r.errs, r.refuse, size, rss, ratio, perReq(r.cpu), perReq(r.dbCPU))
	}
	helloClient := &http.Client{Transport: transport, Timeout: *timeout}
	h := benchRun(ctx, "hello", helloClient, helloURL, benchPage{path: "/"}, *conns, *dur, nil, "")
	line(h, 0)
	var lost []string
	for _, p := range pages {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		n := *conns
		if p.post != nil || p.api != nil {
			n = *writers
		}
		r := benchRun(ctx, p.name, clients[p.as], *base, p, n, *dur, pids, *pgDB)
		line(r, h.rate())
		if *db != "" && (p.post != nil || p.api != nil) {
			suffix := "-form"
			if p.api != nil {
				suffix = "-api"
			}
			stored, err := benchStored(ctx, *db, started, mark+suffix)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%-15s %d acknowledged, %d stored\n", "", r.n, stored)
			if stored < r.n {
				lost = append(lost, fmt.Sprintf("%s: %d of %d acknowledged awards are not in the database", p.name, r.n-stored, r.n))
			}
		}
	}
	// Hello again at the end: a much different figure means the machine was busy meanwhile.
	line(benchRun(ctx, "hello (again)", helloClient, helloURL, benchPage{path: "/"}, *conns, *dur, nil, ""), h.rate())
	if len(lost) > 0 {
		return fmt.Errorf("bench: %s", strings.Join(lost, "; "))
	}
	return nil
}

// benchStored counts the awards carrying mark in the server's database. More stored than
// acknowledged is possible (a request that timed out after its commit); fewer is a lost write.
func benchStored(ctx context.Context, path string, since time.Time, mark string) (int, error) {
	st, err := store.Open(path)
	if err != nil {
		return 0, fmt.Errorf("bench: --db: %w", err)
	}
	defer st.Close()
	return st.CountRecognitionsMentioning(ctx, since.Add(-time.Minute), mark)
}

// benchRun drives one page with conns workers for d and gathers what they saw. Requests still
// running at the end are waited for and counted; the rate is over the time they all took.
// pids are the app servers (CPU summed); pgDB, when set, names the database whose backend
// processes' CPU is counted too.
func benchRun(ctx context.Context, name string, c *http.Client, base string, p benchPage, conns int, d time.Duration, pids []int, pgDB string) benchResult {
	var mu sync.Mutex
	res := benchResult{name: name}
	var stop atomic.Bool
	var wg sync.WaitGroup
	start := time.Now()
	cpuBefore := benchCPUOf(pids)
	dbBefore := benchBackendsCPU(pgDB)
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			var lat []time.Duration
			var n, errs, refuse int
			var bytes int64
			for !stop.Load() && ctx.Err() == nil {
				t := time.Now()
				var req *http.Request
				want := http.StatusOK
				if p.api != nil {
					req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+p.path, strings.NewReader(p.api(rng)))
					req.Header.Set("Content-Type", "application/json")
					want = http.StatusCreated
				} else if p.post != nil {
					form := p.post(rng)
					req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+p.path, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Origin", base)
					req.Header.Set("Sec-Fetch-Site", "same-origin")
					want = http.StatusSeeOther
				} else {
					req, _ = http.NewRequestWithContext(ctx, http.MethodGet, base+p.path, nil)
				}
				resp, err := c.Do(req)
				if err != nil {
					errs++
					continue
				}
				k, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch {
				case p.post != nil && resp.StatusCode == want && !strings.HasPrefix(resp.Header.Get("Location"), "/recognition/"):
					errs++ // a redirect elsewhere (the sign-in page) is not "saved"
				case resp.StatusCode == want:
					n++
					bytes += k
					lat = append(lat, time.Since(t))
				case resp.StatusCode == http.StatusUnprocessableEntity:
					refuse++ // a business rule said no (e.g. the recipient has left): not a failure
				default:
					errs++
				}
			}
			mu.Lock()
			res.n += n
			res.errs += errs
			res.refuse += refuse
			res.bytes += bytes
			res.lat = append(res.lat, lat...)
			mu.Unlock()
		}()
	}
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
	stop.Store(true)
	wg.Wait()
	res.took = time.Since(start)
	slices.Sort(res.lat)
	for _, pid := range pids {
		res.rssKB = max(res.rssKB, benchPeakRSS(pid))
	}
	if after := benchCPUOf(pids); after > 0 && cpuBefore > 0 {
		res.cpu = after - cpuBefore
	}
	if pgDB != "" {
		res.dbCPU = benchBackendsCPU(pgDB).since(dbBefore)
	}
	return res
}

// benchPIDs parses --pid: none, one, or several comma-separated process ids.
func benchPIDs(s string) ([]int, error) {
	var pids []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		pid, err := strconv.Atoi(f)
		if err != nil || pid <= 0 {
			return nil, fmt.Errorf("bench: --pid %q: want process ids separated by commas", s)
		}
		pids = append(pids, pid)
	}
	return pids, nil
}

// benchCPUOf sums the CPU time of several processes; 0 when any is unreadable, so a
// server that died does not make the others' figure look like the whole.
func benchCPUOf(pids []int) time.Duration {
	var sum time.Duration
	for _, pid := range pids {
		c := benchCPU(pid)
		if c <= 0 {
			return 0
		}
		sum += c
	}
	return sum
}

// backendCPU is the CPU time of each PostgreSQL backend process serving one database.
type backendCPU map[int]time.Duration

// since is the CPU the backends spent after before was taken: a backend that started in
// between counts whole (the pool opened it during the run); one that ended is lost, so
// the figure is a floor.
func (b backendCPU) since(before backendCPU) time.Duration {
	var d time.Duration
	for pid, c := range b {
		d += c - before[pid]
	}
	return d
}

// benchBackendsCPU reads the CPU time of the PostgreSQL backends on this machine that serve
// database db, found by their process title ("postgres: [cluster: ]USER DB HOST(PORT) STATE").
// With SQLite the database's work is part of the server's CPU; with PostgreSQL it happens in
// these processes, so cpu/req alone would flatter PostgreSQL. Background processes (WAL
// writer, checkpointer) are shared by every database and left out.
func benchBackendsCPU(db string) backendCPU {
	if db == "" {
		return nil
	}
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	out := backendCPU{}
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		title, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !pgBackendOf(string(title), db) {
			continue
		}
		if c := benchCPU(pid); c > 0 {
			out[pid] = c
		}
	}
	return out
}

// pgBackendOf tells whether a process title is a PostgreSQL backend serving database db.
func pgBackendOf(title, db string) bool {
	title = strings.TrimRight(title, "\x00 ")
	rest, ok := strings.CutPrefix(title, "postgres: ")
	if !ok {
		return false
	}
	f := strings.Fields(rest)
	if len(f) > 0 && strings.HasSuffix(f[0], ":") { // the cluster name, when set
		f = f[1:]
	}
	// USER DB HOST(PORT) STATE… or USER DB [local] STATE…; a background worker ("walwriter",
	// "autovacuum worker DB") has no client field.
	return len(f) >= 3 && f[1] == db && (strings.HasSuffix(f[2], ")") || f[2] == "[local]")
}

// benchCPU reads the process's CPU time so far (user + system, /proc/PID/stat fields 14 and
// 15, in clock ticks of 10 ms); 0 when unreadable. Divided by the requests served it is the CPU
// one page costs, which the other processes on a shared machine disturb far less than req/s.
func benchCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; the fields after it are plain.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// benchPeakRSS reads the process's peak resident set (VmHWM) in kB; 0 when unreadable.
func benchPeakRSS(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// benchSignIn signs in as a demo account and returns a client carrying its session.
func benchSignIn(ctx context.Context, t http.RoundTripper, base, login, password string, timeout time.Duration) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: t, Jar: jar, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"login": {login}, "password": {password}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", login, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: status %d (is this a generated or demo database?)", login, resp.StatusCode)
	}
	return c, nil
}

// The give page offers badges as radio choices (with their icons).
var benchBadgeChoice = regexp.MustCompile(`name="badge" value="(\d+)"`)

// benchAwardForm reads the give page for a badge and returns a form builder: the leader
// commends a random generated person (everyone reports to the leader), each with a fresh token.
func benchAwardForm(ctx context.Context, c *http.Client, base string, people int, mark string) (func(*rand.Rand) url.Values, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/recognition/give", nil)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := benchBadgeChoice.FindStringSubmatch(string(body))
	if m == nil {
		return nil, errors.New("bench: no badge to award on /recognition/give")
	}
	badge := m[1]
	var seq atomic.Int64
	stamp := time.Now().UnixNano()
	return func(rng *rand.Rand) url.Values {
		return url.Values{"source": {"manager"}, "badge": {badge}, "to": {fmt.Sprintf("G%06d", 1+rng.IntN(max(1, people*9/10)))},
			"message": {"Thank you for staying with the customer until it was solved. " + mark},
			"token":   {fmt.Sprintf("bench-%d-%d", stamp, seq.Add(1))}}
	}, nil
}

// benchBearer adds the API token to every request.
type benchBearer struct {
	next  http.RoundTripper
	token string
}

func (b benchBearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

// benchAPIAward builds peer awards between two random generated people (badge-less, with
// the first value), as a chat integration would send them. A giver or recipient who has left,
// or a giver whose monthly allowance is spent, is a 422: refused, not an error.
func benchAPIAward(people int, mark string) func(*rand.Rand) string {
	n := max(2, people*9/10)
	return func(rng *rand.Rand) string {
		from := 1 + rng.IntN(n)
		to := 1 + rng.IntN(n)
		if to == from {
			to = 1 + (from % n)
		}
		return fmt.Sprintf(`{"from":"G%06d","to":["G%06d"],"value":1,"message":"Thank you for staying with the customer until it was solved. %s"}`, from, to, mark)
	}
}
