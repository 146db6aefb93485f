package store

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// FuzzTimeRoundTrip checks that a timestamp written as ts writes it reads
// back as the same instant, in UTC, to the microsecond.
func FuzzTimeRoundTrip(f *testing.F) {
	f.Add(int64(0), int64(0))
	f.Add(int64(1_773_000_000), int64(999_999_999))
	f.Add(int64(-62_135_596_800), int64(1))
	f.Fuzz(func(t *testing.T, sec, nsec int64) {
		in := time.Unix(sec, nsec)
		if in.Year() < 1 || in.Year() > 9999 || in.IsZero() {
			return
		}
		var got time.Time
		if err := (timeValue{&got}).Scan(ts(in)); err != nil {
			t.Fatalf("scan %v: %v", ts(in), err)
		}
		if want := in.UTC().Truncate(time.Microsecond); got != want {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}

// FuzzListRoundTrip checks that a list stored as text reads back without
// empty entries and with commas turned into spaces, and nothing else
// changed but the trimming of spaces.
func FuzzListRoundTrip(f *testing.F) {
	f.Add("de", "en", "")
	f.Add(" fr ", "a,b", ",")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		in := []string{a, b, c}
		var want []string
		for _, v := range in {
			if v = strings.TrimSpace(strings.ReplaceAll(v, ",", " ")); v != "" {
				want = append(want, v)
			}
		}
		var got []string
		if err := (listValue{&got}).Scan(joinList(in)); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}

func TestLikePattern(t *testing.T) {
	for in, want := range map[string]string{"Bil": "%bil%", "50%": `%50\%%`, "a_b": `%a\_b%`, `c:\x`: `%c:\\x%`} {
		if got := likePattern(in); got != want {
			t.Errorf("likePattern(%q): got %q, want %q", in, got, want)
		}
	}
}
