package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unsafeHTML returns why rendered HTML is unsafe to show, or "": a script element, an event
// handler attribute, or a link or source with a script (or data) URL.
func unsafeHTML(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "<script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "form", "svg", "math":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					return "attribute " + key
				}
				if key == "style" || key == "srcdoc" || key == "formaction" {
					return "attribute " + key
				}
				// Browsers ignore whitespace and control characters inside a URL scheme.
				val := strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, strings.ToLower(a.Val))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(val, scheme) {
						return key + "=" + scheme
					}
				}
			}
		}
	}
}

// FuzzMarkdown renders markdown through both renderers (culture and training). Whatever the
// source: no panic, and the HTML has no script, event handler or script URL.
func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{
		"**Bold** and _em_ and `code`\n\n- a\n- b\n\n> quote\n\n1. one\n2. two",
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"<img src=x onerror=alert(1)>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](java\tscript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"![x](javascript:alert(1))",
		"![x](data:image/png;base64,iVBORw0KGgo=)",
		"<a href=\"&#x6A;avascript:alert(1)\">x</a>",
		"[x](\\javascript:alert(1))",
		"<img src=\"x\" alt=\"\" onload=alert(1) />",
		"<https://example.com> and <javascript:alert(1)>",
		"[ref]\n\n[ref]: javascript:alert(1)",
		"<div onclick=\"alert(1)\">x</div>",
		"<svg><script>alert(1)</script></svg>",
		"<iframe src=https://evil.example></iframe>",
		"`<script>` in code\n\n```html\n<script>alert(1)</script>\n```",
		"<style>body{display:none}</style>",
		"<a href=\"https://example.com\" onmouseover=\"alert(1)\">x</a>",
		"line\u202Eoverride and zero\u200Bwidth",
		"\x00\xff\xfe",
		"# Heading {onclick=alert(1)}",
		"| a | b |\n|---|---|\n| <script> | x |",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if why := unsafeHTML(RenderMarkdown(md)); why != "" {
			t.Fatalf("culture markdown %q rendered %s: %s", md, why, RenderMarkdown(md))
		}
		var b bytes.Buffer
		if err := TrainingMarkdown(md).Render(context.Background(), &b); err != nil {
			return // an error renders nothing
		}
		if why := unsafeHTML(b.String()); why != "" {
			t.Fatalf("training markdown %q rendered %s: %s", md, why, b.String())
		}
	})
}

// The checker itself catches what it must, so a passing fuzz run means something.
func TestUnsafeHTMLDetects(t *testing.T) {
	for _, bad := range []string{"<script>x</script>", `<a href=" JAVA&#10;script:x">`, `<img src=x onerror=y>`,
		`<a href="data:text/html,x">`, `<iframe></iframe>`} {
		if unsafeHTML(bad) == "" {
			t.Errorf("missed %q", bad)
		}
	}
	if why := unsafeHTML(`<p>onclick=x and javascript: as text</p><a href="https://x.example">x</a>`); why != "" {
		t.Errorf("flagged safe HTML: %s", why)
	}
}
