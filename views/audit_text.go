package views

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"lodestar/store"
)

// The store writes audit subjects and details as plain data ("badge 12", "role: employee →
// manager", "created 3, updated 0"); these turn the known shapes into the reader's language.
// Anything else (names, titles, reasons typed by people) is shown as written.

var (
	auditNumberedSubject = regexp.MustCompile(`^(badge|course|goal|recognition|rule|version) (\d+)$`)
	auditCommentSubject  = regexp.MustCompile(`^comment (\d+) on recognition (\d+)$`)
	auditUpsertDetail    = regexp.MustCompile(`^created (\d+), updated (\d+)$`)
	auditRuleDetail      = regexp.MustCompile(`^([a-z_]+) (.*): (\d+) assigned$`)
	auditRoleInBrackets  = regexp.MustCompile(`^(.*) \(([a-z_]+)\)$`)
	auditInterviewDetail = regexp.MustCompile(`^(\d+)(?: · API token "(.*)")?$`)
)

// AuditSubjectText is an audit entry's subject in the reader's language.
func AuditSubjectText(ctx context.Context, subject string) string {
	if m := auditNumberedSubject.FindStringSubmatch(subject); m != nil {
		return T(ctx, "audit.subject."+m[1], m[2])
	}
	if m := auditCommentSubject.FindStringSubmatch(subject); m != nil {
		return T(ctx, "audit.subject.comment", m[1], m[2])
	}
	if subject == "HR import (web)" {
		return T(ctx, "audit.subject.web_import")
	}
	if sel, ok := strings.CutPrefix(subject, "invite: "); ok {
		return auditInviteSelection(ctx, sel)
	}
	if name, ok := strings.CutPrefix(subject, "API token "); ok {
		return T(ctx, "audit.subject.api_token", name)
	}
	if file, ok := strings.CutPrefix(subject, "import-people "); ok {
		return T(ctx, "audit.subject.cli_import", file)
	}
	return subject
}

// AuditDetailText is an audit entry's detail in the reader's language.
func AuditDetailText(ctx context.Context, action, detail string) string {
	switch "audit." + action { // the action's own message key, so the catalogue test knows it
	case "audit.person.update":
		var parts []string
		for _, change := range strings.Split(detail, "; ") {
			field, values, ok := strings.Cut(change, ": ")
			before, after, ok2 := strings.Cut(values, " → ")
			if !ok || !ok2 {
				return detail
			}
			parts = append(parts, T(ctx, "audit.detail.change", auditFieldText(ctx, field),
				auditCodeText(ctx, field, before), auditCodeText(ctx, field, after)))
		}
		return strings.Join(parts, T(ctx, "audit.detail.separator"))
	case "audit.person.create":
		if m := auditRoleInBrackets.FindStringSubmatch(detail); m != nil {
			return m[1] + " (" + auditCodeText(ctx, "role", m[2]) + ")"
		}
	case "audit.person.deactivate":
		if d, err := store.ParseDate(detail); err == nil {
			return T(ctx, "audit.detail.left_on", L(ctx).Date(d))
		}
	case "audit.people.upsert":
		if m := auditUpsertDetail.FindStringSubmatch(detail); m != nil {
			return T(ctx, "audit.detail.upsert", m[1], m[2])
		}
	case "audit.training.course_publish":
		if n, ok := strings.CutPrefix(detail, "revision "); ok {
			return T(ctx, "audit.detail.revision", n)
		}
	case "audit.training.rule_create":
		if m := auditRuleDetail.FindStringSubmatch(detail); m != nil {
			who := T(ctx, "training.rule."+m[1])
			if v := strings.TrimSpace(m[2]); v != "" {
				who += " · " + auditCodeText(ctx, m[1], v)
			}
			return T(ctx, "audit.detail.rule", who, m[3])
		}
	case "audit.check.interviews":
		if m := auditInterviewDetail.FindStringSubmatch(detail); m != nil {
			text := T(ctx, "audit.detail.people", m[1])
			if m[2] != "" {
				text += " · " + T(ctx, "audit.subject.api_token", m[2])
			}
			return text
		}
	case "audit.check.remind":
		if auditInterviewDetail.MatchString(detail) {
			return T(ctx, "audit.detail.people", detail)
		}
	case "audit.check.open":
		// "late: 2026-11-24 → 2026-11-27": a check that opened after its opening date.
		if dates, ok := strings.CutPrefix(detail, "late: "); ok {
			from, to, _ := strings.Cut(dates, " → ")
			f, err1 := store.ParseDate(from)
			d, err2 := store.ParseDate(to)
			if err1 == nil && err2 == nil {
				return T(ctx, "checks.audit_open_late", L(ctx).Date(f), L(ctx).Date(d))
			}
		}
	case "audit.token.create":
		// "scopes: people,checks; expires: 2027-06-30" (store.tokenAuditDetail)
		scopes, expires, _ := strings.Cut(detail, "; expires: ")
		if list, ok := strings.CutPrefix(scopes, "scopes: "); ok {
			var t store.Token
			if list != "read" {
				t.Scopes = strings.Split(list, ",")
			}
			text := TokenScopeText(ctx, t)
			if d, err := store.ParseDate(expires); err == nil {
				return T(ctx, "audit.detail.token", text, L(ctx).Date(d))
			}
			return text
		}
	case "audit.sso_provider.create", "audit.sso_provider.update":
		return SSOAuditDetailText(ctx, detail)
	case "audit.invitation.send":
		if _, err := strconv.Atoi(detail); err == nil {
			return T(ctx, "audit.detail.people", detail)
		}
	case "audit.check.question":
		if _, ok := catalogue["training.kind."+detail]; ok {
			return T(ctx, "training.kind."+detail)
		}
	}
	return detail
}

