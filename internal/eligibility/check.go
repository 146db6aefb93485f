package eligibility

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Organisation is what the rules need to know about a visiting or host
// organisation.
type Organisation struct {
	Name    string
	Kind    string // one of the Kind constants
	Country string // ISO 3166-1 alpha-2, where the organisation is registered
	// ClusterMember is true when the organisation is a member of a cluster
	// organisation (profiled on the European Cluster Collaboration
	// Platform, for ClusterXchange).
	ClusterMember bool
}

// Period is a consortium's programme period, first and last day included.
type Period struct {
	Name     string // the consortium's name or acronym, e.g. "EXCITE"
	StartsOn time.Time
	EndsOn   time.Time
}

// PreviousExchange is an earlier exchange of the visiting organisation, as
// the caller knows it.
type PreviousExchange struct {
	MissionID    int64
	MissionTitle string
	Scheme       string // the rule set's Scheme it counted under
	Status       string // the application's status, e.g. "accepted"
}

// Applicant is one application for an exchange: the visiting organisation,
// the host, the stay and the history the rules need. Dates are calendar
// days; their time of day and location are ignored.
type Applicant struct {
	MissionID int64
	Visitor   Organisation
	Host      Organisation
	// FirstWorkingDay and LastWorkingDay bound the stay, travel days
	// excluded.
	FirstWorkingDay time.Time
	LastWorkingDay  time.Time
	// Holidays are the host country's public holidays; those on a weekday
	// within the stay are not working days.
	Holidays []time.Time
	// Consortium is the funding consortium's period; the period rule is
	// skipped while it is unknown (zero).
	Consortium Period
	// PreviousExchanges are the visiting organisation's earlier exchanges
	// as a visitor (hosting does not count); entries of this mission
	// (MissionID) are ignored.
	PreviousExchanges []PreviousExchange
}

// Failure is one failed rule: the rule's id, the message template id and
// its parameters (so that the message can be rendered in another language
// with a Catalog), and the message rendered in English.
type Failure struct {
	Rule     string            `json:"rule"`
	Template string            `json:"template"`
	Params   map[string]string `json:"params"`
	Message  string            `json:"message"`
}

// Render returns the failure's message from the catalogue c, falling back
// to English for a template c lacks.
func (f Failure) Render(c Catalog) string { return c.Render(f.Template, f.Params) }

// Result is the outcome of Check: Passed is true exactly when Failures is
// empty.
type Result struct {
	RuleSetID      string    `json:"rule_set_id"`
	RuleSetVersion int       `json:"rule_set_version"`
	Passed         bool      `json:"passed"`
	Failures       []Failure `json:"failures"`
}

// Rule ids, in the order Check reports them.
const (
	RuleVisitorKind       = "visitor_kind"
	RuleVisitorMembership = "visitor_membership"
	RuleVisitorCountry    = "visitor_programme_country"
	RuleHostKind          = "host_kind"
	RuleHostMembership    = "host_membership"
	RuleHostProgCountry   = "host_programme_country"
	RuleHostCountry       = "host_country"
	RuleOnceOnly          = "once_only"
	RuleStayDates         = "stay_dates"
	RuleMinWorkingDays    = "min_working_days"
	RuleMaxStay           = "max_stay"
	RuleConsortiumPeriod  = "consortium_period"
)

// Check applies every rule of rs to a and returns each failed rule with a
// message in plain words and the data it is about. Rules whose data the
// rule set leaves empty are not applied. Check does not validate rs; use
// rules sets from ParseRuleSet, Defaults, or checked with Validate.
func Check(rs RuleSet, a Applicant) Result {
	c := checker{rs: rs, scheme: rs.Name}
	c.kind(a.Visitor, rs.VisitorKinds, "visitor")
	c.programmeCountry(a.Visitor, RuleVisitorCountry)
	c.kind(a.Host, rs.HostKinds, "host")
	c.programmeCountry(a.Host, RuleHostProgCountry)
	c.differentCountry(a)
	c.onceOnly(a)
	c.stay(a)
	return Result{RuleSetID: rs.ID, RuleSetVersion: rs.Version, Passed: len(c.failures) == 0, Failures: c.failures}
}

type checker struct {
	rs       RuleSet
	scheme   string
	failures []Failure
}

func (c *checker) fail(rule, template string, params map[string]string) {
	params["scheme"] = c.scheme
	c.failures = append(c.failures, Failure{Rule: rule, Template: template, Params: params, Message: English.Render(template, params)})
}

func orgName(o Organisation) string {
	if n := strings.TrimSpace(o.Name); n != "" {
		return n
	}
	return "The organisation"
}

func (c *checker) kind(o Organisation, rules []KindRule, role string) {
	if len(rules) == 0 {
		return
	}
	words := kindWords[o.Kind]
	switch {
	case o.Kind == "":
		words = kindPhrase{a: "of no stated kind", plural: "organisations of no stated kind"}
	case words.a == "":
		words = kindPhrase{a: fmt.Sprintf("of unknown kind %q", o.Kind), plural: o.Kind}
	}
	var rule *KindRule
	for i := range rules {
		if rules[i].Kind == o.Kind {
			rule = &rules[i]
		}
	}
	params := map[string]string{"org": orgName(o), "kind": o.Kind, "kind_a": words.a, "kind_plural": words.plural}
	if rule == nil {
		params["allowed"] = allowedKinds(rules)
		c.fail(role+"_kind", role+"_kind", params)
		return
	}
	if rule.ClusterMemberOnly && !o.ClusterMember {
		c.fail(role+"_membership", role+"_membership", params)
	}
}

