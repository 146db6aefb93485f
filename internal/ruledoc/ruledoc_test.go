package ruledoc

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

type doc struct {
	ID         string `json:"id"`
	Version    int    `json:"version"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
}

func (d doc) version() Version { return Version{d.ID, d.Version, d.ValidFrom, d.ValidUntil} }

func parse(name string, r io.Reader) (doc, error) {
	var d doc
	return d, Decode(name, r, &d)
}

// TestLoadAndSelect loads documents out of order and picks, per day, the
// highest version whose validity holds it.
func TestLoadAndSelect(t *testing.T) {
	fsys := fstest.MapFS{
		"sets/b.json": {Data: []byte(`{"id":"x","version":2,"valid_from":"2024-01-01"}`)},
		"sets/a.json": {Data: []byte(`{"id":"x","version":1,"valid_from":"2021-01-01","valid_until":"2023-12-31"}`)},
		"sets/c.json": {Data: []byte(`{"id":"w","version":1,"valid_from":"2021-01-01"}`)},
		"sets/d.json": {Data: []byte(`{"id":"x","version":3,"valid_from":"2030-01-01"}`)},
	}
	sets, err := Load(fsys, "sets", parse, doc.version)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, s := range sets {
		order = append(order, s.ID+string(rune('0'+s.Version)))
	}
	if got := strings.Join(order, " "); got != "w1 x1 x2 x3" {
		t.Errorf("got order %s, want w1 x1 x2 x3", got)
	}
	for day, want := range map[string]int{"2022-06-01": 1, "2023-12-31": 1, "2024-01-01": 2, "2031-01-01": 3, "2020-01-01": 0} {
		d, _ := time.Parse(DateLayout, day)
		rs, ok := Select(sets, "x", d, doc.version)
		if got := map[bool]int{true: rs.Version}[ok]; got != want {
			t.Errorf("on %s got version %d (ok %v), want %d", day, rs.Version, ok, want)
		}
	}
}

// TestDecodeErrors checks that decoding errors name the document and the
// field or the line and column.
func TestDecodeErrors(t *testing.T) {
	for in, want := range map[string]string{
		"{\n  \"id\": 1}":       `doc.json: id: want a JSON string, got number`,
		"{\n  \"id\": \"x\",,}": `doc.json: line 2, column 14: invalid JSON`,
		`{"idd": "x"}`:          `doc.json: idd: unknown field`,
		``:                      `doc.json: empty document, want a JSON object`,
		`{"id": "x"} {}`:        `doc.json: unexpected data after the rule set's JSON object`,
	} {
		var d doc
		err := Decode("doc.json", strings.NewReader(in), &d)
		var fe *FieldError
		if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Decode(%q) = %v, want %s…", in, err, want)
		}
	}
	joined := errors.Join(&FieldError{Field: "a", Message: "bad"}, &FieldError{Field: "b", Message: "worse"})
	if got := WithFile("x.json", joined).Error(); got != "x.json: a: bad\nx.json: b: worse" {
		t.Errorf("WithFile: got %q", got)
	}
}
