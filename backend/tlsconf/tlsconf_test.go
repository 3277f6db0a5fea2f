package tlsconf

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringpg/settings"
)

// writePair writes a self-signed certificate and its key into dir.
func writePair(t *testing.T, dir string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "server.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(filepath.Join(dir, "server.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	os.WriteFile(filepath.Join(dir, "ca.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}

func set(t *testing.T, kv ...string) *settings.Set {
	t.Helper()
	s := settings.New()
	for i := 0; i < len(kv); i += 2 {
		if err := s.Apply(kv[i], kv[i+1], settings.ContextPostmaster, settings.SourceArgv); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writePair(t, dir)
	empty := t.TempDir()
	for _, tc := range []struct {
		name    string
		dir     string
		kv      []string
		wantErr string
		check   func(*tls.Config) bool
	}{
		{name: "defaults", dir: dir, check: func(c *tls.Config) bool {
			return c.MinVersion == tls.VersionTLS12 && c.MaxVersion == 0 && c.ClientCAs == nil && c.ClientAuth == tls.NoClientCert
		}},
		{name: "versions", dir: dir, kv: []string{"ssl_min_protocol_version", "TLSv1.3", "ssl_max_protocol_version", "TLSv1.3"},
			check: func(c *tls.Config) bool { return c.MinVersion == tls.VersionTLS13 && c.MaxVersion == tls.VersionTLS13 }},
		{name: "ca", dir: dir, kv: []string{"ssl_ca_file", "ca.crt"},
			check: func(c *tls.Config) bool { return c.ClientCAs != nil && c.ClientAuth == tls.VerifyClientCertIfGiven }},
		{name: "no cert", dir: empty,
			wantErr: `could not load server certificate file "` + filepath.Join(empty, "server.crt") + `": No such file or directory`},
		{name: "no key", dir: dir, kv: []string{"ssl_key_file", "nokey"},
			wantErr: `could not access private key file "` + filepath.Join(dir, "nokey") + `": No such file or directory`},
		{name: "no ca", dir: dir, kv: []string{"ssl_ca_file", "/nonexistent/ca.crt"},
			wantErr: `could not load root certificate file "/nonexistent/ca.crt": No such file or directory`},
		{name: "range", dir: dir, kv: []string{"ssl_min_protocol_version", "TLSv1.3", "ssl_max_protocol_version", "TLSv1.2"},
			wantErr: `could not set SSL protocol version range`},
		{name: "key as cert", dir: dir, kv: []string{"ssl_cert_file", "server.key"},
			wantErr: `could not load server certificate file`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(set(t, tc.kv...), tc.dir)
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(cfg) {
				t.Fatalf("unexpected config %+v", cfg)
			}
		})
	}
}

func TestKeyPermissions(t *testing.T) {
	dir := t.TempDir()
	writePair(t, dir)
	os.Chmod(filepath.Join(dir, "server.key"), 0o644)
	_, err := Load(set(t), dir)
	if err == nil || !strings.Contains(err.Error(), "has group or world access") {
		t.Fatalf("err = %v", err)
	}
}

func TestCachedReloadsChangedFiles(t *testing.T) {
	dir := t.TempDir()
	writePair(t, dir)
	s := set(t)
	a, err := Cached(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := Cached(s, dir); b != a {
		t.Fatal("unchanged files gave a new config")
	}
	writePair(t, dir) // new files (new inode or size or time)
	os.Chtimes(filepath.Join(dir, "server.crt"), time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	if b, err := Cached(s, dir); err != nil || b == a {
		t.Fatalf("changed files: %v, same config %v", err, b == a)
	}
	os.Remove(filepath.Join(dir, "server.crt"))
	if _, err := Cached(s, dir); err == nil {
		t.Fatal("a removed certificate still loads")
	}
}

func TestCheckWithSSLOff(t *testing.T) {
	if err := Check(set(t, "data_directory", t.TempDir())); err != nil {
		t.Fatal(err)
	}
}

// testCA is a CA certificate and key for the revocation list tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	der  []byte
}

func newTestCA(t *testing.T, name string) testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{cert: cert, key: key, der: der}
}

// issue returns a client certificate with the given serial number.
func (ca testCA) issue(t *testing.T, serial int64) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "alice"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// crl returns a PEM revocation list of ca revoking the serial numbers.
func (ca testCA) crl(t *testing.T, serials ...int64) []byte {
	t.Helper()
	var entries []x509.RevocationListEntry
	for _, s := range serials {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: big.NewInt(s), RevocationTime: time.Now()})
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1),
		ThisUpdate: time.Now().Add(-time.Hour), NextUpdate: time.Now().Add(time.Hour),
		RevokedCertificateEntries: entries}, ca.cert, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
}

