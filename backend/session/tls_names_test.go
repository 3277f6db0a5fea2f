package session

import (
	"crypto/tls"
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

// TestOnelineName: pg_stat_ssl's client_dn and issuer_dn spell a name as
// OpenSSL's one-line form, attributes in certificate order.
func TestOnelineName(t *testing.T) {
	for _, tc := range []struct {
		name pkix.Name
		want string
	}{
		{pkix.Name{}, ""},
		{pkix.Name{Names: []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "alice"}}}, "/CN=alice"},
		{pkix.Name{Names: []pkix.AttributeTypeAndValue{
			{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "FR"},
			{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "Example"},
			{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, Value: "a@example.org"},
			{Type: asn1.ObjectIdentifier{1, 2, 3, 4}, Value: "x"},
		}}, "/C=FR/O=Example/emailAddress=a@example.org/1.2.3.4=x"},
	} {
		if got := onelineName(tc.name); got != tc.want {
			t.Errorf("onelineName: %q, want %q", got, tc.want)
		}
	}
}

// TestCipherName: TLS 1.2 suites get OpenSSL's names, TLS 1.3 ones keep
// the standard names, which OpenSSL uses too.
func TestCipherName(t *testing.T) {
	for id, want := range map[uint16]string{
		tls.TLS_AES_128_GCM_SHA256:                "TLS_AES_128_GCM_SHA256",
		tls.TLS_CHACHA20_POLY1305_SHA256:          "TLS_CHACHA20_POLY1305_SHA256",
		tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: "ECDHE-RSA-AES256-GCM-SHA384",
	} {
		if got := cipherName(id); got != want {
			t.Errorf("cipherName(%#x) = %q, want %q", id, got, want)
		}
	}
}
