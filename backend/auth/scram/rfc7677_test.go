package scram

import (
	"encoding/base64"
	"testing"
)

// RFC 7677 section 3: user "user", password "pencil".
const (
	rfcClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
	rfcServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
	rfcClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
	rfcServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
	rfcServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
)

func rfcVerifier(t testing.TB) string {
	salt, _ := base64.StdEncoding.DecodeString("W22ZaJ0SNY7soEsUEjb6gQ==")
	v, err := buildSCRAMVerifier("pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rfcExchange is an exchange for the RFC's user with the RFC's server nonce.
func rfcExchange(t testing.TB, stored string, exists bool, cbind []byte) *Exchange {
	e := NewExchange("user", stored, exists, cbind)
	e.nonce = func() (string, error) { return rfcServerNonce, nil }
	return e
}

func TestRFC7677(t *testing.T) {
	e := rfcExchange(t, rfcVerifier(t), true, nil)
	if got := e.Mechanisms(); len(got) != 1 || got[0] != MechanismSCRAM {
		t.Fatalf("Mechanisms() = %q", got)
	}
	sf, err := e.Start(MechanismSCRAM, []byte(rfcClientFirst))
	if err != nil {
		t.Fatal(err)
	}
	if string(sf) != rfcServerFirst {
		t.Fatalf("server-first-message\n got %s\nwant %s", sf, rfcServerFirst)
	}
	fin, err := e.Continue([]byte(rfcClientFinal))
	if err != nil {
		t.Fatal(err)
	}
	if string(fin) != rfcServerFinal {
		t.Fatalf("server-final-message\n got %s\nwant %s", fin, rfcServerFinal)
	}
	if !e.Done() {
		t.Fatal("Done() = false after success")
	}
	// Nothing more is accepted once finished.
	if _, err := e.Continue([]byte(rfcClientFinal)); err == nil {
		t.Fatal("Continue after success accepted")
	}
}

// TestRFC7677NoInitialResponse: a SASLInitialResponse without data gets an
// empty challenge, and the client-first-message comes next.
func TestRFC7677NoInitialResponse(t *testing.T) {
	e := rfcExchange(t, rfcVerifier(t), true, nil)
	ch, err := e.Start(MechanismSCRAM, nil)
	if err != nil || len(ch) != 0 {
		t.Fatalf("Start(nil) = %q, %v", ch, err)
	}
	sf, err := e.Continue([]byte(rfcClientFirst))
	if err != nil || string(sf) != rfcServerFirst {
		t.Fatalf("Continue(client-first) = %q, %v", sf, err)
	}
	fin, err := e.Continue([]byte(rfcClientFinal))
	if err != nil || string(fin) != rfcServerFinal || !e.Done() {
		t.Fatalf("Continue(client-final) = %q, %v", fin, err)
	}
}

// TestMockExchange: a missing role, an md5 verifier, a plaintext value and
// no password all run to the end and fail exactly like a wrong password,
// with a salt that depends only on the user name.
func TestMockExchange(t *testing.T) {
	wrong := rfcExchange(t, rfcVerifier(t), true, nil)
	wrong.secret.storedKey = make([]byte, keyLen) // another password's keys
	cases := []struct {
		name   string
		stored string
		exists bool
	}{
		{"missing role", "", false},
		{"missing role with junk", rfcVerifier(t), false},
		{"null password", "", true},
		{"md5 verifier", MD5Verifier("pencil", "user"), true},
		{"plaintext", "pencil", true},
		{"broken scram", "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$xx:yy", true},
	}
	var salt string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := rfcExchange(t, c.stored, c.exists, nil)
			sf, err := e.Start(MechanismSCRAM, []byte(rfcClientFirst))
			if err != nil {
				t.Fatal(err)
			}
			if salt == "" {
				salt = e.secret.salt
			} else if e.secret.salt != salt {
				t.Fatalf("mock salt differs between calls for the same user: %s, %s", salt, e.secret.salt)
			}
			if string(sf) == rfcServerFirst {
				t.Fatal("mock exchange sent the real salt")
			}
			_, err = e.Continue([]byte(rfcClientFinal))
			checkAuthError(t, err, CodeInvalidPassword, `password authentication failed for user "user"`, "")
			if e.Done() {
				t.Fatal("Done() after failure")
			}
		})
	}
	if s := base64.StdEncoding.EncodeToString(mockSalt("other")); s == salt {
		t.Fatal("mock salt does not depend on the user name")
	}
	if _, err := wrong.Start(MechanismSCRAM, []byte(rfcClientFirst)); err != nil {
		t.Fatal(err)
	}
	_, err := wrong.Continue([]byte(rfcClientFinal))
	checkAuthError(t, err, CodeInvalidPassword, `password authentication failed for user "user"`, "")
}
