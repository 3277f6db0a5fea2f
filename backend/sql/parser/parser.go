package parser

import (
	"ringpg/pgerr"
)

// parser is a recursive-descent parser over a lazily lexed token stream.
//
// Errors are sticky: the first one is kept in err, and from then on every
// token looks like the end of input, so all loops (which only continue on
// a matching token) wind down and the top level returns err. Parse
// functions return non-nil nodes even after an error so callers need not
// check for nil.
type parser struct {
	src     string
	lex     lexer
	la      []token  // lookahead queue, la[0] is the current token
	laBuf   [4]token // backs la; deeper lookahead grows it
	prevEnd int      // end offset of the last consumed token
	err     *pgerr.Error
	eof     token
	// labelCtx tells the outermost expression of a select-list item that
	// a bare column label may follow it (see climb).
	labelCtx bool
	// substrCtx makes SIMILAR end an expression unless TO follows, for
	// SUBSTRING(x SIMILAR pattern ESCAPE e).
	substrCtx bool
	// depth counts nested constructs; see enter.
	depth int
	// defaultPrivs makes GRANT/REVOKE's ON name a kind of object (TABLES,
	// SEQUENCES, ...) rather than objects, for ALTER DEFAULT PRIVILEGES.
	defaultPrivs bool
}

// maxDepth bounds the nesting of expressions and sub-selects. PostgreSQL's
// parser stack holds 10000 entries and reports "memory exhausted" beyond;
// bounding recursion the same way keeps a hostile query from exhausting
// the goroutine stack.
const maxDepth = 10000

// enter records one level of nesting; it reports false, after recording
// PostgreSQL's error, when the query nests too deeply. Each successful
// enter is paired with leave.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.errorNear("memory exhausted")
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

func newParser(sql string) *parser {
	p := &parser{src: sql}
	p.la = p.laBuf[:0]
	p.lex = lexer{src: sql, values: true}
	p.eof = token{kind: tEOF, start: len(sql), end: len(sql)}
	return p
}

// Parse parses a query string that may hold several statements separated
// by semicolons. Empty statements are skipped.
func Parse(sql string) ([]Stmt, error) {
	stmts, _, err := ParseWithNotices(sql)
	return stmts, err
}

// ParseWithNotices is Parse that also returns the notices PostgreSQL would
// send while parsing (identifier truncation).
func ParseWithNotices(sql string) ([]Stmt, []*pgerr.Error, error) {
	p := newParser(sql)
	stmts := p.parseStmts()
	if p.err != nil {
		return nil, p.lex.notices, p.err
	}
	return stmts, p.lex.notices, nil
}

// ParseOne parses a query string holding at most one statement, as the
// extended query protocol requires. It returns nil for an empty string.
func ParseOne(sql string) (Stmt, error) {
	stmts, err := Parse(sql)
	if err != nil {
		return nil, err
	}
	switch len(stmts) {
	case 0:
		return nil, nil
	case 1:
		return stmts[0], nil
	}
	return nil, pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
}

func (p *parser) parseStmts() []Stmt {
	var stmts []Stmt
	for p.err == nil {
		for p.accept(';') {
		}
		if p.is(tEOF) {
			break
		}
		start := p.tok().start
		s := p.parseStmt()
		if p.err != nil {
			break
		}
		if !p.is(';') && !p.is(tEOF) {
			p.syntaxError()
			break
		}
		s.setSpan(start, p.prevEnd-start)
		stmts = append(stmts, s)
	}
	return stmts
}

// fill makes sure the lookahead queue holds n+1 tokens.
func (p *parser) fill(n int) {
	for len(p.la) <= n {
		t := p.next()
		switch t.kind {
		case kwNot, kwNulls, kwWith:
			// Look at the next token, as base_yylex does, even when that
			// token turns out to be a lexical error.
			next := p.next()
			switch {
			case t.kind == kwNot && (next.kind == kwBetween || next.kind == kwIn || next.kind == kwLike ||
				next.kind == kwIlike || next.kind == kwSimilar):
				t.kind = tNotLA
			case t.kind == kwNulls && (next.kind == kwFirst || next.kind == kwLast):
				t.kind = tNullsLA
			case t.kind == kwWith && (next.kind == kwTime || next.kind == kwOrdinality):
				t.kind = tWithLA
			}
			p.la = append(p.la, t, next)
			continue
		}
		p.la = append(p.la, t)
	}
}

// kind returns the current token's kind.
func (p *parser) kind() tokKind {
	if len(p.la) > 0 && p.err == nil {
		return p.la[0].kind
	}
	return p.tok().kind
}

// next reads one token from the lexer.
func (p *parser) next() token {
	t := p.lex.next()
	if t.kind == tError {
		if p.err == nil {
			p.err = p.lex.err
		}
		t = p.eof
	}
	return t
}

// tok returns (a copy of) the current token.
func (p *parser) tok() token {
	if p.err != nil {
		return p.eof
	}
	if len(p.la) == 0 {
		p.fill(0)
		if p.err != nil {
			return p.eof
		}
	}
	return p.la[0]
}

// peek returns the token n places after the current one (peek(0) is the
// current token).
func (p *parser) peek(n int) token {
	if p.err != nil {
		return p.eof
	}
	p.fill(n)
	if p.err != nil {
		return p.eof
	}
	return p.la[n]
}

func (p *parser) peekKind(n int) tokKind {
	if n < len(p.la) && p.err == nil {
		return p.la[n].kind
	}
	return p.peek(n).kind
}

// advance consumes the current token and returns it.
func (p *parser) advance() token {
	t := p.tok()
	if p.err != nil || t.kind == tEOF {
		return t
	}
	copy(p.la, p.la[1:])
	p.la = p.la[:len(p.la)-1]
	p.prevEnd = t.end
	return t
}

func (p *parser) is(k tokKind) bool { return p.kind() == k }

func (p *parser) accept(k tokKind) bool {
	if p.is(k) {
		p.advance()
		return true
	}
	return false
}

// acceptSeq consumes the given tokens if they all come next.
func (p *parser) acceptSeq(ks ...tokKind) bool {
	for i, k := range ks {
		if p.peekKind(i) != k {
			return false
		}
	}
	for range ks {
		p.advance()
	}
	return true
}

// expect consumes a token of kind k or reports a syntax error at the
// current token.
func (p *parser) expect(k tokKind) token {
	if p.is(k) {
		return p.advance()
	}
	p.syntaxError()
	return p.eof
}

// syntaxError reports PostgreSQL's generic syntax error at the current token.
func (p *parser) syntaxError() {
	p.syntaxErrorAt(p.tok())
}

func (p *parser) syntaxErrorAt(t token) {
	if p.err != nil {
		return
	}
	p.err = nearError(p.src, pgerr.SyntaxError, "syntax error", t.start, t.end)
}

// errorNear reports msg "at or near" the current token, as the grammar's
// parser_yyerror does.
func (p *parser) errorNear(msg string) {
	if p.err != nil {
		return
	}
	t := p.tok()
	p.err = nearError(p.src, pgerr.SyntaxError, msg, t.start, t.end)
}

// errorAt reports an error with a cursor position at byte offset at, as
// ereport(... parser_errposition(location)) does.
func (p *parser) errorAt(code, msg string, at int) *pgerr.Error {
	if p.err != nil {
		return p.err
	}
	p.err = positionedError(p.src, code, msg, at)
	return p.err
}

func (p *parser) failed() bool { return p.err != nil }
