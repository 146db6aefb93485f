package i18n

import (
	"testing"
	"time"
)

func newBundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLocalizerChoosesLanguage(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		prefs []string
		want  string
	}{
		{nil, "en"},
		{[]string{""}, "en"},
		{[]string{"es"}, "es"},
		{[]string{"es-ES,es;q=0.9,en;q=0.8"}, "es"},
		{[]string{"es-MX"}, "es"},
		{[]string{"de-DE,de;q=0.9,es;q=0.5"}, "es"},
		{[]string{"de-DE,fr;q=0.9"}, "en"},
		{[]string{"en-GB,en;q=0.9,es;q=0.8"}, "en"},
		{[]string{"en", "es"}, "en"}, // saved preference first, header second
		{[]string{"es", "en-US,en;q=0.9"}, "es"},
		{[]string{"", "es"}, "es"}, // no saved preference: the browser decides
		{[]string{"not a tag;;;", "es"}, "es"},
		{[]string{"*"}, "en"},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.prefs...).Lang(); got != tt.want {
			t.Errorf("Localizer(%q) speaks %s, want %s", tt.prefs, got, tt.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	b := newBundle(t)
	en, es := b.Localizer("en"), b.Localizer("es")
	tests := []struct {
		l      *Localizer
		id     string
		params []any
		want   string
	}{
		{en, "login.title", nil, "Sign in"},
		{es, "login.title", nil, "Iniciar sesión"},
		{en, "email.greeting", []any{"name", "Ana"}, "Hello Ana,"},
		{es, "email.greeting", []any{"name", "Ana"}, "Hola, Ana:"},
		{es, "email.greeting", []any{map[string]any{"name": "Ana"}}, "Hola, Ana:"},
		{en, "login.rate_limited", []any{"count", 1}, "Too many sign-in attempts. Please try again in 1 minute."},
		{en, "login.rate_limited", []any{"count", 12}, "Too many sign-in attempts. Please try again in 12 minutes."},
		{en, "login.rate_limited", []any{"count", 0}, "Too many sign-in attempts. Please try again in 0 minutes."},
		{es, "login.rate_limited", []any{"count", int64(1)}, "Demasiados intentos de inicio de sesión. Vuelva a intentarlo dentro de 1 minuto."},
		{es, "login.rate_limited", []any{"count", 3}, "Demasiados intentos de inicio de sesión. Vuelva a intentarlo dentro de 3 minutos."},
		{es, "password.too_short", []any{"count", 1500}, "La contraseña debe tener al menos 1.500 caracteres."},
		{en, "password.too_short", []any{"count", 1500}, "The password must have at least 1,500 characters."},
		{en, "login.rate_limited", nil, "Too many sign-in attempts. Please try again in {count} minutes."},
		{en, "email.greeting", nil, "Hello {name},"},
		{en, "no.such_id", nil, "no.such_id"},
		{es, "email.invite.expiry", []any{"date", time.Date(2023, 11, 13, 9, 0, 0, 0, time.UTC)}, "La invitación es válida hasta el 13 nov 2023."},
	}
	for _, tt := range tests {
		if got := tt.l.T(tt.id, tt.params...); got != tt.want {
			t.Errorf("%s: T(%q, %v) = %q, want %q", tt.l.Lang(), tt.id, tt.params, got, tt.want)
		}
	}
}

func TestTranslateFallsBackToEnglish(t *testing.T) {
	b := newBundle(t)
	b.catalogues[b.tags[1]] = map[string]message{} // a Spanish catalogue missing everything
	es := b.Localizer("es")
	if got, want := es.T("login.title"), "Sign in"; got != want {
		t.Errorf("got %q, want the English fallback %q", got, want)
	}
	if es.Has("login.title") {
		t.Error("Has reports an id the Spanish catalogue lacks")
	}
}

func TestPluralFormMayOmitCount(t *testing.T) {
	b := newBundle(t)
	tests := []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "Please correct the problem below."},
		{"en", 2, "Please correct the 2 problems below."},
		{"es", 1, "Corrija el problema indicado a continuación."},
		{"es", 12, "Corrija los 12 problemas indicados a continuación."},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.lang).T("form.errors", "count", tt.count); got != tt.want {
			t.Errorf("%s %d: got %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
}
