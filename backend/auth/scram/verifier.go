package scram

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

const (
	// DefaultIterations is PostgreSQL 15's fixed SCRAM iteration count
	// (scram_iterations only appears in 16).
	DefaultIterations = 4096
	saltLen           = 16 // SCRAM_DEFAULT_SALT_LEN
	keyLen            = sha256.Size
	md5PasswdLen      = 35 // "md5" + 32 hex digits
	scramPrefix       = "SCRAM-SHA-256"
)

// passwordType is PostgreSQL's classification of a rolpassword value.
type passwordType int

const (
	typePlaintext passwordType = iota
	typeMD5
	typeSCRAM
)

// scramSecret is a parsed SCRAM-SHA-256 verifier.
type scramSecret struct {
	iterations int
	salt       string // base64, as stored and as sent to the client
	rawSalt    []byte
	storedKey  []byte
	serverKey  []byte
}

// classify tells an md5 verifier, a SCRAM verifier and anything else (taken
// as a plaintext password), by the same tests as PostgreSQL's
// get_password_type.
func classify(stored string) passwordType {
	if isMD5Verifier(stored) {
		return typeMD5
	}
	if _, ok := parseSCRAMSecret(stored); ok {
		return typeSCRAM
	}
	return typePlaintext
}

func isMD5Verifier(s string) bool {
	if len(s) != md5PasswdLen || !strings.HasPrefix(s, "md5") {
		return false
	}
	for i := 3; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// parseSCRAMSecret parses "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>".
func parseSCRAMSecret(s string) (scramSecret, bool) {
	var sec scramSecret
	scheme, rest, ok := strings.Cut(s, "$")
	if !ok || scheme != scramPrefix {
		return sec, false
	}
	iters, rest, ok := strings.Cut(rest, ":")
	if !ok {
		return sec, false
	}
	salt, rest, ok := strings.Cut(rest, "$")
	if !ok {
		return sec, false
	}
	stored, server, ok := strings.Cut(rest, ":")
	if !ok {
		return sec, false
	}
	n, err := strconv.ParseInt(iters, 10, 32)
	if err != nil || n <= 0 {
		return sec, false
	}
	sec.iterations = int(n)
	if sec.rawSalt, ok = decodeBase64(salt); !ok {
		return sec, false
	}
	sec.salt = salt
	if sec.storedKey, ok = decodeBase64(stored); !ok || len(sec.storedKey) != keyLen {
		return sec, false
	}
	if sec.serverKey, ok = decodeBase64(server); !ok || len(sec.serverKey) != keyLen {
		return sec, false
	}
	return sec, true
}

// saltedPassword is Hi(Normalize(password), salt, i) of RFC 5802, with
// PostgreSQL's normalization: SASLprep, or the raw bytes when SASLprep
// refuses the password.
func saltedPassword(password string, salt []byte, iterations int) ([]byte, error) {
	if prepped, ok := saslprep(password); ok {
		password = prepped
	}
	return pbkdf2.Key(sha256.New, password, salt, iterations, keyLen)
}

func hmacSHA256(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

func buildSCRAMVerifier(password string, salt []byte, iterations int) (string, error) {
	if iterations <= 0 {
		iterations = DefaultIterations
	}
	sp, err := saltedPassword(password, salt, iterations)
	if err != nil {
		return "", err
	}
	clientKey := hmacSHA256(sp, "Client Key")
	storedKey := sha256.Sum256(clientKey)
	serverKey := hmacSHA256(sp, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("%s$%d:%s$%s:%s", scramPrefix, iterations, b64(salt), b64(storedKey[:]), b64(serverKey)), nil
}

// NewSCRAMVerifier returns the SCRAM-SHA-256 verifier of password with a
// fresh random 16-byte salt. iterations <= 0 means DefaultIterations.
func NewSCRAMVerifier(password string, iterations int) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", &AuthError{Code: CodeInternalError, Message: "could not generate random salt", LogDetail: err.Error()}
	}
	return buildSCRAMVerifier(password, salt, iterations)
}

// MD5Verifier returns "md5" + hex(md5(password + user)).
func MD5Verifier(password, user string) string {
	sum := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(sum[:])
}

// EncryptPassword returns what CREATE/ALTER ROLE ... PASSWORD stores under
// password_encryption = method ("scram-sha-256" or "md5"). A password that
// already is an md5 or SCRAM verifier is stored unchanged, whatever the
// method, as PostgreSQL does. PostgreSQL's NOTICE for an empty password
// (which clears it) is the caller's.
func EncryptPassword(password, user, method string) (string, error) {
	if classify(password) != typePlaintext {
		return password, nil
	}
	switch method {
	case "scram-sha-256":
		return NewSCRAMVerifier(password, DefaultIterations)
	case "md5":
		return MD5Verifier(password, user), nil
	}
	return "", &AuthError{
		Code:    CodeInvalidParameterValue,
		Message: fmt.Sprintf("invalid value for parameter \"password_encryption\": \"%s\"", method),
	}
}
