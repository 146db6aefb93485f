package i18n

import (
	"testing"
	"time"
)

func TestFormatDatesAndTimes(t *testing.T) {
	b := newBundle(t)
	en, es := b.Localizer("en"), b.Localizer("es")
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	at := time.Date(2023, 11, 13, 14, 5, 0, 0, time.UTC) // 15:05 in Madrid
	sept := time.Date(2024, 9, 2, 0, 30, 0, 0, time.UTC)
	tests := []struct {
		name, got, want string
	}{
		{"en date", en.FormatDate(at, nil), "13 Nov 2023"},
		{"es date", es.FormatDate(at, nil), "13 nov 2023"},
		{"es september", es.FormatDate(sept, nil), "2 sept 2024"},
		{"en time", en.FormatTime(at, madrid), "3:05 PM"},
		{"es time", es.FormatTime(at, madrid), "15:05"},
		{"es early time", es.FormatTime(sept, nil), "0:30"},
		{"en date time", en.FormatDateTime(at, madrid), "13 Nov 2023, 3:05 PM"},
		{"es date time", es.FormatDateTime(at, madrid), "13 nov 2023, 15:05"},
		{"date in loc", es.FormatDate(time.Date(2023, 11, 13, 23, 30, 0, 0, time.UTC), madrid), "14 nov 2023"},
		{"en slot", en.FormatSlot(at, at.Add(20*time.Minute), madrid), "Mon 13 Nov, 3:05 PM–3:25 PM"},
		{"es slot", es.FormatSlot(at, at.Add(20*time.Minute), madrid), "lun, 13 nov, 15:05–15:25"},
		{"slot day in loc", es.FormatSlot(time.Date(2023, 11, 13, 23, 30, 0, 0, time.UTC), time.Date(2023, 11, 13, 23, 50, 0, 0, time.UTC), madrid), "mar, 14 nov, 0:30–0:50"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFormatNumbers(t *testing.T) {
	b := newBundle(t)
	en, es := b.Localizer("en"), b.Localizer("es")
	tests := []struct {
		name, got, want string
	}{
		{"en int", en.FormatInt(1100), "1,100"},
		{"es int", es.FormatInt(1100), "1.100"},
		{"small", es.FormatInt(999), "999"},
		{"million", en.FormatInt(1234567), "1,234,567"},
		{"negative", es.FormatInt(-1234567), "-1.234.567"},
		{"zero", en.FormatInt(0), "0"},
		{"en decimal", en.FormatDecimal(1234.5, 1), "1,234.5"},
		{"es decimal", es.FormatDecimal(1234.5, 2), "1.234,50"},
		{"rounded", es.FormatDecimal(2035.678, 0), "2.036"},
		{"negative zero", en.FormatDecimal(-0.001, 2), "0.00"},
		{"negative decimal", en.FormatDecimal(-1234.25, 2), "-1,234.25"},
		{"en money", en.FormatMoney(110000, "EUR"), "EUR 1,100"},
		{"es money", es.FormatMoney(110000, "EUR"), "1.100 €"},
		{"en cents", en.FormatMoney(39050, "eur"), "EUR 390.50"},
		{"es cents", es.FormatMoney(39005, "EUR"), "390,05 €"},
		{"es other currency", es.FormatMoney(123456789, "CHF"), "1.234.567,89 CHF"},
		{"negative money", en.FormatMoney(-150, "EUR"), "EUR -1.50"},
		{"float param", es.T("email.greeting", "name", 1100.5), "Hola, 1.100,5:"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFormatLongDatesAndRanges(t *testing.T) {
	b := newBundle(t)
	en, es := b.Localizer("en"), b.Localizer("es")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name, got, want string
	}{
		{"en long", en.FormatDateLong(day(2023, 11, 13), nil), "13 November 2023"},
		{"es long", es.FormatDateLong(day(2023, 11, 13), nil), "13 de noviembre de 2023"},
		{"en weekday", en.FormatWeekdayDate(day(2023, 11, 13), nil), "Monday 13 November 2023"},
		{"es weekday", es.FormatWeekdayDate(day(2023, 11, 15), nil), "miércoles, 15 de noviembre de 2023"},
		{"en same month", en.FormatDateRange(day(2023, 11, 13), day(2023, 11, 15)), "13–15 November 2023"},
		{"es same month", es.FormatDateRange(day(2023, 11, 13), day(2023, 11, 15)), "13–15 de noviembre de 2023"},
		{"en same year", en.FormatDateRange(day(2023, 6, 30), day(2023, 7, 2)), "30 June – 2 July 2023"},
		{"es same year", es.FormatDateRange(day(2023, 6, 30), day(2023, 7, 2)), "30 de junio – 2 de julio de 2023"},
		{"en years", en.FormatDateRange(day(2023, 12, 30), day(2024, 1, 2)), "30 December 2023 – 2 January 2024"},
		{"es years", es.FormatDateRange(day(2022, 2, 1), day(2024, 1, 31)), "1 de febrero de 2022 – 31 de enero de 2024"},
		{"one day", es.FormatDateRange(day(2024, 9, 2), day(2024, 9, 2)), "2 de septiembre de 2024"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
