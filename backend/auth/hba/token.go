package hba

import (
	"os"
	"path/filepath"
	"strings"
)

// MaxIncludeDepth bounds the nesting of @file inclusions.
const MaxIncludeDepth = 10

// token is one word of the file. quoted is set when the word began with a
// double quote: such a word never counts as a keyword (all, sameuser, +role,
// @file, ...), it is a literal name.
type token struct {
	text   string
	quoted bool
}

// tokLine is one logical line of the file (after backslash continuations):
// its fields, each a comma-separated list of tokens, or the error met while
// reading it.
type tokLine struct {
	line   int
	raw    string
	fields [][]token
	err    string
}

// isBlank is PostgreSQL's pg_isblank: a carriage return counts as blank.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// logicalLines splits data into logical lines, the way PostgreSQL reads an
// authentication file: a line ends at a newline, trailing CR/LF are
// dropped, a NUL ends the line's text (PostgreSQL handles it as a C string)
// and a backslash as the last character joins the next physical line. Each
// result carries the number of its first physical line.
func logicalLines(data string) (lines []string, nums []int) {
	lineNo := 1
	for len(data) > 0 {
		var buf []byte
		cont := 0
		for len(data) > 0 {
			var phys string
			if i := strings.IndexByte(data, '\n'); i >= 0 {
				phys, data = data[:i+1], data[i+1:]
			} else {
				phys, data = data, ""
			}
			buf = append(buf, phys...)
			if i := strings.IndexByte(string(buf), 0); i >= 0 {
				buf = buf[:i]
			}
			for len(buf) > 0 && (buf[len(buf)-1] == '\n' || buf[len(buf)-1] == '\r') {
				buf = buf[:len(buf)-1]
			}
			if len(buf) > 0 && buf[len(buf)-1] == '\\' {
				buf = buf[:len(buf)-1]
				cont++
				continue
			}
			break
		}
		lines = append(lines, string(buf))
		nums = append(nums, lineNo)
		lineNo += cont + 1
	}
	return lines, nums
}

// nextToken reads one token of s starting at i. It reports whether a token
// was found (an empty quoted string is a token), whether it began with a
// quote, whether an unquoted comma ended it, and where reading stopped.
func nextToken(s string, i int) (tok string, initialQuote, comma, ok bool, next int) {
	// Whitespace and commas before a token are skipped.
	for i < len(s) && (isBlank(s[i]) || s[i] == ',') {
		i++
	}
	var buf []byte
	inQuote, wasQuote, sawQuote := false, false, false
	for i < len(s) && (!isBlank(s[i]) || inQuote) {
		c := s[i]
		if c == '#' && !inQuote {
			// A comment runs to the end of the line.
			i = len(s)
			break
		}
		if c == ',' && !inQuote {
			comma = true
			break // the comma is left for the next call to skip
		}
		if c != '"' || wasQuote {
			buf = append(buf, c)
		}
		// Inside quotes, a doubled quote stands for one quote.
		if inQuote && c == '"' {
			wasQuote = !wasQuote
		} else {
			wasQuote = false
		}
		if c == '"' {
			inQuote = !inQuote
			sawQuote = true
			if len(buf) == 0 {
				initialQuote = true
			}
		}
		i++
	}
	return string(buf), initialQuote, comma, sawQuote || len(buf) > 0, i
}

// tokenizer reads a file and its inclusions.
type tokenizer struct {
	readFile func(name string) ([]byte, error)
}

// nextField reads one field: a list of tokens joined by commas, with @file
// references replaced by the tokens of that file.
func (t *tokenizer) nextField(filename, s string, i, depth int) ([]token, string, int) {
	var toks []token
	for {
		tok, quoted, comma, ok, next := nextToken(s, i)
		i = next
		if !ok {
			break
		}
		if !quoted && len(tok) > 1 && tok[0] == '@' {
			inc, err := t.includeFile(filename, tok[1:], depth+1)
			toks = append(toks, inc...)
			if err != "" {
				return toks, err, i
			}
		} else {
			toks = append(toks, token{text: tok, quoted: quoted})
		}
		if !comma {
			break
		}
	}
	return toks, "", i
}

// tokenize splits the text of one file into tokenized lines; lines that hold
// nothing but blanks and comments are left out.
func (t *tokenizer) tokenize(filename, data string, depth int) []tokLine {
	var out []tokLine
	lines, nums := logicalLines(data)
	for k, line := range lines {
		tl := tokLine{line: nums[k], raw: line}
		i := 0
		for i < len(line) && tl.err == "" {
			var f []token
			f, tl.err, i = t.nextField(filename, line, i, depth)
			if len(f) > 0 {
				tl.fields = append(tl.fields, f)
			}
		}
		if len(tl.fields) > 0 || tl.err != "" {
			out = append(out, tl)
		}
	}
	return out
}

// includeFile returns every token of an @file, whatever its line or field,
// in order; a relative name is taken relative to the including file's
// directory.
func (t *tokenizer) includeFile(outer, name string, depth int) ([]token, string) {
	full := name
	if !filepath.IsAbs(name) {
		full = filepath.Join(filepath.Dir(outer), name)
	}
	prefix := "could not open secondary authentication file \"@" + name + "\" as \"" + full + "\": "
	if depth > MaxIncludeDepth {
		return nil, prefix + "maximum nesting depth exceeded"
	}
	data, err := t.readFile(full)
	if err != nil {
		return nil, prefix + strerror(err)
	}
	var toks []token
	for _, tl := range t.tokenize(full, string(data), depth) {
		if tl.err != "" {
			return toks, tl.err
		}
		for _, f := range tl.fields {
			toks = append(toks, f...)
		}
	}
	return toks, ""
}

func osReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
