package match_test

import (
	"reflect"
	"sync"
	"testing"

	"caravan/internal/match"
	"caravan/internal/match/evalgen"
)

// An Index answers concurrent calls as it answers sequential ones (run with
// -race to check for data races too).
func TestRecommendConcurrent(t *testing.T) {
	d := evalgen.Generate(evalgen.Config{Orgs: 80, Seed: 5})
	ix := match.NewIndex(d.Profiles)
	opt := match.Options{Limit: 5, DiversityPerKind: 2}
	want := make([][]match.Recommendation, len(d.Profiles))
	for i, p := range d.Profiles {
		want[i] = ix.Recommend(p.ID, opt)
	}
	got := make([][]match.Recommendation, len(d.Profiles))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(d.Profiles); i += 4 {
				got[i] = ix.Recommend(d.Profiles[i].ID, opt)
			}
		})
	}
	wg.Wait()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("concurrent recommendations differ from sequential ones")
	}
}
