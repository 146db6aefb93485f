package tabular

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"caravan/internal/mission"
)

// Issue codes: what is wrong with a row (or with the header). Each has a
// catalogue message "import.issue.CODE" with the parameters column, value
// and row.
const (
	IssueMissingColumn = "missing_column"
	IssueNameRequired  = "name_required"
	IssueEmailRequired = "email_required"
	IssueEmailInvalid  = "email_invalid"
	IssueOrgRequired   = "organisation_required"
	IssueCountryNeeded = "country_required"
	IssueCountry       = "country_unknown"
	IssueKind          = "kind_unknown"
	IssueRole          = "role_unknown"
	IssueDuplicate     = "duplicate_email"
	IssueTooLong       = "too_long"
	IssueInvalid       = "invalid"
)

// IssueCodes lists every issue code.
var IssueCodes = []string{IssueMissingColumn, IssueNameRequired, IssueEmailRequired, IssueEmailInvalid, IssueOrgRequired,
	IssueCountryNeeded, IssueCountry, IssueKind, IssueRole, IssueDuplicate, IssueTooLong, IssueInvalid}

// Issue is one thing wrong with a row: its line, the column's header as
// the file writes it, a code and the offending value. Message is in English
// (the command line prints it); pages show the catalogue's message of Code.
type Issue struct {
	Line    int
	Column  string
	Code    string
	Value   string
	Row     int // for IssueDuplicate: the earlier row with the same e-mail address
	Message string
}

// maxText is the longest name, organisation, title or city, in characters.
const maxText = 200

// Parse maps a table's columns by header and checks each row: it returns
// the good rows, ready to import with role (participant or local) unless
// the row names its own, and a report with every row. Organisation and
// country columns are required; a file without name and e-mail columns
// lists organisations only.
func Parse(t *Table, role string) ([]mission.ImportRow, *Report) {
	m := MapHeader(t.Header)
	rep := &Report{Ignored: m.Ignored, HeaderLine: t.HeaderLine}
	for _, f := range []string{FieldOrganisation, FieldCountry} {
		if !m.Has(f) {
			rep.FileIssues = append(rep.FileIssues, newIssue(t.HeaderLine, f, IssueMissingColumn, "", 0))
		}
	}
	people := m.Has(FieldName) || m.Has(FieldEmail) || m.Has(FieldFirstName) || m.Has(FieldLastName)
	if people && !m.Has(FieldEmail) {
		rep.FileIssues = append(rep.FileIssues, newIssue(t.HeaderLine, FieldEmail, IssueMissingColumn, "", 0))
	}
	seen := map[string]int{} // e-mail address → line
	var good []mission.ImportRow
	for _, r := range t.Rows {
		row := RowReport{Line: r.Line}
		if len(rep.FileIssues) > 0 {
			row.Outcome = mission.ImportError
			rep.add(row)
			continue
		}
		ir, issues := parseRow(m, r, role, seen)
		row.Issues = issues
		row.Label = label(ir)
		if len(issues) > 0 {
			row.Outcome = mission.ImportError
		} else {
			good = append(good, ir)
		}
		rep.add(row)
	}
	return good, rep
}

