package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"caravan/internal/mission"
)

// The hits of each dialect's full-text index (migration 0009), as rows of
// k (1 organisation, 2 person, 3 item), id, org_id, title, body and rank
// (higher is better; a title word counts ten times a body word on both).
const (
	searchHitsSQLite = `WITH found AS (
		SELECT rowid % 4 AS k, rowid / 4 AS id, title, body, -bm25(search_documents, 10.0, 1.0) AS rank
		FROM search_documents WHERE search_documents MATCH $1),
	hits AS (
		SELECT f.k, f.id, f.title, f.body, f.rank, CASE f.k
			WHEN 1 THEN f.id
			WHEN 2 THEN (SELECT p.organisation_id FROM persons p WHERE p.id = f.id)
			ELSE (SELECT m.organisation_id FROM marketplace_items m WHERE m.id = f.id) END AS org_id
		FROM found f)`
	searchHitsPostgres = `WITH q AS (SELECT to_tsquery('simple'::regconfig, search_fold($1)) AS q),
	hits AS (
		SELECT 1 AS k, o.id, o.name AS title, o.description || ' ' || o.city || ' ' || o.region AS body,
			ts_rank_cd(search_document(o.name, o.description || ' ' || o.city || ' ' || o.region), q.q) AS rank, o.id AS org_id
		FROM organisations o, q WHERE search_document(o.name, o.description || ' ' || o.city || ' ' || o.region) @@ q.q
		UNION ALL
		SELECT 2, p.id, p.name, p.job_title || ' ' || p.bio,
			ts_rank_cd(search_document(p.name, p.job_title || ' ' || p.bio), q.q), p.organisation_id
		FROM persons p, q WHERE search_document(p.name, p.job_title || ' ' || p.bio) @@ q.q
		UNION ALL
		SELECT 3, m.id, m.title, m.description,
			ts_rank_cd(search_document(m.title, m.description), q.q), m.organisation_id
		FROM marketplace_items m, q WHERE search_document(m.title, m.description) @@ q.q)`
	// searchFilter is the same on both: the filters, then the best first,
	// ties by kind and id.
	searchFilter = `
	SELECT h.k, h.id, h.org_id, h.title, h.body, h.rank FROM hits h JOIN organisations o ON o.id = h.org_id
	WHERE ($2 = '' OR o.country = $2) AND ($3 = '' OR o.kind = $3)
		AND ($4 = '' OR EXISTS (SELECT 1 FROM organisation_ecosystems e WHERE e.organisation_id = o.id AND e.ecosystem = $4))
		AND (($5 = 0 AND $9 = '') OR EXISTS (SELECT 1 FROM mission_members mm JOIN persons mp ON mp.id = mm.person_id
			WHERE ($5 = 0 OR mm.mission_id = $5) AND mm.role IN ($6, $7)
				AND CASE WHEN h.k = 2 THEN mp.id = h.id ELSE mp.organisation_id = o.id END))
	ORDER BY h.rank DESC, h.k, h.id
	LIMIT $8`
)

// searchKinds names the k of a hit row.
var searchKinds = map[int]string{1: mission.HitOrganisation, 2: mission.HitPerson, 3: mission.HitItem}

// Search finds organisations, persons (by their public fields only: name,
// job title and bio) and marketplace items whose text holds every word of
// q.Text as the start of a word, case and diacritics aside, with q's
// filters. Hits come best first — a match in the title before one in the
// body — ties by kind (organisations, persons, items) and id, on both
// databases. A query without words finds nothing; an unknown side is
// EINVALID.
func (db *DB) Search(ctx context.Context, q mission.SearchQuery) ([]mission.SearchHit, error) {
	roles := [2]string{mission.RoleParticipant, mission.RoleLocal}
	switch q.Side {
	case "":
	case mission.SideVisitor:
		roles[1] = mission.RoleParticipant
	case mission.SideLocal:
		roles[0] = mission.RoleLocal
	default:
		return nil, mission.FieldError("side", "Side must be visitor or local.")
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	terms := searchTerms(q.Text)
	if len(terms) == 0 {
		return []mission.SearchHit{}, nil
	}
	var match, hits string
	if db.dialect == Postgres {
		match, hits = strings.Join(terms, ":* & ")+":*", searchHitsPostgres
	} else {
		match, hits = `"`+strings.Join(terms, `"* "`)+`"*`, searchHitsSQLite
	}
	rows, err := db.db.QueryContext(ctx, hits+searchFilter, match, q.Country, q.Kind, q.Ecosystem, q.MissionID, roles[0], roles[1], q.Limit, q.Side)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, dbError(err, "", ""))
	}
	defer rows.Close()
	found := []mission.SearchHit{}
	for rows.Next() {
		var h mission.SearchHit
		var k int
		var body string
		if err := rows.Scan(&k, &h.ID, &h.OrganisationID, &h.Title, &body, &h.Rank); err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		h.Kind = searchKinds[k]
		h.Snippet = snippet(body, terms, 24)
		found = append(found, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	return found, nil
}

// searchTerms splits text into lower-case words of letters and digits, the
// only characters a query passes to either database's parser.
func searchTerms(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// snippet returns up to n words of body, starting a few words before the
// first word that begins with one of terms (diacritics aside), with "…"
// where it cuts. Computed here so both databases show the same snippet.
func snippet(body string, terms []string, n int) string {
	words := strings.Fields(body)
	start := 0
	for i, w := range words {
		if hasTermPrefix(w, terms) {
			start = max(0, i-4)
			break
		}
	}
	end := min(len(words), start+n)
	s := strings.Join(words[start:end], " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(words) {
		s += "…"
	}
	return s
}

// hasTermPrefix reports whether word, folded, starts with a folded term.
func hasTermPrefix(word string, terms []string) bool {
	w := fold(strings.TrimLeftFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	for _, t := range terms {
		if strings.HasPrefix(w, fold(t)) {
			return true
		}
	}
	return false
}

// foldRunes maps the letters with diacritics that search_fold (migration
// 0009) folds to their base letters.
var foldRunes = func() map[rune]rune {
	from := []rune("áàâäãåāăąçćčďđéèêëēėęěíìîïīįıłñńňóòôöõøōőŕřśšşťţúùûüūůűųýÿźżž")
	to := []rune("aaaaaaaaacccddeeeeeeeeiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz")
	m := make(map[rune]rune, len(from))
	for i, r := range from {
		m[r] = to[i]
	}
	return m
}()

func fold(s string) string {
	return strings.Map(func(r rune) rune {
		r = unicode.ToLower(r)
		if f, ok := foldRunes[r]; ok {
			return f
		}
		return r
	}, s)
}
