package page

import "encoding/binary"

// PostgreSQL's data page checksum (storage/checksum_impl.h describes it):
// the page is read as 64 rows of 32 little-endian uint32 words; each of 32
// lanes runs an FNV-1a-like hash down its column, seeded with a fixed
// random offset, mixed as
//
//	tmp = sum ^ value; sum = tmp*FNV_PRIME ^ (tmp >> 17)
//
// followed by two rounds with value 0; the lanes are XORed together, the
// block number is XORed in, and the result is folded to 1..65535 (never 0,
// so a zero field can mean "no checksum"). pd_checksum itself counts as
// zero while hashing.
//
// The lanes are independent, so they are hashed eight at a time with the
// eight sums in registers: the same arithmetic as PostgreSQL's lane-major
// loop, in an order Go's compiler keeps out of memory.

const (
	checksumLanes = 32
	checksumRows  = Size / (4 * checksumLanes)
	fnvPrime      = 16777619
)

// checksumBase holds the lanes' starting values, the random offsets
// published with PostgreSQL's algorithm.
var checksumBase = [checksumLanes]uint32{
	0x5B1F36E9, 0xB8525960, 0x02AB50AA, 0x1DE66D2A,
	0x79FF467A, 0x9BB9F8A3, 0x217E7CD2, 0x83E13D2C,
	0xF8D4474F, 0xE39EB970, 0x42C6AE16, 0x993216FA,
	0x7B093B5D, 0x98DAFF3C, 0xF718902A, 0x0B1C9CDB,
	0xE58F764B, 0x187636BC, 0x5D7B3BB1, 0xE73DE7DE,
	0x92BEC979, 0xCCA6C0B2, 0x304A0979, 0x85AA43D4,
	0x783125BB, 0x6CA8EAA2, 0xE407EAC6, 0x4B5CFC3E,
	0x9FBF8C76, 0x15CA20BE, 0xF2CA9FD3, 0x959BD756,
}

func mix(sum, value uint32) uint32 {
	t := sum ^ value
	return t*fnvPrime ^ t>>17
}

// Checksum returns the checksum PostgreSQL would store in pd_checksum for
// this page at block number blkno (its number within its relation fork,
// counting across segment files). The page is not modified.
func (p Page) Checksum(blkno uint32) uint16 {
	return uint16((checksumBlock(p[:Size])^blkno)%65535 + 1)
}

// SetChecksum computes the checksum for block blkno and stores it in
// pd_checksum; done last, just before the page is written out.
func (p Page) SetChecksum(blkno uint32) {
	p.setU16(offChecksum, int(p.Checksum(blkno)))
}

// checksumBlock is pg_checksum_block over b, with pd_checksum (the low
// half of word 2, bytes 8-9 little-endian) read as zero.
func checksumBlock(b []byte) uint32 {
	_ = b[Size-1]
	var result uint32
	for g := 0; g < checksumLanes; g += 8 {
		s0, s1, s2, s3 := checksumBase[g], checksumBase[g+1], checksumBase[g+2], checksumBase[g+3]
		s4, s5, s6, s7 := checksumBase[g+4], checksumBase[g+5], checksumBase[g+6], checksumBase[g+7]
		for row := 0; row < checksumRows; row++ {
			o := row*4*checksumLanes + g*4
			w := b[o : o+32 : o+32]
			v2 := binary.LittleEndian.Uint32(w[8:])
			if o == 0 {
				v2 &= 0xFFFF0000 // pd_checksum counts as zero
			}
			s0 = mix(s0, binary.LittleEndian.Uint32(w[0:]))
			s1 = mix(s1, binary.LittleEndian.Uint32(w[4:]))
			s2 = mix(s2, v2)
			s3 = mix(s3, binary.LittleEndian.Uint32(w[12:]))
			s4 = mix(s4, binary.LittleEndian.Uint32(w[16:]))
			s5 = mix(s5, binary.LittleEndian.Uint32(w[20:]))
			s6 = mix(s6, binary.LittleEndian.Uint32(w[24:]))
			s7 = mix(s7, binary.LittleEndian.Uint32(w[28:]))
		}
		// Two final rounds of zeros spread the last words' bits.
		for range 2 {
			s0, s1, s2, s3 = mix(s0, 0), mix(s1, 0), mix(s2, 0), mix(s3, 0)
			s4, s5, s6, s7 = mix(s4, 0), mix(s5, 0), mix(s6, 0), mix(s7, 0)
		}
		result ^= s0 ^ s1 ^ s2 ^ s3 ^ s4 ^ s5 ^ s6 ^ s7
	}
	return result
}