// parseRow reads and checks one row.
func parseRow(m Mapping, r Row, role string, seen map[string]int) (mission.ImportRow, []Issue) {
	var issues []Issue
	fail := func(field, code, value string, other int) {
		iss := Issue{Line: r.Line, Column: m.Header(field), Code: code, Value: value, Row: other}
		iss.Message = message(code, iss)
		issues = append(issues, iss)
	}
	text := func(field string) string {
		v := m.cell(r, field)
		if utf8.RuneCountInString(v) > maxText {
			fail(field, IssueTooLong, "", 0)
		}
		return v
	}
	ir := mission.ImportRow{Line: r.Line, Role: role}
	o := &ir.Organisation
	o.Name = strings.Join(strings.Fields(text(FieldOrganisation)), " ")
	o.City = text(FieldCity)
	o.Website = text(FieldWebsite)
	if o.Name == "" {
		fail(FieldOrganisation, IssueOrgRequired, "", 0)
	}
	switch c := m.cell(r, FieldCountry); {
	case c == "":
		fail(FieldCountry, IssueCountryNeeded, "", 0)
	case Country(c) == "":
		fail(FieldCountry, IssueCountry, c, 0)
	default:
		o.Country = Country(c)
	}
	// An empty kind leaves a stored organisation's kind alone and makes a
	// new organisation an SME.
	if k := m.cell(r, FieldKind); k != "" {
		if o.Kind = Kind(k); o.Kind == "" {
			fail(FieldKind, IssueKind, k, 0)
		}
	}
	if v := m.cell(r, FieldRole); v != "" {
		if ir.Role = Role(v); ir.Role == "" {
			fail(FieldRole, IssueRole, v, 0)
		}
	}

	p := &mission.Person{}
	p.Name = strings.Join(strings.Fields(text(FieldName)), " ")
	if p.Name == "" {
		p.Name = strings.Join(strings.Fields(text(FieldFirstName)+" "+text(FieldLastName)), " ")
	}
	p.Email = strings.ToLower(m.cell(r, FieldEmail))
	p.Phone = text(FieldPhone)
	p.JobTitle = text(FieldJobTitle)
	if p.Name != "" || p.Email != "" || p.Phone != "" || p.JobTitle != "" {
		ir.Person = p
		switch {
		case p.Email == "":
			fail(FieldEmail, IssueEmailRequired, "", 0)
		case !validEmail(p.Email):
			fail(FieldEmail, IssueEmailInvalid, m.cell(r, FieldEmail), 0)
		case seen[p.Email] != 0:
			fail(FieldEmail, IssueDuplicate, m.cell(r, FieldEmail), seen[p.Email])
		default:
			seen[p.Email] = r.Line
		}
		if p.Name == "" {
			fail(nameField(m), IssueNameRequired, "", 0)
		}
	}
	if len(issues) > 0 {
		return ir, issues
	}
	// The domain's own checks, for anything the ones above let through.
	check := *o
	if check.Kind == "" {
		check.Kind = mission.KindSME
	}
	if err := check.Validate(); err != nil {
		fail(domainField(err, FieldOrganisation), IssueInvalid, "", 0)
		issues[len(issues)-1].Message = mission.ErrorMessage(err)
	}
	if ir.Person != nil {
		pc := *p
		pc.OrganisationID = -1 // the organisation's id is known only when imported
		if err := pc.Validate(); err != nil {
			fail(domainField(err, FieldName), IssueInvalid, "", 0)
			issues[len(issues)-1].Message = mission.ErrorMessage(err)
		}
	}
	return ir, issues
}

// nameField is the column to blame for a missing name.
func nameField(m Mapping) string {
	if !m.Has(FieldName) && m.Has(FieldFirstName) {
		return FieldFirstName
	}
	return FieldName
}

// domainField maps the field of a domain validation error to an import
// field.
func domainField(err error, def string) string {
	var e *mission.Error
	if errors.As(err, &e) {
		switch e.Field {
		case "name", "email", "country", "kind", "city", "website":
			if def == FieldOrganisation && e.Field == "name" {
				return FieldOrganisation
			}
			return e.Field
		}
	}
	return def
}

func newIssue(line int, field, code, value string, other int) Issue {
	iss := Issue{Line: line, Column: field, Code: code, Value: value, Row: other}
	iss.Message = message(code, iss)
	return iss
}

