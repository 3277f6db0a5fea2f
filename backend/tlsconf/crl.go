package tlsconf

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// Certificate revocation lists: ssl_crl_file, a file of PEM (or one DER)
// lists, and ssl_crl_dir, a directory of lists under OpenSSL's hashed names
// (HASH.rN, as openssl rehash writes them). crypto/tls verifies a client's
// chain against ssl_ca_file; the lists are then checked by
// VerifyPeerCertificate, and a revoked certificate fails the handshake.
//
// Departures from OpenSSL: a list must be signed by a certificate of
// ssl_ca_file and is refused when the configuration loads otherwise; a
// certificate whose issuer has no list passes (OpenSSL with PostgreSQL's
// flags fails it); the lists' update times are not checked.

// revocations are the serial numbers each issuer (by its raw subject)
// has revoked.
type revocations struct {
	revoked map[string]map[string]bool // issuer raw subject -> serial (decimal) -> revoked
	cas     []*x509.Certificate        // the certificates that may sign a list
}

// hashedName is the name OpenSSL looks a list up by in a directory.
var hashedName = regexp.MustCompile(`^[0-9a-f]{8}\.r[0-9]+$`)

// loadRevocations reads the list file and the lists of the directory
// (either may be ""), which must be signed by a certificate of caPEM.
func loadRevocations(file, dir string, caPEM []byte) (*revocations, error) {
	r := &revocations{revoked: map[string]map[string]bool{}}
	for rest := caPEM; ; {
		var blk *pem.Block
		if blk, rest = pem.Decode(rest); blk == nil {
			break
		}
		if c, err := x509.ParseCertificate(blk.Bytes); err == nil {
			r.cas = append(r.cas, c)
		}
	}
	if file != "" {
		if err := r.addFile(file); err != nil {
			return nil, fmt.Errorf("could not load SSL certificate revocation list file %q: %v", file, err)
		}
	}
	if dir != "" {
		if err := r.addDir(dir); err != nil {
			return nil, fmt.Errorf("could not load SSL certificate revocation list directory %q: %v", dir, err)
		}
	}
	return r, nil
}

// addDir adds the lists of every hashed name in dir.
func (r *revocations) addDir(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return errors.New(strerror(err))
	}
	var names []string
	for _, e := range ents {
		if hashedName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if err := r.addFile(filepath.Join(dir, n)); err != nil {
			return fmt.Errorf("%s: %v", n, err)
		}
	}
	return nil
}

// addFile adds the lists of one file.
func (r *revocations) addFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return errors.New(strerror(err))
	}
	var ders [][]byte
	for rest := b; ; {
		var blk *pem.Block
		if blk, rest = pem.Decode(rest); blk == nil {
			break
		}
		if blk.Type == "X509 CRL" {
			ders = append(ders, blk.Bytes)
		}
	}
	if len(ders) == 0 {
		ders = [][]byte{b} // DER
	}
	for _, der := range ders {
		list, err := x509.ParseRevocationList(der)
		if err != nil {
			return err
		}
		if !r.signedByCA(list) {
			return errors.New("not signed by a certificate of the root certificate file")
		}
		m := r.revoked[string(list.RawIssuer)]
		if m == nil {
			m = map[string]bool{}
			r.revoked[string(list.RawIssuer)] = m
		}
		for _, e := range list.RevokedCertificateEntries {
			m[e.SerialNumber.String()] = true
		}
	}
	return nil
}

func (r *revocations) signedByCA(list *x509.RevocationList) bool {
	for _, ca := range r.cas {
		if list.CheckSignatureFrom(ca) == nil {
			return true
		}
	}
	return false
}

// check refuses a client certificate chain of which any certificate is
// revoked (crypto/tls has verified the chains before calling it).
func (r *revocations) check(_ [][]byte, chains [][]*x509.Certificate) error {
	for _, chain := range chains {
		for _, c := range chain {
			if r.revoked[string(c.RawIssuer)][c.SerialNumber.String()] {
				return errors.New("certificate revoked")
			}
		}
	}
	return nil
}
