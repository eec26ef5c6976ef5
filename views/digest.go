package views

import (
	"strconv"
	"strings"

	"lodestar/store"
)

// DigestLine is one line of a weekly digest and where to act on it ("" for none); Link is a
// path, the caller prefixes the public address.
type DigestLine struct {
	Text string
	Link string
}

// DigestLines writes digest d in l's language: the week's recognitions, the recognition
// deserts (named), overdue training, and each open check's response and people needed.
// The email and the chat message both use these lines, so they say the same, except that
// only the manager's own email names the people without recognition (withNames): a team
// chat shows their number, not who they are, to everyone in it.
func DigestLines(l Locale, d store.Digest, withNames bool) []DigestLine {
	var out []DigestLine
	if d.Recognitions > 0 {
		out = append(out, DigestLine{l.T("digest.recognitions", l.Num(d.Recognitions), l.Num(d.Recognised)), "/recognition"})
	} else {
		out = append(out, DigestLine{l.T("digest.recognitions_none"), "/recognition"})
	}
	if d.DesertCount > 0 && !withNames {
		out = append(out, DigestLine{l.T("digest.deserts_count", l.Num(d.DesertCount)), ""})
	} else if d.DesertCount > 0 {
		names := strings.Join(d.Deserts, l.T("recognition.list_sep"))
		if more := d.DesertCount - len(d.Deserts); more > 0 {
			names += l.T("recognition.list_sep") + l.T("digest.deserts_more", l.Num(more))
		}
		out = append(out, DigestLine{l.T("digest.deserts", l.Num(d.DesertCount), names), "/recognition/fairness"})
	} else {
		out = append(out, DigestLine{l.T("digest.deserts_none"), ""})
	}
	if d.Overdue > 0 {
		out = append(out, DigestLine{l.T("digest.overdue", l.Num(d.Overdue), l.Num(d.OverduePeople)), "/training/team?status=" + store.StatusOverdue})
	} else {
		out = append(out, DigestLine{l.T("digest.overdue_none"), ""})
	}
	if len(d.Checks) == 0 {
		out = append(out, DigestLine{l.T("digest.no_check"), ""})
	}
	for _, c := range d.Checks {
		n := c.Counts
		args := []any{c.Check.TitleIn(l.Lang), l.Percent(n.ResponseRate()), l.Num(n.Responded), l.Num(n.Eligible), l.Percent(n.Rate())}
		key := "digest.check_reached"
		if c.Needed > 0 {
			key, args = "digest.check_needed", append(args, l.Num(c.Needed))
		}
		text := l.T(key, append(args, l.Percent(float64(c.Check.TargetPct)/100))...)
		out = append(out, DigestLine{text, "/checks/" + strconv.FormatInt(c.Check.ID, 10) + "/report"})
	}
	return out
}
