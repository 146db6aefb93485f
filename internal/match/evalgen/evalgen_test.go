package evalgen

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	a := Generate(Config{Orgs: 50, Seed: 3})
	b := Generate(Config{Orgs: 50, Seed: 3})
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two generations with seed 3 differ")
	}
	c := Generate(Config{Orgs: 50, Seed: 4})
	if reflect.DeepEqual(a.Profiles, c.Profiles) {
		t.Fatalf("seeds 3 and 4 give the same profiles")
	}
}

func TestGenerateHidesTheTruth(t *testing.T) {
	d := Generate(Config{Orgs: 200, Seed: 1})
	for i, p := range d.Profiles {
		if len(d.Needs[i]) == 0 || len(d.Capabilities[i]) == 0 {
			t.Errorf("profile %d has needs %v, capabilities %v", p.ID, d.Needs[i], d.Capabilities[i])
		}
		for _, n := range d.Needs[i] {
			if slices.Contains(d.Capabilities[i], n) {
				t.Errorf("profile %d needs %s, which it offers", p.ID, n)
			}
		}
		// The written text never names a concept by its ID (the ecosystems
		// field is public and may).
		p.Ecosystems = nil
		text := publicText(p)
		for _, c := range vocabulary {
			if strings.Contains(text, c.ID) && strings.Contains(c.ID, "-") {
				t.Errorf("profile %d shows the concept ID %s", p.ID, c.ID)
			}
		}
	}
}

func TestRelevance(t *testing.T) {
	d := &Dataset{
		Needs:        [][]string{{"a"}, {"b"}, {"c"}},
		Capabilities: [][]string{{"b"}, {"a"}, {"x"}},
	}
	for _, tc := range []struct{ a, b, want int }{{0, 1, 2}, {1, 0, 2}, {0, 2, 0}, {2, 0, 0}} {
		if got := d.Relevance(tc.a, tc.b); got != tc.want {
			t.Errorf("Relevance(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	d.Capabilities[2] = []string{"a"}
	if got := d.Relevance(0, 2); got != 1 {
		t.Errorf("one-way fit: got %d, want 1", got)
	}
}

// The oracle scores nDCG 1 and the best possible precision, counted here
// independently; its reverse order scores less.
func TestEvaluateOracle(t *testing.T) {
	d := Generate(Config{Orgs: 60, Seed: 2})
	oracle := d.Evaluate(d.Oracle(), K)
	if math.Abs(oracle.NDCG-1) > 1e-9 {
		t.Errorf("oracle nDCG = %v, want 1", oracle.NDCG)
	}
	want, queries := 0.0, 0
	for q := range d.Profiles {
		fits := 0
		for c := range d.Profiles {
			if c != q && d.Relevance(q, c) > 0 {
				fits++
			}
		}
		if fits > 0 {
			want += float64(min(fits, K)) / K
			queries++
		}
	}
	if want /= float64(queries); queries != oracle.Queries || math.Abs(oracle.Precision-want) > 1e-9 {
		t.Errorf("oracle precision = %v over %d, want %v over %d", oracle.Precision, oracle.Queries, want, queries)
	}
	reverse := func(q int) []int64 { ids := d.Oracle()(q); slices.Reverse(ids); return ids }
	if worst := d.Evaluate(reverse, K); worst.NDCG >= oracle.NDCG || worst.Precision >= oracle.Precision {
		t.Errorf("reverse order %+v is not worse than the oracle %+v", worst, oracle)
	}
}

// The concept map must miss part of the wording table: if it covered all,
// the evaluation would grade the map against itself.
func TestCoverageIsPartial(t *testing.T) {
	c := Coverage()
	if c.Covered == 0 || c.Covered == c.Forms || c.ConceptsUnknown == 0 {
		t.Errorf("coverage %d of %d forms, %d concepts unknown: want partial", c.Covered, c.Forms, c.ConceptsUnknown)
	}
}
