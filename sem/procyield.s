// This file is intentionally empty. Its presence tells the Go compiler that
// body-less function declarations in this package (procyield) are provided
// elsewhere, here by the runtime through go:linkname.
