package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Timestamps go to the database as UTC text with microseconds, and dates as
// calendar days: SQLite keeps the text (it sorts as time), PostgreSQL parses
// it into TIMESTAMPTZ or DATE. Both come back through timeValue.
const (
	timestampFormat = "2006-01-02T15:04:05.000000Z"
	dateFormat      = "2006-01-02"
)

// stamp returns t as the store keeps it (UTC, to the microsecond), or the
// current time so when t is zero. Create methods use it so that a caller
// (the demo seeder, an import) may set CreatedAt itself.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// ts returns t as a timestamp argument: UTC, truncated to microseconds (what
// PostgreSQL keeps), or NULL when t is zero.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond).Format(timestampFormat)
}

// day returns t as a date argument: its calendar day in its own location, or
// NULL when t is zero. It reads back as midnight UTC of that day.
func day(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(dateFormat)
}

// timeValue scans a timestamp or a date, from either driver, into t: zero
// for NULL, UTC otherwise.
type timeValue struct{ t *time.Time }

func (v timeValue) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		*v.t = time.Time{}
		return nil
	case time.Time:
		*v.t = s.UTC()
		return nil
	case []byte:
		return v.parse(string(s))
	case string:
		return v.parse(s)
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

func (v timeValue) parse(s string) error {
	for _, layout := range []string{timestampFormat, time.RFC3339Nano, dateFormat} {
		if t, err := time.Parse(layout, s); err == nil {
			*v.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse %q as a time", s)
}

// ident returns an optional reference as an argument: NULL for 0.
func ident(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// idValue scans an optional reference into n: 0 for NULL.
type idValue struct{ n *int64 }

func (v idValue) Scan(src any) error {
	var ni sql.NullInt64
	if err := ni.Scan(src); err != nil {
		return err
	}
	*v.n = ni.Int64
	return nil
}

// listValue scans a comma-separated text column into a list ([] for "").
type listValue struct{ list *[]string }

func (v listValue) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	*v.list = splitList(s.String)
	return nil
}

func splitList(s string) []string {
	var list []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	return list
}

// joinList returns a list as a comma-separated text argument, without empty
// entries or commas inside them.
func joinList(list []string) string {
	var out []string
	for _, v := range list {
		v = strings.TrimSpace(strings.ReplaceAll(v, ",", " "))
		if v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, ",")
}

// uniqueStrings returns list without empty and repeated entries, in order.
func uniqueStrings(list []string) []string {
	seen := make(map[string]bool, len(list))
	var out []string
	for _, v := range list {
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// placeholders returns "$start, $start+1, …" for n arguments.
func placeholders(start, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(start+i))
	}
	return b.String()
}

// listTable names a join table that holds an ordered list of values for an
// owner: organisation_ecosystems(organisation_id, ecosystem, sort_order), …
type listTable struct{ table, owner, value string }

var (
	organisationEcosystems = listTable{"organisation_ecosystems", "organisation_id", "ecosystem"}
	clusterMemberships     = listTable{"cluster_memberships", "organisation_id", "cluster_id"}
	missionThemes          = listTable{"mission_themes", "mission_id", "theme"}
	missionKeywords        = listTable{"mission_keywords", "mission_id", "keyword"}
	marketplaceEcosystems  = listTable{"marketplace_item_ecosystems", "marketplace_item_id", "ecosystem"}
	marketplaceKeywords    = listTable{"marketplace_item_keywords", "marketplace_item_id", "keyword"}
)

// replaceList replaces owner's values in the list table lt with values.
func replaceList[T comparable](ctx context.Context, tx *sql.Tx, lt listTable, owner int64, values []T) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+lt.table+" WHERE "+lt.owner+" = $1", owner); err != nil {
		return fmt.Errorf("clear %s: %w", lt.table, err)
	}
	insert := "INSERT INTO " + lt.table + " (" + lt.owner + ", " + lt.value + ", sort_order) VALUES ($1, $2, $3)"
	for i, v := range values {
		if _, err := tx.ExecContext(ctx, insert, owner, v, i); err != nil {
			return fmt.Errorf("insert %s: %w", lt.table, err)
		}
	}
	return nil
}

// loadLists returns the values of the list table lt for each of owners, in
// their order.
func loadLists[T any](ctx context.Context, q querier, lt listTable, owners []int64) (map[int64][]T, error) {
	lists := make(map[int64][]T, len(owners))
	if len(owners) == 0 {
		return lists, nil
	}
	args := make([]any, len(owners))
	for i, o := range owners {
		args[i] = o
	}
	rows, err := q.QueryContext(ctx, "SELECT "+lt.owner+", "+lt.value+" FROM "+lt.table+
		" WHERE "+lt.owner+" IN ("+placeholders(1, len(owners))+") ORDER BY "+lt.owner+", sort_order", args...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", lt.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner int64
		var v T
		if err := rows.Scan(&owner, &v); err != nil {
			return nil, fmt.Errorf("load %s: %w", lt.table, err)
		}
		lists[owner] = append(lists[owner], v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load %s: %w", lt.table, err)
	}
	return lists, nil
}

// likePattern returns a LIKE pattern matching s anywhere, lower-cased, with
// % _ and \ escaped (use with ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// jsonValue scans a JSON text column into v (a pointer to a map, slice or
// struct); an empty text leaves v's zero value.
type jsonValue[T any] struct{ v *T }

func (j jsonValue[T]) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	var zero T
	*j.v = zero
	if s.String == "" {
		return nil
	}
	return json.Unmarshal([]byte(s.String), j.v)
}

// jsonText returns v as JSON text for a column, or empty when v is nil or
// empty.
func jsonText(v any, empty string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode JSON: %w", err)
	}
	if s := string(b); s != "null" && s != "{}" && s != "[]" {
		return s, nil
	}
	return empty, nil
}

// jsonInto returns the scanner of a JSON text column into v.
func jsonInto[T any](v *T) jsonValue[T] { return jsonValue[T]{v} }