// allowedKinds describes the allowed kinds: "cluster organisations, and
// SMEs and support organisations that are members of a cluster".
func allowedKinds(rules []KindRule) string {
	var open, members []string
	for _, r := range rules {
		if r.ClusterMemberOnly {
			members = append(members, kindWords[r.Kind].plural)
		} else {
			open = append(open, kindWords[r.Kind].plural)
		}
	}
	s := andList(open)
	if len(members) > 0 {
		m := andList(members) + " that are members of a cluster"
		if s == "" {
			return m
		}
		s += ", and " + m
	}
	return s
}

func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func (c *checker) programmeCountry(o Organisation, rule string) {
	cl := c.rs.Countries
	if cl == nil || contains(cl.Codes, o.Country) {
		return
	}
	if strings.TrimSpace(o.Country) == "" {
		c.fail(rule, rule+"_missing", map[string]string{"org": orgName(o), "programme": cl.Programme})
		return
	}
	c.fail(rule, rule, map[string]string{"org": orgName(o), "country": o.Country,
		"country_name": CountryName(o.Country), "programme": cl.Programme})
}

func (c *checker) differentCountry(a Applicant) {
	if !c.rs.DifferentCountry || a.Visitor.Country != a.Host.Country || a.Host.Country == "" {
		return
	}
	c.fail(RuleHostCountry, RuleHostCountry, map[string]string{"org": orgName(a.Visitor), "host": orgName(a.Host),
		"country": a.Host.Country, "country_name": CountryName(a.Host.Country)})
}

func (c *checker) onceOnly(a Applicant) {
	o := c.rs.OnceOnly
	if o == nil {
		return
	}
	for _, p := range a.PreviousExchanges {
		if a.MissionID != 0 && p.MissionID == a.MissionID {
			continue
		}
		if !strings.EqualFold(p.Scheme, c.rs.Scheme) || !contains(o.Statuses, p.Status) {
			continue
		}
		title := strings.TrimSpace(p.MissionTitle)
		if title == "" {
			title = "mission " + strconv.FormatInt(p.MissionID, 10)
		}
		c.fail(RuleOnceOnly, RuleOnceOnly, map[string]string{"org": orgName(a.Visitor), "mission": title, "status": p.Status})
		return
	}
}

func (c *checker) stay(a Applicant) {
	rs := c.rs
	if rs.MinWorkingDays == 0 && rs.MaxStayMonths == 0 && !rs.WithinConsortiumPeriod {
		return
	}
	if a.FirstWorkingDay.IsZero() || a.LastWorkingDay.IsZero() {
		c.fail(RuleStayDates, "stay_dates_missing", map[string]string{})
		return
	}
	first, last := dayOf(a.FirstWorkingDay), dayOf(a.LastWorkingDay)
	dates := map[string]string{"first": longDate(first), "last": longDate(last)}
	if last.Before(first) {
		c.fail(RuleStayDates, "stay_dates_order", dates)
		return
	}
	if rs.MinWorkingDays > 0 {
		n := workingDays(first, last, a.Holidays, rs.MinWorkingDays)
		if n < rs.MinWorkingDays {
			c.fail(RuleMinWorkingDays, RuleMinWorkingDays, map[string]string{
				"days": strconv.Itoa(n), "working_days": countWords(n, "working day", "working days"),
				"min": strconv.Itoa(rs.MinWorkingDays), "first": dates["first"], "last": dates["last"]})
		}
	}
	if rs.MaxStayMonths > 0 && !last.Before(first.AddDate(0, rs.MaxStayMonths, 0)) {
		days := int(last.Sub(first).Hours()/24) + 1
		c.fail(RuleMaxStay, RuleMaxStay, map[string]string{"first": dates["first"], "last": dates["last"],
			"days": strconv.Itoa(days), "months": strconv.Itoa(rs.MaxStayMonths),
			"max": countWords(rs.MaxStayMonths, "month", "months")})
	}
	p := a.Consortium
	if rs.WithinConsortiumPeriod && !p.StartsOn.IsZero() && !p.EndsOn.IsZero() &&
		(first.Before(dayOf(p.StartsOn)) || last.After(dayOf(p.EndsOn))) {
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = "consortium's"
		}
		c.fail(RuleConsortiumPeriod, RuleConsortiumPeriod, map[string]string{"first": dates["first"], "last": dates["last"],
			"consortium": name, "start": longDate(dayOf(p.StartsOn)), "end": longDate(dayOf(p.EndsOn))})
	}
}

// workingDays counts Monday to Friday from first to last, less holidays;
// it stops counting once it reaches enough, so long ranges stay cheap.
func workingDays(first, last time.Time, holidays []time.Time, enough int) int {
	off := map[time.Time]bool{}
	for _, h := range holidays {
		off[dayOf(h)] = true
	}
	n := 0
	for d := first; !d.After(last) && n < enough; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !off[d] {
			n++
		}
	}
	return n
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func longDate(t time.Time) string { return t.Format("2 January 2006") }

func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
