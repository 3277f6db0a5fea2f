package scram

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

const malformedMsg = "malformed SCRAM message"

const testProof = "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="

var rfcNonce = "r=rOprNGfwEbeRWgbNEkqO" + rfcServerNonce

// clientFirstCases are bad client-first-messages with PostgreSQL 15's
// answer; cbind: the connection uses TLS.
var clientFirstCases = []struct {
	name, mech, msg, code, message, detail string
	cbind                                  bool
}{
	{"empty", MechanismSCRAM, "", "08P01", malformedMsg, "The message is empty.", false},
	{"nul byte", MechanismSCRAM, "n,,n=,r=ab\x00c", "08P01", malformedMsg, "Message length does not match input length.", false},
	{"bad flag", MechanismSCRAM, "x,,n=,r=abc", "08P01", malformedMsg, `Unexpected channel-binding flag "'x'".`, false},
	{"flag without comma", MechanismSCRAM, "n", "08P01", malformedMsg, `Comma expected, but found character "0x00".`, false},
	{"flag then junk", MechanismSCRAM, "nn,n=,r=abc", "08P01", malformedMsg, `Comma expected, but found character "'n'".`, false},
	{"authzid", MechanismSCRAM, "n,a=bob,n=,r=abc", "0A000", "client uses authorization identity, but it is not supported", "", false},
	{"gs2 truncated", MechanismSCRAM, "n,", "08P01", malformedMsg, `Unexpected attribute "0x00" in client-first-message.`, false},
	{"gs2 garbage", MechanismSCRAM, "n,x,n=,r=abc", "08P01", malformedMsg, `Unexpected attribute "'x'" in client-first-message.`, false},
	{"mandatory extension", MechanismSCRAM, "n,,m=ext,n=,r=abc", "0A000", "client requires an unsupported SCRAM extension", "", false},
	{"no username", MechanismSCRAM, "n,,", "08P01", malformedMsg, `Expected attribute "n" but found "0x00".`, false},
	{"wrong order", MechanismSCRAM, "n,,r=abc,n=", "08P01", malformedMsg, `Expected attribute "n" but found "'r'".`, false},
	{"no equals", MechanismSCRAM, "n,,n,r=abc", "08P01", malformedMsg, `Expected character "=" for attribute "n".`, false},
	{"no nonce", MechanismSCRAM, "n,,n=", "08P01", malformedMsg, `Expected attribute "r" but found "0x00".`, false},
	{"nonce not printable", MechanismSCRAM, "n,,n=,r=ab\x7fc", "08P01", "non-printable characters in SCRAM nonce", "", false},
	{"bad extension", MechanismSCRAM, "n,,n=,r=abc,1=x", "08P01", malformedMsg, `Attribute expected, but found invalid character "'1'".`, false},
	{"extension without equals", MechanismSCRAM, "n,,n=,r=abc,x", "08P01", malformedMsg, `Expected character "=" for attribute "x".`, false},
	{"binding flag without PLUS", MechanismSCRAM, "p=tls-server-end-point,,n=,r=abc", "08P01", malformedMsg, "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.", true},
	{"PLUS without binding", MechanismSCRAMPlus, "n,,n=,r=abc", "08P01", malformedMsg, noCbindData, true},
	{"PLUS with y", MechanismSCRAMPlus, "y,,n=,r=abc", "08P01", malformedMsg, noCbindData, true},
	{"downgrade", MechanismSCRAM, "y,,n=,r=abc", "28000", "SCRAM channel binding negotiation error", "The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.", true},
	{"binding type", MechanismSCRAMPlus, "p=tls-unique,,n=,r=abc", "08P01", `unsupported SCRAM channel-binding type "tls-unique"`, "", true},
	{"binding type sanitized", MechanismSCRAMPlus, "p=\x01" + strings.Repeat("x", 40) + ",,n=,r=abc", "08P01", `unsupported SCRAM channel-binding type "?` + strings.Repeat("x", 29) + `"`, "", true},
	{"PLUS without TLS", MechanismSCRAMPlus, "p=tls-server-end-point,,n=,r=abc", "08P01", "client selected an invalid SASL authentication mechanism", "", false},
	{"unknown mechanism", "SCRAM-SHA-1", "n,,n=,r=abc", "08P01", "client selected an invalid SASL authentication mechanism", "", false},
}

// TestMalformedClientFirst: each bad client-first-message gets PostgreSQL
// 15's SQLSTATE, message and detail.
func TestMalformedClientFirst(t *testing.T) {
	for _, c := range clientFirstCases {
		t.Run(c.name, func(t *testing.T) {
			var cb []byte
			if c.cbind {
				cb = make([]byte, 32)
			}
			e := rfcExchange(t, rfcVerifier(t), true, cb)
			out, err := e.Start(c.mech, []byte(c.msg))
			if out != nil {
				t.Errorf("output %q with an error", out)
			}
			checkAuthError(t, err, c.code, c.message, c.detail)
			if _, err := e.Continue([]byte(rfcClientFinal)); err == nil {
				t.Fatal("Continue after a failed Start accepted")
			}
		})
	}
}

