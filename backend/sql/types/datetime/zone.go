package datetime

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"ringpg/pgerr"
)

// zoneDir is where the IANA zone files live.
var zoneDir = "/usr/share/zoneinfo"

// zoneCache maps lower-cased TimeZone spellings to loaded zones; zoneNames
// maps lower-cased zone file names to their real spelling. Both are filled
// lazily and guarded by zoneMu.
var (
	zoneMu    sync.Mutex
	zoneCache = map[string]*time.Location{}
	zoneNames map[string]string
)

func zoneNotRecognized(name string) error {
	return pgerr.New(pgerr.InvalidParameterValue, "time zone \"%s\" not recognized", name)
}

// LoadZone resolves a TimeZone setting value: an IANA zone name in any
// case ('america/new_york'), 'UTC', a number of hours east of Greenwich
// ('+03', '-5.5': SQL's sign convention), or a POSIX zone specification
// ('UTC+3', 'EST5EDT', '<+07>-7': hours west, POSIX's convention). The
// returned location's String() is the canonical spelling. Unknown names
// give 22023 time zone "x" not recognized.
func LoadZone(name string) (*time.Location, error) {
	key := strings.ToLower(name)
	zoneMu.Lock()
	loc, ok := zoneCache[key]
	zoneMu.Unlock()
	if ok {
		return loc, nil
	}
	loc, err := loadZone(name)
	if err != nil {
		return nil, err
	}
	zoneMu.Lock()
	if len(zoneCache) < 10000 {
		zoneCache[key] = loc
	}
	zoneMu.Unlock()
	return loc, nil
}

func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, zoneNotRecognized(name)
	}
	// A bare number is hours east (SQL convention).
	if h, err := strconv.ParseFloat(strings.TrimSpace(name), 64); err == nil && isNumericZone(name) {
		secs := int(h * 3600)
		if secs < -15*59*60-59*60 || secs > 15*59*60+59*60 || h != h {
			return nil, zoneNotRecognized(name)
		}
		return time.FixedZone("<"+offsetName(secs)+">"+posixOffset(-secs), secs), nil
	}
	if real, ok := zoneFile(name); ok {
		if real == "UTC" || strings.EqualFold(name, "utc") {
			return time.FixedZone("UTC", 0), nil
		}
		if loc, err := time.LoadLocation(real); err == nil {
			return loc, nil
		}
	}
	if loc, ok := posixZone(name); ok {
		return loc, nil
	}
	return nil, zoneNotRecognized(name)
}

func isNumericZone(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || (i == 0 && (c == '+' || c == '-'))) {
			return false
		}
	}
	return true
}

// offsetName spells an offset east as PostgreSQL abbreviates it: +03, -05:30.
func offsetName(secs int) string {
	return string(appendOffset(nil, secs))
}

// posixOffset spells seconds west as a POSIX offset: -3, 5:30.
func posixOffset(west int) string {
	var b []byte
	if west < 0 {
		b = append(b, '-')
		west = -west
	}
	b = strconv.AppendInt(b, int64(west/3600), 10)
	if m, s := west%3600/60, west%60; m != 0 || s != 0 {
		b = append(b, ':')
		b = append2(b, m)
		if s != 0 {
			b = append(b, ':')
			b = append2(b, s)
		}
	}
	return string(b)
}

// zoneFile finds a zone file by case-insensitive name.
func zoneFile(name string) (string, bool) {
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return "", false
	}
	zoneMu.Lock()
	defer zoneMu.Unlock()
	if zoneNames == nil {
		zoneNames = map[string]string{}
		_ = filepath.WalkDir(zoneDir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(zoneDir, p)
			if d.IsDir() {
				if rel == "posix" || rel == "right" {
					return filepath.SkipDir
				}
				return nil
			}
			if rel == "localtime" || rel == "posixrules" || strings.Contains(rel, ".") {
				return nil
			}
			zoneNames[strings.ToLower(rel)] = rel
			return nil
		})
	}
	real, ok := zoneNames[strings.ToLower(name)]
	return real, ok
}

