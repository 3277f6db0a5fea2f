package datetime

import (
	"encoding/binary"

	"ringpg/pgerr"
)

// Binary send/receive: PostgreSQL sends the stored numbers big-endian:
// a date as int32 days, time/timestamp/timestamptz as int64 microseconds,
// an interval as int64 microseconds, int32 days, int32 months.

func wireLen(b []byte, n int) error {
	if len(b) < n {
		return pgerr.New(pgerr.ProtocolViolation, "insufficient data left in message")
	}
	if len(b) > n {
		return pgerr.New(pgerr.ProtocolViolation, "incorrect binary data format")
	}
	return nil
}

// AppendDateSend appends a date's binary form.
func AppendDateSend(dst []byte, d int64) []byte {
	return binary.BigEndian.AppendUint32(dst, uint32(int32(d)))
}

// RecvDate decodes a date's binary form.
func RecvDate(b []byte) (int64, error) {
	if err := wireLen(b, 4); err != nil {
		return 0, err
	}
	d := int64(int32(binary.BigEndian.Uint32(b)))
	if IsFiniteDate(d) && !ValidDate(d) {
		return 0, pgerr.New("22008", "date out of range")
	}
	return d, nil
}

// AppendTimestampSend appends a timestamp's (or timestamptz's) binary form.
func AppendTimestampSend(dst []byte, ts int64) []byte {
	return binary.BigEndian.AppendUint64(dst, uint64(ts))
}

// RecvTimestamp decodes a timestamp's (or timestamptz's) binary form.
func RecvTimestamp(b []byte) (int64, error) {
	if err := wireLen(b, 8); err != nil {
		return 0, err
	}
	ts := int64(binary.BigEndian.Uint64(b))
	if IsFiniteTimestamp(ts) && !ValidTimestamp(ts) {
		return 0, tsOutOfRange()
	}
	return ts, nil
}

// AppendTimeSend appends a time's binary form.
func AppendTimeSend(dst []byte, t int64) []byte {
	return binary.BigEndian.AppendUint64(dst, uint64(t))
}

// RecvTime decodes a time's binary form.
func RecvTime(b []byte) (int64, error) {
	if err := wireLen(b, 8); err != nil {
		return 0, err
	}
	t := int64(binary.BigEndian.Uint64(b))
	if t < 0 || t > USecsPerDay {
		return 0, pgerr.New("22008", "time out of range")
	}
	return t, nil
}

// AppendIntervalSend appends an interval's binary form.
func AppendIntervalSend(dst []byte, iv Interval) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(iv.Micros))
	dst = binary.BigEndian.AppendUint32(dst, uint32(iv.Days))
	return binary.BigEndian.AppendUint32(dst, uint32(iv.Months))
}

// RecvInterval decodes an interval's binary form.
func RecvInterval(b []byte) (Interval, error) {
	if err := wireLen(b, 16); err != nil {
		return Interval{}, err
	}
	return Interval{
		Micros: int64(binary.BigEndian.Uint64(b)),
		Days:   int32(binary.BigEndian.Uint32(b[8:])),
		Months: int32(binary.BigEndian.Uint32(b[12:])),
	}, nil
}
