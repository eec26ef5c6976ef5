package views

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// Pill is a status word on a coloured background (colour never alone: the word says it),
// <span class="pill pill-TONE">TEXT</span>. Written in Go rather than templ: templ runs a
// computed class through its CSS class processing (two maps an element), which was 5% of
// the CPU of a report list of 100 people, each with a pill.
func Pill(tone, text string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<span class="pill pill-`+templ.EscapeString(tone)+`">`+templ.EscapeString(text)+`</span>`)
		return err
	})
}
