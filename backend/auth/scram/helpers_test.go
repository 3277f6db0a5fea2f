package scram

import (
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// testClient is a minimal SCRAM-SHA-256 client for tests that need
// messages built from a server-first-message.
type testClient struct {
	password string
	cbind    []byte // nil: "n,,"
	gs2      string
	bare     string
	authMsg  string
	salted   []byte
}

func (c *testClient) first() []byte {
	c.gs2 = "n,,"
	if c.cbind != nil {
		c.gs2 = "p=tls-server-end-point,,"
	}
	c.bare = "n=,r=clientnonce"
	return []byte(c.gs2 + c.bare)
}

func (c *testClient) final(t testing.TB, serverFirst []byte) []byte {
	t.Helper()
	var nonce, salt string
	iters := 0
	for _, f := range strings.Split(string(serverFirst), ",") {
		switch {
		case strings.HasPrefix(f, "r="):
			nonce = f[2:]
		case strings.HasPrefix(f, "s="):
			salt = f[2:]
		case strings.HasPrefix(f, "i="):
			iters, _ = strconv.Atoi(f[2:])
		}
	}
	rawSalt, err := base64.StdEncoding.DecodeString(salt)
	if err != nil {
		t.Fatal(err)
	}
	c.salted, err = pbkdf2.Key(sha256.New, c.password, rawSalt, iters, 32)
	if err != nil {
		t.Fatal(err)
	}
	withoutProof := "c=" + base64.StdEncoding.EncodeToString(append([]byte(c.gs2), c.cbind...)) + ",r=" + nonce
	c.authMsg = c.bare + "," + string(serverFirst) + "," + withoutProof
	clientKey := hmacSHA256(c.salted, "Client Key")
	stored := sha256.Sum256(clientKey)
	sig := hmacSHA256(stored[:], c.authMsg)
	for i := range clientKey {
		clientKey[i] ^= sig[i]
	}
	return []byte(withoutProof + ",p=" + base64.StdEncoding.EncodeToString(clientKey))
}

func (c *testClient) checkServerFinal(t testing.TB, msg []byte) {
	t.Helper()
	want := "v=" + base64.StdEncoding.EncodeToString(hmacSHA256(hmacSHA256(c.salted, "Server Key"), c.authMsg))
	if string(msg) != want {
		t.Fatalf("server-final-message %q, want %q", msg, want)
	}
}
