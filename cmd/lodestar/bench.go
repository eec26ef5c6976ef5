package main

import (
	"context"
	"fmt"
	"io"
)

func bench(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	return fmt.Errorf("not yet")
}
