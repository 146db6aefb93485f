package mission

import (
	"strings"
	"time"
)

// Marketplace item sides.
const (
	Offer   = "offer"
	Request = "request"
)

// Marketplace item categories.
var MarketplaceCategories = []string{"technology", "product", "service", "rd_partnership", "investment", "supplier", "customer", "other"}

// MarketplaceItem is an offer or a request in an organisation's profile.
type MarketplaceItem struct {
	ID             int64
	OrganisationID int64
	Side           string // Offer or Request
	Category       string
	Title          string
	Description    string
	Ecosystems     []string
	Keywords       []string
	CreatedAt      time.Time
}

// Validate checks a marketplace item's fields.
func (it *MarketplaceItem) Validate() error {
	it.Title = strings.TrimSpace(it.Title)
	switch {
	case it.Side != Offer && it.Side != Request:
		return FieldError("side", "Side must be offer or request.")
	case !contains(MarketplaceCategories, it.Category):
		return FieldError("category", "Category must be one of %s.", strings.Join(MarketplaceCategories, ", "))
	case it.Title == "":
		return FieldError("title", "Title is required.")
	case len(it.Title) > 200:
		return FieldError("title", "Title must be at most 200 characters.")
	case len(it.Description) > 5000:
		return FieldError("description", "Description must be at most 5,000 characters.")
	}
	return nil
}
