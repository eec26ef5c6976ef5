package views

import (
	"context"
	"strings"
	"testing"
)

// Pill is written by hand: its word and tone are escaped as templ escapes text and
// attributes, so neither can open a tag or leave the class attribute.
func TestPillEscapesItsWordAndTone(t *testing.T) {
	var b strings.Builder
	if err := Pill(`ok" onclick="x`, `<b>Tom & "Jerry"</b>`).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	want := `<span class="pill pill-ok&#34; onclick=&#34;x">&lt;b&gt;Tom &amp; &#34;Jerry&#34;&lt;/b&gt;</span>`
	if b.String() != want {
		t.Errorf("Pill rendered\n%s\nwant\n%s", b.String(), want)
	}
}
