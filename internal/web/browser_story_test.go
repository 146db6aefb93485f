package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserStory drives Chromium through a mission's story: a participant
// agrees to be named in public stories; the organiser drafts the Dresden
// mission's story from its data, edits its title (with markup that must
// stay text) and publishes it; a signed-out visitor finds it from the
// mission page and reads it, and the Basque mission's demo story.
func TestBrowserStory(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	dresden := fmt.Sprintf("/missions/%d", testInfo.DresdenMissionID)
	signIn := func(email string) {
		f.open("/login", 200)
		f.fill(map[string]string{"#email": email, "#password": "caravan-demo"})
		f.load(200, chromedp.Click(`form[action="/login"] button`))
	}
	signOut := func() { f.load(200, chromedp.Click(`form[action="/logout"] button`)) }

	signIn("participant@demo.example")
	f.open("/settings", 200)
	f.see("You may name me and my organisation in public stories about missions")
	f.step(chromedp.Click(`input[name="consent"]`))
	f.load(200, chromedp.Click(`form[action="/settings/public-mention"] button`))
	f.see("Your settings have been saved.")
	if ok, err := a.db.PublicMention(t.Context(), personOf(t, a, "participant")); err != nil || !ok {
		t.Errorf("got consent %v (%v) after ticking the box, want true", ok, err)
	}
	signOut()

	signIn("organiser@demo.example")
	f.open(dresden, 200)
	f.load(200, chromedp.Click(`a[href="`+dresden+`/story/edit"]`))
	f.see("This mission has no story yet.")
	f.load(200, chromedp.Click(`form[action="`+dresden+`/story/draft"] button`))
	f.see("A new draft has been written", "Draft: not public")
	if title := f.value("#title"); title == "" {
		t.Fatal("the draft has no title")
	}
	f.fill(map[string]string{"#title": "Dresden 2023: chips, sensors and <new> partners"})
	f.load(200, chromedp.Click(`form[action="`+dresden+`/story"] button`))
	f.see("The story has been saved.")
	f.load(200, chromedp.Click(`form[action="`+dresden+`/story/publish"] button`))
	f.see("The story is published.", "Withdraw to a draft", "History")
	f.screenshot("story-edit")
	signOut()

	f.open(dresden, 200)
	f.load(200, chromedp.Click(`a[href="`+dresden+`/story"]`))
	f.see("Dresden 2023: chips, sensors and <new> partners", "The programme", "Day 1,", "Who took part", "Back to the mission")
	f.screenshot("story-public")
	f.open(fmt.Sprintf("/missions/%d/story", testInfo.BasqueMissionID), 200)
	f.see("EXCITE in Basque Country", "City & Me (Serbia)")
	f.screenshot("story-basque")
}

// value returns the value of a form field.
func (f *browserFlow) value(sel string) string {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {value: ""}).value`, sel)))
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}
