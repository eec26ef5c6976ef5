package store

import (
	"slices"
	"time"
)

// The pure rules of the 80% check. Everything that decides a number an auditor sees lives
// here, without SQL, so that table tests can pin each rule down (docs/checks.md).

// Per-person results of a check.
const (
	ResultUnderstood    = "understood"
	ResultNotUnderstood = "not_understood"
	ResultPendingReview = "pending_review"
	ResultNoResponse    = "no_response"
)

// Results lists the results in display order.
var Results = []string{ResultUnderstood, ResultPendingReview, ResultNotUnderstood, ResultNoResponse}

// Evidence methods.
const (
	MethodCheck     = "check"
	MethodInterview = "interview"
)

// Written-answer review states of an attempt ("none": the attempt had nothing to review).
const (
	WrittenNone     = "none"
	WrittenPending  = "pending"
	WrittenAccepted = "accepted"
	WrittenRejected = "rejected"
)

// Interview verdicts.
const (
	VerdictUnderstood    = "understood"
	VerdictNotUnderstood = "not_understood"
)

// Reasons a person is not in a check's population (problem codes "not_eligible_<reason>").
const (
	IneligibleHiredAfter = "hired_after"     // hired after the opening date
	IneligibleLeft       = "left"            // left before opening, or before the check closes
	IneligibleEmployment = "employment"      // employment type not counted by the check
	IneligibleTenure     = "tenure"          // fewer than the minimum days' tenure on the opening date
	IneligibleSnapshot   = "not_in_snapshot" // met the rule only after opening (snapshot is fixed)
)

// CheckAttempt is one submitted check attempt.
type CheckAttempt struct {
	ID            int64
	CheckID       int64
	PersonID      int64
	SubmittedAt   time.Time
	Score         float64
	PassedMark    bool
	WrittenStatus string
	ReviewerID    int64
	ReviewerName  string
	ReviewedAt    time.Time
	Feedback      string
	Practice      bool
}

// Demonstrates tells whether the attempt shows understanding: the pass mark reached and
// every written answer accepted (or none to review). Pending review is not understanding.
func (a CheckAttempt) Demonstrates() bool {
	return a.PassedMark && (a.WrittenStatus == WrittenAccepted || a.WrittenStatus == WrittenNone)
}

// AwaitsReview tells whether the attempt could still demonstrate understanding once its
// written answers are reviewed: it reached the pass mark and a review is pending.
func (a CheckAttempt) AwaitsReview() bool {
	return a.PassedMark && a.WrittenStatus == WrittenPending
}

// Interview is one recorded interview.
type Interview struct {
	ID            int64
	CheckID       int64
	PersonID      int64
	InterviewedOn time.Time
	Summary       string
	Verdict       string
	RecordedBy    int64
	RecorderName  string
	RecorderToken string // the API token's name when the interview was posted through the API
	RecordedAt    time.Time
}

// Outcome is a person's result in a check and the evidence that decided it.
type Outcome struct {
	Result     string
	Method     string // check, interview, or "" for no response
	Score      float64
	EvidenceOn time.Time // when the deciding evidence was given (submitted / interviewed)
	Reviewer   string    // who reviewed the attempt or recorded the interview
	// ReviewerToken: Reviewer is the name of the API token that posted the interview.
	ReviewerToken bool
	ReviewedAt    time.Time
}

// DecideOutcome applies the best-evidence rule to one person's counted evidence:
// understood if any attempt demonstrates understanding or any interview says understood;
// otherwise pending_review if any attempt awaits review; otherwise not_understood if there
// is any evidence; otherwise no_response. Among attempts the best one counts (highest score
// within the best class); a demonstrating attempt is preferred to an understood interview.
// Practice attempts must not be passed in.
func DecideOutcome(attempts []CheckAttempt, interviews []Interview) Outcome {
	var bestDemo, bestPending, bestOther *CheckAttempt
	better := func(cur *CheckAttempt, a *CheckAttempt) bool {
		return cur == nil || a.Score > cur.Score || (a.Score == cur.Score && a.SubmittedAt.Before(cur.SubmittedAt))
	}
	for i := range attempts {
		a := &attempts[i]
		switch {
		case a.Demonstrates():
			if better(bestDemo, a) {
				bestDemo = a
			}
		case a.AwaitsReview():
			if better(bestPending, a) {
				bestPending = a
			}
		default:
			if better(bestOther, a) {
				bestOther = a
			}
		}
	}
	var understoodIv, otherIv *Interview
	for i := range interviews {
		iv := &interviews[i]
		if iv.Verdict == VerdictUnderstood {
			if understoodIv == nil || iv.InterviewedOn.Before(understoodIv.InterviewedOn) {
				understoodIv = iv
			}
		} else if otherIv == nil || iv.InterviewedOn.After(otherIv.InterviewedOn) {
			otherIv = iv
		}
	}
	fromAttempt := func(result string, a *CheckAttempt) Outcome {
		return Outcome{Result: result, Method: MethodCheck, Score: a.Score, EvidenceOn: a.SubmittedAt,
			Reviewer: a.ReviewerName, ReviewedAt: a.ReviewedAt}
	}
	fromInterview := func(result string, iv *Interview) Outcome {
		o := Outcome{Result: result, Method: MethodInterview, EvidenceOn: iv.InterviewedOn,
			Reviewer: iv.RecorderName, ReviewedAt: iv.RecordedAt}
		if iv.RecorderName == "" && iv.RecorderToken != "" {
			o.Reviewer, o.ReviewerToken = iv.RecorderToken, true
		}
		return o
	}
	switch {
	case bestDemo != nil:
		return fromAttempt(ResultUnderstood, bestDemo)
	case understoodIv != nil:
		return fromInterview(ResultUnderstood, understoodIv)
	case bestPending != nil:
		return fromAttempt(ResultPendingReview, bestPending)
	case bestOther != nil:
		return fromAttempt(ResultNotUnderstood, bestOther)
	case otherIv != nil:
		return fromInterview(ResultNotUnderstood, otherIv)
	}
	return Outcome{Result: ResultNoResponse}
}

