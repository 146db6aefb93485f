package match_test

import (
	"testing"

	"caravan/internal/match"
	"caravan/internal/match/evalgen"
)

// BenchmarkRecommend asks for ten recommendations with reasons from an
// index of 2,000 generated profiles (a large brokerage event).
func BenchmarkRecommend(b *testing.B) {
	d := evalgen.Generate(evalgen.Config{Orgs: 2000, Seed: 1})
	ix := match.NewIndex(d.Profiles)
	opt := match.Options{Limit: 10, DiversityPerKind: 3}
	i := 0
	for b.Loop() {
		ix.Recommend(d.Profiles[i%len(d.Profiles)].ID, opt)
		i++
	}
}

// BenchmarkNewIndex builds the index of 2,000 generated profiles.
func BenchmarkNewIndex(b *testing.B) {
	d := evalgen.Generate(evalgen.Config{Orgs: 2000, Seed: 1})
	for b.Loop() {
		match.NewIndex(d.Profiles)
	}
}
