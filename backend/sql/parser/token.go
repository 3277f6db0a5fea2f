package parser

// tokKind identifies a token. Single-character tokens (punctuation and
// any stray ASCII character) use the character itself, 1..127; named kinds
// start at 256 and keywords at kwBase.
type tokKind uint16

const (
	tEOF tokKind = 0

	tIdent         tokKind = 256 + iota // identifier, not a keyword (or quoted)
	tIConst                             // integer literal that fits in int32
	tFConst                             // any other numeric literal
	tSConst                             // string literal, any quoting style
	tBConst                             // B'...' bit string
	tXConst                             // X'...' hex bit string
	tParam                              // $n
	tOp                                 // operator other than the named ones below
	tTypecast                           // ::
	tDotDot                             // ..
	tColonEquals                        // :=
	tEqualsGreater                      // =>
	tLessEquals                         // <=
	tGreaterEquals                      // >=
	tNotEquals                          // <> or !=
	tNul                                // a NUL byte, which PostgreSQL would never see
	tError                              // lexical error; the lexer holds it

	// PostgreSQL's parser turns these keywords into distinct tokens when the
	// next token tells how they are used (base_yylex), which decides some
	// syntax errors. The parser's token queue does the same.
	tNotLA   // NOT before BETWEEN, IN, LIKE, ILIKE or SIMILAR
	tNullsLA // NULLS before FIRST or LAST
	tWithLA  // WITH before TIME or ORDINALITY

	kwBase tokKind = 512
)

// Token flags.
const (
	flagQuoted   uint8 = 1 << iota // identifier was "quoted" (or U&"quoted")
	flagSimpleSC                   // string was a plain '...' (for UESCAPE)
)

// token is one lexical token. Offsets are byte offsets into the source.
type token struct {
	kind  tokKind
	flags uint8
	start int
	end   int
	// str is the token's value: the folded (and truncated) identifier or
	// keyword, the unescaped string, the operator, or the number's text.
	// The lexer leaves it empty in Normalize's boundary-only mode.
	str string
	// ival is the value of an integer literal or parameter number.
	ival int64
}

func (k tokKind) isKeyword() bool { return k >= kwBase && k <= kwMax }
