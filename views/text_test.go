package views

import (
	"context"
	"strings"
	"testing"

	"lodestar/store"
)

// Text and BadgeChip write what the templates wrote before them, escaped the same way.
func TestTextAndBadgeChipEscape(t *testing.T) {
	var b strings.Builder
	if err := Text(`<b>Tom & "Jerry"</b>`).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if want := `&lt;b&gt;Tom &amp; &#34;Jerry&#34;&lt;/b&gt;`; b.String() != want {
		t.Errorf("Text rendered\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	chip := store.BadgeRef{NameEN: `<i>Calm</i> & kind`, NameZH: "冷静", Icon: `x" onerror="y`, Colour: `teal" onclick="x`}
	if err := BadgeChip(chip).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="badge-chip badge-teal&#34; onclick=&#34;x"`, `icons/badges/star.svg"`, `</span> &lt;i&gt;Calm&lt;/i&gt; &amp; kind</span>`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("BadgeChip rendered\n%s\nwithout %s", b.String(), want)
		}
	}
	if strings.Contains(b.String(), `<i>`) || strings.Contains(b.String(), `" onclick`) {
		t.Errorf("BadgeChip wrote something unescaped: %s", b.String())
	}
}

// A recognition card's applaud button says whether the viewer applauded, in its class and to
// screen readers.
func TestRecognitionCardShowsTheViewersReaction(t *testing.T) {
	for _, reacted := range []bool{true, false} {
		var b strings.Builder
		card := store.Recognition{ID: 7, Source: store.SourcePeer, Message: "Thank you", Reactions: 2, Reacted: reacted}
		if err := recognitionCard(card, "/recognition").Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		want := map[bool]string{true: `class="secondary react reacted" aria-pressed="true"`, false: `class="secondary react" aria-pressed="false"`}[reacted]
		if !strings.Contains(b.String(), want) || !strings.Contains(b.String(), `data-testid="reaction-count">2</span>`) {
			t.Errorf("reacted %v: the card\n%s\nhas no %s and count 2", reacted, b.String(), want)
		}
	}
}
