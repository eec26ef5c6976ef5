package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"lodestar/store"
)

// TestNginxConfigInFrontOfTwoServers runs deploy/nginx-lodestar.conf, the file
// docs/deploy.md shows, with only its addresses and certificate paths changed, in front of
// two real servers started as the file's header says: HTTPS through nginx reaches both
// servers, plain HTTP is sent to HTTPS, sign-in works (the browser's Origin matches the
// Host nginx passes on) with a Secure cookie that works on both, and sign-in throttling
// counts the client's address from X-Forwarded-For, which the client cannot forge.
func TestNginxConfigInFrontOfTwoServers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts nginx and two server processes")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/nginx"); err2 != nil {
			t.Skip("nginx is not installed (apt-get install -y nginx)")
		}
		nginx = "/usr/sbin/nginx"
	}
	db := sharedDatabase(t)
	flags := []string{"--db", db, "--trust-proxy", "--secure-cookies", "--max-conns-per-client", "0"}
	a := startServe(t, append(flags, "--demo")...)
	b := startServe(t, flags...)

	dir := t.TempDir()
	cert := selfSignedCert(t, dir)
	httpsPort, httpPort := freePort(t), freePort(t)
	conf, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx-lodestar.conf"))
	if err != nil {
		t.Fatal(err)
	}
	site := string(conf)
	for _, r := range [][2]string{
		{"server 10.0.0.11:8080", "server " + strings.TrimPrefix(a.url, "http://")},
		{"server 10.0.0.12:8080", "server " + strings.TrimPrefix(b.url, "http://")},
		{"listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;"},
		{"listen 80;", "listen 127.0.0.1:" + httpPort + ";"},
		{"/etc/ssl/lodestar/fullchain.pem", filepath.Join(dir, "cert.pem")},
		{"/etc/ssl/lodestar/privkey.pem", filepath.Join(dir, "key.pem")},
	} {
		if !strings.Contains(site, r[0]) {
			t.Fatalf("deploy/nginx-lodestar.conf no longer has %q: update this test with the file", r[0])
		}
		site = strings.ReplaceAll(site, r[0], r[1])
	}
	if err := os.WriteFile(filepath.Join(dir, "lodestar.conf"), []byte(site), 0o600); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the workers read this test's private temporary directory
	}
	// The main file a distribution ships, in brief; the one test-only line names the
	// server that answered.
	main := fmt.Sprintf(`%s
worker_processes 1;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    add_header X-Test-Upstream $upstream_addr always;
    include %[2]s/lodestar.conf;
}
`, user, dir)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(nginx, "-t", "-p", dir, "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	proxy := exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"))
	// A file, not a pipe: the workers inherit it, and a pipe would keep Wait waiting for
	// them. Its own process group, so no worker outlives the test.
	out, err := os.Create(filepath.Join(dir, "nginx.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	proxy.Stdout, proxy.Stderr = out, out
	proxy.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { proxy.Wait(); close(exited) }()
	t.Cleanup(func() {
		proxy.Process.Signal(syscall.SIGTERM) // the master stops its workers
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-proxy.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+httpsPort); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			said, _ := os.ReadFile(out.Name())
			t.Fatalf("nginx did not listen:\n%s\n%s", said, log)
		}
	}

	site443 := "https://127.0.0.1:" + httpsPort
	// Clients on two loopback addresses, so that nginx sees two different clients.
	from := func(ip string) *http.Client {
		pool := x509.NewCertPool()
		pool.AddCert(cert)
		dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
		return &http.Client{Timeout: 30 * time.Second,
			Transport:     &http.Transport{DialContext: dialer.DialContext, TLSClientConfig: &tls.Config{RootCAs: pool}},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	alice, mallory := from("127.0.0.3"), from("127.0.0.2")
	send := func(c *http.Client, method, path, cookie string, form url.Values, header ...string) *http.Response {
		t.Helper()
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req, err := http.NewRequest(method, site443+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		res.Body.Close()
		return res
	}

	// Plain HTTP goes to HTTPS.
	res, err := from("127.0.0.3").Get("http://127.0.0.1:" + httpPort + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || !strings.HasPrefix(res.Header.Get("Location"), "https://") {
		t.Fatalf("plain HTTP: %d %q, want 301 to https", res.StatusCode, res.Header.Get("Location"))
	}

	// Sign in through nginx as a browser would (its Origin is the site's): the cookie is
	// Secure, and pages through nginx, whichever server answers, are signed in.
	res = send(alice, "POST", "/login", "", url.Values{"login": {"agent"}, "password": {store.DemoPassword}}, "Origin", site443)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in through nginx: %d", res.StatusCode)
	}
	var cookie string
	for _, ck := range res.Cookies() {
		if ck.Name == "lodestar_session" {
			if !ck.Secure || !ck.HttpOnly {
				t.Fatalf("session cookie Secure=%v HttpOnly=%v, want both", ck.Secure, ck.HttpOnly)
			}
			cookie = ck.Name + "=" + ck.Value
		}
	}
	if cookie == "" {
		t.Fatal("no session cookie through nginx")
	}
	upstreams := map[string]bool{}
	for range 6 {
		res := send(alice, "GET", "/recognition", cookie, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("board through nginx: %d", res.StatusCode)
		}
		upstreams[res.Header.Get("X-Test-Upstream")] = true
	}
	want := map[string]bool{strings.TrimPrefix(a.url, "http://"): true, strings.TrimPrefix(b.url, "http://"): true}
	if len(upstreams) != 2 || !upstreams[strings.TrimPrefix(a.url, "http://")] || !upstreams[strings.TrimPrefix(b.url, "http://")] {
		t.Fatalf("requests reached %v, want both of %v", upstreams, want)
	}

	// Per-address throttling: every request reaches the servers from nginx's address, yet
	// one client's failures lock out that client only, and a forged X-Forwarded-For does
	// not get it out.
	for i := range store.MaxClientFailures {
		res := send(mallory, "POST", "/login", "", url.Values{"login": {"guess-" + strconv.Itoa(i)}, "password": {"wrong"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i, res.StatusCode)
		}
	}
	if res := send(mallory, "POST", "/login", "", url.Values{"login": {"manager"}, "password": {store.DemoPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d failures from one address: %d, want 429", store.MaxClientFailures, res.StatusCode)
	}
	if res := send(mallory, "POST", "/login", "", url.Values{"login": {"manager"}, "password": {store.DemoPassword}}, "X-Forwarded-For", "203.0.113.9"); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a forged X-Forwarded-For got past the address lock: %d", res.StatusCode)
	}
	if res := send(alice, "POST", "/login", "", url.Values{"login": {"manager"}, "password": {store.DemoPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another client was locked out with the first: %d", res.StatusCode)
	}
}

// selfSignedCert writes cert.pem and key.pem for 127.0.0.1 into dir.
func selfSignedCert(t *testing.T, dir string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "lodestar test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// TestDeployDocShowsTheTestedNginxConfig: the nginx configuration docs/deploy.md shows is
// the file the nginx test runs, character for character.
func TestDeployDocShowsTheTestedNginxConfig(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx-lodestar.conf"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```nginx\n")
	if block, _, ok = strings.Cut(block, "```"); !ok {
		t.Fatal("docs/deploy.md has no ```nginx block")
	}
	if block != string(conf) {
		t.Fatal("docs/deploy.md's nginx block differs from deploy/nginx-lodestar.conf: copy the file into the doc")
	}
}
