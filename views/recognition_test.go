package views

import (
	"os"
	"regexp"
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

// Every notification kind the recognition store sends has a notify.<kind> message.
func TestRecognitionNotificationKindsAreTranslated(t *testing.T) {
	kind := regexp.MustCompile(`s\.notify\(ctx, tx, [^,]+, "([a-z_]+)"`)
	found := 0
	for _, f := range []string{"../store/recognition.go", "../store/badges.go", "../store/demo_recognition.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range kind.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := catalogue["notify."+m[1]]; !ok {
				t.Errorf("%s sends notification %q, which has no notify.%s message", f, m[1], m[1])
			}
		}
	}
	if found < 6 {
		t.Fatalf("found only %d notifications", found)
	}
}
