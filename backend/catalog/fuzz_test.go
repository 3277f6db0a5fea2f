package catalog

import "testing"

// FuzzArrayElems: the array decoders never panic, whatever the bytes.
func FuzzArrayElems(f *testing.F) {
	for _, seed := range [][]byte{dTextArray([]string{"a", "bb"})[4:], dInt2Vector([]int16{1, 2})[4:], dOidArray(nil)[4:]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		gTexts(b)
		gInt2s(b)
		gOids(b)
	})
}
