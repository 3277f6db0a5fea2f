package datetime

import "ringpg/pgerr"

// DateBin implements date_bin(stride, source, origin) for timestamp and
// timestamptz: the start of the stride-wide bin, counted from origin, that
// holds source.
func DateBin(stride Interval, source, origin int64) (int64, error) {
	if !IsFiniteTimestamp(source) {
		return source, nil
	}
	if !IsFiniteTimestamp(origin) {
		return 0, pgerr.New("22008", "origin out of range")
	}
	if stride.Months != 0 {
		return 0, pgerr.New(pgerr.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
	}
	width, ok := addChecked(int64(stride.Days)*USecsPerDay, stride.Micros)
	if !ok || width <= 0 {
		if ok {
			return 0, pgerr.New("22008", "stride must be greater than zero")
		}
		return 0, pgerr.New("22008", "interval out of range")
	}
	delta, ok := addChecked(source, -origin)
	if !ok {
		return 0, pgerr.New("22008", "interval out of range")
	}
	tm := delta / width * width
	if delta < 0 && delta%width != 0 {
		tm -= width
	}
	r, ok := addChecked(origin, tm)
	if !ok || !ValidTimestamp(r) {
		return 0, tsOutOfRange()
	}
	return r, nil
}
