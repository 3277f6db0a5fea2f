package scram

import (
	"errors"
	"testing"
)

// FuzzExchange feeds arbitrary mechanisms and messages to Start and
// Continue: they must never panic, must answer an error with an
// *AuthError and no message, and must not succeed without the password.
func FuzzExchange(f *testing.F) {
	f.Add(MechanismSCRAM, []byte(rfcClientFirst), []byte(rfcClientFinal), false)
	f.Add(MechanismSCRAMPlus, []byte("p=tls-server-end-point,,n=,r=abc"), []byte("c=cD10bHMtc2VydmVyLWVuZC1wb2ludCws,r=abc,p=YWJj"), true)
	f.Add(MechanismSCRAM, []byte("y,,n=,r=abc,x=1"), []byte("c=eSws,r=abc,e=1,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="), false)
	f.Add(MechanismSCRAM, []byte("n,,"), []byte(""), false)
	f.Add("", []byte(nil), []byte("n,,n=,r=x"), true)
	stored := rfcVerifier(f)
	f.Fuzz(func(t *testing.T, mech string, first, final []byte, tls bool) {
		var cb []byte
		if tls {
			cb = make([]byte, 32)
		}
		for _, exists := range []bool{true, false} {
			e := rfcExchange(t, stored, exists, cb)
			out, err := e.Start(mech, first)
			if !checkStep(t, out, err) {
				continue
			}
			out, err = e.Continue(final)
			if !checkStep(t, out, err) {
				continue
			}
			if e.Done() && !exists {
				t.Fatal("a mock exchange succeeded")
			}
			if e.Done() && string(final) != rfcClientFinal {
				// Only the RFC's final message carries a valid proof for
				// this verifier and nonce; extensions would change it.
				t.Fatalf("succeeded with %q", final)
			}
		}
	})
}

func checkStep(t *testing.T, out []byte, err error) bool {
	if err == nil {
		return true
	}
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code == "" || ae.Message == "" {
		t.Fatalf("error %v is not a complete *AuthError", err)
	}
	if out != nil {
		t.Fatalf("message %q with error %v", out, err)
	}
	return false
}
