// Package i18n is Caravan's message catalogue: every user-facing text of pages
// and e-mails, looked up by a stable id ("login.title") in the language a user
// prefers, with plural forms, named parameters and dates, numbers and money in
// that language's conventions.
//
// The catalogue is data: one JSON file per language in locales/ (en.json,
// es.json), embedded in the binary. A message is either a string or an object
// with the plural forms "one" and "other"; parameters are written {name}, and a
// plural message picks its form by the parameter named count. English is the
// default and the fallback.
//
// The package imports nothing of Caravan's; it depends on golang.org/x/text
// for language matching and plural rules only.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var locales embed.FS

// DefaultLanguage is the language used when nothing a user prefers is
// available, and the one whose catalogue every other must match.
var DefaultLanguage = language.English

// idPattern is the shape of a message id: dot-separated lower-case words.
var idPattern = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// paramPattern finds the {name} parameters of a message.
var paramPattern = regexp.MustCompile(`\{([a-z_][a-z0-9_]*)\}`)

// message is one catalogue entry: a plain text, or plural forms.
type message struct {
	other  string
	one    string
	plural bool
}

// Bundle holds the catalogues of all languages. A Bundle is read-only after
// NewBundle or Load and safe for concurrent use.
type Bundle struct {
	tags       []language.Tag // DefaultLanguage first
	matcher    language.Matcher
	catalogues map[language.Tag]map[string]message
}

// NewBundle loads the catalogues embedded in the binary. It fails only when
// an embedded file is malformed, which the package's tests rule out.
func NewBundle() (*Bundle, error) {
	sub, err := fs.Sub(locales, "locales")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	return Load(sub)
}

// Load reads one catalogue per file named LANG.json at the root of fsys,
// where LANG is a BCP 47 tag. The catalogue of DefaultLanguage must be among
// them. Load rejects malformed ids, empty messages and plural messages
// without both forms, naming the file and the id.
func Load(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	b := &Bundle{catalogues: map[language.Tag]map[string]message{}}
	for _, name := range names {
		tag, err := language.Parse(strings.TrimSuffix(path.Base(name), ".json"))
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: file name is not a language tag: %w", name, err)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		cat, err := parseCatalogue(data)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		b.catalogues[tag] = cat
		if tag != DefaultLanguage {
			b.tags = append(b.tags, tag)
		}
	}
	if _, ok := b.catalogues[DefaultLanguage]; !ok {
		return nil, fmt.Errorf("i18n: no catalogue for the default language %s", DefaultLanguage)
	}
	slices.SortFunc(b.tags, func(x, y language.Tag) int { return strings.Compare(x.String(), y.String()) })
	b.tags = append([]language.Tag{DefaultLanguage}, b.tags...)
	b.matcher = language.NewMatcher(b.tags)
	return b, nil
}

// parseCatalogue decodes and checks one language's JSON object.
func parseCatalogue(data []byte) (map[string]message, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	cat := make(map[string]message, len(raw))
	for id, value := range raw {
		if !idPattern.MatchString(id) {
			return nil, fmt.Errorf("id %q: want dot-separated lower-case words such as login.title", id)
		}
		var m message
		var text string
		if err := json.Unmarshal(value, &text); err == nil {
			m.other = text
		} else {
			var forms map[string]string
			if err := json.Unmarshal(value, &forms); err != nil {
				return nil, fmt.Errorf("id %q: want a string or an object with \"one\" and \"other\"", id)
			}
			for form := range forms {
				if form != "one" && form != "other" {
					return nil, fmt.Errorf("id %q: unknown plural form %q (want one, other)", id, form)
				}
			}
			m = message{one: forms["one"], other: forms["other"], plural: true}
			if strings.TrimSpace(m.one) == "" {
				return nil, fmt.Errorf("id %q: plural form \"one\" is missing or empty", id)
			}
			if !strings.Contains(m.one+m.other, "{count}") {
				return nil, fmt.Errorf("id %q: a plural message must use {count}", id)
			}
		}
		if strings.TrimSpace(m.other) == "" {
			return nil, fmt.Errorf("id %q: message is empty", id)
		}
		cat[id] = m
	}
	return cat, nil
}

// Languages returns the languages the bundle has, DefaultLanguage first.
func (b *Bundle) Languages() []language.Tag {
	return slices.Clone(b.tags)
}

