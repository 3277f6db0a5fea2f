package engine

import (
	"bytes"
	"encoding/binary"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// COPY FROM STDIN WITH (FORMAT binary): an 11-byte signature, a flags
// word and a header extension, then per row a 16-bit field count (-1 ends
// the data) and per field a 32-bit length (-1 for NULL) and the value in
// its type's binary (receive) form.

// copySignature opens every binary COPY stream.
var copySignature = []byte("PGCOPY\n\xff\r\n\x00")

// binaryData consumes what it can of the buffered binary stream; it keeps
// an incomplete header or row in ci.partial until more data comes.
func (ci *CopyIn) binaryData() error {
	for {
		n, err := ci.binaryStep(ci.partial)
		if err != nil || n == 0 {
			return err
		}
		ci.partial = ci.partial[n:]
	}
}

// binaryStep reads the header or one row from b and returns how many bytes
// it used, 0 when b holds less than a whole unit.
func (ci *CopyIn) binaryStep(b []byte) (int, error) {
	if ci.binEnded {
		if len(b) > 0 {
			return 0, pgerr.New(pgerr.BadCopyFileFormat, "received copy data after EOF marker")
		}
		return 0, nil
	}
	if !ci.binHeader {
		if len(b) < len(copySignature)+8 {
			return 0, nil
		}
		if !bytes.Equal(b[:len(copySignature)], copySignature) {
			return 0, pgerr.New(pgerr.BadCopyFileFormat, "COPY file signature not recognized")
		}
		flags := binary.BigEndian.Uint32(b[11:15])
		if flags&(1<<16) != 0 {
			return 0, pgerr.New(pgerr.BadCopyFileFormat, "invalid COPY file header (WITH OIDS)")
		}
		if flags&^uint32(0xffff) != 0 {
			return 0, pgerr.New(pgerr.BadCopyFileFormat, "unrecognized critical flags in COPY file header")
		}
		ext := int(int32(binary.BigEndian.Uint32(b[15:19])))
		if ext < 0 {
			return 0, pgerr.New(pgerr.BadCopyFileFormat, "invalid COPY file header (missing length)")
		}
		if len(b) < 19+ext {
			return 0, nil
		}
		ci.binHeader = true
		return 19 + ext, nil
	}
	if len(b) < 2 {
		return 0, nil
	}
	count := int(int16(binary.BigEndian.Uint16(b)))
	if count == -1 {
		ci.binEnded = true
		return 2, nil
	}
	if count != len(ci.cols) {
		return 0, pgerr.New(pgerr.BadCopyFileFormat, "row field count is %d, expected %d", count, len(ci.cols))
	}
	// Check the row is all there before decoding it.
	off := 2
	for range count {
		if len(b) < off+4 {
			return 0, nil
		}
		l := int(int32(binary.BigEndian.Uint32(b[off:])))
		off += 4
		if l < -1 {
			return 0, pgerr.New(pgerr.BadCopyFileFormat, "invalid field size")
		}
		if l > 0 {
			if len(b) < off+l {
				return 0, nil
			}
			off += l
		}
	}
	row := ci.newRow()
	pos := 2
	for j := range count {
		l := int(int32(binary.BigEndian.Uint32(b[pos:])))
		pos += 4
		if l == -1 {
			continue
		}
		col := ci.table.Cols[ci.cols[j]]
		// A copy: the value may keep its bytes, and the buffer moves on.
		d, err := types.Recv(col.T, append([]byte(nil), b[pos:pos+l]...), ci.s.env)
		if err != nil {
			return 0, err
		}
		row[ci.cols[j]] = d
		pos += l
	}
	ci.line++
	ci.batch = append(ci.batch, row)
	if len(ci.batch) >= copyBatch {
		return off, ci.flush()
	}
	return off, nil
}

// binaryDone checks the end of a binary stream: nothing may be left over
// but a complete trailer (or nothing at all).
func (ci *CopyIn) binaryDone() error {
	if len(ci.partial) > 0 {
		return pgerr.New(pgerr.BadCopyFileFormat, "unexpected EOF in COPY data")
	}
	return nil
}

// Binary reports COPY in binary format, which the CopyInResponse says.
func (ci *CopyIn) Binary() bool { return ci.binary }
