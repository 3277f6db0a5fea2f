package scram

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// MD5Salt returns a random salt for AuthenticationMD5Password.
func MD5Salt() [4]byte {
	var s [4]byte
	rand.Read(s[:]) // crypto/rand.Read never returns an error
	return s
}

// md5Response is what a client answers to the md5 challenge for an md5
// verifier: "md5" + hex(md5(hex part of the verifier + salt)).
func md5Response(verifier string, salt [4]byte) string {
	sum := md5.Sum(append([]byte(verifier[3:]), salt[:]...))
	return "md5" + hex.EncodeToString(sum[:])
}

// CheckMD5 checks a PasswordMessage answering AuthenticationMD5Password with
// salt. Only an md5 verifier can answer it: as in PostgreSQL 15, a role
// with a SCRAM verifier, with a plaintext value in rolpassword, without a
// password or that does not exist fails like a wrong password. (PostgreSQL
// does not send the md5 challenge for a SCRAM verifier in the first place:
// an "md5" pg_hba line runs SCRAM then; that choice is the caller's.)
func CheckMD5(user, stored string, exists bool, salt [4]byte, response string) error {
	if !exists || stored == "" {
		return authFailed(user, "")
	}
	if classify(stored) != typeMD5 {
		return authFailed(user, "User \""+user+"\" has a password that cannot be used with MD5 authentication.")
	}
	want := md5Response(stored, salt)
	if subtle.ConstantTimeCompare([]byte(response), []byte(want)) != 1 {
		return authFailed(user, "Password does not match for user \""+user+"\".")
	}
	return nil
}

// CheckPassword checks a cleartext password (method "password", or what a
// PasswordMessage carries for it) against any kind of stored value: a
// SCRAM verifier (computing its ServerKey), an md5 verifier, or a
// plaintext value.
func CheckPassword(user, stored string, exists bool, password string) error {
	if !exists || stored == "" {
		return authFailed(user, "")
	}
	mismatch := authFailed(user, "Password does not match for user \""+user+"\".")
	var ok bool
	switch classify(stored) {
	case typeSCRAM:
		sec, _ := parseSCRAMSecret(stored)
		sp, err := saltedPassword(password, sec.rawSalt, sec.iterations)
		if err != nil {
			return authFailed(user, "invalid SCRAM secret for user \""+user+"\"")
		}
		ok = subtle.ConstantTimeCompare(hmacSHA256(sp, "Server Key"), sec.serverKey) == 1
	case typeMD5:
		ok = subtle.ConstantTimeCompare([]byte(MD5Verifier(password, user)), []byte(stored)) == 1
	default:
		// Compare digests so the time taken does not depend on the
		// length of the stored password.
		a, b := sha256.Sum256([]byte(password)), sha256.Sum256([]byte(stored))
		ok = subtle.ConstantTimeCompare(a[:], b[:]) == 1
	}
	if !ok {
		return mismatch
	}
	return nil
}
