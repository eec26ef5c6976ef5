// Command hantdraft drafts Traditional Chinese for every message that lacks it: it appends
// one line per missing key, converted from the Simplified text, to views/messages_hant.go.
// Run it from the repository root, then review the new lines (docs/languages.md).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"strconv"

	"lodestar/views"
)

func main() {
	path := flag.String("file", "views/messages_hant.go", "the Traditional catalogue to append to")
	flag.Parse()
	if err := run(*path, views.HantDrafts(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hantdraft:", err)
		os.Exit(1)
	}
}

func run(path string, drafts []views.HantDraft, out io.Writer) error {
	if len(drafts) == 0 {
		fmt.Fprintln(out, "every message has Traditional Chinese text")
		return nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	// The map literal is the last thing in the file: new lines go before its closing brace.
	end := bytes.LastIndex(src, []byte("\n}"))
	if end < 0 {
		return fmt.Errorf("%s: no closing brace of the map literal", path)
	}
	var lines bytes.Buffer
	for _, d := range drafts {
		fmt.Fprintf(&lines, "\n\t%s: %s, // draft: review", strconv.Quote(d.Key), strconv.Quote(d.Draft))
		fmt.Fprintln(out, d.Key)
	}
	text := append(append(append([]byte{}, src[:end]...), lines.Bytes()...), src[end:]...)
	if text, err = format.Source(text); err != nil {
		return err
	}
	if err := os.WriteFile(path, text, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d drafts appended to %s: review each line marked \"draft: review\"\n", len(drafts), path)
	return nil
}
