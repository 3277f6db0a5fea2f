package settings

import "strings"

// encodingNames are PostgreSQL's character set names, canonical spelling.
var encodingNames = []string{
	"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004",
	"UTF8", "MULE_INTERNAL",
	"LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7",
	"LATIN8", "LATIN9", "LATIN10",
	"WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252",
	"ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8",
	"WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U",
	"SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004",
}

// encodingAliases are the other names PostgreSQL accepts, already cleaned
// (lower case, letters and digits only).
var encodingAliases = map[string]string{
	"abc": "WIN1258", "alt": "WIN866", "cp1250": "WIN1250", "cp1251": "WIN1251",
	"cp1252": "WIN1252", "cp1253": "WIN1253", "cp1254": "WIN1254", "cp1255": "WIN1255",
	"cp1256": "WIN1256", "cp1257": "WIN1257", "cp1258": "WIN1258", "cp866": "WIN866",
	"cp874": "WIN874", "cp932": "SJIS", "cp936": "GBK", "cp949": "UHC", "cp950": "BIG5",
	"iso88591": "LATIN1", "iso885910": "LATIN6", "iso885913": "LATIN7",
	"iso885914": "LATIN8", "iso885915": "LATIN9", "iso885916": "LATIN10",
	"iso88592": "LATIN2", "iso88593": "LATIN3", "iso88594": "LATIN4", "iso88599": "LATIN5",
	"koi8": "KOI8R", "mskanji": "SJIS", "shiftjis": "SJIS", "tcvn": "WIN1258",
	"tcvn5712": "WIN1258", "unicode": "UTF8", "vscii": "WIN1258", "win": "WIN1251",
	"win932": "SJIS", "win936": "GBK", "win949": "UHC", "win950": "BIG5",
	"windows1250": "WIN1250", "windows1251": "WIN1251", "windows1252": "WIN1252",
	"windows1253": "WIN1253", "windows1254": "WIN1254", "windows1255": "WIN1255",
	"windows1256": "WIN1256", "windows1257": "WIN1257", "windows1258": "WIN1258",
	"windows866": "WIN866", "windows874": "WIN874", "windows932": "SJIS",
	"windows936": "GBK", "windows949": "UHC", "windows950": "BIG5",
}

var encodingByClean = func() map[string]string {
	m := make(map[string]string, len(encodingNames)+len(encodingAliases))
	for k, v := range encodingAliases {
		m[k] = v
	}
	for _, n := range encodingNames {
		m[cleanEncodingName(n)] = n
	}
	return m
}()

// cleanEncodingName keeps only letters and digits, lower-cased, as
// PostgreSQL does before it looks an encoding name up.
func cleanEncodingName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		}
	}
	return b.String()
}

func canonicalEncoding(s string) (string, bool) {
	n, ok := encodingByClean[cleanEncodingName(s)]
	return n, ok
}
