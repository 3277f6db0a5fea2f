package engine

import (
	"testing"
)

// TestCopySplit: text-format lines cut into fields as PostgreSQL's COPY
// FROM does: the NULL string compared before escapes are undone, empty
// fields, escapes of every kind, a trailing backslash kept, other
// delimiters and NULL strings; and CSV's quoting. The fields of one line
// are not disturbed by splitting the next.
func TestCopySplit(t *testing.T) {
	type f = copyField
	null := f{null: true}
	str := func(s string) f { return f{s: s} }
	tests := []struct {
		delim byte
		null  string
		csv   bool
		line  string
		want  []f
	}{
		{'\t', `\N`, false, "1\t2\t3", []f{str("1"), str("2"), str("3")}},
		{'\t', `\N`, false, "", []f{str("")}},
		{'\t', `\N`, false, "\t", []f{str(""), str("")}},
		{'\t', `\N`, false, `\N` + "\t\t" + `\N`, []f{null, str(""), null}},
		{'\t', `\N`, false, `\\N` + "\t" + `a\N`, []f{str(`\N`), str("aN")}},
		{'\t', `\N`, false, `a\tb\nc\rd\be\ff\vg\\h\.i\x`, []f{str("a\tb\nc\rd\be\ff\vg\\h.ix")}},
		{'\t', `\N`, false, `end\`, []f{str(`end\`)}},
		{'\t', `\N`, false, `x\` + "\ty\tz", []f{str("x\ty"), str("z")}},
		{',', `\N`, false, `a\,b,c\\,d`, []f{str("a,b"), str(`c\`), str("d")}},
		{'|', "", false, "a||b|", []f{str("a"), null, str("b"), null}},
		{',', "NULL", false, `a,NULL`, []f{str("a"), null}},
		{',', "", true, `a,"b,c",,""`, []f{str("a"), str("b,c"), null, str("")}},
		{',', "", true, `"say ""hi""",x`, []f{str(`say "hi"`), str("x")}},
	}
	for _, tt := range tests {
		ci := &CopyIn{delim: tt.delim, null: tt.null, csv: tt.csv}
		got := append([]copyField(nil), ci.split(tt.line)...)
		ci.split("other\tline\twith\tmore\tfields") // reuses ci.fields
		if len(got) != len(tt.want) {
			t.Errorf("split(%q) = %v, want %v", tt.line, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("split(%q) field %d = %+v, want %+v", tt.line, i, got[i], tt.want[i])
			}
		}
	}
}
