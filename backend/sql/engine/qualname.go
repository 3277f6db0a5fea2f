package engine

import (
	"strings"

	"ringpg/pgerr"
)

// splitQualifiedName splits a possibly qualified name as regclass input
// reads it: parts separated by dots, each either double-quoted (kept as
// written, "" standing for one quote) or bare (folded to lower case,
// spaces around it ignored).
func splitQualifiedName(s string) ([]string, error) {
	bad := pgerr.New("42602", "invalid name syntax")
	var parts []string
	i := 0
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		var b strings.Builder
		if i < len(s) && s[i] == '"' {
			i++
			for {
				if i >= len(s) {
					return nil, bad
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			if b.Len() == 0 {
				return nil, bad
			}
		} else {
			start := i
			for i < len(s) && s[i] != '.' && s[i] != ' ' && s[i] != '"' {
				i++
			}
			if i == start {
				return nil, bad
			}
			b.WriteString(strings.ToLower(s[start:i]))
		}
		parts = append(parts, b.String())
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			return parts, nil
		}
		if s[i] != '.' {
			return nil, bad
		}
		i++
	}
}
