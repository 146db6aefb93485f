package match_test

import (
	"testing"

	"caravan/internal/match"
	"caravan/internal/mission"
)

// The engine keeps its own copy of the ecosystem labels, since it imports
// nothing of Caravan's; this test keeps the copy in step with the domain.
func TestEcosystemLabelsMatchDomain(t *testing.T) {
	for _, e := range mission.Ecosystems {
		if got := match.EcosystemLabel(e.Slug); got != e.Label {
			t.Errorf("EcosystemLabel(%q) = %q, want %q", e.Slug, got, e.Label)
		}
	}
}
