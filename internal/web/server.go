// Package web is Caravan's one http.Handler: server-rendered HTML pages and
// the /api/v1 JSON API, with its templates and static files embedded. It
// imports the domain and the store; nothing imports it but cmd.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"caravan/internal/auth"
	"caravan/internal/i18n"
	"caravan/internal/mail"
	"caravan/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// maxBodyBytes bounds every request body.
const maxBodyBytes = 1 << 20

// Server holds what the handlers share. Build it with New; it is safe for
// concurrent use.
type Server struct {
	db     *store.DB
	logger *slog.Logger
	bundle *i18n.Bundle
	pages  map[string]map[string]*template.Template // language, then page
	static fs.FS
	now    func() time.Time
	h      http.Handler
	// userLanguage returns the language that the request's signed-in user
	// saved ("es"), or "" when there is no user or no saved preference. It
	// is the one hook for accounts; it wins over the lang cookie and the
	// browser's Accept-Language (see localizer). Nil means no accounts.
	userLanguage func(r *http.Request) string

	// Accounts (auth.go, account.go): sign-in attempts per account and per
	// address, and whether to believe a proxy's X-Forwarded-Proto and
	// X-Forwarded-For.
	accountLimit *auth.Limiter
	addressLimit *auth.Limiter
	trustProxy   bool
	// baseURL starts the links of e-mails ("https://caravan.example.org");
	// empty means the request's own scheme and host.
	baseURL string
	mailer  *mail.Renderer
}

// Option configures a Server.
type Option func(*Server)

// TrustProxy makes the server believe the X-Forwarded-Proto and
// X-Forwarded-For headers of a reverse proxy in front of it: for the Secure
// flag of cookies and the address that sign-in limits and the audit log
// use. Set it only when every request comes through such a proxy.
func TrustProxy() Option { return func(s *Server) { s.trustProxy = true } }

// BaseURL sets the address that the links of e-mails (invitations,
// password resets, address confirmations) start with, such as
// "https://caravan.example.org". Without it, links use the scheme and Host
// of the request that causes the e-mail, which suits a local demo only: a
// forged Host header would point the links elsewhere.
func BaseURL(u string) Option { return func(s *Server) { s.baseURL = strings.TrimRight(u, "/") } }

// New returns the Caravan web application over db. It logs one access line
// per request, and internal errors, to logger.
func New(db *store.DB, logger *slog.Logger, opts ...Option) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	pages, err := parsePages(bundle)
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{db: db, logger: logger, bundle: bundle, pages: pages, static: static, now: time.Now}
	s.accountLimit = auth.NewLimiter(auth.AccountLimit)
	s.addressLimit = auth.NewLimiter(auth.AddressLimit)
	s.userLanguage = func(r *http.Request) string {
		if u := s.user(r); u != nil {
			return u.Account.Language
		}
		return ""
	}
	for _, opt := range opts {
		opt(s)
	}
	site := "Caravan"
	if u, err := url.Parse(s.baseURL); err == nil && u.Host != "" {
		site = u.Host
	}
	if s.mailer, err = mail.NewRenderer(site); err != nil {
		return nil, err
	}
	s.h = s.routes()
	return s, nil
}

// ServeHTTP routes the request through the middleware and the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.h.ServeHTTP(w, r)
}
