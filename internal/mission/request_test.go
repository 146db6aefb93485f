package mission

import (
	"testing"
	"time"
)

func TestSubtract(t *testing.T) {
	h := func(n int) time.Time { return time.Date(2026, 3, 10, n, 0, 0, 0, time.UTC) }
	free := []Interval{{h(14), h(18)}, {h(9), h(12)}}
	busy := []Interval{{h(10), h(11)}, {h(8), h(9)}, {h(15), h(19)}, {h(11), h(11)}}
	got := Subtract(free, busy)
	want := []Interval{{h(9), h(10)}, {h(11), h(12)}, {h(14), h(15)}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
			t.Errorf("interval %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