// EligibilityRule is who counts as long-term for a check.
type EligibilityRule struct {
	MinTenureDays   int
	EmploymentTypes []string
}

// IneligibleReason tells why p is not eligible on the opening day under rule, or "" when
// eligible: active on the opening day, an employment type the rule counts, and at least
// MinTenureDays whole days since hire (exactly MinTenureDays counts).
func IneligibleReason(p Person, rule EligibilityRule, opensOn time.Time) string {
	switch {
	case Day(p.HiredOn).After(Day(opensOn)):
		return IneligibleHiredAfter
	case !p.ActiveOn(opensOn):
		return IneligibleLeft
	case !slices.Contains(rule.EmploymentTypes, p.EmploymentType):
		return IneligibleEmployment
	case p.TenureDays(opensOn) < rule.MinTenureDays:
		return IneligibleTenure
	}
	return ""
}

// LeftBeforeClose tells whether someone who was eligible at opening drops out of the
// denominator: they are no longer employed on the closing day (left_on ≤ closes_on).
func LeftBeforeClose(leftOn, closesOn time.Time) bool {
	return !leftOn.IsZero() && !Day(leftOn).After(Day(closesOn))
}

// Counts are the figures of a group of eligible people.
type Counts struct {
	Eligible      int `json:"eligible"`
	Responded     int `json:"responded"`
	Understood    int `json:"understood"`
	PendingReview int `json:"pending_review"`
	NotUnderstood int `json:"not_understood"`
	NoResponse    int `json:"no_response"`
}

// Add counts one person's result.
func (c *Counts) Add(result string) { c.AddN(result, 1) }

// AddN counts n people with the same result.
func (c *Counts) AddN(result string, n int) {
	c.Eligible += n
	switch result {
	case ResultUnderstood:
		c.Understood += n
	case ResultPendingReview:
		c.PendingReview += n
	case ResultNotUnderstood:
		c.NotUnderstood += n
	default:
		c.NoResponse += n
	}
	if result != ResultNoResponse {
		c.Responded += n
	}
}

// Of is the number of people with one result ("" for everyone counted).
func (c Counts) Of(result string) int {
	switch result {
	case "":
		return c.Eligible
	case ResultUnderstood:
		return c.Understood
	case ResultPendingReview:
		return c.PendingReview
	case ResultNotUnderstood:
		return c.NotUnderstood
	case ResultNoResponse:
		return c.NoResponse
	}
	return 0
}

// Rate is understood ÷ eligible as a fraction (0 when nobody is eligible).
func (c Counts) Rate() float64 { return Rate(c.Understood, c.Eligible) }

// ResponseRate is responded ÷ eligible as a fraction.
func (c Counts) ResponseRate() float64 { return Rate(c.Responded, c.Eligible) }

// Rate is n ÷ of as a fraction, 0 when of is 0.
func Rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// FloorPercent is the whole percentage shown for n of total, rounded down, so that a group
// short of the target is never shown at the target (79.6% shows as 79%).
func FloorPercent(n, of int) int {
	if of == 0 {
		return 0
	}
	return n * 100 / of
}

// MeetsTarget tells whether understood ÷ eligible ≥ targetPct%, in exact integer maths.
// A group with nobody eligible does not meet it.
func MeetsTarget(understood, eligible, targetPct int) bool {
	return eligible > 0 && understood*100 >= targetPct*eligible
}

// PeopleNeeded is how many more people must demonstrate understanding for the group to
// meet the target: ceil(targetPct × eligible ÷ 100) − understood, never below 0.
func PeopleNeeded(understood, eligible, targetPct int) int {
	need := (targetPct*eligible+99)/100 - understood
	if need < 0 {
		return 0
	}
	return need
}
