package engine

import (
	"reflect"
	"testing"
)

func TestSplitQualifiedName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"t", []string{"t"}},
		{"Books", []string{"books"}},
		{`"Books"`, []string{"Books"}},
		{`isch.book`, []string{"isch", "book"}},
		{`"isch"."book"`, []string{"isch", "book"}},
		{`"db"."isch"."book"`, []string{"db", "isch", "book"}},
		{`"a.b"."c""d"`, []string{"a.b", `c"d`}},
		{` s . t `, []string{"s", "t"}},
		{"", nil},
		{`""`, nil},
		{`a.`, nil},
		{`"a`, nil},
		{`a b`, nil},
	} {
		got, err := splitQualifiedName(tc.in)
		if tc.want == nil {
			if err == nil {
				t.Errorf("%q: got %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}
