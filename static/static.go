// Package static embeds the CSS, JavaScript and icons and serves them under
// content-hashed URLs, so browsers may cache them forever.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed css js icons
var files embed.FS

// hashes maps a file name to the first 12 hex digits of its SHA-256; built once at start-up.
var hashes = hashFiles()

func hashFiles() map[string]string {
	out := map[string]string{}
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[path] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return out
}

// Path returns the URL of an embedded file, e.g. Path("css/app.css") →
// "/static/3f2a9c1b0d4e/css/app.css". An unknown name panics: it is a programming error.
func Path(name string) string {
	h, ok := hashes[name]
	if !ok {
		panic("static: no such file " + name)
	}
	return "/static/" + h + "/" + name
}

// Handler serves /static/{hash}/{name}. Any hash is accepted (an old page asking for
// an old hash gets the current file) but only the current one is cached forever.
func Handler() http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, "/static/")
		hash, name, ok := strings.Cut(rest, "/")
		if !ok || name == "" || strings.HasSuffix(name, "/") {
			http.NotFound(w, r)
			return
		}
		if current, known := hashes[name]; !known {
			http.NotFound(w, r)
			return
		} else if current == hash {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		fileServer.ServeHTTP(w, r2)
	})
}