// auditInviteSelection translates store.InviteFilter.Describe's text, with what follows
// " · " (the API token or the command line).
func auditInviteSelection(ctx context.Context, sel string) string {
	sel, via, _ := strings.Cut(sel, " · ")
	labels := map[string]string{"department": "invite.department", "team": "invite.team", "since": "invite.since", "employee_id": "invite.card_employee_id"}
	var parts []string
	for _, part := range strings.Split(sel, "; ") {
		key, value, ok := strings.Cut(part, "=")
		switch {
		case part == "cannot sign in yet":
			parts = append(parts, T(ctx, "invite.cannot_sign_in"))
		case part == "everyone":
			parts = append(parts, T(ctx, "invite.everyone"))
		case ok && labels[key] != "":
			parts = append(parts, T(ctx, "audit.detail.field_value", T(ctx, labels[key]), value))
		default:
			parts = append(parts, part)
		}
	}
	text := strings.Join(parts, T(ctx, "audit.detail.separator"))
	if name, ok := strings.CutPrefix(via, "API token "); ok {
		text += " · " + T(ctx, "audit.subject.api_token", name)
	} else if via == "command line" {
		text += " · " + T(ctx, "invite.via_command_line")
	}
	return text
}

// auditFieldText names a person field the way the person form does.
func auditFieldText(ctx context.Context, field string) string {
	key := map[string]string{"manager": "people.manager_id", "title": "people.title_field"}[field]
	if key == "" {
		key = "people." + field
	}
	if _, ok := catalogue[key]; ok {
		return T(ctx, key)
	}
	return field
}

// auditCodeText translates a stored code (a tier, role or employment type); other values
// are shown as they are, and an empty one as a dash.
func auditCodeText(ctx context.Context, field, value string) string {
	if value == "" {
		return "—"
	}
	prefix := map[string]string{"tier": "tier.", "role": "role.", "employment_type": "employment."}[field]
	if _, ok := catalogue[prefix+value]; prefix != "" && ok {
		return T(ctx, prefix+value)
	}
	return value
}
