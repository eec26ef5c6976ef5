package views

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"lodestar/store"
)

// Text writes a string escaped, as { s } does in a template, but without the fmt.Sprint templ
// runs on every string it writes (a tenth of the board's CPU once its reads were kept). Used
// as @Text(s) in the components a page repeats many times: a recognition card.
type Text string

// Render writes the text, escaped.
func (t Text) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, templ.EscapeString(string(t)))
	return err
}

// BadgeChip shows a badge with its icon and colour; the name says it (colour never alone).
// Written in Go like Pill: templ runs a computed class through its CSS class processing, and a
// board page shows a chip on most of its twenty cards.
func BadgeChip(b store.BadgeRef) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<span class="badge-chip badge-`+templ.EscapeString(b.Colour)+
			`" data-testid="badge-chip"><span class="badge-icon"><img src="`+templ.EscapeString(badgeIconPath(b.Icon))+
			`" alt="" width="20" height="20"></span> `+templ.EscapeString(b.Name(L(ctx).Lang))+`</span>`)
		return err
	})
}
