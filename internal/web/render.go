package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// parsePages parses each page template together with the layout and the
// shared pieces (partials.html), once for each language of the bundle,
// with the template functions bound to that language: pages[lang][page].
func parsePages(bundle *i18n.Bundle) (map[string]map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]map[string]*template.Template{}
	for _, tag := range bundle.Languages() {
		l := bundle.Localizer(tag.String())
		set := map[string]*template.Template{}
		for _, name := range names {
			base := strings.TrimPrefix(name, "templates/")
			if base == "layout.html" || base == "partials.html" {
				continue
			}
			t, err := template.New(base).Funcs(templateFuncs(l, bundle)).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", name)
			if err != nil {
				return nil, fmt.Errorf("parse %s: %w", name, err)
			}
			set[base] = t
		}
		pages[l.Lang()] = set
	}
	return pages, nil
}

// render writes a page with the status, in the request's language. It
// renders into a buffer first so a template error becomes a clean error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	l := s.localizer(r)
	t, ok := s.pages[l.Lang()][page]
	if !ok {
		s.fail(w, r, fmt.Errorf("render: no page %q in %s", page, l.Lang()))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", layoutData{User: s.user(r), Page: data}); err != nil {
		if page == "error.html" { // avoid a loop; say it plainly
			s.logger.Error("render error page", "err", err.Error())
			http.Error(w, http.StatusText(status), status)
			return
		}
		s.fail(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", l.Lang())
	h.Add("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// layoutData is what the layout sees: the signed-in user (nil when signed
// out) for the header, and the page's own data, which the page's "title"
// and "content" templates get as their dot.
type layoutData struct {
	User *mission.User
	Page any
}

// templateFuncs are the template functions of one language: messages and
// formatting only, no data access. Every text a page shows comes from T or
// from a label function that looks up a catalogue id.
func templateFuncs(l *i18n.Localizer, bundle *i18n.Bundle) template.FuncMap {
	var languages []string
	for _, tag := range bundle.Languages() {
		languages = append(languages, tag.String())
	}
	return template.FuncMap{
		// T is the message id in the page's language; params are name/value
		// pairs: {{T "mission.day" "number" .Number}}.
		"T":    l.T,
		"lang": l.Lang,
		// languages lists the languages of the switcher: "en", "es".
		"languages": func() []string { return languages },
		// date writes a calendar day: "13 November 2023", "13 de noviembre de 2023".
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return l.FormatDateLong(t, nil)
		},
		// longDate adds the day name: "Monday 13 November 2023".
		"longDate":  func(t time.Time) string { return l.FormatWeekdayDate(t, nil) },
		"dateRange": l.FormatDateRange,
		// dateTime writes an instant in UTC: "13 Nov 2023, 3:04 PM".
		"dateTime": func(t time.Time) string { return l.FormatDateTime(t, time.UTC) },
		// time writes the clock time of t in loc: "10:30 AM", "10:30".
		"time":         func(t time.Time, loc *time.Location) string { return l.FormatTime(t, loc) },
		"isoDate":      func(t time.Time) string { return t.Format("2006-01-02") },
		"isoTime":      func(t time.Time) string { return t.Format(time.RFC3339) },
		"number":       func(v any) string { return formatNumber(l, v) },
		"statusLabel":  func(s string) string { return label(l, "mission.status.", s) },
		"kindLabel":    func(s string) string { return label(l, "programme.kind.", s) },
		"orgKindLabel": func(s string) string { return label(l, "organisation.kind.", s) },
		"missionKind":  func(s string) string { return label(l, "mission.kind.", s) },
		"country":      func(code string) string { return label(l, "country.", code) },
		"ecosystem":    func(slug string) string { return label(l, "ecosystem.", slug) },
		"cityCounts":   func(c []cityCount) string { return cityCounts(l, c) },
		// money writes cents of a currency: "EUR 1,100.50", "1.100,50 €".
		"money": l.FormatMoney,
	}
}

// labelID is the catalogue id of an enumeration value: prefix plus the value
// in lower case with hyphens as underscores ("country.es",
// "ecosystem.ai_data").
func labelID(prefix, value string) string {
	return prefix + strings.ReplaceAll(strings.ToLower(value), "-", "_")
}

// label returns the catalogue's label of an enumeration value, or the value
// itself when the catalogue has none (an unknown country code shows as it is).
func label(l *i18n.Localizer, prefix, value string) string {
	id := labelID(prefix, value)
	if value == "" || !l.Has(id) {
		return value
	}
	return l.T(id)
}

// formatNumber writes an integer with the language's grouping, and a figure
// with as many decimals as it has (at most 6): 22.8, 23, 128.5 in English;
// 22,8 in Spanish.
func formatNumber(l *i18n.Localizer, v any) string {
	switch x := v.(type) {
	case int:
		return l.FormatInt(int64(x))
	case int64:
		return l.FormatInt(x)
	case float64:
		decimals := 0
		if _, frac, ok := strings.Cut(strconv.FormatFloat(x, 'f', -1, 64), "."); ok {
			decimals = min(len(frac), 6)
		}
		return l.FormatDecimal(x, decimals)
	}
	return fmt.Sprint(v)
}

// cityCounts writes where things are: "Bilbao (31), Getxo (4)".
func cityCounts(l *i18n.Localizer, cities []cityCount) string {
	parts := make([]string, len(cities))
	for i, c := range cities {
		parts[i] = c.City + " (" + l.FormatInt(int64(c.Count)) + ")"
	}
	return strings.Join(parts, ", ")
}
