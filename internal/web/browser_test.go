package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowser drives Debian's Chromium through the public pages, as a user
// on a desktop and on a phone would. It runs when CARAVAN_TEST_CHROMIUM
// names the browser (make test sets it).
func TestBrowser(t *testing.T) {
	path := os.Getenv("CARAVAN_TEST_CHROMIUM")
	if path == "" {
		t.Skip("CARAVAN_TEST_CHROMIUM is not set")
	}
	srv := httptest.NewServer(testServer)
	defer srv.Close()
	missionURL := fmt.Sprintf("%s/missions/%d", srv.URL, testInfo.BasqueMissionID)

	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.WindowSize(1280, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	// Console errors: a resource the CSP blocks, a failed load, an exception.
	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				problems = append(problems, ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, ev.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// Each step gets a deadline of its own; the browser lives as long as ctx.
	step := func(a chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, a); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(expr string) any {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	want := func(expr string, want any) {
		t.Helper()
		if got := eval(expr); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}

	step(chromedp.Navigate(missionURL))
	// The stylesheet loads under the CSP.
	want(`getComputedStyle(document.querySelector('.site-header')).backgroundColor`, "rgb(18, 60, 105)")
	want(`document.querySelectorAll('h3.day').length`, 3)

	// The first Tab reaches the skip link, visibly; Enter jumps to the content.
	step(chromedp.KeyEvent(kb.Tab))
	want(`document.activeElement.className`, "skip-link")
	want(`document.activeElement.getBoundingClientRect().top >= 0`, true)
	want(`getComputedStyle(document.activeElement).outlineStyle`, "solid")
	step(chromedp.KeyEvent(kb.Enter))
	want(`location.hash`, "#main")

	// The local companies fold away and open with a click, no script needed.
	want(`document.querySelector('details.locals').open`, false)
	step(chromedp.Click(chromedp.CSS("details.locals summary")))
	want(`document.querySelector('details.locals').open`, true)
	want(`[...document.querySelectorAll('details.locals li')].filter(li => li.offsetParent !== null).length`, 150)

	// On a phone, nothing is wider than the screen.
	step(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))
	for _, url := range []string{srv.URL + "/", missionURL, srv.URL + "/missions/abc"} {
		step(chromedp.Navigate(url))
		want(`document.documentElement.scrollWidth <= window.innerWidth`, true)
	}

	mu.Lock()
	defer mu.Unlock()
	// The 404 page of /missions/abc logs its failed load; nothing else may.
	problems = slices.DeleteFunc(problems, func(p string) bool {
		return p == "Failed to load resource: the server responded with a status of 404 (Not Found) "+srv.URL+"/missions/abc"
	})
	if len(problems) > 0 {
		t.Errorf("the browser reported problems: %q", problems)
	}
}
