package backend

import (
	"testing"

	"ringpg/settings"
)

// offerNewest keeps only the newest settings not yet taken.
func TestOfferNewest(t *testing.T) {
	ch := make(chan *settings.Set, 1)
	a, b, c := settings.New(), settings.New(), settings.New()
	offerNewest(ch, a)
	offerNewest(ch, b)
	if got := <-ch; got != b {
		t.Fatal("the older settings were kept")
	}
	offerNewest(ch, c)
	if got := <-ch; got != c {
		t.Fatal("settings offered to an empty channel were lost")
	}
	select {
	case <-ch:
		t.Fatal("more than one value queued")
	default:
	}
}
