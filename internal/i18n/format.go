package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// formatRules are one language's conventions for dates, times and numbers.
type formatRules struct {
	months        [12]string // abbreviated month names, January first
	monthsLong    [12]string // full month names, January first
	weekdays      [7]string  // day names, Sunday first
	weekdaysShort [7]string  // abbreviated day names, Sunday first
	// of joins day, month and year in a long date: "13 de noviembre de
	// 2023" rather than "13 November 2023".
	of string
	// weekdaySep follows the day name in a long date with the weekday.
	weekdaySep string
	clock24    bool   // 15:04 rather than 3:04 PM
	decimal    string // decimal separator
	group      string // thousands separator
	// currencyAfter writes money as "1.100 €" (symbol after the number)
	// rather than "EUR 1,100" (ISO code before it).
	currencyAfter bool
}

var englishRules = formatRules{
	months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	monthsLong: [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"},
	weekdays:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	weekdaysShort: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	of:            " ",
	weekdaySep:    " ",
	decimal:       ".",
	group:         ",",
}

var spanishRules = formatRules{
	months: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	monthsLong: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
		"septiembre", "octubre", "noviembre", "diciembre"},
	weekdays:      [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
	weekdaysShort: [7]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
	of:            " de ",
	weekdaySep:    ", ",
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

// FormatDateLong writes the day of t in loc with the month in full:
// "13 November 2023" in English, "13 de noviembre de 2023" in Spanish. A nil
// loc keeps t's own location.
func (l *Localizer) FormatDateLong(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return l.dayMonth(t) + l.format.of + strconv.Itoa(t.Year())
}

// FormatWeekdayDate writes the day of t in loc with its day name: "Monday 13
// November 2023" in English, "lunes, 13 de noviembre de 2023" in Spanish. A
// nil loc keeps t's own location.
func (l *Localizer) FormatWeekdayDate(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return l.format.weekdays[t.Weekday()] + l.format.weekdaySep + l.FormatDateLong(t, nil)
}

// FormatSlot writes a time slot within one day, from a to b in loc, as
// compactly as the language allows while naming the day: "Thu 12 Mar,
// 9:40 AM–10:00 AM" in English, "jue, 12 mar, 9:40–10:00" in Spanish. A
// nil loc keeps the times' own location.
func (l *Localizer) FormatSlot(a, b time.Time, loc *time.Location) string {
	if loc != nil {
		a = a.In(loc)
	}
	return l.format.weekdaysShort[a.Weekday()] + l.format.weekdaySep + strconv.Itoa(a.Day()) + " " +
		l.format.months[a.Month()-1] + ", " + l.FormatTimeRange(a, b, loc)
}

// FormatTimeRange writes the clock times from a to b in loc: "9:40 AM–10:00
// AM" in English, "9:40–10:00" in Spanish. A nil loc keeps their own
// location.
func (l *Localizer) FormatTimeRange(a, b time.Time, loc *time.Location) string {
	return l.FormatTime(a, loc) + "–" + l.FormatTime(b, loc)
}

// FormatDateRange writes the calendar days from a to b (in their own
// locations) as compactly as the language allows: "13–15 November 2023",
// "30 June – 2 July 2023", "30 December 2023 – 2 January 2024" in English;
// "13–15 de noviembre de 2023", "30 de junio – 2 de julio de 2023" in
// Spanish. Equal days give one date.
func (l *Localizer) FormatDateRange(a, b time.Time) string {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	switch {
	case ya == yb && ma == mb && da == db:
		return l.FormatDateLong(a, nil)
	case ya == yb && ma == mb:
		return strconv.Itoa(da) + "–" + l.FormatDateLong(b, nil)
	case ya == yb:
		return l.dayMonth(a) + " – " + l.FormatDateLong(b, nil)
	}
	return l.FormatDateLong(a, nil) + " – " + l.FormatDateLong(b, nil)
}

// dayMonth writes "13 November" or "13 de noviembre".
func (l *Localizer) dayMonth(t time.Time) string {
	return strconv.Itoa(t.Day()) + l.format.of + l.format.monthsLong[t.Month()-1]
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
