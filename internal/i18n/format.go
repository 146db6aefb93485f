package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// formatRules are one language's conventions for dates, times and numbers.
type formatRules struct {
	months  [12]string // abbreviated month names, January first
	clock24 bool       // 15:04 rather than 3:04 PM
	decimal string     // decimal separator
	group   string     // thousands separator
	// currencyAfter writes money as "1.100 €" (symbol after the number)
	// rather than "EUR 1,100" (ISO code before it).
	currencyAfter bool
}

var englishRules = formatRules{
	months:  [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	decimal: ".",
	group:   ",",
}

var spanishRules = formatRules{
	months:        [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	clock24:       true,
	decimal:       ",",
	group:         ".",
	currencyAfter: true,
}

// formatFor returns the rules of tag's base language; languages without
// rules of their own use English conventions.
func formatFor(tag language.Tag) *formatRules {
	base, _ := tag.Base()
	if base.String() == "es" {
		return &spanishRules
	}
	return &englishRules
}

// FormatDate writes the day of t in loc as the localizer's language writes a
// short date: "13 Nov 2023" in English, "13 nov 2023" in Spanish. A nil loc
// keeps t's own location.
func (l *Localizer) FormatDate(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return strconv.Itoa(t.Day()) + " " + l.format.months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// FormatTime writes the clock time of t in loc: "3:04 PM" in English,
// "15:04" and "9:30" (24-hour clock) in Spanish. A nil loc keeps t's own location.
func (l *Localizer) FormatTime(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	if l.format.clock24 {
		return strconv.Itoa(t.Hour()) + t.Format(":04") // CLDR's H:mm
	}
	return t.Format("3:04 PM")
}

// FormatDateTime writes date and time of t in loc, joined by a comma:
// "13 Nov 2023, 3:04 PM" or "13 nov 2023, 15:04". A nil loc keeps t's own
// location.
func (l *Localizer) FormatDateTime(t time.Time, loc *time.Location) string {
	return l.FormatDate(t, loc) + ", " + l.FormatTime(t, loc)
}

// FormatInt writes n with the language's thousands separator: "1,100" in
// English, "1.100" in Spanish.
func (l *Localizer) FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = l.group(s)
	if neg {
		return "-" + s
	}
	return s
}

// FormatDecimal writes x rounded to decimals places (0 to 6) with the
// language's separators: "1,234.5" in English, "1.234,5" in Spanish.
func (l *Localizer) FormatDecimal(x float64, decimals int) string {
	decimals = min(max(decimals, 0), 6)
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	s = l.group(whole)
	if frac != "" {
		s += l.format.decimal + frac
	}
	if neg && strings.Trim(s, "0.,") != "" {
		return "-" + s
	}
	return s
}

// FormatMoney writes an amount given in cents (hundredths) of currency, an
// ISO 4217 code. Whole amounts have no decimals, others two: English writes
// "EUR 1,100" and "EUR 1,100.50", Spanish "1.100 €" and "1.100,50 €" (the
// symbol for EUR, the code for any other currency, after the number).
func (l *Localizer) FormatMoney(cents int64, currency string) string {
	currency = strings.ToUpper(currency)
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := l.group(strconv.FormatInt(cents/100, 10))
	if c := cents % 100; c != 0 {
		s += l.format.decimal + strconv.FormatInt(c/10, 10) + strconv.FormatInt(c%10, 10)
	}
	if neg {
		s = "-" + s
	}
	if l.format.currencyAfter {
		if currency == "EUR" {
			return s + " €"
		}
		return s + " " + currency
	}
	return currency + " " + s
}

// group inserts the thousands separator into a string of digits.
func (l *Localizer) group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	first := len(digits) % 3
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(l.format.group)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
