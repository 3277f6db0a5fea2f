package plan

import (
	"strings"
	"sync"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
)

// Resolution results depend only on the name and the argument types, and
// the registry does not change after start-up, so successful resolutions
// are remembered: a statement planned again (every simple-protocol query)
// skips PostgreSQL's candidate search. Failures are not cached; they are
// rare and their errors carry positions.

type opKey struct {
	name        string
	left, right types.T
}

type funcKey struct {
	name     string
	args     string // the argument types, encoded
	variadic bool
}

var (
	resolveMu  sync.RWMutex
	opCache    = map[opKey]*funcs.ResolvedOp{}
	funcCache  = map[funcKey]*funcs.Resolved{}
	cacheLimit = 4096
)

func resolveOperator(name string, left, right types.T) (*funcs.ResolvedOp, error) {
	k := opKey{name, left, right}
	resolveMu.RLock()
	r, ok := opCache[k]
	resolveMu.RUnlock()
	if ok {
		return r, nil
	}
	r, err := funcs.ResolveOperator(name, left, right)
	if err != nil {
		return nil, err
	}
	resolveMu.Lock()
	if len(opCache) < cacheLimit {
		opCache[k] = r
	}
	resolveMu.Unlock()
	return r, nil
}

func resolveFunc(name string, args []types.T, variadic bool) (*funcs.Resolved, error) {
	var b strings.Builder
	for _, t := range args {
		b.WriteString(itoa(int(t.Oid)))
		b.WriteByte('/')
		b.WriteString(itoa(int(t.Mod + 1)))
		b.WriteByte(',')
	}
	k := funcKey{name, b.String(), variadic}
	resolveMu.RLock()
	r, ok := funcCache[k]
	resolveMu.RUnlock()
	if ok {
		return r, nil
	}
	r, err := funcs.ResolveFunc(name, args, variadic)
	if err != nil {
		return nil, err
	}
	resolveMu.Lock()
	if len(funcCache) < cacheLimit {
		funcCache[k] = r
	}
	resolveMu.Unlock()
	return r, nil
}
