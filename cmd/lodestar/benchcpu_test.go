package main

import (
	"os"
	"slices"
	"testing"
)

// bench's cpu/req reads the server's CPU time from /proc: it grows as the process works.
func TestBenchCPUReadsTheProcessCPUTime(t *testing.T) {
	if benchCPU(0) != 0 || benchCPU(-1) != 0 {
		t.Error("no process id should read as no CPU time")
	}
	before := benchCPU(os.Getpid())
	if before <= 0 {
		t.Skip("no /proc on this system")
	}
	x := 0
	for i := 0; benchCPU(os.Getpid()) <= before; i++ {
		for j := range 1_000_000 {
			x += j ^ i
		}
		if i > 100_000 {
			t.Fatalf("CPU time never grew from %v (%d)", before, x)
		}
	}
}

// --pid takes one or several servers; anything else is refused rather than measured wrongly.
func TestBenchPIDs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		err  bool
	}{
		{"", nil, false},
		{"42", []int{42}, false},
		{"42,43", []int{42, 43}, false},
		{" 42 , 43 ", []int{42, 43}, false},
		{"42,x", nil, true},
		{"-1", nil, true},
	} {
		got, err := benchPIDs(c.in)
		if (err != nil) != c.err || !slices.Equal(got, c.want) {
			t.Errorf("benchPIDs(%q) = %v, %v; want %v, error %v", c.in, got, err, c.want, c.err)
		}
	}
}

// Behind a load balancer cpu/req is the sum over the app servers: the same process twice
// counts twice, and a process that cannot be read voids the figure.
func TestBenchCPUSumsTheServers(t *testing.T) {
	one := benchCPUOf([]int{os.Getpid()})
	if one <= 0 {
		t.Skip("no /proc on this system")
	}
	two := benchCPUOf([]int{os.Getpid(), os.Getpid()})
	if two < 2*one {
		t.Errorf("two servers %v, one %v: not summed", two, one)
	}
	if got := benchCPUOf([]int{os.Getpid(), 1 << 30}); got != 0 {
		t.Errorf("with an unreadable server: %v, want 0", got)
	}
}

// db/req counts only the backends serving the benchmarked database, by their process title.
func TestPgBackendOf(t *testing.T) {
	for _, c := range []struct {
		title string
		want  bool
	}{
		{"postgres: 15/main: lodestar pgbench_10k 127.0.0.1(55660) idle", true},
		{"postgres: 15/main: lodestar pgbench_10k 127.0.0.1(55660) SELECT\x00\x00", true},
		{"postgres: lodestar pgbench_10k [local] idle in transaction", true},
		{"postgres: lodestar pgbench_10k ::1(40000) idle", true},
		{"postgres: 15/main: lodestar pgbench_100k 127.0.0.1(55660) idle", false},
		{"postgres: 15/main: lodestar other 127.0.0.1(55660) idle", false},
		{"postgres: 15/main: autovacuum worker pgbench_10k", false},
		{"postgres: 15/main: walwriter ", false},
		{"/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main", false},
		{"lodestar serve --db postgres://x/pgbench_10k", false},
	} {
		if got := pgBackendOf(c.title, "pgbench_10k"); got != c.want {
			t.Errorf("pgBackendOf(%q) = %v, want %v", c.title, got, c.want)
		}
	}
}

// The backends' CPU over a run: what each spent since the first reading; one that appeared
// meanwhile counts whole.
func TestBackendCPUSince(t *testing.T) {
	before := backendCPU{1: 100, 2: 50, 3: 10}
	after := backendCPU{1: 130, 2: 50, 4: 7}
	if got := after.since(before); got != 37 {
		t.Errorf("since = %v, want 37", got)
	}
	if got := backendCPU(nil).since(nil); got != 0 {
		t.Errorf("nothing read: %v", got)
	}
}
