package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ErrSecretKey says a secret in the database was sealed with a key this server does not
// have (LODESTAR_SECRET_KEY unset or changed).
var ErrSecretKey = errors.New("store: a stored secret cannot be opened: LODESTAR_SECRET_KEY is missing or not the one it was sealed with")

// sealedPrefix marks secrets encrypted at rest; a value without it was stored in the clear
// (no key was set then) and is still read, and sealed on its next save.
const sealedPrefix = "sealed:v1:"

// WithSecretKey encrypts secrets the store keeps for talking to other systems (single
// sign-on client secrets) with a key derived from passphrase, which lives outside the
// database: a copy of the database alone then holds no usable secret. "" keeps them in the clear.
func WithSecretKey(passphrase string) Option {
	return func(s *Store) {
		if passphrase != "" {
			sum := sha256.Sum256([]byte(passphrase))
			s.secretKey = sum[:]
		}
	}
}

// SealsSecrets tells whether secrets are encrypted at rest.
func (s *Store) SealsSecrets() bool { return s.secretKey != nil }

func (s *Store) secretAEAD() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.secretKey)
	if err != nil {
		return nil, fmt.Errorf("store: secret key: %w", err)
	}
	return cipher.NewGCM(block)
}

// seal encrypts a secret for storage (AES-256-GCM); purpose binds it to its column.
func (s *Store) seal(purpose, plain string) (string, error) {
	if s.secretKey == nil || plain == "" {
		return plain, nil
	}
	aead, err := s.secretAEAD()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))), nil
}

// unseal returns a stored secret in the clear.
func (s *Store) unseal(purpose, stored string) (string, error) {
	data, sealed := strings.CutPrefix(stored, sealedPrefix)
	if !sealed {
		return stored, nil
	}
	if s.secretKey == nil {
		return "", ErrSecretKey
	}
	aead, err := s.secretAEAD()
	if err != nil {
		return "", err
	}
	raw, err := base64.RawStdEncoding.DecodeString(data)
	if err != nil || len(raw) < aead.NonceSize() {
		return "", ErrSecretKey
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(purpose))
	if err != nil {
		return "", ErrSecretKey
	}
	return string(plain), nil
}
