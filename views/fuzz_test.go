package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Fuzz the two markdown renderers (culture and lessons). `go test` runs the seeds; explore with
// go test ./views -run '^$' -fuzz FuzzMarkdown -fuzztime 30s

// markdownUnsafe names what sanitised HTML must never hold, read the way a browser reads
// it: an active element, an event-handler attribute, or a script URL.
func markdownUnsafe(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return "unparsable HTML: " + err.Error()
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "iframe", "object", "embed", "style", "form", "svg", "math", "base", "meta", "link":
			return "<" + n.Data + ">"
		}
		for _, a := range n.Attr {
			v := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, a.Val))
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" {
				return a.Key + " on <" + n.Data + ">"
			}
			if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:") {
				return a.Key + "=" + a.Val + " on <" + n.Data + ">"
			}
		}
	}
	return ""
}

func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{
		"**bold** and [a link](https://example.com)",
		"<script>alert(1)</script>",
		`<img src=x onerror=alert(1)>`,
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java&#x09;script:alert(1))",
		"![i](javascript:alert(1))\n\n[ref]: javascript:alert(1)\n\n[r][ref]",
		"<a href=\"javascript:alert(1)\">x</a><iframe src=x></iframe><svg onload=alert(1)>",
		"```\n<script>\n```\n\n`<b onclick=x>`",
		"<details open ontoggle=alert(1)>",
		"> quote\n- list\n1. item\n\n| a | b |\n|---|---|\n| <i>c</i> | d |",
		"\x00\xff<",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for name, out := range map[string]string{"culture": RenderMarkdown(src), "lesson": renderLesson(t, src)} {
			if bad := markdownUnsafe(out); bad != "" {
				t.Fatalf("%s markdown %q renders %q, which holds %s", name, src, out, bad)
			}
		}
	})
}

func renderLesson(t *testing.T, src string) string {
	var buf bytes.Buffer
	if err := TrainingMarkdown(src).Render(context.Background(), &buf); err != nil {
		t.Fatalf("lesson markdown %q: %v", src, err)
	}
	return strings.TrimSpace(buf.String())
}
