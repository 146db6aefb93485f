package web

import (
	"net/http"

	"caravan/internal/i18n"
	"caravan/internal/mail"
	"caravan/internal/mission"
)

// link returns the absolute address of a path of this site for an e-mail:
// under the configured base URL, or the request's scheme and host.
func (s *Server) link(r *http.Request, path string) string {
	if s.baseURL != "" {
		return s.baseURL + path
	}
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// email renders an e-mail to a recipient in the language lang (the
// request's when lang is empty) as the outbox stores it.
func (s *Server) email(r *http.Request, lang, to, name string, data mail.Data) (*mission.Email, error) {
	var l *i18n.Localizer
	if lang != "" {
		l = s.bundle.Localizer(lang)
	} else {
		l = s.localizer(r)
	}
	m, err := s.mailer.Render(l, to, name, data)
	if err != nil {
		return nil, err
	}
	return &mission.Email{ToAddress: m.To, ToName: m.ToName, Subject: m.Subject, TextBody: m.Text, HTMLBody: m.HTML,
		Language: m.Language, Headers: m.Headers, CreatedAt: s.now()}, nil
}
