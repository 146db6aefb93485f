package tabular

import (
	"strings"
	"unicode"
)

// Fields of an import, which the file's columns map to.
const (
	FieldName         = "name"
	FieldFirstName    = "first_name"
	FieldLastName     = "last_name"
	FieldEmail        = "email"
	FieldPhone        = "phone"
	FieldJobTitle     = "job_title"
	FieldOrganisation = "organisation"
	FieldKind         = "kind"
	FieldCountry      = "country"
	FieldCity         = "city"
	FieldWebsite      = "website"
	FieldRole         = "role"
)

// synonyms maps folded header names, in English, Spanish, French and
// German, to fields.
var synonyms = map[string]string{}

func init() {
	for field, names := range map[string][]string{
		FieldName: {"name", "full name", "participant", "participant name", "contact", "contact name", "contact person", "person",
			"nombre", "nombre completo", "nombre y apellidos", "participante", "persona de contacto", "contacto",
			"nom complet", "prénom et nom", "prénom nom", "participant", "personne", "interlocuteur",
			"vollständiger name", "teilnehmer", "teilnehmerin", "ansprechpartner", "kontaktperson"},
		FieldFirstName: {"first name", "given name", "forename", "nombre de pila", "prénom", "vorname"},
		FieldLastName:  {"last name", "surname", "family name", "apellido", "apellidos", "nom de famille", "nom", "nachname", "familienname"},
		FieldEmail: {"email", "e mail", "email address", "e mail address", "mail", "mail address",
			"correo", "correo electrónico", "correo e", "dirección de correo", "email de contacto",
			"courriel", "adresse email", "adresse e mail", "adresse électronique", "mél",
			"e mail adresse", "emailadresse", "mailadresse"},
		FieldPhone: {"phone", "phone number", "telephone", "tel", "mobile", "teléfono", "móvil", "téléphone", "portable", "telefon", "telefonnummer", "handy", "mobil"},
		FieldJobTitle: {"job title", "title", "position", "job", "function", "cargo", "puesto", "función",
			"poste", "fonction", "titre", "funktion", "stelle", "berufsbezeichnung"},
		FieldOrganisation: {"organisation", "organization", "org", "organisation name", "organization name", "company", "company name",
			"institution", "entity", "empresa", "organización", "entidad", "institución", "nombre de la empresa",
			"entreprise", "société", "organisme", "structure", "unternehmen", "firma", "einrichtung", "institution"},
		FieldKind: {"kind", "type", "organisation type", "organization type", "org type", "kind of organisation", "category",
			"tipo", "tipo de organización", "tipo de entidad", "type d organisation", "type de structure",
			"art", "organisationsart", "typ"},
		FieldCountry: {"country", "country code", "nation", "país", "pais", "código de país", "pays", "code pays", "land", "staat", "ländercode"},
		FieldCity:    {"city", "town", "location", "ciudad", "localidad", "municipio", "ville", "commune", "stadt", "ort"},
		FieldWebsite: {"website", "web", "web site", "url", "homepage", "sitio web", "página web", "site web", "site internet", "webseite", "internetseite"},
		FieldRole:    {"role", "mission role", "rol", "papel", "rôle", "rolle"},
	} {
		for _, n := range names {
			synonyms[fold(n)] = field
		}
	}
}

// fold makes a name comparable: lower case, accents taken off, ASCII
// letters and digits only ("E-Mail Address " and "email address" fold
// alike). scripts/gen-country-names.py folds the same way.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if base, ok := accents[r]; ok {
			b.WriteString(base)
		} else if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// accents maps the accented letters of Western European languages to their
// base letters.
var accents = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'œ': "oe",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
	'č': "c", 'ć': "c", 'š': "s", 'ž': "z", 'ł': "l", 'ń': "n", 'ś': "s", 'ź': "z", 'ż': "z",
	'ř': "r", 'ě': "e", 'ů': "u", 'ő': "o", 'ű': "u", 'ă': "a", 'ș': "s", 'ț': "t", 'ş': "s", 'ţ': "t", 'ą': "a", 'ę': "e", 'ı': "i", 'đ': "d",
}

// Mapping says which column of a file holds which field.
type Mapping struct {
	// Columns maps fields to column indexes.
	Columns map[string]int
	// Headers are the file's header cells, by column index.
	Headers []string
	// Ignored are the headers that map to no field, or to a field an
	// earlier column already holds.
	Ignored []string
}

// MapHeader maps a header row to fields by name, tolerant of case,
// spacing, punctuation and accents, in English, Spanish, French and German.
func MapHeader(header []string) Mapping {
	m := Mapping{Columns: map[string]int{}, Headers: header}
	for i, h := range header {
		field, ok := synonyms[fold(h)]
		if _, taken := m.Columns[field]; !ok || taken {
			if h != "" {
				m.Ignored = append(m.Ignored, h)
			}
			continue
		}
		m.Columns[field] = i
	}
	return m
}

// Has reports whether a column holds the field.
func (m Mapping) Has(field string) bool {
	_, ok := m.Columns[field]
	return ok
}

// Header returns the file's header of the field's column, or the field's
// name when no column holds it.
func (m Mapping) Header(field string) string {
	if i, ok := m.Columns[field]; ok && m.Headers[i] != "" {
		return m.Headers[i]
	}
	return field
}

// cell returns the field's cell of a row ("" when absent). A leading
// apostrophe that protects a formula character (as exports write) is
// dropped.
func (m Mapping) cell(r Row, field string) string {
	i, ok := m.Columns[field]
	if !ok || i >= len(r.Cells) {
		return ""
	}
	v := r.Cells[i]
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune(formulaStart, rune(v[1])) {
		v = v[1:]
	}
	return v
}
