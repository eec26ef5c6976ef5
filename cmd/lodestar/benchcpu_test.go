package main

import (
	"os"
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
