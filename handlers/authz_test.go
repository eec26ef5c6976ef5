package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"lodestar/static"
	"lodestar/store"
)

// The authorization matrix: every route on the router, tried by every kind of caller, with
// the expected outcome written down here and nowhere else. A route that is not in the table
// fails TestAuthorizationMatrix, which prints the line to add.
//
// Each entry is "METHOD /pattern" (as chi.Walk spells it) → the path to request and seven
// outcomes, one per caller, in this order:
//
//	anon   nobody signed in, no token
//	emp    agent: an employee of Voice Team 1 who owns the objects in the path
//	mgr    manager: the team lead of Voice Team 1 (agent's manager)
//	other  the team lead of Voice Team 2 (a manager, not agent's)
//	leader leader: a senior leader
//	admin  admin: the administrator
//	token  no session, but a valid API bearer token
//
// Outcomes: ok (2xx, a 3xx that is not to /login, or 400/409/422: the handler ran and
// judged the input), login (303 to /login), 401, 403, 404.
//
// The path names fixture objects in braces, taken from the demo organisation (authzFixture):
// {agent} agent's person id, {spare} a person admins may deactivate, {goal} agent's own goal,
// {proposed} newhire's proposed goal, {course} a published course, {lesson} its first lesson,
// {attempt} agent's scored training attempt, {check} the open check, {closedcheck} a closed
// one, {checkattempt} agent's check attempt awaiting review (in {closedcheck}), {recognition} a
// recognition to agent, {comment} a comment, {badge} a badge, {version} the culture version,
// {import} an import batch, {token} a token to revoke, {asset} a static file.
// POST and PUT send an empty form (or body) unless form is given; fresh runs each caller on
// a new session (for routes that end the session).
var authzMatrix = map[string]authzCase{
	//                                                path                                   anon  emp   mgr   other leader admin token
	"GET /healthz":  {"", "ok ok ok ok ok ok ok", "", false},
	"ANY /static/*": {"{asset}", "ok ok ok ok ok ok ok", "", false},
	"GET /login":    {"", "ok ok ok ok ok ok ok", "", false},
	"POST /login":   {"", "ok ok ok ok ok ok ok", "", false},
	// Signing out (or not being signed in) ends on the sign-in page.
	"POST /logout":   {"", "login login login login login login login", "", true},
	"POST /language": {"", "ok ok ok ok ok ok ok", "lang=en", false},
	"GET /":          {"", "login ok ok ok ok ok login", "", false},
	"GET /me":        {"", "login ok ok ok ok ok login", "", false},
	// Open Badges: verifiers read the keys and issuer without signing in; a public award page
	// exists only once its holder turns it on; each person reaches only their own badges
	// ({recognition} went to agent's whole team, the manager included).
	"GET /.well-known/jwks.json":         {"", "ok ok ok ok ok ok ok", "", false},
	"GET /issuer":                        {"", "ok ok ok ok ok ok ok", "", false},
	"GET /credentials/{publicID}":        {"/credentials/not-public", "404 404 404 404 404 404 404", "", false},
	"GET /me/badges":                     {"", "login ok ok ok ok ok login", "", false},
	"GET /me/badges/{id}/credential":     {"/me/badges/{recognition}/credential", "login ok ok 404 404 404 login", "", false},
	"POST /me/badges/{id}/public":        {"/me/badges/{recognition}/public", "login ok ok 404 404 404 login", "public=1", false},
	"GET /api/v1/awards/{id}/credential": {"/api/v1/awards/{recognition}/credential", "401 401 401 401 401 401 ok", "", false},
	// Team chat channels: admins only (an unknown channel is 404 only once the role passed).
	"GET /admin/channels":                                   {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/channels/new":                               {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/channels":                                  {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/channels/{id}":                              {"/admin/channels/999999", "login 403 403 403 403 404 login", "", false},
	"POST /admin/channels/{id}":                             {"/admin/channels/999999", "login 403 403 403 403 404 login", "kind=slack&name=x&events=recognition.given", false},
	"POST /admin/channels/{id}/test":                        {"/admin/channels/999999/test", "login 403 403 403 403 404 login", "", false},
	"POST /admin/channels/{id}/deliveries/{delivery}/retry": {"/admin/channels/999999/deliveries/1/retry", "login 403 403 403 403 404 login", "", false},
	"GET /api/v1/channels":                                  {"", "401 401 401 401 401 401 ok", "", false},
	"POST /api/v1/channels":                                 {"", "401 401 401 401 401 401 ok", "", false},
	// Email choices: one's own; an unsubscribe link needs no sign-in (its signed token names
	// the person), and an invalid one is 404 for everybody.
	"GET /me/email":             {"", "login ok ok ok ok ok login", "", false},
	"POST /me/email":            {"", "login ok ok ok ok ok login", "shown=badge.earned", false},
	"GET /unsubscribe/{token}":  {"/unsubscribe/not-a-token", "404 404 404 404 404 404 404", "", false},
	"POST /unsubscribe/{token}": {"/unsubscribe/not-a-token", "404 404 404 404 404 404 404", "", false},
	"GET /admin/credentials":    {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/credentials":   {"", "login 403 403 403 403 ok login", "org_name=Contoso", false},
	"GET /people":               {"", "login ok ok ok ok ok login", "", false},
	"GET /people/{id}":          {"/people/{agent}", "login ok ok ok ok ok login", "", false},
	"GET /account/password":     {"", "login ok ok ok ok ok login", "", false},
	"POST /account/password":    {"", "login ok ok ok ok ok login", "", false},
	"GET /notifications":        {"", "login ok ok ok ok ok login", "", false},
	"POST /notifications/read":  {"", "login ok ok ok ok ok login", "", false},
	"GET /inbox":                {"", "login ok ok ok ok ok login", "", false},
	"GET /people/pick":          {"/people/pick?q=wang", "login ok ok ok ok ok login", "", false},

	"GET /culture":                   {"", "login ok ok ok ok ok login", "", false},
	"POST /culture/acknowledge":      {"", "login ok ok ok ok ok login", "version={version}", false},
	"GET /culture/versions":          {"", "login ok ok ok ok ok login", "", false},
	"GET /culture/versions/{number}": {"/culture/versions/{version}", "login ok ok ok ok ok login", "", false},
	"GET /culture/changes":           {"", "login ok ok ok ok ok login", "", false},
	"GET /culture/acknowledgements":  {"", "login 403 ok ok ok ok login", "", false},
	"GET /culture/edit":              {"", "login 403 403 403 ok ok login", "", false},
	"POST /culture/edit":             {"", "login 403 403 403 ok ok login", "", false},
	"GET /culture/draft":             {"", "login 403 403 403 ok ok login", "", false},
	"POST /culture/publish":          {"", "login 403 403 403 ok ok login", "", false},
	"POST /culture/draft/discard":    {"", "login 403 403 403 ok ok login", "", false},

	"GET /goals":      {"", "login ok ok ok ok ok login", "", false},
	"GET /goals/tree": {"", "login ok ok ok ok ok login", "", false},
	"GET /goals/team": {"", "login 403 ok ok ok ok login", "", false},
	"GET /goals/new":  {"", "login ok ok ok ok ok login", "", false},
	"GET /goals/pick": {"/goals/pick?q=a", "login ok ok ok ok ok login", "", false},
	"POST /goals":     {"", "login ok ok ok ok ok login", "", false},
	"GET /goals/{id}": {"/goals/{goal}", "login ok ok 404 ok ok login", "", false},
	// An owner edits only a proposal; agent's goal is active.
	"GET /goals/{id}/edit":      {"/goals/{goal}/edit", "login 403 ok 404 ok ok login", "", false},
	"POST /goals/{id}":          {"/goals/{goal}", "login 403 ok 404 ok ok login", "", false},
	"POST /goals/{id}/checkins": {"/goals/{goal}/checkins", "login ok ok 404 ok ok login", "", false},
	// Only the person's own manager approves a proposal; agent does not see newhire's goal.
	"POST /goals/{id}/approve": {"/goals/{proposed}/approve", "login 404 ok 404 403 403 login", "", false},
	// Return is guarded like approve; it runs after the approve line above, so the goal is no
	// longer a proposal and even agent's manager is refused (TestGoalsReturnWithNote covers "ok").
	"POST /goals/{id}/return": {"/goals/{proposed}/return", "login 404 403 404 403 403 login", "note=Add+a+due+date", false},

	"GET /training":                                  {"", "login ok ok ok ok ok login", "", false},
	"GET /training/courses/{id}":                     {"/training/courses/{course}", "login ok ok ok ok ok login", "", false},
	"GET /training/courses/{id}/lessons/{key}":       {"/training/courses/{course}/lessons/{lesson}", "login ok ok ok ok ok login", "", false},
	"POST /training/courses/{id}/lessons/{key}/read": {"/training/courses/{course}/lessons/{lesson}/read", "login ok ok ok ok ok login", "", false},
	"GET /training/courses/{id}/quiz":                {"/training/courses/{course}/quiz", "login ok ok ok ok ok login", "", false},
	"POST /training/courses/{id}/quiz/start":         {"/training/courses/{course}/quiz/start", "login ok ok ok ok ok login", "", false},
	// Without a started attempt's token there is nothing to submit: 404 for everyone signed in.
	"POST /training/courses/{id}/quiz":                 {"/training/courses/{course}/quiz", "login 404 404 404 404 404 login", "", false},
	"GET /training/attempts/{id}":                      {"/training/attempts/{attempt}", "login ok ok 403 ok ok login", "", false},
	"GET /training/team":                               {"", "login 403 ok ok ok ok login", "", false},
	"GET /training/team.csv":                           {"", "login 403 ok ok ok ok login", "", false},
	"GET /training/reviews":                            {"", "login 403 ok ok ok ok login", "", false},
	"POST /training/reviews":                           {"", "login 403 ok 403 ok ok login", "attempt_id={pendingattempt}&question_id={pendingquestion}", false},
	"GET /training/courses/{id}/analysis":              {"/training/courses/{course}/analysis", "login 403 ok ok ok ok login", "", false},
	"GET /training/manage":                             {"", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/courses":                    {"", "login 403 403 403 ok ok login", "", false},
	"GET /training/manage/courses/{id}":                {"/training/manage/courses/{course}", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/courses/{id}":               {"/training/manage/courses/{course}", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/courses/{id}/lessons":       {"/training/manage/courses/{course}/lessons", "login 403 403 403 ok ok login", "", false},
	"GET /training/manage/courses/{id}/lessons/{key}":  {"/training/manage/courses/{course}/lessons/{lesson}", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/courses/{id}/lessons/{key}": {"/training/manage/courses/{course}/lessons/{lesson}", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/courses/{id}/questions":     {"/training/manage/courses/{course}/questions", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/courses/{id}/publish":       {"/training/manage/courses/{course}/publish", "login 403 403 403 ok ok login", "", false},
	"POST /training/manage/rules":                      {"", "login 403 403 403 ok ok login", "", false},
	// The leader retires the rule, so the admin (next) finds no rule to retire.
	"POST /training/manage/rules/{id}/retire": {"/training/manage/rules/{rule}/retire", "login 403 403 403 ok 404 login", "", false},
	"POST /training/manage/settings":          {"", "login 403 403 403 ok ok login", "", false},

	"GET /checks":           {"", "login ok ok ok ok ok login", "", false},
	"GET /checks/{id}":      {"/checks/{check}", "login ok ok ok ok ok login", "", false},
	"GET /checks/{id}/take": {"/checks/{check}/take", "login ok ok ok ok ok login", "", false},
	// Without a started attempt's token there is nothing to submit: 404 for everyone signed in.
	"POST /checks/{id}/take":               {"/checks/{check}/take", "login 404 404 404 404 404 login", "", false},
	"POST /checks/{id}/start":              {"/checks/{check}/start", "login ok ok ok ok ok login", "", false},
	"GET /checks/{id}/people/{person}":     {"/checks/{closedcheck}/people/{agent}", "login ok ok 404 ok ok login", "", false},
	"GET /checks/new":                      {"", "login 403 403 403 ok ok login", "", false},
	"POST /checks":                         {"", "login 403 403 403 ok ok login", "", false},
	"GET /checks/{id}/edit":                {"/checks/{check}/edit", "login 403 403 403 ok ok login", "", false},
	"POST /checks/{id}/edit":               {"/checks/{check}/edit", "login 403 403 403 ok ok login", "", false},
	"POST /checks/{id}/open":               {"/checks/{closedcheck}/open", "login 403 403 403 ok ok login", "", false},
	"POST /checks/{id}/close":              {"/checks/{closedcheck}/close", "login 403 403 403 ok ok login", "", false},
	"GET /checks/{id}/questions":           {"/checks/{check}/questions", "login 403 403 403 ok ok login", "", false},
	"POST /checks/{id}/questions":          {"/checks/{check}/questions", "login 403 403 403 ok ok login", "", false},
	"GET /checks/{id}/report":              {"/checks/{check}/report", "login 403 ok ok ok ok login", "", false},
	"GET /checks/{id}/report/people":       {"/checks/{check}/report/people", "login 403 ok ok ok ok login", "", false},
	"POST /checks/{id}/remind":             {"/checks/{check}/remind", "login 403 ok ok ok ok login", "", false},
	"POST /checks/{id}/refresher":          {"/checks/{check}/refresher", "login 403 ok ok ok ok login", "", false},
	"GET /checks/{id}/reviews":             {"/checks/{closedcheck}/reviews", "login 403 ok ok ok ok login", "", false},
	"POST /checks/{id}/reviews/{attempt}":  {"/checks/{closedcheck}/reviews/{checkattempt}", "login 403 ok 403 ok ok login", "", false},
	"GET /checks/{id}/interviews":          {"/checks/{check}/interviews", "login 403 ok ok ok ok login", "", false},
	"POST /checks/{id}/interviews":         {"/checks/{check}/interviews", "login 403 ok ok ok ok login", "", false},
	"POST /checks/{id}/interviews/upload":  {"/checks/{check}/interviews/upload", "login 403 ok ok ok ok login", "", false},
	"POST /checks/{id}/interviews/confirm": {"/checks/{check}/interviews/confirm", "login 403 ok ok ok ok login", "", false},
	"GET /checks/{id}/export.csv":          {"/checks/{check}/export.csv", "login 403 ok ok ok ok login", "", false},
	"GET /checks/{id}/export.xlsx":         {"/checks/{check}/export.xlsx", "login 403 ok ok ok ok login", "", false},

	"GET /recognition":                            {"", "login ok ok ok ok ok login", "", false},
	"GET /recognition/give":                       {"", "login ok ok ok ok ok login", "", false},
	"POST /recognition/give":                      {"", "login ok ok ok ok ok login", "", false},
	"GET /recognition/badges":                     {"", "login ok ok ok ok ok login", "", false},
	"GET /recognition/{id:[0-9]+}":                {"/recognition/{recognition}", "login ok ok ok ok ok login", "", false},
	"POST /recognition/{id:[0-9]+}/react":         {"/recognition/{recognition}/react", "login ok ok ok ok ok login", "", false},
	"POST /recognition/{id:[0-9]+}/comments":      {"/recognition/{recognition}/comments", "login ok ok ok ok ok login", "", false},
	"POST /recognition/ranking":                   {"", "login ok ok ok ok ok login", "", false},
	"GET /recognition/fairness":                   {"", "login 403 ok ok ok ok login", "", false},
	"GET /recognition/badges/new":                 {"", "login 403 403 403 ok ok login", "", false},
	"POST /recognition/badges":                    {"", "login 403 403 403 ok ok login", "", false},
	"GET /recognition/badges/{id:[0-9]+}":         {"/recognition/badges/{badge}", "login 403 403 403 ok ok login", "", false},
	"POST /recognition/badges/{id:[0-9]+}":        {"/recognition/badges/{badge}", "login 403 403 403 ok ok login", "", false},
	"POST /recognition/badges/{id:[0-9]+}/retire": {"/recognition/badges/{badge}/retire", "login 403 403 403 ok ok login", "", false},
	"POST /recognition/{id:[0-9]+}/hide":          {"/recognition/{recognition}/hide", "login 403 403 403 ok ok login", "", false},
	"POST /recognition/comments/{id:[0-9]+}/hide": {"/recognition/comments/{comment}/hide", "login 403 403 403 ok ok login", "", false},
	"GET /recognition/settings":                   {"", "login 403 403 403 403 ok login", "", false},
	"POST /recognition/settings":                  {"", "login 403 403 403 403 ok login", "", false},
	"GET /recognition/export.csv":                 {"", "login 403 403 403 403 ok login", "", false},

	"GET /admin":                                   {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/people":                            {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/people/new":                        {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/people":                           {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/people/{id}":                       {"/admin/people/{agent}", "login 403 403 403 403 ok login", "", false},
	"POST /admin/people/{id}":                      {"/admin/people/{agent}", "login 403 403 403 403 ok login", "", false},
	"POST /admin/people/{id}/deactivate":           {"/admin/people/{spare}/deactivate", "login 403 403 403 403 ok login", "", false},
	"POST /admin/people/{id}/password":             {"/admin/people/{spare}/password", "login 403 403 403 403 ok login", "", false},
	"GET /admin/audit":                             {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/import":                            {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/import":                           {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/import/{id}":                       {"/admin/import/{import}", "login 403 403 403 403 ok login", "", false},
	"POST /admin/import/{id}/confirm":              {"/admin/import/{import}/confirm", "login 403 403 403 403 ok login", "", false},
	"GET /admin/tokens":                            {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/tokens":                           {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/email":                             {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/email":                            {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/email/{id}/retry":                 {"/admin/email/999/retry", "login 403 403 403 403 404 login", "", false},
	"GET /admin/invite":                            {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/invite":                           {"", "login 403 403 403 403 ok login", "", false},
	"POST /api/v1/people/{employee_id}/invitation": {"/api/v1/people/agent/invitation", "401 401 401 401 401 401 ok", "", false},
	// Public one-time link pages: an unknown link says so to everyone.
	"GET /invite/{token}":          {"/invite/nope", "404 404 404 404 404 404 404", "", false},
	"POST /invite/{token}":         {"/invite/nope", "404 404 404 404 404 404 404", "", false},
	"GET /password/forgot":         {"", "ok ok ok ok ok ok ok", "", false},
	"POST /password/forgot":        {"", "ok ok ok ok ok ok ok", "", false},
	"GET /password/reset/{token}":  {"/password/reset/nope", "404 404 404 404 404 404 404", "", false},
	"POST /password/reset/{token}": {"/password/reset/nope", "404 404 404 404 404 404 404", "", false},
	"GET /admin/sso":               {"", "login 403 403 403 403 ok login", "", false},
	"GET /admin/sso/new":           {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/sso":              {"", "login 403 403 403 403 ok login", "", false},
	"POST /admin/sso/settings":     {"", "login 403 403 403 403 ok login", "", false},
	// No provider exists in the demo: the admin reaches the handler, which answers 404.
	"GET /admin/sso/{id}":  {"/admin/sso/999", "login 403 403 403 403 404 login", "", false},
	"POST /admin/sso/{id}": {"/admin/sso/999", "login 403 403 403 403 404 login", "", false},
	// Public: an unknown provider is 404 for everyone.
	"GET /sso/{provider}/start":      {"/sso/nope/start", "404 404 404 404 404 404 404", "", false},
	"GET /sso/{provider}/callback":   {"/sso/nope/callback", "404 404 404 404 404 404 404", "", false},
	"POST /admin/tokens/{id}/revoke": {"/admin/tokens/{token}/revoke", "login 403 403 403 403 ok login", "", false},

	// The API takes a bearer token and nothing else: a signed-in browser's cookie is not enough.
	"GET /api/v1/people":                         {"", "401 401 401 401 401 401 ok", "", false},
	"PUT /api/v1/people":                         {"", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/culture":                        {"", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/goals":                          {"", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/training/completion":            {"", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/inbox":                          {"/api/v1/inbox?employee_id=agent", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/understanding":                  {"", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/understanding/{id}":             {"/api/v1/understanding/{check}", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/understanding/{id}/people":      {"/api/v1/understanding/{check}/people", "401 401 401 401 401 401 ok", "", false},
	"POST /api/v1/understanding/{id}/interviews": {"/api/v1/understanding/{check}/interviews", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/badges":                         {"", "401 401 401 401 401 401 ok", "", false},
	"GET /api/v1/recognitions":                   {"", "401 401 401 401 401 401 ok", "", false},
	"POST /api/v1/recognitions":                  {"", "401 401 401 401 401 401 ok", "", false},
}

// authzCase is one row of the matrix.
type authzCase struct {
	path  string // "" = the pattern itself; {name} = a fixture id
	want  string // seven outcomes: anon emp mgr other leader admin token
	form  string // url-encoded form for POST (default empty)
	fresh bool   // sign each caller in anew for this route (it ends the session)
}

var authzCallers = []string{"anon", "emp", "mgr", "other", "leader", "admin", "token"}

// authzFixture is the demo organisation plus the ids the matrix paths name.
type authzFixture struct {
	app   *testApp
	ids   map[string]string
	token string
	login map[string]string // caller → employee ID
}

// newDemoApp is newTestApp on a copy of the demo organisation (built once per test binary).
func newDemoApp(t testing.TB) *testApp {
	t.Helper()
	return newTestAppAt(t, demoDatabase(t))
}

// signedInAs signs a demo person in with the demo password.
func (a *testApp) signedInAs(employeeID string) *client {
	a.t.Helper()
	c := a.client()
	res := c.post("/login", url.Values{"login": {employeeID}, "password": {store.DemoPassword}})
	if res.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("sign-in as %s: status %d", employeeID, res.StatusCode)
	}
	return c
}

// demoID runs a query for one id in the demo database and fails when there is none.
func (a *testApp) demoID(query string, args ...any) string {
	a.t.Helper()
	var id int64
	if err := a.store.DB().QueryRow(query, args...).Scan(&id); err != nil {
		a.t.Fatalf("fixture %q: %v", query, err)
	}
	return itoa(id)
}

func newAuthzFixture(t testing.TB) *authzFixture {
	t.Helper()
	app := newDemoApp(t)
	ctx := context.Background()
	f := &authzFixture{app: app, ids: map[string]string{}, login: map[string]string{
		"emp": "agent", "mgr": "manager", "leader": "leader", "admin": "admin",
	}}
	f.login["other"] = app.demoEmployeeID(`SELECT employee_id FROM people WHERE role = 'manager' AND team = 'Voice Team 2'`)
	agent := app.demoID(`SELECT id FROM people WHERE employee_id = 'agent'`)
	f.ids["agent"] = agent
	f.ids["spare"] = app.demoID(`SELECT id FROM people WHERE role = 'employee' AND team = 'Chat Team 3' AND left_on IS NULL ORDER BY id LIMIT 1`)
	f.ids["goal"] = app.demoID(`SELECT id FROM goals WHERE owner_id = ? ORDER BY id LIMIT 1`, agent)
	f.ids["proposed"] = app.demoID(`SELECT id FROM goals WHERE state = 'proposed' AND owner_id = (SELECT id FROM people WHERE employee_id = 'newhire')`)
	f.ids["attempt"] = app.demoID(`SELECT id FROM attempts WHERE person_id = ? AND status = 'scored' ORDER BY id LIMIT 1`, agent)
	f.ids["pendingattempt"] = app.demoID(`SELECT id FROM attempts WHERE person_id = ? AND status = 'pending_review' ORDER BY id LIMIT 1`, agent)
	f.ids["pendingquestion"] = app.demoID(`SELECT question_id FROM attempt_answers WHERE attempt_id = ? AND credit IS NULL LIMIT 1`, f.ids["pendingattempt"])
	f.ids["course"] = app.demoID(`SELECT r.course_id FROM course_revisions r JOIN attempts a ON a.set_id = r.question_set_id WHERE a.id = ?`, f.ids["attempt"])
	f.ids["lesson"] = app.demoID(`SELECT l.lesson_key FROM lessons l JOIN courses c ON c.published_revision_id = l.revision_id WHERE c.id = ? ORDER BY l.position LIMIT 1`, f.ids["course"])
	f.ids["rule"] = app.demoID(`SELECT id FROM assignment_rules ORDER BY id LIMIT 1`)
	f.ids["check"] = app.demoID(`SELECT id FROM checks WHERE status = 'open'`)
	f.ids["closedcheck"] = app.demoID(`SELECT check_id FROM check_attempts WHERE person_id = ? AND written_status = 'pending' ORDER BY id LIMIT 1`, agent)
	f.ids["checkattempt"] = app.demoID(`SELECT id FROM check_attempts WHERE person_id = ? AND written_status = 'pending' ORDER BY id LIMIT 1`, agent)
	f.ids["recognition"] = app.demoID(`SELECT r.id FROM recognitions r JOIN recognition_recipients x ON x.recognition_id = r.id
		WHERE x.person_id = ? AND r.hidden_at IS NULL ORDER BY r.id LIMIT 1`, agent)
	f.ids["comment"] = app.demoID(`SELECT id FROM recognition_comments ORDER BY id LIMIT 1`)
	f.ids["badge"] = app.demoID(`SELECT id FROM badges ORDER BY id LIMIT 1`)
	f.ids["version"] = app.demoID(`SELECT max(number) FROM culture_versions`)
	admin := app.demoID(`SELECT id FROM people WHERE employee_id = 'admin'`)
	batch, err := app.store.SaveImportBatch(ctx, mustInt(t, admin),
		[]byte("employee_id,name,tier,role,employment_type,hired_on\nX1,Matrix Person,frontline,employee,permanent,2024-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	f.ids["import"] = itoa(batch)
	if _, err := app.store.CreateToken(ctx, 0, "matrix: revoked by the matrix"); err != nil {
		t.Fatal(err)
	}
	f.ids["token"] = app.demoID(`SELECT max(id) FROM api_tokens`)
	if f.token, err = app.store.CreateToken(ctx, 0, "matrix"); err != nil {
		t.Fatal(err)
	}
	f.ids["asset"] = static.Path("css/app.css")
	return f
}

func (a *testApp) demoEmployeeID(query string) string {
	a.t.Helper()
	var id string
	if err := a.store.DB().QueryRow(query).Scan(&id); err != nil {
		a.t.Fatalf("fixture %q: %v", query, err)
	}
	return id
}

// path fills the fixture names of a matrix path.
func (f *authzFixture) path(t *testing.T, key string, c authzCase) string {
	t.Helper()
	p := c.path
	if p == "" {
		p = strings.SplitN(key, " ", 2)[1]
	}
	p = f.fill(p)
	if strings.ContainsAny(p, "{}*") {
		t.Fatalf("%s: path %q names a parameter the fixture does not know; give the entry a path with one of: %v", key, p, f.names())
	}
	return p
}

// fill replaces fixture names ({agent}) by their ids.
func (f *authzFixture) fill(s string) string {
	for name, id := range f.ids {
		s = strings.ReplaceAll(s, "{"+name+"}", id)
	}
	return s
}

func (f *authzFixture) names() []string {
	var out []string
	for name := range f.ids {
		out = append(out, "{"+name+"}")
	}
	sort.Strings(out)
	return out
}

// callers returns one client per caller; tokens carry the bearer token.
func (f *authzFixture) callers(t *testing.T) map[string]*client {
	t.Helper()
	out := map[string]*client{"anon": f.app.client(), "token": f.app.client()}
	for caller, login := range f.login {
		out[caller] = f.app.signedInAs(login)
	}
	return out
}

// request sends one matrix request and names its outcome.
func (f *authzFixture) request(t *testing.T, c *client, caller, method, path, form string) (string, response) {
	t.Helper()
	var body *strings.Reader
	if method == http.MethodGet || method == http.MethodHead {
		body = strings.NewReader("")
	} else {
		body = strings.NewReader(form)
	}
	req, _ := http.NewRequest(method, f.app.srv.URL+path, body)
	if method != http.MethodGet && method != http.MethodHead {
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("Origin", f.app.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if caller == "token" {
		req.Header.Set("Authorization", "Bearer "+f.token)
	}
	res := c.do(req)
	return authzOutcome(res), res
}

func authzOutcome(res response) string {
	s := res.StatusCode
	switch {
	case s == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"):
		return "login"
	case s == 401 || s == 403 || s == 404:
		return fmt.Sprint(s)
	case s >= 200 && s < 400, s == 400, s == 409, s == 422:
		return "ok"
	}
	return fmt.Sprintf("unexpected-%d", s)
}

// TestAuthorizationMatrix walks every route on the router and requests it as each caller;
// the outcome must be the one authzMatrix names. GETs run before writes, in a fixed order, so
// one write cannot change what a later read sees from run to run.
func TestAuthorizationMatrix(t *testing.T) {
	f := newAuthzFixture(t)
	routes := f.app.routes()
	if len(routes) < 100 {
		t.Fatalf("walked only %d routes", len(routes))
	}
	// A route mounted for every method (r.Handle) is one entry, "ANY /pattern", tried with GET.
	methods := map[string]int{}
	for _, rt := range routes {
		methods[rt.pattern]++
	}
	var keys []string
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.method + " " + rt.pattern
		if methods[rt.pattern] >= 9 && rt.method == http.MethodTrace {
			key = "ANY " + rt.pattern
		} else if methods[rt.pattern] >= 9 {
			continue
		}
		if !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	// Reads first, then writes; each group in alphabetical order.
	slices.SortFunc(keys, func(a, b string) int {
		ra, rb := strings.HasPrefix(a, "GET ") || strings.HasPrefix(a, "HEAD "), strings.HasPrefix(b, "GET ") || strings.HasPrefix(b, "HEAD ")
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	sessions := f.callers(t)
	for _, key := range keys {
		c, ok := authzMatrix[key]
		if !ok {
			observed := f.observe(t, sessions, key)
			t.Errorf("route %q has no entry in authzMatrix (handlers/authz_test.go): add one line saying who may use it, e.g.\n\t%q: {\"\", %q, \"\", false},\n(that is what it answers today: check each outcome is what you intend; give a path with fixture ids if the pattern has parameters)", key, key, observed)
			continue
		}
		want := strings.Fields(c.want)
		if len(want) != len(authzCallers) {
			t.Errorf("%s: want %q has %d outcomes, need %d (%v)", key, c.want, len(want), len(authzCallers), authzCallers)
			continue
		}
		method := strings.SplitN(key, " ", 2)[0]
		if method == "ANY" {
			method = http.MethodGet
		}
		path := f.path(t, key, c)
		for i, caller := range authzCallers {
			cl := sessions[caller]
			if c.fresh && f.login[caller] != "" {
				cl = f.app.signedInAs(f.login[caller])
			}
			got, res := f.request(t, cl, caller, method, path, f.fill(c.form))
			if got != want[i] {
				t.Errorf("%s as %s (%s %s): got %s (status %d, Location %q), want %s", key, caller, method, path, got, res.StatusCode, res.Header.Get("Location"), want[i])
			}
		}
	}
	for key := range authzMatrix {
		if !seen[key] {
			t.Errorf("authzMatrix has %q, but the router has no such route: remove or rename the entry", key)
		}
	}
}

// observe names what each caller gets from a route missing in the table, for the failure
// message only (GETs only: an unknown write is not sent).
func (f *authzFixture) observe(t *testing.T, sessions map[string]*client, key string) string {
	t.Helper()
	method, path, _ := strings.Cut(key, " ")
	if method != http.MethodGet || strings.ContainsAny(path, "{*") {
		return "anon emp mgr other leader admin token"
	}
	var out []string
	for _, caller := range authzCallers {
		got, _ := f.request(t, sessions[caller], caller, method, path, "")
		out = append(out, got)
	}
	return strings.Join(out, " ")
}

func mustInt(t testing.TB, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOddPathsDoNotReachGuardedPages: spellings of a guarded address that a router or a
// proxy might clean up differently (double slashes, dot segments, case, encoded slashes)
// never answer an employee with the admin page. Sent raw, as the client would not.
func TestOddPathsDoNotReachGuardedPages(t *testing.T) {
	f := newAuthzFixture(t)
	emp := f.app.signedInAs("agent")
	host := strings.TrimPrefix(f.app.srv.URL, "http://")
	u, _ := url.Parse(f.app.srv.URL)
	var cookies []string
	for _, c := range emp.http.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	for _, p := range []string{"//admin/people", "///admin/people", "/admin//people", "/admin/./people", "/admin/people/",
		"/people/../admin/people", "/ADMIN/people", "/admin%2fpeople", "/%61dmin/people", "//recognition/export.csv",
		"/recognition//export.csv", "/static/../admin/people", "//api/v1/people", "/api/v1/../admin/people"} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nConnection: close\r\n\r\n", p, host, strings.Join(cookies, "; "))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		conn.Close()
		if res.StatusCode < 300 || strings.Contains(string(body), "data-testid=\"person-form\"") || strings.Contains(string(body), "/admin/people/new") {
			t.Errorf("employee GET %s: %d, want a refusal or not found", p, res.StatusCode)
		}
	}
}
