package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"lodestar/store"
)

// credentialWorld is the recognition world with a signing key and one badge Ann gave Tom
// (with an email, so the credential names him by its hash).
func credentialWorld(t *testing.T) (*recognitionWorld, int64) {
	t.Helper()
	w := recognitionSetup(t)
	ctx := context.Background()
	if err := w.app.store.EnsureIssuerKey(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.store.DB().Exec(`UPDATE people SET email = 'Tom@Example.com' WHERE employee_id = 'T'`); err != nil {
		t.Fatal(err)
	}
	rid, _, err := w.app.store.Give(ctx, store.GiveInput{GiverID: w.ids["A"], To: []string{"T"}, BadgeID: w.badge, Message: recognitionMessage})
	if err != nil {
		t.Fatal(err)
	}
	return w, rid
}

// verifyCredential checks a compact JWS with the site's published keys (go-jose, not our
// signing code), and returns its header key id and payload.
func verifyCredential(t *testing.T, app *testApp, compact string) (string, []byte) {
	t.Helper()
	jws, err := jose.ParseSigned(compact, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("not a compact JWS: %v", err)
	}
	res := app.client().get("/.well-known/jwks.json")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/jwk-set+json") {
		t.Fatalf("JWKS: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(res.Body), &set); err != nil {
		t.Fatal(err)
	}
	kid := jws.Signatures[0].Header.KeyID
	keys := set.Key(kid)
	if len(keys) != 1 || !keys[0].IsPublic() {
		t.Fatalf("JWKS has %d public keys for kid %q", len(keys), kid)
	}
	if strings.Contains(res.Body, `"d"`) {
		t.Fatal("the JWKS publishes a private key part")
	}
	payload, err := jws.Verify(keys[0].Key)
	if err != nil {
		t.Fatalf("signature does not verify with the published key: %v", err)
	}
	return kid, payload
}

func TestOpenBadgeCredentialVerifiesAndFollowsTheSpec(t *testing.T) {
	w, rid := credentialWorld(t)
	tom := w.app.signedIn("T")
	page := tom.get("/me/badges")
	if page.StatusCode != http.StatusOK || page.doc(t).Find(`[data-testid=my-badge]`).Length() != 1 {
		t.Fatalf("my badges: %d, %d badges", page.StatusCode, page.doc(t).Find(`[data-testid=my-badge]`).Length())
	}
	href, _ := page.doc(t).Find(`[data-testid=credential-download]`).Attr("href")
	res := tom.get(href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/jwt" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	kid, payload := verifyCredential(t, w.app, res.Body)

	// The required fields, against a schema written from the OB 3.0 data model.
	schemaFile, err := os.Open("testdata/openbadgecredential.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer schemaFile.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("ob3.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("ob3.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("the credential does not meet OB 3.0's required fields: %v", err)
	}

	// §8.2: the JWT claims repeat the credential's own fields.
	var cred struct {
		ID        string `json:"id"`
		ValidFrom string `json:"validFrom"`
		Name      string `json:"name"`
		Issuer    struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"issuer"`
		Subject struct {
			ID         string `json:"id"`
			Identifier []struct {
				IdentityHash string `json:"identityHash"`
			} `json:"identifier"`
			Achievement struct {
				Name      string `json:"name"`
				Alignment []struct {
					TargetName string `json:"targetName"`
				} `json:"alignment"`
			} `json:"achievement"`
		} `json:"credentialSubject"`
		Iss string `json:"iss"`
		Jti string `json:"jti"`
		Nbf int64  `json:"nbf"`
		Sub string `json:"sub"`
	}
	if err := json.Unmarshal(payload, &cred); err != nil {
		t.Fatal(err)
	}
	validFrom, _ := time.Parse(time.RFC3339, cred.ValidFrom)
	if cred.Iss != cred.Issuer.ID || cred.Jti != cred.ID || cred.Sub != cred.Subject.ID || cred.Nbf != validFrom.Unix() {
		t.Errorf("JWT claims do not match the credential: %+v", cred)
	}
	base := w.app.srv.URL
	if cred.Issuer.ID != base+"/issuer" || cred.Issuer.Name != "Lodestar" || !strings.HasPrefix(kid, base+"/.well-known/jwks.json#") {
		t.Errorf("issuer %q %q, kid %q", cred.Issuer.ID, cred.Issuer.Name, kid)
	}
	if cred.Name != "Customer Champion" || cred.Subject.Achievement.Name != "Customer Champion" ||
		len(cred.Subject.Achievement.Alignment) != 1 || cred.Subject.Achievement.Alignment[0].TargetName != "Customer-centred" {
		t.Errorf("achievement %+v", cred.Subject.Achievement)
	}
	if len(cred.Subject.Identifier) != 1 || strings.Contains(string(payload), "Tom@Example.com") || strings.Contains(string(payload), "tom@example.com") {
		t.Errorf("the holder must be named by a hash of the email, never the address: %+v", cred.Subject.Identifier)
	}
	// The same award keeps the same id.
	_, again := verifyCredential(t, w.app, tom.get(href).Body)
	var cred2 struct{ ID string }
	json.Unmarshal(again, &cred2)
	if cred2.ID != cred.ID || !strings.HasPrefix(cred.ID, "urn:uuid:") {
		t.Errorf("credential ids %q then %q", cred.ID, cred2.ID)
	}
	// The issuer profile is published where the credential says.
	prof := w.app.client().get("/issuer")
	if prof.StatusCode != http.StatusOK || !strings.Contains(prof.Body, `"Profile"`) {
		t.Errorf("issuer profile: %d %s", prof.StatusCode, prof.Body)
	}
	_ = rid
}

// Only the holder downloads or publishes their badge; the public page is off by default,
// shows only name, badge, date and organisation, and says "withdrawn" once moderated.
func TestOpenBadgePublicPageAndAccess(t *testing.T) {
	w, rid := credentialWorld(t)
	ctx := context.Background()
	path := "/me/badges/" + itoa(rid)
	for _, who := range []string{"A", "X", "ADMIN"} {
		c := w.app.signedIn(who)
		if res := c.get(path + "/credential"); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s downloads Tom's credential: %d", who, res.StatusCode)
		}
		if res := c.post(path+"/public", url.Values{"public": {"1"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s publishes Tom's badge: %d", who, res.StatusCode)
		}
	}
	tom := w.app.signedIn("T")
	if tom.get("/me/badges").doc(t).Find(`[data-testid=public-link]`).Length() != 0 {
		t.Fatal("a public page must be off by default")
	}
	if res := tom.post(path+"/public", url.Values{"public": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn on: %d", res.StatusCode)
	}
	link, _ := tom.get("/me/badges").doc(t).Find(`[data-testid=public-link] a`).Attr("href")
	if !strings.HasPrefix(link, "/credentials/") || len(link) < len("/credentials/")+20 {
		t.Fatalf("public link %q", link)
	}
	anon := w.app.client()
	res := anon.get(link)
	doc := res.doc(t)
	if res.StatusCode != http.StatusOK || doc.Find(`[data-testid=award-holder]`).Text() != "Tom Teammate" ||
		doc.Find(`[data-testid=award-badge]`).Text() != "Customer Champion" || doc.Find(`[data-testid=award-org]`).Text() != "Lodestar" {
		t.Fatalf("public page: %d %q", res.StatusCode, doc.Find(`[data-testid=public-award]`).Text())
	}
	if strings.Contains(res.Body, recognitionMessage) || strings.Contains(res.Body, "Ann Agent") || strings.Contains(res.Body, "example.com") {
		t.Error("the public page shows more than name, badge, date and organisation")
	}
	if state, _ := doc.Find(`[data-testid=public-award]`).Attr("data-state"); state != "valid" {
		t.Errorf("state %q", state)
	}
	// Moderated: the page says withdrawn, the download is refused.
	if err := w.app.store.HideRecognition(ctx, w.ids["ADMIN"], rid, "test"); err != nil {
		t.Fatal(err)
	}
	if state, _ := anon.get(link).doc(t).Find(`[data-testid=public-award]`).Attr("data-state"); state != "revoked" {
		t.Errorf("hidden award's public page state %q, want revoked", state)
	}
	if res := tom.get(path + "/credential"); res.StatusCode != http.StatusGone {
		t.Errorf("withdrawn award download: %d", res.StatusCode)
	}
	// Turned off: the page is gone, and comes back at the same address when turned on again.
	tom.post(path+"/public", url.Values{"public": {"0"}})
	if res := anon.get(link); res.StatusCode != http.StatusNotFound {
		t.Errorf("public page after turning it off: %d", res.StatusCode)
	}
	tom.post(path+"/public", url.Values{"public": {"1"}})
	if res := anon.get(link); res.StatusCode != http.StatusOK {
		t.Errorf("public page after turning it on again: %d", res.StatusCode)
	}
}

func TestOpenBadgeCredentialAPI(t *testing.T) {
	w, rid := credentialWorld(t)
	secret := scopedToken(w.app, store.TokenInput{Name: "Wallet bridge"})
	get := func(path string) response {
		req, _ := http.NewRequest(http.MethodGet, w.app.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		return w.app.client().do(req)
	}
	res := get("/api/v1/awards/" + itoa(rid) + "/credential")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("API credential: %d %s", res.StatusCode, res.Body)
	}
	verifyCredential(t, w.app, res.Body)
	if res := get("/api/v1/awards/" + itoa(rid) + "/credential?employee_id=X"); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone who did not receive it: %d", res.StatusCode)
	}
	// A badge given to a whole team names its holder.
	team, _, err := w.app.store.Give(context.Background(), store.GiveInput{GiverID: w.ids["X"], To: []string{"A", "T"}, BadgeID: w.badge, Message: recognitionMessage})
	if err != nil {
		t.Fatal(err)
	}
	if res := get("/api/v1/awards/" + itoa(team) + "/credential"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "employee_id") {
		t.Errorf("several holders without employee_id: %d %s", res.StatusCode, res.Body)
	}
	if res := get("/api/v1/awards/" + itoa(team) + "/credential?employee_id=A"); res.StatusCode != http.StatusOK {
		t.Errorf("several holders with employee_id: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, w.app.srv.URL+"/api/v1/awards/"+itoa(rid)+"/credential", nil)
	if res := w.app.client().do(req); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a token: %d", res.StatusCode)
	}
}

func TestIssuerSettingsForm(t *testing.T) {
	w, _ := credentialWorld(t)
	admin := w.app.signedIn("ADMIN")
	res := admin.post("/admin/credentials", url.Values{"org_name": {"Contoso Care 康托索"}, "logo_url": {"http://insecure.example/logo.png"}})
	doc := res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find(`[data-testid=error-logo_url]`).Length() != 1 {
		t.Fatalf("bad logo: %d", res.StatusCode)
	}
	if v, _ := doc.Find(`input[name=org_name]`).Attr("value"); v != "Contoso Care 康托索" {
		t.Errorf("typed name lost: %q", v)
	}
	if v, _ := doc.Find(`input[name=logo_url]`).Attr("value"); v != "http://insecure.example/logo.png" {
		t.Errorf("typed logo lost: %q", v)
	}
	if res := admin.post("/admin/credentials", url.Values{"org_name": {""}}); res.StatusCode != http.StatusUnprocessableEntity ||
		res.doc(t).Find(`[data-testid=error-org_name]`).Length() != 1 {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	if res := admin.post("/admin/credentials", url.Values{"org_name": {"Contoso Care"}, "logo_url": {"https://contoso.example/logo.png"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	prof := w.app.client().get("/issuer")
	if !strings.Contains(prof.Body, `"Contoso Care"`) || !strings.Contains(prof.Body, "https://contoso.example/logo.png") {
		t.Errorf("issuer profile after saving: %s", prof.Body)
	}
}
