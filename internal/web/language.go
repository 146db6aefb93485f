package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// langCookie names the cookie that the language switcher sets.
const langCookie = "lang"

// localizer returns the localizer for the request's language, chosen in this
// order: the signed-in user's saved preference (userLanguage), the lang
// cookie of the language switcher, the browser's Accept-Language, and
// English. Each step that names a language Caravan lacks passes to the next.
func (s *Server) localizer(r *http.Request) *i18n.Localizer {
	prefs := make([]string, 0, 3)
	if s.userLanguage != nil {
		if lang := s.userLanguage(r); lang != "" {
			prefs = append(prefs, lang)
		}
	}
	if c, err := r.Cookie(langCookie); err == nil && s.hasLanguage(c.Value) {
		prefs = append(prefs, c.Value)
	}
	prefs = append(prefs, r.Header.Get("Accept-Language"))
	return s.bundle.Localizer(prefs...)
}

// hasLanguage reports whether lang is exactly one of the bundle's languages.
func (s *Server) hasLanguage(lang string) bool {
	for _, tag := range s.bundle.Languages() {
		if tag.String() == lang {
			return true
		}
	}
	return false
}

// handleLanguageSet is the language switcher: it remembers the form field
// lang in a cookie for a year and sends the browser back to the page it came
// from (same origin only; the home page otherwise).
func (s *Server) handleLanguageSet(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !s.hasLanguage(lang) {
		s.fail(w, r, userError(mission.EINVALID, "error.unknown_language"))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     langCookie,
		Value:    lang,
		Path:     "/",
		MaxAge:   int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// backTo returns the path and query of the request's Referer when it is a
// page of this site, and "/" otherwise, so the switcher never redirects
// elsewhere.
func backTo(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return "/"
	}
	path := u.EscapedPath()
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/\\") {
		return "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return path
}
