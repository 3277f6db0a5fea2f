package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// clientCert is a client certificate and its key, as PEM files.
type clientCert struct {
	cert, key string // paths
	serial    *big.Int
}

// connParams is what a connection string needs to present the certificate.
func (c clientCert) connParams() string {
	if c.cert == "" {
		return ""
	}
	return "sslcert=" + c.cert + " sslkey=" + c.key
}

var certSerial = big.NewInt(1000)

// makeClientCert writes a client certificate with the given CN, signed by
// f's CA (or by the other, unrelated CA when byOther).
func makeClientCert(t *testing.T, f tlsFiles, cn string, byOther bool) clientCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	certSerial = new(big.Int).Add(certSerial, big.NewInt(1))
	tmpl := &x509.Certificate{SerialNumber: certSerial, Subject: pkix.Name{CommonName: cn, Organization: []string{"ringpg tests"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	issuer, issuerKey := f.caCert, f.caKey
	if byOther {
		issuer, issuerKey = f.otherCert, f.otherKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, issuerKey)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("client-%s-%s", cn, certSerial)
	c := clientCert{cert: filepath.Join(f.dir, name+".crt"), key: filepath.Join(f.dir, name+".key"), serial: certSerial}
	if err := os.WriteFile(c.cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return c
}

// writeCRL writes a revocation list of f's CA that revokes the given
// certificates, and returns its path.
func writeCRL(t *testing.T, f tlsFiles, revoked ...clientCert) string {
	t.Helper()
	var entries []x509.RevocationListEntry
	for _, c := range revoked {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: c.serial, RevocationTime: time.Now().Add(-time.Minute)})
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1),
		ThisUpdate: time.Now().Add(-time.Hour), NextUpdate: time.Now().Add(24 * time.Hour),
		RevokedCertificateEntries: entries}, f.caCert, f.caKey)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(f.dir, "root.crl")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTLSClientCertificates: with ssl_ca_file, cert rules let in a client