// TestRevocationList: ssl_crl_file refuses the certificates it revokes and
// no others; a list the CA did not sign, or a missing file, stops the load.
func TestRevocationList(t *testing.T) {
	dir := t.TempDir()
	writePair(t, dir)
	ca, other := newTestCA(t, "test CA"), newTestCA(t, "other CA")
	os.WriteFile(filepath.Join(dir, "root.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.der}), 0o644)
	os.WriteFile(filepath.Join(dir, "root.crl"), ca.crl(t, 5), 0o644)
	os.WriteFile(filepath.Join(dir, "other.crl"), other.crl(t, 5), 0o644)

	cfg, err := Load(set(t, "ssl_ca_file", "root.crt", "ssl_crl_file", "root.crl"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.VerifyPeerCertificate == nil {
		t.Fatal("no revocation check")
	}
	revoked, good := ca.issue(t, 5), ca.issue(t, 6)
	if err := cfg.VerifyPeerCertificate(nil, [][]*x509.Certificate{{revoked, ca.cert}}); err == nil || err.Error() != "certificate revoked" {
		t.Errorf("revoked certificate: %v", err)
	}
	if err := cfg.VerifyPeerCertificate(nil, [][]*x509.Certificate{{good, ca.cert}}); err != nil {
		t.Errorf("good certificate: %v", err)
	}
	// The same list under its hashed name in ssl_crl_dir; other names
	// there are not read.
	crlDir := filepath.Join(dir, "crls")
	os.Mkdir(crlDir, 0o755)
	os.WriteFile(filepath.Join(crlDir, "0a1b2c3d.r0"), ca.crl(t, 5), 0o644)
	os.WriteFile(filepath.Join(crlDir, "README"), []byte("not a list"), 0o644)
	cfg, err = Load(set(t, "ssl_ca_file", "root.crt", "ssl_crl_dir", "crls"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.VerifyPeerCertificate(nil, [][]*x509.Certificate{{revoked, ca.cert}}); err == nil {
		t.Error("ssl_crl_dir: revoked certificate accepted")
	}
	if err := cfg.VerifyPeerCertificate(nil, [][]*x509.Certificate{{good, ca.cert}}); err != nil {
		t.Errorf("ssl_crl_dir: good certificate: %v", err)
	}
	if _, err := Load(set(t, "ssl_ca_file", "root.crt", "ssl_crl_dir", "nodir"), dir); err == nil ||
		err.Error() != `could not load SSL certificate revocation list directory "`+filepath.Join(dir, "nodir")+`": No such file or directory` {
		t.Errorf("missing ssl_crl_dir: %v", err)
	}
	for _, tc := range []struct{ crl, want string }{
		{"other.crl", `could not load SSL certificate revocation list file "` + filepath.Join(dir, "other.crl") + `": not signed`},
		{"none.crl", `could not load SSL certificate revocation list file "` + filepath.Join(dir, "none.crl") + `": No such file or directory`},
		{"server.crt", `could not load SSL certificate revocation list file "` + filepath.Join(dir, "server.crt") + `": x509: `},
	} {
		_, err := Load(set(t, "ssl_ca_file", "root.crt", "ssl_crl_file", tc.crl), dir)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %s...", tc.crl, err, tc.want)
		}
	}
}
