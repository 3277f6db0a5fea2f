package scram

import "testing"

// BenchmarkExchange is the server's share of one SCRAM authentication
// (parsing, nonce, two HMACs and a hash); the client pays the PBKDF2.
func BenchmarkExchange(b *testing.B) {
	stored := rfcVerifier(b)
	for b.Loop() {
		e := rfcExchange(b, stored, true, nil)
		if _, err := e.Start(MechanismSCRAM, []byte(rfcClientFirst)); err != nil {
			b.Fatal(err)
		}
		if _, err := e.Continue([]byte(rfcClientFinal)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewSCRAMVerifier is what CREATE ROLE ... PASSWORD and the
// cleartext method against a SCRAM verifier cost: 4096 PBKDF2 rounds.
func BenchmarkNewSCRAMVerifier(b *testing.B) {
	for b.Loop() {
		if _, err := NewSCRAMVerifier("pencil", 0); err != nil {
			b.Fatal(err)
		}
	}
}