// whose certificate's CN is the role, clientcert=verify-full adds that check
// to a password, verify-ca only asks for a valid certificate, and a revoked
// or foreign certificate gets nobody in; pg_stat_ssl shows each session's
// TLS and certificate, and a reused backend's next session does not show
// the last one's.
func TestTLSClientCertificates(t *testing.T) {
	f := makeTLSFiles(t)
	alice := makeClientCert(t, f, "alice", false)
	bob := makeClientCert(t, f, "bob", false)
	carol := makeClientCert(t, f, "carol", false)
	foreign := makeClientCert(t, f, "alice", true)
	revoked := makeClientCert(t, f, "alice", false)
	crl := writeCRL(t, f, revoked)
	s := startTLSServer(t, f, "-c", "ssl_ca_file="+f.ca, "-c", "ssl_crl_file="+crl, "-c", "backend_pool_min_idle=1")
	setup := s.mustConnect()
	query(t, setup, "create user alice password 'wonder'")
	query(t, setup, "create user bob password 'builder'")
	query(t, setup, "create user carol")
	hba := "local all all trust\n" +
		"hostssl all alice 127.0.0.1/32 cert\n" +
		"hostssl all bob 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n" +
		"hostssl all carol 127.0.0.1/32 trust clientcert=verify-ca\n" +
		"host all postgres 127.0.0.1/32 trust\n"
	if err := os.WriteFile(filepath.Join(s.dataDir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signal(syscall.SIGHUP)
	try := func(user, password string, cert clientCert) (*pgconn.PgConn, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=%s password='%s' dbname=postgres sslmode=verify-full sslrootcert=%s %s",
			s.port, user, password, f.ca, cert.connParams()))
	}
	if !eventually(10*time.Second, func() bool {
		c, err := try("alice", "", alice)
		if err == nil {
			c.Close(context.Background())
		}
		return err == nil
	}) {
		_, err := try("alice", "", alice)
		t.Fatalf("cert rule not applied: %v\n%s", err, s.log)
	}
	for _, tc := range []struct {
		name, user, password string
		cert                 clientCert
		want                 string // "" success, else SQLSTATE and message, or "handshake" for a refused certificate
	}{
		{"cert", "alice", "", alice, ""},
		{"cert of another role", "alice", "", bob, `28000 certificate authentication failed for user "alice"`},
		{"cert without certificate", "alice", "", clientCert{}, "28000 connection requires a valid client certificate"},
		{"cert from another CA", "alice", "", foreign, "28000 connection requires a valid client certificate"},
		{"revoked cert", "alice", "", revoked, "handshake"},
		{"verify-full", "bob", "builder", bob, ""},
		{"verify-full wrong password", "bob", "wrong", bob, `28P01 password authentication failed for user "bob"`},
		{"verify-full other CN", "bob", "builder", alice, `28P01 password authentication failed for user "bob"`},
		{"verify-full without certificate", "bob", "builder", clientCert{}, "28000 connection requires a valid client certificate"},
		{"verify-ca any name", "carol", "", alice, ""},
		{"verify-ca own name", "carol", "", carol, ""},
		{"verify-ca without certificate", "carol", "", clientCert{}, "28000 connection requires a valid client certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := try(tc.user, tc.password, tc.cert)
			if err == nil {
				c.Close(context.Background())
			}
			got := ""
			if err != nil {
				got = "handshake"
				if code := sqlstate(err); code != "" {
					var pe *pgconn.PgError
					asPgError(err, &pe)
					got = code + " " + pe.Message
				}
			}
			if got != tc.want {
				t.Fatalf("got %q (%v), want %q", got, err, tc.want)
			}
		})
	}
	if !strings.Contains(s.log.String(), `provided user name (alice) and authenticated user name (bob) do not match`) {
		t.Errorf("a CN mismatch is not logged:\n%s", s.log)
	}

	t.Run("pg_stat_ssl", func(t *testing.T) {
		c, err := try("alice", "", alice)
		if err != nil {
			t.Fatal(err)
		}
		// Read by the superuser's session: the TLS session's row, and
		// the reader's own, plain, row.
		pid := query(t, c, "select pg_backend_pid()")
		got := query(t, setup, "select concat_ws('|', ssl, version, bits, client_dn, client_serial, issuer_dn) from pg_stat_ssl where pid = "+pid)
		want := fmt.Sprintf("t|TLSv1.3|%s|/O=ringpg tests/CN=alice|%s|/CN=ringpg test CA", "256", alice.serial)
		if cipher := query(t, setup, "select cipher from pg_stat_ssl where pid = "+pid); cipher == "TLS_AES_128_GCM_SHA256" {
			want = strings.Replace(want, "|256|", "|128|", 1)
		}
		if got != want {
			t.Errorf("pg_stat_ssl row %q, want %q", got, want)
		}
		if got := query(t, setup, "select concat_ws('|', ssl, version, cipher, bits, client_dn, client_serial, issuer_dn) from pg_stat_ssl where pid = pg_backend_pid()"); got != "f" {
			t.Errorf("a plain session's pg_stat_ssl row: %q", got)
		}
		c.Close(context.Background())
		// A plain session on the TLS session's backend: its row shows
		// no TLS.
		next := s.connectToBackend(t, pid)
		if next == nil {
			t.Skip("no session landed on the TLS session's backend")
		}
		row := query(t, next, "select concat_ws('|', ssl, version, cipher, bits, client_dn, client_serial, issuer_dn) from pg_stat_ssl where pid = pg_backend_pid()")
		next.Close(context.Background())
		if row != "f" {
			t.Fatalf("a reused backend shows %q", row)
		}
	})
}

// TestTLSClientCertWithoutCA: a clientcert rule on a server without
// ssl_ca_file cannot be applied (F0000, PostgreSQL's message).
func TestTLSClientCertWithoutCA(t *testing.T) {
	f := makeTLSFiles(t)
	s := startTLSServer(t, f)
	hba := "local all all trust\nhostssl all all 127.0.0.1/32 trust clientcert=verify-ca\nhost all all 127.0.0.1/32 trust\n"
	if err := os.WriteFile(filepath.Join(s.dataDir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signal(syscall.SIGHUP)
	if !eventually(10*time.Second, func() bool { _, err := s.tryTLS("sslmode=require"); return sqlstate(err) == "F0000" }) {
		_, err := s.tryTLS("sslmode=require")
		t.Fatalf("got %v", err)
	}
	_, err := s.tryTLS("sslmode=require")
	if !strings.Contains(err.Error(), "client certificates can only be checked if a root certificate store is available") {
		t.Fatalf("got %v", err)
	}
}
