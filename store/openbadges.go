package store

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Open Badges 3.0 (1EdTech): a badge someone holds, as a W3C Verifiable Credential signed as
// a VC-JWT (OB 3.0 §8.2): the JWT's payload is the credential itself, with iss, jti, nbf
// and sub repeating its issuer, id, validFrom and subject, signed RS256.

// Issuer is who signs the credentials: this Lodestar, under the organisation's name.
type Issuer struct {
	BaseURL string // the public address, no trailing slash
	Name    string
	LogoURL string
}

// ID is the issuer's identifier: the address of its Profile document.
func (iss Issuer) ID() string { return iss.BaseURL + "/issuer" }

// JWKSURL is where the issuer's public keys are published.
func (iss Issuer) JWKSURL() string { return iss.BaseURL + "/.well-known/jwks.json" }

// KeyURI names one key: the JWKS address with the key's number as fragment, as the JWT
// header's kid (a URI a verifier dereferences) and the JWKS entry's kid.
func (iss Issuer) KeyURI(keyID int64) string { return fmt.Sprintf("%s#key-%d", iss.JWKSURL(), keyID) }

// Image is an OB 3.0 Image.
type Image struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// Profile is the issuer as credentials carry it (and /issuer serves it).
type Profile struct {
	Context []string `json:"@context,omitempty"`
	ID      string   `json:"id"`
	Type    []string `json:"type"`
	Name    string   `json:"name"`
	URL     string   `json:"url,omitempty"`
	Image   *Image   `json:"image,omitempty"`
}

// IssuerProfile is the Profile document for iss.
func IssuerProfile(iss Issuer, withContext bool) Profile {
	p := Profile{ID: iss.ID(), Type: []string{"Profile"}, Name: iss.Name, URL: iss.BaseURL}
	if withContext {
		p.Context = credentialContext
	}
	if iss.LogoURL != "" {
		p.Image = &Image{ID: iss.LogoURL, Type: "Image"}
	}
	return p
}

var credentialContext = []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}

// Credential is an OpenBadgeCredential with the JWT claims of the VC-JWT proof format.
type Credential struct {
	Context           []string          `json:"@context"`
	ID                string            `json:"id"`
	Type              []string          `json:"type"`
	Issuer            Profile           `json:"issuer"`
	ValidFrom         string            `json:"validFrom"`
	Name              string            `json:"name"`
	CredentialSubject CredentialSubject `json:"credentialSubject"`
	// VC-JWT registered claims (§8.2).
	Iss string `json:"iss"`
	Jti string `json:"jti"`
	Nbf int64  `json:"nbf"`
	Sub string `json:"sub"`
}

// CredentialSubject is the holder and what they achieved.
type CredentialSubject struct {
	ID          string           `json:"id"`
	Type        []string         `json:"type"`
	Identifier  []IdentityObject `json:"identifier,omitempty"`
	Achievement Achievement      `json:"achievement"`
}

// IdentityObject names the holder by a salted hash of their email, so the credential can be
// matched to an address without printing it.
type IdentityObject struct {
	Type         string `json:"type"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Hashed       bool   `json:"hashed"`
	Salt         string `json:"salt"`
}

// Achievement is the badge.
type Achievement struct {
	ID          string      `json:"id"`
	Type        []string    `json:"type"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Criteria    Criteria    `json:"criteria"`
	Image       *Image      `json:"image,omitempty"`
	Alignment   []Alignment `json:"alignment,omitempty"`
	InLanguage  string      `json:"inLanguage,omitempty"`
}

// Criteria says how the badge is earned.
type Criteria struct {
	Narrative string `json:"narrative"`
}

// Alignment ties the badge to the company value it stands for.
type Alignment struct {
	Type              []string `json:"type"`
	TargetName        string   `json:"targetName"`
	TargetURL         string   `json:"targetUrl"`
	TargetDescription string   `json:"targetDescription,omitempty"`
	TargetType        string   `json:"targetType"`
}

