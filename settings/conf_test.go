package settings

import (
	"strings"
	"testing"
)

func TestParseConf(t *testing.T) {
	cases := []struct {
		in   string
		want string // items as name=value|line, then errors
	}{
		{"a = 1\nb 'x y' # c\n\n  c=on", "a=1|1 b=x y|2 c=on|4"},
		{"work_mem = 1MB\r\n", "work_mem=1MB|1"},
		{"x.y = 'it''s'", "x.y=it's|1"},
		{`s = 'tab\there\\'`, "s=tab\there\\|1"},
		{`s = '\101\1012\8'`, "s=AA28|1"},
		{"caf\xc3\xa9 = v\xc3\xa9", "caf\xc3\xa9=v\xc3\xa9|1"},
		{"a = -12", "a=-12|1"}, {"a = 0x1F", "a=0x1F|1"}, {"a = 1.5e3", "a=1.5e3|1"}, {"a = -.5", "a=-.5|1"},
		{"a = /tmp/x", `E syntax error in file "f" line 1, near token "/"`},
		{"a = b\nc", `a=b|1 E syntax error in file "f" line 1, near end of line`},
		{"a = b\n= c\nd = e", `a=b|1 d=e|3 E syntax error in file "f" line 2, near token "="`},
	}
	for _, c := range cases {
		items, errs := ParseConf(c.in, "f")
		var parts []string
		for _, it := range items {
			parts = append(parts, it.Name+"="+it.Value+"|"+itoa(it.Line))
		}
		for _, e := range errs {
			parts = append(parts, "E "+e.Message)
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("ParseConf(%q):\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func itoa(n int) string {
	s := ""
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestTooManySyntaxErrors(t *testing.T) {
	_, errs := ParseConf(strings.Repeat("= x\n", 150), "f")
	if len(errs) != maxConfSyntaxErrors+1 || !strings.HasPrefix(errs[len(errs)-1].Message, "too many syntax errors") {
		t.Errorf("%d errors, last %q", len(errs), errs[len(errs)-1].Message)
	}
}

func TestReadConfMissing(t *testing.T) {
	_, errs := ReadConf("/nonexistent/postgresql.conf")
	if len(errs) != 1 || errs[0].Message != `could not open configuration file "/nonexistent/postgresql.conf": No such file or directory` {
		t.Errorf("%v", errs)
	}
}
