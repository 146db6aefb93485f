// Package match recommends whom to meet at a mission: for each participant, a
// ranked list of other participants, each with its reasons in words ("They
// offer additive manufacturing, which you seek"; "Cybersecurity, like you").
//
// The engine is pure: it takes Profiles (its own input structs, filled by the
// caller from organisations, persons and marketplace items) and answers
// Recommendations. It imports nothing of Caravan's and only the standard
// library: no database, no HTTP, no search engine.
//
// Build an Index once per mission with NewIndex, then ask it for each
// participant with Recommend. The score mixes, in this order of weight:
//
//   - complementarity: the participant's requests matched against the other's
//     offers and the other way round, by BM25 over the items' normalised text
//     plus a bonus for the same category, counted in both directions so that
//     mutual benefit ranks first;
//   - similarity: shared ecosystems, and the cosine of BM25-weighted term
//     vectors of the whole profiles (shared keywords and concepts);
//   - pairing a visitor of the delegation with a local company of the host
//     region;
//   - languages: a meeting needs a common language, so a pair without one is
//     dropped (Options.RequireCommonLanguage) or halved, and says so.
//
// Text is lower-cased, accent-folded, split into words, stripped of stop
// words in English, Spanish, French, German, Polish and Lithuanian, and
// lightly stemmed (plurals and a few suffixes). A small concept map (see
// concepts.go) recognises surface forms of about thirty concepts across
// languages ("3D printing", "impresión 3D", "additive Fertigung") and adds a
// concept term to the text, which acts as query expansion on both sides.
//
// A diversity cap (Options.DiversityPerKind) keeps one kind of organisation
// from filling the list. Ties break by the smaller ID, so the order is
// deterministic.
//
// The offline quality evaluation lives in the evalgen sub-package: it
// generates organisations from hidden needs and capabilities, writes their
// public text with its own vocabulary, and measures precision@10 and
// nDCG@10 against a keyword-overlap baseline (BENCHMARKS.md (recommendations)).
package match
