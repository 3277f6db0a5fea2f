// Package tlsconf builds the server's TLS configuration from the ssl_*
// settings, as PostgreSQL 15's be-secure-openssl.c does: the certificate
// chain and private key, an optional CA file for client certificates
// with optional certificate revocation lists (crl.go), and the protocol
// version range. Relative paths are taken from the data
// directory. Errors use PostgreSQL's wording, since an administrator reads
// them in the log of a server that refused to start.
//
// It owns no shared state but a small per-process cache (Cached), guarded by
// its own mutex, so that a backend does not parse the key again for every
// TLS session. It calls only the settings registry and the standard library.
package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"ringpg/settings"
)

// Check is what the postmaster runs at start: with ssl on, the
// configuration must load (PostgreSQL refuses to start otherwise); with
// ssl off nothing is read.
func Check(set *settings.Set) error {
	if !set.Bool("ssl") {
		return nil
	}
	_, err := Load(set, set.DataDirectory())
	return err
}

// Load builds a TLS server configuration from the ssl_* settings of set.
func Load(set *settings.Set, dataDir string) (*tls.Config, error) {
	p := paramsOf(set, dataDir)
	return p.load()
}

// params are the inputs of a configuration, comparable for the cache.
type params struct {
	cert, key, ca, crl, crlDir string // absolute (or data-directory-relative resolved) paths
	min, max                   string // ssl_min_protocol_version, ssl_max_protocol_version
}

func paramsOf(set *settings.Set, dataDir string) params {
	show := func(name string) string { v, _ := set.Show(name); return v }
	resolve := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dataDir, p)
	}
	return params{
		cert:   resolve(show("ssl_cert_file")),
		key:    resolve(show("ssl_key_file")),
		ca:     resolve(show("ssl_ca_file")),
		crl:    resolve(show("ssl_crl_file")),
		crlDir: resolve(show("ssl_crl_dir")),
		min:    show("ssl_min_protocol_version"),
		max:    show("ssl_max_protocol_version"),
	}
}

// versions maps the settings' spellings to crypto/tls constants.
var versions = map[string]uint16{
	"TLSv1":   tls.VersionTLS10,
	"TLSv1.1": tls.VersionTLS11,
	"TLSv1.2": tls.VersionTLS12,
	"TLSv1.3": tls.VersionTLS13,
}

func (p params) load() (*tls.Config, error) {
	certPEM, err := os.ReadFile(p.cert)
	if err != nil {
		return nil, fmt.Errorf("could not load server certificate file %q: %s", p.cert, strerror(err))
	}
	if err := checkKeyPermissions(p.key); err != nil {
		return nil, err
	}
	keyPEM, err := os.ReadFile(p.key)
	if err != nil {
		return nil, fmt.Errorf("could not load private key file %q: %s", p.key, strerror(err))
	}
	if err := hasBlock(certPEM, "CERTIFICATE"); err != nil {
		return nil, fmt.Errorf("could not load server certificate file %q: %v", p.cert, err)
	}
	if err := hasBlock(keyPEM, "PRIVATE KEY"); err != nil {
		return nil, fmt.Errorf("could not load private key file %q: %v", p.key, err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("check of private key failed: %v", err)
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{pair},
		MinVersion:   versions[p.min],
	}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	if p.max != "" {
		cfg.MaxVersion = versions[p.max]
		if cfg.MaxVersion < cfg.MinVersion {
			return nil, fmt.Errorf("could not set SSL protocol version range: %q cannot be higher than %q",
				"ssl_min_protocol_version", "ssl_max_protocol_version")
		}
	}
	if p.ca != "" {
		caPEM, err := os.ReadFile(p.ca)
		if err != nil {
			return nil, fmt.Errorf("could not load root certificate file %q: %s", p.ca, strerror(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("could not load root certificate file %q: no certificate found", p.ca)
		}
		// As PostgreSQL with ssl_ca_file: ask for a client certificate,
		// verify one if given; pg_hba.conf's clientcert decides whether
		// one is required.
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
		if p.crl != "" || p.crlDir != "" {
			crl, err := loadRevocations(p.crl, p.crlDir, caPEM)
			if err != nil {
				return nil, err
			}
			cfg.VerifyPeerCertificate = crl.check
		}
	}
	return cfg, nil
}

// hasBlock says, in OpenSSL's words, why pem holds no block of that kind.
func hasBlock(b []byte, kind string) error {
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return errors.New("no start line")
		}
		if len(blk.Type) >= len(kind) && blk.Type[len(blk.Type)-len(kind):] == kind {
			return nil
		}
	}
}

// checkKeyPermissions applies PostgreSQL's rule for the private key file:
// a regular file, no group or world access when owned by the server's
// user, at most group read when owned by root.
func checkKeyPermissions(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("could not access private key file %q: %s", path, strerror(err))
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("private key file %q is not a regular file", path)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if int(st.Uid) != os.Geteuid() && st.Uid != 0 {
		return fmt.Errorf("private key file %q must be owned by the database user or root", path)
	}
	perm := fi.Mode().Perm()
	if (st.Uid == uint32(os.Geteuid()) && perm&0o077 != 0) || (st.Uid == 0 && perm&0o037 != 0) {
		return fmt.Errorf("private key file %q has group or world access; "+
			"file must have permissions u=rw (0600) or less if owned by the database user, "+
			"or permissions u=rw,g=r (0640) or less if owned by root", path)
	}
	return nil
}

// strerror spells a file error as PostgreSQL's %m does ("No such file or
// directory").
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[n:]
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// stamp identifies one version of a file cheaply.
type stamp struct {
	size  int64
	mtime time.Time
	ino   uint64
}

func stampOf(path string) stamp {
	if path == "" {
		return stamp{}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{size: -1}
	}
	s := stamp{size: fi.Size(), mtime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.ino = st.Ino
	}
	return s
}

var cache struct {
	mu     sync.Mutex
	p      params
	stamps [5]stamp
	cfg    *tls.Config // nil: nothing cached
}

// Cached is Load for a backend: the last configuration is reused while the
// settings name the same files and those files have not changed (size,
// modification time, inode; for ssl_crl_dir, the directory's), so a TLS
// session costs five stat calls
// rather than a key parse. A failed load is not cached.
func Cached(set *settings.Set, dataDir string) (*tls.Config, error) {
	p := paramsOf(set, dataDir)
	stamps := [5]stamp{stampOf(p.cert), stampOf(p.key), stampOf(p.ca), stampOf(p.crl), stampOf(p.crlDir)}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.cfg != nil && cache.p == p && cache.stamps == stamps {
		return cache.cfg, nil
	}
	cfg, err := p.load()
	if err != nil {
		cache.cfg = nil
		return nil, err
	}
	cache.p, cache.stamps, cache.cfg = p, stamps, cfg
	return cfg, nil
}
