package lmgr

import (
	"math/rand/v2"
	"testing"
)

// TestAgainstModel runs random Lock, Unlock, ReleaseAll and ReleaseSession
// calls from one process against a model of its hold counts, checking
// Held() against the model, and probing with a second process that a mode
// is granted exactly when it conflicts with none the first holds. The
// probes' strong locks move the first process's fast-path holds into the
// shared table at random moments.
func TestAgainstModel(t *testing.T) {
	ms := newTable(t, 2)
	m, probe := ms[0], ms[1]
	tags := []Tag{RelationTag(1, 100), RelationTag(1, 101), RelationTag(0, 1262), AdvisoryTag(1, 1), ObjectTag(1, 2, 3, 0)}
	for i := 0; i < 20; i++ { // enough relations to overflow the fast-path slots
		tags = append(tags, RelationTag(2, uint32(1000+i)))
	}
	type key struct {
		tag  Tag
		mode Mode
	}
	type counts struct{ txn, sess int }
	model := map[key]counts{}
	rng := rand.New(rand.NewPCG(1, 2))
	for step := 0; step < 20000; step++ {
		tag := tags[rng.IntN(len(tags))]
		mode := Mode(1 + rng.IntN(numModes))
		if rng.IntN(2) == 0 {
			mode = Mode(1 + rng.IntN(3)) // mostly weak modes, as in real use
		}
		session := rng.IntN(4) == 0
		k := key{tag, mode}
		switch op := rng.IntN(100); {
		case op < 45:
			if err := m.Lock(tag, mode, Options{Session: session, NoWait: true}); err != nil {
				t.Fatalf("step %d: Lock(%v, %v): %v", step, tag, mode, err)
			}
			c := model[k]
			if session {
				c.sess++
			} else {
				c.txn++
			}
			model[k] = c
		case op < 85:
			c := model[k]
			want := c.txn > 0
			if session {
				want = c.sess > 0
			}
			if got := m.Unlock(tag, mode, session); got != want {
				t.Fatalf("step %d: Unlock(%v, %v, %v) = %v, want %v", step, tag, mode, session, got, want)
			}
			if want {
				if session {
					c.sess--
				} else {
					c.txn--
				}
				if c == (counts{}) {
					delete(model, k)
				} else {
					model[k] = c
				}
			}
		case op < 90:
			m.ReleaseAll(false)
			for k, c := range model {
				c.txn = 0
				if c.sess == 0 {
					delete(model, k)
				} else {
					model[k] = c
				}
			}
		case op < 92:
			m.ReleaseAll(true)
			clear(model)
		case op < 94:
			m.ReleaseSession(TagAdvisory)
			for k, c := range model {
				if k.tag.Type == TagAdvisory {
					c.sess = 0
					if c.txn == 0 {
						delete(model, k)
					} else {
						model[k] = c
					}
				}
			}
		default:
			want := true
			for k := range model {
				if k.tag == tag && Conflicts(k.mode, mode) {
					want = false
				}
			}
			ok, err := probe.TryLock(tag, mode, false)
			if err != nil {
				t.Fatalf("step %d: probe: %v", step, err)
			}
			if ok != want {
				t.Fatalf("step %d: probe TryLock(%v, %v) = %v, want %v; held %+v", step, tag, mode, ok, want, m.Held())
			}
			probe.ReleaseAll(false)
		}
		if step%97 == 0 || step > 19900 {
			held := m.Held()
			if len(held) != len(model) {
				t.Fatalf("step %d: Held() has %d entries, model %d: %+v", step, len(held), len(model), held)
			}
			for _, h := range held {
				if c := model[key{h.Tag, h.Mode}]; c.txn != h.Txn || c.sess != h.Session {
					t.Fatalf("step %d: Held() %+v, model %+v", step, h, c)
				}
			}
		}
	}
	m.ReleaseAll(true)
	checkEmpty(t, m)
}
