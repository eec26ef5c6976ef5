package main

import (
	"context"
	"testing"

	"lodestar/store"
	"lodestar/views"
)

// auditTexts is the newest n events as the English audit log reads them.
func auditTexts(t *testing.T, st *store.Store, n int) []string {
	t.Helper()
	events, names, err := st.ListEvents(context.Background(), 0, n)
	if err != nil {
		t.Fatal(err)
	}
	ctx := views.WithLocale(context.Background(), views.Locale{Lang: "en"})
	var out []string
	for _, e := range events {
		out = append(out, views.EventText(ctx, e, names))
	}
	return out
}