// message is the English text of an issue.
func message(code string, iss Issue) string {
	switch code {
	case IssueMissingColumn:
		return fmt.Sprintf("No column holds the %s: name one %q.", strings.ReplaceAll(iss.Column, "_", " "), iss.Column)
	case IssueNameRequired:
		return "The person's name is missing."
	case IssueEmailRequired:
		return "The person's e-mail address is missing; it identifies the person when the file is imported again."
	case IssueEmailInvalid:
		return fmt.Sprintf("%q is not a valid e-mail address.", iss.Value)
	case IssueOrgRequired:
		return "The organisation is missing."
	case IssueCountryNeeded:
		return "The country is missing."
	case IssueCountry:
		return fmt.Sprintf("%q is not a country Caravan knows: write its name or its ISO code, such as ES.", iss.Value)
	case IssueKind:
		return fmt.Sprintf("%q is not a kind of organisation: write cluster, SME, large company, support organisation or public body.", iss.Value)
	case IssueRole:
		return fmt.Sprintf("%q is not a role to import: write participant or local.", iss.Value)
	case IssueDuplicate:
		return fmt.Sprintf("The e-mail address %q is already on row %d.", iss.Value, iss.Row)
	case IssueTooLong:
		return fmt.Sprintf("%s is longer than %d characters.", iss.Column, maxText)
	}
	return "The row is not valid."
}

// validEmail checks an address as the domain does, through its Validate.
func validEmail(s string) bool {
	p := mission.Person{Name: "x", OrganisationID: -1, Email: s}
	return p.Validate() == nil
}

// label names a row for the report: the person, then the organisation.
func label(ir mission.ImportRow) string {
	parts := []string{}
	if ir.Person != nil && ir.Person.Name != "" {
		parts = append(parts, ir.Person.Name)
	}
	if ir.Organisation.Name != "" {
		parts = append(parts, ir.Organisation.Name)
	}
	return strings.Join(parts, ", ")
}

// Country returns the ISO 3166-1 alpha-2 code of a country written as a
// code (any case; EL for Greece and UK as the EU writes them) or as its name
// in English, Spanish, French or German; "" when unknown.
func Country(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		c := strings.ToUpper(s)
		switch c {
		case "EL":
			return "GR"
		case "UK":
			return "GB"
		}
		if countryCodes[c] {
			return c
		}
		return ""
	}
	return countryNames[fold(s)]
}

// kinds maps folded names of organisation kinds to their slugs.
var kinds = foldedMap(map[string][]string{
	mission.KindSME: {"sme", "smes", "small and medium enterprise", "small company", "startup", "start up", "pyme", "pymes", "pequeña empresa",
		"pme", "petite entreprise", "kmu", "kleines unternehmen", "mittelständisches unternehmen"},
	mission.KindCluster: {"cluster", "cluster organisation", "cluster organization", "clúster", "agrupación empresarial", "aei",
		"pôle", "pôle de compétitivité", "grappe", "netzwerk", "clusterorganisation"},
	mission.KindLargeCompany: {"large company", "large_company", "large enterprise", "corporation", "gran empresa", "grande entreprise",
		"großunternehmen", "grossunternehmen", "konzern"},
	mission.KindSupportOrg: {"support organisation", "support organization", "support_org", "tech centre", "technology centre",
		"technology center", "research centre", "research center", "university", "hub", "incubator", "accelerator",
		"centro tecnológico", "universidad", "incubadora", "centro de investigación", "centre technologique", "université",
		"incubateur", "centre de recherche", "hochschule", "universität", "forschungseinrichtung", "technologiezentrum", "inkubator"},
	mission.KindPublicBody: {"public body", "public_body", "public authority", "government", "agency", "administración pública",
		"organismo público", "ayuntamiento", "administration publique", "collectivité", "organisme public", "behörde",
		"öffentliche einrichtung", "verwaltung"},
})

// roles maps folded role names to the mission roles an import gives.
var roles = foldedMap(map[string][]string{
	mission.RoleParticipant: {"participant", "participante", "teilnehmer", "teilnehmerin", "visitor", "delegate", "delegado", "visitante"},
	mission.RoleLocal:       {"local", "local company", "empresa local", "entreprise locale", "lokales unternehmen", "lokal"},
})

func foldedMap(in map[string][]string) map[string]string {
	out := map[string]string{}
	for v, names := range in {
		for _, n := range names {
			out[fold(n)] = v
		}
	}
	return out
}

// Kind returns the organisation kind a cell names, in English, Spanish,
// French or German, or "" when it names none.
func Kind(s string) string { return kinds[fold(s)] }

// Role returns the mission role (participant or local) a cell names, or
// "" when it names none.
func Role(s string) string { return roles[fold(s)] }