// posixZone builds a zone from a POSIX TZ specification such as 'UTC+3',
// 'EST5EDT' or 'EST5EDT,M3.2.0,M11.1.0'. A daylight name without rules
// takes the US rules, as PostgreSQL's posixrules do. The standard name may
// be short or absent ('+03:30' is 3:30 west, abbreviated to nothing).
func posixZone(spec string) (*time.Location, bool) {
	p := 0
	std, ok := posixName(spec, &p, 0)
	if !ok {
		return nil, false
	}
	nameEnd := p
	west, ok := posixOff(spec, &p)
	if !ok {
		return nil, false
	}
	rest := spec[p:]
	// Go reads unquoted names of three letters or more only.
	tz := "<" + std + ">" + spec[nameEnd:]
	if rest != "" {
		q := 0
		if _, ok := posixName(rest, &q, 3); !ok {
			return nil, false
		}
		if q < len(rest) && rest[q] != ',' {
			if _, ok := posixOff(rest, &q); !ok {
				return nil, false
			}
		}
		if q == len(rest) {
			tz += ",M3.2.0,M11.1.0"
		} else if rest[q] != ',' {
			return nil, false
		}
	}
	if west < -167*3600 || west > 167*3600 {
		return nil, false
	}
	loc, err := time.LoadLocationFromTZData(spec, tzifFooterOnly(tz, -west))
	if err != nil {
		return nil, false
	}
	return loc, true
}

// posixName reads a zone name of at least minLen letters, or a <quoted> one.
func posixName(s string, p *int, minLen int) (string, bool) {
	i := *p
	if i < len(s) && s[i] == '<' {
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return "", false
		}
		*p = i + j + 1
		return s[i+1 : i+j], true
	}
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	if j-i < minLen {
		return "", false
	}
	*p = j
	return s[i:j], true
}

// posixOff reads [+-]hh[:mm[:ss]] (seconds west).
func posixOff(s string, p *int) (int, bool) {
	i := *p
	sign := 1
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		if s[i] == '-' {
			sign = -1
		}
		i++
	}
	parts := [3]int{}
	for k := 0; k < 3; k++ {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' && j-i < 3 {
			j++
		}
		if j == i {
			if k == 0 {
				return 0, false
			}
			break
		}
		parts[k], _ = strconv.Atoi(s[i:j])
		i = j
		if i < len(s) && s[i] == ':' && k < 2 {
			i++
			continue
		}
		break
	}
	*p = i
	return sign * (parts[0]*3600 + parts[1]*60 + parts[2]), true
}

// tzifFooterOnly returns a version-2 TZif image with no transitions, one
// local time type (offset east) and the POSIX string as its footer, which
// Go's zone reader applies to every instant.
func tzifFooterOnly(posix string, offset int) []byte {
	hdr := func(b []byte, ver byte, typecnt, charcnt int) []byte {
		b = append(b, "TZif"...)
		b = append(b, ver)
		b = append(b, make([]byte, 15)...)
		counts := []int{0, 0, 0, 0, typecnt, charcnt} // isutc, isstd, leap, time, type, char
		for _, c := range counts {
			b = binary.BigEndian.AppendUint32(b, uint32(c))
		}
		return b
	}
	body := func(b []byte) []byte {
		b = binary.BigEndian.AppendUint32(b, uint32(int32(offset)))
		b = append(b, 0, 0) // isdst, abbreviation index
		return append(b, "LMT\x00"...)
	}
	var b []byte
	b = hdr(b, '2', 1, 4)
	b = body(b)
	b = hdr(b, '2', 1, 4)
	b = body(b)
	b = append(b, '\n')
	b = append(b, posix...)
	return append(b, '\n')
}

// LookupZone resolves a zone as AT TIME ZONE and timezone() do: a time
// zone abbreviation first ('EST', 'IST'), then what LoadZone accepts.
func LookupZone(name string) (*time.Location, error) {
	key := "\x00" + strings.ToLower(name) // apart from LoadZone's keys
	zoneMu.Lock()
	loc, ok := zoneCache[key]
	zoneMu.Unlock()
	if ok {
		return loc, nil
	}
	loc, err := lookupZone(name)
	if err != nil {
		return nil, err
	}
	zoneMu.Lock()
	if len(zoneCache) < 10000 {
		zoneCache[key] = loc
	}
	zoneMu.Unlock()
	return loc, nil
}

