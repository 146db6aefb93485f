package match_test

import (
	"flag"
	"testing"

	"caravan/internal/match"
	"caravan/internal/match/evalgen"
)

var quality = flag.Bool("quality", false, "print the quality report (BENCHMARKS.md (recommendations)'s table)")

// TestQualityReport prints the Markdown report of BENCHMARKS.md (recommendations):
//
//	go test ./internal/match -run TestQualityReport -quality -v
func TestQualityReport(t *testing.T) {
	if !*quality {
		t.Skip("run with -quality")
	}
	seeds := []uint64{1, 2, 3}
	t.Log("\n### Dense set\n\n" + evalgen.Report(evalgen.Config{Orgs: 300}, seeds) +
		"\n### Sparse set\n\n" + evalgen.Report(evalgen.Config{Orgs: 300, MaxConcepts: 1}, seeds) +
		"\n### Coverage\n\n" + evalgen.CoverageTable())
}

// The recommender must beat plain keyword overlap on a generated set it has
// never seen the hidden attributes of.
func TestQualityBeatsBaseline(t *testing.T) {
	d := evalgen.Generate(evalgen.Config{Orgs: 120, Seed: 7})
	ours := d.Evaluate(d.Recommender(match.Options{Limit: evalgen.K}), evalgen.K)
	base := d.Evaluate(d.KeywordBaseline(), evalgen.K)
	if ours.Precision <= base.Precision || ours.NDCG <= base.NDCG {
		t.Errorf("recommender precision@10 %.3f nDCG@10 %.3f, keyword baseline %.3f and %.3f: want strictly better",
			ours.Precision, ours.NDCG, base.Precision, base.NDCG)
	}
	if ours.Queries == 0 {
		t.Fatalf("no organisation of the generated set has a fitting partner")
	}
	t.Logf("recommender P@10 %.3f nDCG@10 %.3f; baseline %.3f %.3f", ours.Precision, ours.NDCG, base.Precision, base.NDCG)
}