// Localizer returns the localizer for the best match between the bundle's
// languages and prefs, tried in order. Each pref is an Accept-Language header
// value ("es-ES,es;q=0.9,en;q=0.5") or a single tag ("es"), so a handler
// passes a user's saved preference first and the browser's header second.
// Unparsable or empty prefs are skipped; with no match the localizer speaks
// DefaultLanguage.
func (b *Bundle) Localizer(prefs ...string) *Localizer {
	var want []language.Tag
	for _, p := range prefs {
		tags, _, err := language.ParseAcceptLanguage(p)
		if err != nil {
			continue
		}
		want = append(want, tags...)
	}
	tag := DefaultLanguage
	if len(want) > 0 {
		_, index, confidence := b.matcher.Match(want...)
		if confidence != language.No {
			tag = b.tags[index]
		}
	}
	return &Localizer{bundle: b, tag: tag, format: formatFor(tag)}
}

// Localizer speaks one language of a Bundle. It is safe for concurrent use.
type Localizer struct {
	bundle *Bundle
	tag    language.Tag
	format *formatRules
}

// Tag returns the language the localizer speaks.
func (l *Localizer) Tag() language.Tag { return l.tag }

// Lang returns the language as a BCP 47 string ("en", "es") for an HTML lang
// attribute or a Content-Language header.
func (l *Localizer) Lang() string { return l.tag.String() }

// Has reports whether the catalogue of the localizer's language defines id.
func (l *Localizer) Has(id string) bool {
	_, ok := l.bundle.catalogues[l.tag][id]
	return ok
}

// T returns the message id in the localizer's language with its parameters
// filled in. params are name/value pairs ("name", "Ana", "count", 3), or one
// map[string]any. A plural message picks "one" or "other" by the parameter
// count and the language's plural rules. Values are formatted for the
// language: integers and floats as numbers, time.Time as a date. A message
// missing in the language falls back to DefaultLanguage, an unknown id
// returns the id itself, and a parameter without a value stays visible as
// {name}, so a mistake shows on the page instead of vanishing.
func (l *Localizer) T(id string, params ...any) string {
	m, ok := l.bundle.catalogues[l.tag][id]
	if !ok {
		m, ok = l.bundle.catalogues[DefaultLanguage][id]
		if !ok {
			return id
		}
	}
	values := paramMap(params)
	text := m.other
	if m.plural && l.isOne(values["count"]) {
		text = m.one
	}
	return paramPattern.ReplaceAllStringFunc(text, func(p string) string {
		v, ok := values[p[1:len(p)-1]]
		if !ok {
			return p
		}
		return l.formatValue(v)
	})
}

// paramMap turns T's params into a map; a trailing name without a value and
// names that are not strings are ignored.
func paramMap(params []any) map[string]any {
	if len(params) == 1 {
		if m, ok := params[0].(map[string]any); ok {
			return m
		}
	}
	values := make(map[string]any, len(params)/2)
	for i := 0; i+1 < len(params); i += 2 {
		if name, ok := params[i].(string); ok {
			values[name] = params[i+1]
		}
	}
	return values
}

// isOne reports whether count selects the plural form "one".
func (l *Localizer) isOne(count any) bool {
	n, ok := toInt(count)
	if !ok {
		return false
	}
	if n < 0 {
		n = -n
	}
	// MatchPlural takes the integer digits as an int; larger counts are
	// "other" in every language the catalogue has.
	if n > 1<<31 {
		return false
	}
	return plural.Cardinal.MatchPlural(l.tag, int(n), 0, 0, 0, 0) == plural.One
}

// toInt converts the integer kinds T accepts as a count.
func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int8:
		return int64(n), true
	case int16:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case uint:
		return int64(n), true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint64:
		if n > 1<<62 {
			return 0, false
		}
		return int64(n), true
	}
	return 0, false
}

// formatValue renders one parameter value for the localizer's language.
func (l *Localizer) formatValue(v any) string {
	if n, ok := toInt(v); ok {
		return l.FormatInt(n)
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return l.FormatDecimal(x, decimalsOf(x))
	case float32:
		return l.FormatDecimal(float64(x), decimalsOf(float64(x)))
	case time.Time:
		return l.FormatDate(x, nil)
	case fmt.Stringer:
		return x.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// decimalsOf returns how many decimals (at most 2) show x without loss at
// two-decimal precision.
func decimalsOf(x float64) int {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	switch {
	case strings.HasSuffix(s, ".00"):
		return 0
	case strings.HasSuffix(s, "0"):
		return 1
	}
	return 2
}
