package views

import (
	"testing"

	"lodestar/store"
)

// Keys built at run time in the recognition area: every source, channel, award rule,
// colour and icon has a message in both languages.
func TestRecognitionComputedKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, s := range store.Sources {
		keys = append(keys, recognitionSourceKey(s))
	}
	for _, c := range store.PraiseChannels {
		keys = append(keys, recognitionChannelKey(c))
	}
	for _, a := range store.AwardedBy {
		keys = append(keys, recognitionAwardedByKey(a))
	}
	for _, c := range store.BadgeColours {
		keys = append(keys, recognitionColourKey(c))
	}
	for _, i := range store.BadgeIcons {
		keys = append(keys, recognitionIconKey(i))
		if badgeIconPath(i) == badgeIconPath("star") && i != "star" {
			t.Errorf("icon %s has no SVG under static/icons/badges", i)
		}
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q has no translation", k)
		}
	}
}
