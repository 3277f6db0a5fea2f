package scram

import (
	"errors"
	"strings"
	"testing"
)

func checkAuthError(t testing.TB, err error, code, message, detail string) {
	t.Helper()
	var ae *AuthError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *AuthError", err, err)
	}
	if ae.Code != code || ae.Message != message || ae.Detail != detail {
		t.Fatalf("got  %s %q %q\nwant %s %q %q", ae.Code, ae.Message, ae.Detail, code, message, detail)
	}
}

func TestEncryptPassword(t *testing.T) {
	v, err := EncryptPassword("pencil", "u", "scram-sha-256")
	if err != nil {
		t.Fatal(err)
	}
	sec, ok := parseSCRAMSecret(v)
	if !ok || sec.iterations != 4096 || len(sec.rawSalt) != 16 || classify(v) != typeSCRAM {
		t.Fatalf("%s does not parse back as a 4096-iteration SCRAM verifier with a 16-byte salt", v)
	}
	if !strings.HasPrefix(v, "SCRAM-SHA-256$4096:") {
		t.Fatalf("verifier %s", v)
	}
	if err := CheckPassword("u", v, true, "pencil"); err != nil {
		t.Fatalf("CheckPassword on its own verifier: %v", err)
	}
	v2, _ := EncryptPassword("pencil", "u", "scram-sha-256")
	if v2 == v {
		t.Fatal("two verifiers share a salt")
	}

	m, err := EncryptPassword("pencil", "u", "md5")
	if err != nil || m != MD5Verifier("pencil", "u") || classify(m) != typeMD5 {
		t.Fatalf("md5: %s, %v", m, err)
	}
	// PostgreSQL: SELECT 'md5' || md5('pencil' || 'u').
	if want := "md5" + md5hex("pencilu"); m != want {
		t.Fatalf("md5 verifier %s, want %s", m, want)
	}

	// A verifier given as the password is stored as is, whatever the method.
	for _, pre := range []string{v, m} {
		for _, method := range []string{"md5", "scram-sha-256"} {
			got, err := EncryptPassword(pre, "someone", method)
			if err != nil || got != pre {
				t.Fatalf("EncryptPassword(%s, %s) = %s, %v; want it unchanged", pre, method, got, err)
			}
		}
	}
	// Things that only look like verifiers are hashed.
	for _, p := range []string{"md5abc", "md5" + strings.Repeat("A", 32), "SCRAM-SHA-256$4096:abc$def:ghi"} {
		got, _ := EncryptPassword(p, "u", "md5")
		if got != MD5Verifier(p, "u") {
			t.Fatalf("%q was kept as a verifier", p)
		}
	}
	_, err = EncryptPassword("x", "u", "sha1")
	checkAuthError(t, err, CodeInvalidParameterValue, `invalid value for parameter "password_encryption": "sha1"`, "")
}

func TestNewSCRAMVerifierIterations(t *testing.T) {
	v, err := NewSCRAMVerifier("pencil", 0)
	if err != nil || !strings.HasPrefix(v, "SCRAM-SHA-256$4096:") {
		t.Fatalf("%s, %v", v, err)
	}
	v, err = NewSCRAMVerifier("pencil", 10)
	if err != nil || !strings.HasPrefix(v, "SCRAM-SHA-256$10:") {
		t.Fatalf("%s, %v", v, err)
	}
	if err := CheckPassword("u", v, true, "pencil"); err != nil {
		t.Fatal(err)
	}
}

func TestParseSCRAMSecret(t *testing.T) {
	good := rfcVerifier(t)
	if _, ok := parseSCRAMSecret(good); !ok {
		t.Fatalf("%s does not parse", good)
	}
	for _, bad := range []string{
		"", "SCRAM-SHA-256", "SCRAM-SHA-256$4096", "SCRAM-SHA-256$4096:salt",
		strings.Replace(good, "SCRAM-SHA-256", "SCRAM-SHA-1", 1),
		strings.Replace(good, "$4096:", "$40x6:", 1),
		strings.Replace(good, "$4096:", "$0:", 1),
		strings.Replace(good, "W22ZaJ0SNY7soEsUEjb6gQ==", "W22Z aJ0SNY7soEsUEjb6gQ=", 1),
		good[:len(good)-4],
	} {
		if _, ok := parseSCRAMSecret(bad); ok {
			t.Errorf("%q parsed as a SCRAM verifier", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	scramV := rfcVerifier(t)
	md5V := MD5Verifier("pencil", "user")
	fail := `password authentication failed for user "user"`
	for _, c := range []struct {
		stored   string
		exists   bool
		password string
		ok       bool
	}{
		{scramV, true, "pencil", true},
		{scramV, true, "pencil ", false},
		{md5V, true, "pencil", true},
		{md5V, true, "Pencil", false},
		{"pencil", true, "pencil", true},
		{"pencil", true, "pencil2", false},
		{"", true, "", false},
		{scramV, false, "pencil", false},
	} {
		err := CheckPassword("user", c.stored, c.exists, c.password)
		if c.ok {
			if err != nil {
				t.Errorf("CheckPassword(%q, %v, %q): %v", c.stored, c.exists, c.password, err)
			}
			continue
		}
		checkAuthError(t, err, CodeInvalidPassword, fail, "")
	}
}

func TestCheckMD5(t *testing.T) {
	salt := [4]byte{1, 2, 3, 4}
	md5V := MD5Verifier("pencil", "user")
	// What a client computes: "md5" + hex(md5(hex(md5(password+user)) + salt)).
	resp := "md5" + md5hex(md5hex("pencil"+"user")+string(salt[:]))
	if err := CheckMD5("user", md5V, true, salt, resp); err != nil {
		t.Fatal(err)
	}
	fail := `password authentication failed for user "user"`
	for _, c := range []struct {
		stored string
		exists bool
		resp   string
	}{
		{md5V, true, "md5" + md5hex(md5hex("pencil2user")+string(salt[:]))},
		{md5V, true, resp[:10]},
		{md5V, true, ""},
		{md5V, false, resp},
		{"", true, resp},
		{rfcVerifier(t), true, resp}, // SCRAM verifier: md5 cannot be used
		{"pencil", true, resp},       // plaintext: refused, as in PostgreSQL 15
	} {
		checkAuthError(t, CheckMD5("user", c.stored, c.exists, salt, c.resp), CodeInvalidPassword, fail, "")
	}
	if a, b := MD5Salt(), MD5Salt(); a == b && a == [4]byte{} {
		t.Fatal("MD5Salt returns zeros")
	}
}

func TestDecodeBase64(t *testing.T) {
	for _, c := range []struct {
		in   string
		out  string
		fail bool
	}{
		{"", "", false},
		{"biws", "n,,", false},
		{"YQ==", "a", false},
		{"YWI=", "ab", false},
		{"YR==", "a", false}, // unused bits are ignored, as PostgreSQL does
		{"YQ", "", true},     // no padding
		{"Y===", "", true},
		{"YQ=\n", "", true},
		{"Y Q==", "", true},
		{"YQ==YQ==", "aa", false},
		{"Y*==", "", true},
	} {
		got, ok := decodeBase64(c.in)
		if ok == c.fail || (ok && string(got) != c.out) {
			t.Errorf("decodeBase64(%q) = %q, %v", c.in, got, ok)
		}
	}
}
