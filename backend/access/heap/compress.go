package heap

import (
	"bytes"
	"compress/flate"
	"io"

	"ringpg/backend/access/heap/tuple"
	"ringpg/pgerr"
)

// Compression of large values uses DEFLATE (compress/flate, level
// BestSpeed): it is in the standard library, and at its fastest level it
// compresses text about as well as PostgreSQL's pglz, faster. The method
// is recorded in each compressed datum (tuple.CompressionDeflate), so
// another can be added later beside it.

// minCompressSize is the smallest payload worth trying to compress
// (pglz's default min_input_size).
const minCompressSize = 32

// compress returns v (an inline, uncompressed varlena) compressed, or
// false when that would not save more than 2 bytes (toast_compress_datum:
// the compressed datum needs its 8-byte header and 4-byte alignment where
// a short value may need neither).
func (h *Heap) compress(v []byte) ([]byte, bool) {
	payload, err := tuple.Payload(v)
	if err != nil || len(payload) < minCompressSize || len(payload) > tuple.MaxVarSize-tuple.VarHdrSzComp {
		return nil, false
	}
	var out bytes.Buffer
	out.Grow(tuple.VarHdrSzComp + len(payload)/2)
	out.Write(make([]byte, tuple.VarHdrSzComp))
	if h.deflater == nil {
		h.deflater, _ = flate.NewWriter(&out, flate.BestSpeed)
	} else {
		h.deflater.Reset(&out)
	}
	if _, err := h.deflater.Write(payload); err != nil {
		return nil, false
	}
	if err := h.deflater.Close(); err != nil {
		return nil, false
	}
	h.deflater.Reset(io.Discard) // do not keep the output alive
	c := out.Bytes()
	if len(c) >= len(payload)-2 {
		return nil, false
	}
	tuple.PutCompressedHeader(c, len(c), len(payload), tuple.CompressionDeflate)
	return c, true
}

// decompress returns the payload of a compressed datum.
func decompress(v []byte) ([]byte, error) {
	raw, method, data, err := tuple.CompressedInfo(v)
	if err != nil {
		return nil, err
	}
	if method != tuple.CompressionDeflate {
		return nil, pgerr.New(codeDataCorrupted, "invalid compression method id %d", method)
	}
	out := make([]byte, raw)
	r := flate.NewReader(bytes.NewReader(data))
	defer r.Close()
	if _, err := io.ReadFull(r, out); err != nil {
		return nil, pgerr.New(codeDataCorrupted, "compressed data is corrupted")
	}
	// The stream must end exactly there.
	var one [1]byte
	if n, err := r.Read(one[:]); n != 0 || err != io.EOF {
		return nil, pgerr.New(codeDataCorrupted, "compressed data is corrupted")
	}
	return out, nil
}