// clientFinalCases are bad client-final-messages after the RFC 7677
// client-first-message, with PostgreSQL 15's answer. "{r}" stands for the
// right nonce attribute.
var clientFinalCases = []struct{ name, msg, code, message, detail string }{
	{"empty", "", "08P01", malformedMsg, "The message is empty."},
	{"truncated", "c=biws,r=rOprNG", "08P01", malformedMsg, "Attribute expected, but found end of string."},
	{"truncated after nonce", "c=biws,{r},", "08P01", malformedMsg, "Attribute expected, but found end of string."},
	{"no binding", "{r},c=biws," + testProof, "08P01", malformedMsg, `Expected attribute "c" but found "'r'".`},
	{"wrong binding", "c=eSws,{r}," + testProof, "08P01", "unexpected SCRAM channel-binding attribute in client-final-message", ""},
	{"binding not base64", "c=bi*s,{r}," + testProof, "08P01", "unexpected SCRAM channel-binding attribute in client-final-message", ""},
	{"wrong order", "c=biws," + testProof + ",{r}", "08P01", malformedMsg, `Expected attribute "r" but found "'p'".`},
	{"bad base64 proof", "c=biws,{r},p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ", "08P01", malformedMsg, "Malformed proof in client-final-message."},
	{"short proof", "c=biws,{r},p=YWJj", "08P01", malformedMsg, "Malformed proof in client-final-message."},
	{"garbage after proof", "c=biws,{r}," + testProof + ",x=1", "08P01", malformedMsg, "Garbage found at the end of client-final-message."},
	{"bad extension", "c=biws,{r},1=x," + testProof, "08P01", malformedMsg, `Attribute expected, but found invalid character "'1'".`},
	{"wrong nonce", "c=biws,{r}x," + testProof, "08P01", "invalid SCRAM response", "Nonce does not match."},
	{"short nonce", "c=biws,r=rOprNGfwEbeRWgbNEkqO," + testProof, "08P01", "invalid SCRAM response", "Nonce does not match."},
	{"wrong proof", "c=biws,{r},p=" + base64.StdEncoding.EncodeToString(make([]byte, 32)), "28P01", `password authentication failed for user "user"`, ""},
}

func TestMalformedClientFinal(t *testing.T) {
	for _, c := range clientFinalCases {
		t.Run(c.name, func(t *testing.T) {
			e := rfcExchange(t, rfcVerifier(t), true, nil)
			if _, err := e.Start(MechanismSCRAM, []byte(rfcClientFirst)); err != nil {
				t.Fatal(err)
			}
			out, err := e.Continue([]byte(strings.ReplaceAll(c.msg, "{r}", rfcNonce)))
			if out != nil {
				t.Errorf("output %q with an error", out)
			}
			checkAuthError(t, err, c.code, c.message, c.detail)
			if e.Done() {
				t.Fatal("Done() after an error")
			}
		})
	}
	// Extensions before the proof are skipped and covered by the proof.
	e := rfcExchange(t, rfcVerifier(t), true, nil)
	e.Start(MechanismSCRAM, []byte(rfcClientFirst))
	_, err := e.Continue([]byte("c=biws," + rfcNonce + ",x=ext," + testProof))
	checkAuthError(t, err, CodeInvalidPassword, `password authentication failed for user "user"`, "")
}

// TestChannelBinding drives SCRAM-SHA-256-PLUS with a client that binds to
// the right certificate hash and one that binds to another.
func TestChannelBinding(t *testing.T) {
	hash := sha256.Sum256([]byte("certificate"))
	for _, c := range []struct {
		name   string
		client []byte
		ok     bool
	}{
		{"right hash", hash[:], true},
		{"other hash", make([]byte, 32), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := NewExchange("user", rfcVerifier(t), true, hash[:])
			if m := e.Mechanisms(); len(m) != 2 || m[0] != MechanismSCRAMPlus || m[1] != MechanismSCRAM {
				t.Fatalf("Mechanisms() = %q", m)
			}
			cl := &testClient{password: "pencil", cbind: c.client}
			sf, err := e.Start(MechanismSCRAMPlus, cl.first())
			if err != nil {
				t.Fatal(err)
			}
			final, err := e.Continue(cl.final(t, sf))
			if !c.ok {
				checkAuthError(t, err, CodeInvalidAuthorization, "SCRAM channel binding check failed", "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cl.checkServerFinal(t, final)
			if !e.Done() || !e.ChannelBound() {
				t.Fatal("not done and bound")
			}
		})
	}
	// Without PLUS over TLS, "n,," is accepted (a client that does not bind).
	e := NewExchange("user", rfcVerifier(t), true, hash[:])
	cl := &testClient{password: "pencil"}
	sf, err := e.Start(MechanismSCRAM, cl.first())
	if err != nil {
		t.Fatal(err)
	}
	final, err := e.Continue(cl.final(t, sf))
	if err != nil {
		t.Fatal(err)
	}
	cl.checkServerFinal(t, final)
}
