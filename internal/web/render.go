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

	"caravan/internal/mission"
)

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimPrefix(name, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render writes a page with the status. It renders into a buffer first so a
// template error becomes a clean error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.fail(w, r, fmt.Errorf("render: no page %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		if page == "error.html" { // avoid a loop; say it plainly
			s.logger.Error("render error page", "err", err.Error())
			http.Error(w, http.StatusText(status), status)
			return
		}
		s.fail(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// funcs are the template functions: formatting only, no data access.
var funcs = template.FuncMap{
	"date":         formatDate,
	"longDate":     func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	"dateRange":    dateRange,
	"clock":        func(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04") },
	"isoDate":      func(t time.Time) string { return t.Format("2006-01-02") },
	"isoTime":      func(t time.Time) string { return t.Format(time.RFC3339) },
	"statusLabel":  statusLabel,
	"kindLabel":    itemKindLabel,
	"orgKindLabel": orgKindLabel,
	"missionKind":  missionKindLabel,
	"country":      countryName,
	"ecosystem":    mission.EcosystemLabel,
	"number":       formatNumber,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// formatDate writes a calendar day as "13 November 2023" ("" when zero).
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// dateRange writes two days compactly: "13–15 November 2023",
// "30 June – 2 July 2023", or two full dates.
func dateRange(a, b time.Time) string {
	switch {
	case a.Equal(b):
		return formatDate(a)
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%d–%s", a.Day(), b.Format("2 January 2006"))
	case a.Year() == b.Year():
		return a.Format("2 January") + " – " + b.Format("2 January 2006")
	}
	return formatDate(a) + " – " + formatDate(b)
}

// formatNumber writes a figure without trailing zeros: 22.8, 23, 128.5.
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

var statusLabels = map[string]string{
	mission.StatusDraft: "Draft", mission.StatusCallOpen: "Call open", mission.StatusSelection: "Selection",
	mission.StatusConfirmed: "Confirmed", mission.StatusRunning: "Running", mission.StatusClosed: "Closed",
	mission.StatusReported: "Reported",
}

func statusLabel(s string) string { return labelOr(statusLabels, s) }

var itemKindLabels = map[string]string{
	mission.ItemB2BSession: "B2B meetings", mission.ItemCompanyVisit: "Company visit", mission.ItemSiteVisit: "Site visit",
	mission.ItemPresentation: "Presentation", mission.ItemShowcase: "Showcase", mission.ItemExhibition: "Exhibition",
	mission.ItemConference: "Conference", mission.ItemNetworking: "Networking", mission.ItemTravel: "Travel",
}

func itemKindLabel(s string) string { return labelOr(itemKindLabels, s) }

var orgKindLabels = map[string]string{
	mission.KindCluster: "Cluster organisation", mission.KindSME: "SME", mission.KindLargeCompany: "Large company",
	mission.KindSupportOrg: "Support organisation", mission.KindPublicBody: "Public body",
}

func orgKindLabel(s string) string { return labelOr(orgKindLabels, s) }

var missionKindLabels = map[string]string{
	mission.MissionDelegation: "Group delegation", mission.MissionExchange: "Individual exchange", mission.MissionStudyVisit: "Study visit",
}

func missionKindLabel(s string) string { return labelOr(missionKindLabels, s) }

// countries names the countries Caravan's users come from; other codes show
// as they are.
var countries = map[string]string{
	"AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
	"DK": "Denmark", "EE": "Estonia", "ES": "Spain", "FI": "Finland", "FR": "France", "GR": "Greece",
	"HR": "Croatia", "HU": "Hungary", "IE": "Ireland", "IS": "Iceland", "IT": "Italy", "LI": "Liechtenstein",
	"LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MK": "North Macedonia", "MT": "Malta",
	"NL": "Netherlands", "NO": "Norway", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "RS": "Serbia",
	"SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia", "TR": "Türkiye", "UA": "Ukraine", "GB": "United Kingdom",
}

func countryName(code string) string { return labelOr(countries, code) }

func labelOr(labels map[string]string, key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}
