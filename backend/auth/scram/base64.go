package scram

// decodeBase64 decodes standard base64 the way PostgreSQL's pg_b64_decode
// does, so that what one accepts the other accepts: whitespace is an error,
// "=" may only start at the third or fourth place of a quantum, the input
// must end on a whole quantum, and unused trailing bits are ignored. It
// reports false for anything PostgreSQL rejects.
func decodeBase64(src string) ([]byte, bool) {
	dst := make([]byte, 0, len(src)*3/4)
	var buf uint32
	pos, end := 0, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		var b uint32
		switch {
		case c == '=':
			if end == 0 {
				switch pos {
				case 2:
					end = 1
				case 3:
					end = 2
				default:
					return nil, false
				}
			}
		case c >= 'A' && c <= 'Z':
			b = uint32(c - 'A')
		case c >= 'a' && c <= 'z':
			b = uint32(c-'a') + 26
		case c >= '0' && c <= '9':
			b = uint32(c-'0') + 52
		case c == '+':
			b = 62
		case c == '/':
			b = 63
		default:
			return nil, false
		}
		buf = buf<<6 | b
		pos++
		if pos == 4 {
			dst = append(dst, byte(buf>>16))
			if end == 0 || end > 1 {
				dst = append(dst, byte(buf>>8))
			}
			if end == 0 || end > 2 {
				dst = append(dst, byte(buf))
			}
			buf, pos = 0, 0
		}
	}
	if pos != 0 {
		return nil, false
	}
	return dst, true
}