// AwardCredentialID is the credential's stable identifier: the same award always has the
// same id, derived from the site and the award (a URN, so nothing is written to read it).
func AwardCredentialID(base string, recognitionID, personID int64) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "lodestar-award\x00%s\x00%d\x00%d", base, recognitionID, personID))
	h := hex.EncodeToString(sum[:16])
	// Shaped as a UUID (version 8: custom), as urn:uuid requires.
	return fmt.Sprintf("urn:uuid:%s-%s-8%s-%x%s-%s", h[0:8], h[8:12], h[13:16], 0x8|(sum[8]&0x3), h[17:20], h[20:32])
}

// OpenBadgeCredential describes award as an OB 3.0 credential, in lang ("en" or "zh").
func OpenBadgeCredential(a Award, iss Issuer, lang string) Credential {
	validFrom := a.AwardedAt.UTC().Truncate(time.Second)
	achievement := Achievement{
		ID:          fmt.Sprintf("%s/recognition/badges/%d", iss.BaseURL, a.Badge.ID),
		Type:        []string{"Achievement"},
		Name:        a.Badge.Name(lang),
		Description: a.Badge.Description(lang),
		Criteria:    Criteria{Narrative: a.Badge.Criteria(lang)},
		Image:       &Image{ID: iss.BaseURL + "/static/icons/badges/" + a.Badge.Icon + ".svg", Type: "Image"},
		InLanguage:  map[bool]string{true: "zh-Hans", false: "en"}[strings.HasPrefix(lang, "zh")],
	}
	if achievement.Description == "" {
		achievement.Description = achievement.Name
	}
	if achievement.Criteria.Narrative == "" {
		achievement.Criteria.Narrative = achievement.Description
	}
	if a.ValueID != 0 {
		achievement.Alignment = []Alignment{{Type: []string{"Alignment"}, TargetName: a.ValueName(lang),
			TargetURL: fmt.Sprintf("%s/culture#value-%d", iss.BaseURL, a.ValueID), TargetDescription: a.ValueMeaning(lang),
			TargetType: "ext:CultureValue"}}
	}
	subject := CredentialSubject{ID: iss.BaseURL + "/people/" + a.Holder.EmployeeID, Type: []string{"AchievementSubject"},
		Achievement: achievement}
	if email := strings.ToLower(strings.TrimSpace(a.Holder.Email)); email != "" {
		salt := hex.EncodeToString(fmt.Appendf(nil, "%d", a.RecognitionID))
		sum := sha256.Sum256([]byte(email + salt))
		subject.Identifier = []IdentityObject{{Type: "IdentityObject", IdentityHash: "sha256$" + hex.EncodeToString(sum[:]),
			IdentityType: "emailAddress", Hashed: true, Salt: salt}}
	}
	c := Credential{
		Context:           credentialContext,
		ID:                AwardCredentialID(iss.BaseURL, a.RecognitionID, a.Holder.ID),
		Type:              []string{"VerifiableCredential", "OpenBadgeCredential"},
		Issuer:            IssuerProfile(iss, false),
		ValidFrom:         validFrom.Format(time.RFC3339),
		Name:              achievement.Name,
		CredentialSubject: subject,
	}
	c.Iss, c.Jti, c.Nbf, c.Sub = c.Issuer.ID, c.ID, validFrom.Unix(), subject.ID
	return c
}

// SignCredential encodes c as a compact JWS (RS256) with key, naming the key by kid and
// carrying its public half in the header, as §8.2 allows, so a verifier needs no lookup.
func SignCredential(c Credential, key IssuerKey, kid string) (string, error) {
	header, err := json.Marshal(map[string]any{"alg": "RS256", "typ": "JWT", "kid": kid, "jwk": PublicJWK(&key.Private.PublicKey, kid)})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	signingInput := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(payload)
	digest := sha256.Sum256([]byte(signingInput))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key.Private, crypto.SHA256, digest[:])
	if err != nil {
		return "", fmt.Errorf("store: sign credential: %w", err)
	}
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// JWK is a public RSA key as a JSON Web Key (never with the private "d").
type JWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// PublicJWK is the public half of an RSA key as a JWK.
func PublicJWK(pub *rsa.PublicKey, kid string) JWK {
	return JWK{Kty: "RSA", Kid: kid, Use: "sig", Alg: "RS256",
		N: base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		E: base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}
}
