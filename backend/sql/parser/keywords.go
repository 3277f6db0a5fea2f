package parser

// keywordCategory is PostgreSQL's classification of a keyword, which decides
// where it may be used as a name (gram.y: ColId, type_function_name,
// ColLabel, ...).
type keywordCategory uint8

const (
	catUnreserved   keywordCategory = iota // usable as any name
	catColName                             // usable as a column name, not a function or type name
	catTypeFuncName                        // usable as a function or type name, not a column name
	catReserved                            // usable only as a label (after AS or a dot)
)

type keywordInfo struct {
	word      string
	cat       keywordCategory
	bareLabel bool
}

// maxKeywordLen bounds the words worth looking up.
const maxKeywordLen = 17

var keywordMap = func() map[string]tokKind {
	m := make(map[string]tokKind, len(keywordTable))
	for i, k := range keywordTable {
		m[k.word] = kwBase + tokKind(i)
	}
	return m
}()

// keywordHash is an open-addressing table from the hash of a keyword to
// its index in keywordTable plus one. The lexer looks words up here
// without allocating or folding them into a new string.
const keywordHashSize = 2048

var keywordHash = func() (t [keywordHashSize]uint16) {
	for i, k := range keywordTable {
		h := wordHash(k.word) & (keywordHashSize - 1)
		for t[h] != 0 {
			h = (h + 1) & (keywordHashSize - 1)
		}
		t[h] = uint16(i + 1)
	}
	return t
}()

// wordHash hashes a word, folding ASCII letters to lower case.
func wordHash(s string) uint32 {
	h := uint32(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = h*31 + uint32(c)
	}
	return h ^ h>>11
}

// lookupKeyword returns the keyword kind for an identifier's source bytes,
// folding ASCII letters to lower case, or 0. It does not allocate.
func lookupKeyword(s string) tokKind {
	if len(s) > maxKeywordLen || len(s) < 2 {
		return 0
	}
	h := wordHash(s) & (keywordHashSize - 1)
	for {
		e := keywordHash[h]
		if e == 0 {
			return 0
		}
		if w := keywordTable[e-1].word; len(w) == len(s) && equalFoldASCII(w, s) {
			return kwBase + tokKind(e-1)
		}
		h = (h + 1) & (keywordHashSize - 1)
	}
}

// equalFoldASCII compares a lower-case word with s, folding s's ASCII
// letters.
func equalFoldASCII(lower, s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func kwInfo(k tokKind) *keywordInfo { return &keywordTable[k-kwBase] }

// keywordText is the keyword's spelling, lower case.
func keywordText(k tokKind) string { return keywordTable[k-kwBase].word }

// isKeywordWord reports whether word (already lower case) is a keyword,
// and returns its category.
func isKeywordWord(word string) (keywordCategory, bool) {
	k, ok := keywordMap[word]
	if !ok {
		return 0, false
	}
	return kwInfo(k).cat, true
}
