package settings

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// TimeZone and log_timezone accept what PostgreSQL accepts: a number of
// hours east of UTC ("-7", "5.5"), a zone from the tz database matched
// without regard to case ("europe/paris" is stored as "Europe/Paris"), or a
// POSIX TZ specification ("EST5EDT", "UTC+3"), stored upper-cased.

// zoneinfoDirs are where the tz database is looked for, in order.
var zoneinfoDirs = []string{"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"}

// maxTZOffsetHours bounds a numeric TimeZone: the offset must be less than
// a week.
const maxTZOffsetHours = 168

func checkTimeZone(_ *Set, v string) (string, *checkFailure) {
	if h, end, rangeErr := cStrtod(v); end > 0 && end == len(v) && !rangeErr && h == h {
		if h >= maxTZOffsetHours || h <= -maxTZOffsetHours {
			return "", &checkFailure{detail: "UTC timezone offset is out of range."}
		}
		// Seconds truncate, as PostgreSQL's conversion does.
		return offsetZoneName(int64(h * 3600)), nil
	}
	if name, ok := lookupZone(v); ok {
		return name, nil
	}
	up := strings.ToUpper(v)
	if validPosixTZ(up) {
		return up, nil
	}
	return "", &checkFailure{}
}

// offsetZoneName names a fixed offset (seconds east of UTC) as PostgreSQL
// does: "<+05:30>-05:30".
func offsetZoneName(east int64) string {
	sign, back := "+", "-"
	a := east
	if east < 0 {
		sign, back, a = "-", "+", -east
	}
	off := fmt.Sprintf("%02d", a/3600)
	if a%3600 != 0 {
		off += fmt.Sprintf(":%02d", a%3600/60)
		if a%60 != 0 {
			off += fmt.Sprintf(":%02d", a%60)
		}
	}
	return "<" + sign + off + ">" + back + off
}

// zoneIndex maps a lower-cased zone path ("europe/paris") to its spelling on
// disk, for every zone file of the first tz database found. It is built
// once per process, on first use.
var (
	zoneIndexOnce sync.Once
	zoneIndex     map[string]string
)

func buildZoneIndex() {
	zoneIndex = make(map[string]string)
	for _, dir := range zoneinfoDirs {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(dir, path)
			if err != nil || !isZoneFile(path) {
				return nil
			}
			key := strings.ToLower(rel)
			// On a case clash keep the first spelling found (WalkDir is
			// in lexical order, as a directory scan would be).
			if _, dup := zoneIndex[key]; !dup {
				zoneIndex[key] = rel
			}
			return nil
		})
		return
	}
}

// isZoneFile reports whether path is a compiled zone (not one of the
// database's index files).
func isZoneFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	magic := make([]byte, 4)
	n, _ := f.Read(magic)
	return n == 4 && string(magic) == "TZif"
}

// lookupZone finds a tz database zone whose path matches name without
// regard to case and returns its spelling on disk. Paths that leave the
// database ("..", absolute, empty components) never match.
func lookupZone(name string) (string, bool) {
	if name == "" || len(name) > 255 || strings.HasPrefix(name, "/") {
		return "", false
	}
	for _, p := range strings.Split(name, "/") {
		if p == "" || p == "." || p == ".." {
			return "", false
		}
	}
	zoneIndexOnce.Do(buildZoneIndex)
	canon, ok := zoneIndex[strings.ToLower(name)]
	return canon, ok
}

// validPosixTZ accepts a POSIX TZ string: std offset [dst [offset]
// [,rule,rule]]. Like PostgreSQL's last-ditch parse it does not insist on
// three-letter zone abbreviations.
func validPosixTZ(s string) bool {
	i, ok := tzName(s, 0)
	if !ok {
		return false
	}
	if i, ok = tzOffset(s, i); !ok {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != ',' {
		j, ok := tzName(s, i)
		if !ok || j == i {
			return false
		}
		i = j
		if i < len(s) && s[i] != ',' {
			if i, ok = tzOffset(s, i); !ok {
				return false
			}
		}
	}
	if i == len(s) {
		return true
	}
	for r := 0; r < 2; r++ {
		if i >= len(s) || s[i] != ',' {
			return false
		}
		if i, ok = tzRule(s, i+1); !ok {
			return false
		}
	}
	return i == len(s)
}

// tzName reads a zone abbreviation: letters, or anything up to '>' after
// '<' (PostgreSQL accepts its own "<+05:30>" and more).
func tzName(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '<' {
		j := i + 1
		for j < len(s) && s[j] != '>' {
			j++
		}
		if j >= len(s) {
			return 0, false
		}
		return j + 1, true
	}
	j := i
	for j < len(s) && s[j] >= 'A' && s[j] <= 'Z' {
		j++
	}
	return j, true
}

// tzOffset reads [+-]hh[:mm[:ss]].
func tzOffset(s string, i int) (int, bool) {
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	return tzTime(s, i)
}

func tzTime(s string, i int) (int, bool) {
	j, ok := tzNum(s, i, 167)
	if !ok {
		return 0, false
	}
	for k := 0; k < 2 && j < len(s) && s[j] == ':'; k++ {
		if j, ok = tzNum(s, j+1, 59); !ok {
			return 0, false
		}
	}
	return j, true
}

func tzNum(s string, i int, max int) (int, bool) {
	n, j := 0, i
	for j < len(s) && isDigit(s[j]) && j-i < 3 {
		n = n*10 + int(s[j]-'0')
		j++
	}
	if j == i || n > max {
		return 0, false
	}
	return j, true
}

// tzRule reads Jn, n or Mm.w.d, then an optional /time.
func tzRule(s string, i int) (int, bool) {
	var ok bool
	switch {
	case i < len(s) && s[i] == 'J':
		i, ok = tzNum(s, i+1, 365)
	case i < len(s) && s[i] == 'M':
		if i, ok = tzNum(s, i+1, 12); !ok {
			return 0, false
		}
		for k := 0; k < 2; k++ {
			if i >= len(s) || s[i] != '.' {
				return 0, false
			}
			if i, ok = tzNum(s, i+1, 6); !ok {
				return 0, false
			}
		}
	default:
		i, ok = tzNum(s, i, 365)
	}
	if !ok {
		return 0, false
	}
	if i < len(s) && s[i] == '/' {
		return tzOffset(s, i+1)
	}
	return i, true
}