func lookupZone(name string) (*time.Location, error) {
	if a, ok := tzAbbrevs[strings.ToLower(name)]; ok {
		return time.FixedZone(strings.ToUpper(name), int(a.offset)), nil
	}
	if isNumericZone(name) {
		// Here a bare number is a POSIX offset: hours west.
		if h, err := strconv.ParseFloat(strings.TrimSpace(name), 64); err == nil && h >= -24 && h <= 24 {
			secs := -int(h * 3600)
			return time.FixedZone(offsetName(secs), secs), nil
		}
		return nil, zoneNotRecognized(name)
	}
	return LoadZone(name)
}

// FixedZone returns a zone at a constant offset in seconds east, named as
// PostgreSQL prints such offsets.
func FixedZone(secondsEast int) *time.Location {
	return time.FixedZone(offsetName(secondsEast), secondsEast)
}

// offsetAt returns loc's offset in seconds east at a UTC instant in
// timestamp microseconds.
func offsetAt(ts int64, loc *time.Location) int {
	if loc == nil || loc == time.UTC {
		return 0
	}
	secs := floorDiv64(ts, USecsPerSec) - UnixEpochMicros/USecsPerSec
	_, off := time.Unix(secs, 0).In(loc).Zone()
	return off
}

// localToUTC converts a local wall-clock timestamp in loc to UTC, choosing
// as PostgreSQL does: a time skipped by a forward transition is read with
// the offset before it, an ambiguous time with the offset after it.
func localToUTC(local int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC {
		return local
	}
	o1 := int64(offsetAt(local-USecsPerDay, loc)) * USecsPerSec
	o2 := int64(offsetAt(local+USecsPerDay, loc)) * USecsPerSec
	if o1 == o2 {
		u := local - o1
		if o := int64(offsetAt(u, loc)) * USecsPerSec; o != o1 {
			// A transition and a return within the day: take what holds there.
			return local - o
		}
		return u
	}
	u2 := local - o2
	if int64(offsetAt(u2, loc))*USecsPerSec == o2 {
		return u2
	}
	return local - o1
}

// TimestampTZToLocal converts a timestamptz to the timestamp it reads as in
// loc (timestamptz AT TIME ZONE zone).
func TimestampTZToLocal(ts int64, loc *time.Location) (int64, error) {
	if !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	r := ts + int64(offsetAt(ts, loc))*USecsPerSec
	if !ValidTimestamp(r) {
		return 0, tsOutOfRange()
	}
	return r, nil
}

// LocalToTimestampTZ converts a timestamp read in loc to a timestamptz
// (timestamp AT TIME ZONE zone, and timestamp → timestamptz casts).
func LocalToTimestampTZ(ts int64, loc *time.Location) (int64, error) {
	if !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	r := localToUTC(ts, loc)
	if !ValidTimestamp(r) {
		return 0, tsOutOfRange()
	}
	return r, nil
}

func tsOutOfRange() error {
	return pgerr.New("22008", "timestamp out of range")
}

// ZoneOffset returns loc's offset in seconds east at the timestamptz ts.
func ZoneOffset(ts int64, loc *time.Location) int { return offsetAt(ts, loc) }

// ZoneAbbrev returns loc's abbreviation in effect at ts (for to_char's TZ).
func ZoneAbbrev(ts int64, loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	secs := floorDiv64(ts, USecsPerSec) - UnixEpochMicros/USecsPerSec
	name, _ := time.Unix(secs, 0).In(loc).Zone()
	if len(name) > 2 && name[0] == '<' {
		// A numeric zone named in POSIX style, <+03>-3: its abbreviation is +03.
		if k := strings.IndexByte(name, '>'); k > 0 {
			return name[1:k]
		}
	}
	return name
}
