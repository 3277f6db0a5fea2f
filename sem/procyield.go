package sem

import (
	_ "unsafe" // for go:linkname
)

// procyield executes the CPU's spin-wait hint (PAUSE on amd64, YIELD on
// arm64) the given number of times. It tells the core that this is a busy
// wait, which saves power, frees resources for a sibling hyper-thread and
// avoids the memory-order flush that a tight load loop otherwise pays when
// the awaited store arrives.
//
// It is the runtime's own implementation, reached by linkname: the runtime
// keeps its signature stable for outside users (go.dev/issue/67401), and it
// saves us one assembly file per architecture. The empty procyield.s in this
// package is what allows a function declaration without a body.
//
//go:linkname procyield runtime.procyield
func procyield(cycles uint32)
