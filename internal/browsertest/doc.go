// Package browsertest opens the dashboard, the page of aims's html format,
// in headless Chromium (through the DevTools protocol, with chromedp): the
// example's page loads without a console error, shows every section, narrows
// its findings table when a filter is chosen, prints to PDF and gives the
// README's screenshot; a page of 10,000 findings loads and filters in under
// two seconds. The test needs Chromium, so it runs only with AIMS_BROWSER=1
// (.ci/run sets it in its step "dashboard in headless Chromium"):
//
//	AIMS_BROWSER=1 go test ./internal/browsertest
//
// AIMS_CHROMIUM names the browser's program (default: chromium, then
// chromium-browser, google-chrome on the PATH); AIMS_BROWSER_OUT is the
// folder the screenshot and PDF are written to (default: a temporary one),
// and AIMS_BROWSER_SCREENSHOT, when set, an absolute path the screenshot is
// copied to ($PWD/docs/img/html-dashboard.png from the repository's root
// refreshes the README's).
package browsertest
