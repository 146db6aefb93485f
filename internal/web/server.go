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
	"time"

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
	pages  map[string]*template.Template
	static fs.FS
	now    func() time.Time
	h      http.Handler
}

// New returns the Caravan web application over db. It logs one access line
// per request, and internal errors, to logger.
func New(db *store.DB, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{db: db, logger: logger, pages: pages, static: static, now: time.Now}
	s.h = s.routes()
	return s, nil
}

// ServeHTTP routes the request through the middleware and the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.h.ServeHTTP(w, r)
}
