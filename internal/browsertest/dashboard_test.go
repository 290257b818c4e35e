package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// asOf is the date the example is judged at (the README's command).
const asOf = "2026-09-30"

// sections are the ids of the dashboard's sections, each with an h2.
var sections = []string{"rate", "coverage", "trend", "timeline", "heatmap", "findings", "owners"}

// budget is how long the page of 10,000 findings may take to load, and a
// filter to apply, in the browser.
const budget = 2 * time.Second

func TestDashboardInChromium(t *testing.T) {
	if os.Getenv("AIMS_BROWSER") != "1" {
		t.Skip("opens the dashboard in headless Chromium: set AIMS_BROWSER=1 (see the package comment)")
	}
	out := os.Getenv("AIMS_BROWSER_OUT")
	if out == "" {
		out = t.TempDir()
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	aims := buildAims(t)

	// The example as the README lints it: clean, so the screenshot shows
	// the dashboard of a finished AIMS.
	example := filepath.Join(out, "example.html")
	writePage(t, aims, example, "--rev", "HEAD", "--as-of", asOf, filepath.Join("..", "..", "testdata", "example-aims"))

	// A copy of the example with problems planted: findings of both
	// severities, several owners, and titles that are markup.
	small := plantedCopy(t, 12)
	smallPage := filepath.Join(out, "planted.html")
	writePage(t, aims, smallPage, "--as-of", asOf, small)

	// Over eight findings a planted file: 1,250 files give 10,000 and more.
	big := plantedCopy(t, 1250)
	bigPage := filepath.Join(out, "big.html")
	writePage(t, aims, bigPage, "--as-of", asOf, big)

	ctx := newBrowser(t)

	t.Run("example", func(t *testing.T) {
		p := open(t, ctx, example)
		checkSections(t, p)
		png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Fatalf("the screenshot is no PNG (%d bytes)", len(png))
		}
		writeFile(t, filepath.Join(out, "dashboard.png"), png)
		if dst := os.Getenv("AIMS_BROWSER_SCREENSHOT"); dst != "" {
			writeFile(t, dst, png)
		}
		pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatalf("print to PDF: %v", err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
			t.Fatalf("print to PDF gave %d bytes, not a PDF", len(pdf))
		}
		writeFile(t, filepath.Join(out, "dashboard.pdf"), pdf)
		p.checkQuiet(t)
	})

	t.Run("filters", func(t *testing.T) {
		p := open(t, ctx, smallPage)
		checkSections(t, p)
		before := p.rows(t)
		if before.visible == 0 || before.visible != before.total {
			t.Fatalf("before any filter %d of %d rows are shown, want all of them and some", before.visible, before.total)
		}
		p.checkCount(t, before.visible, before.total)

		// The severity the fewest rows have, so that choosing it narrows.
		sev := p.rarestSeverity(t)
		p.choose(t, "#filter-severity", sev)
		after := p.rows(t)
		if after.visible == 0 || after.visible >= before.visible {
			t.Fatalf("severity %q: %d rows shown of %d, want fewer but some", sev, after.visible, before.visible)
		}
		for _, s := range after.severities {
			if s != sev {
				t.Fatalf("severity %q chosen, yet a row of severity %q is shown", sev, s)
			}
		}
		p.checkCount(t, after.visible, before.total)

		// Back to every severity, then a search typed key by key.
		p.choose(t, "#filter-severity", "")
		if r := p.rows(t); r.visible != before.visible {
			t.Fatalf("every severity again: %d rows shown, want %d", r.visible, before.visible)
		}
		was := p.count(t)
		if _, err := chromedp.Run(p.ctx, chromedp.SendKeys(chromedp.ID("filter-search"), "SYS-P00003")); err != nil {
			t.Fatalf("typing in #filter-search: %v", err)
		}
		p.waitCount(t, was)
		found := p.rows(t)
		if found.visible == 0 || found.visible >= before.visible {
			t.Fatalf("search SYS-P00003: %d rows shown of %d, want fewer but some", found.visible, before.visible)
		}
		p.checkCount(t, found.visible, before.total)
		checkSort(t, p)
		p.checkQuiet(t)
	})

	t.Run("10000 findings", func(t *testing.T) {
		p := open(t, ctx, bigPage)
		checkFast(t, p)
		p.checkQuiet(t)
	})
}

// checkFast checks that the page, of 10,000 findings or more, loaded and
// applies a severity filter within the budget, and logs the times.
func checkFast(t *testing.T, p *page) {
	t.Helper()
	timing, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]float64](
		`(() => { const n = performance.getEntriesByType("navigation")[0]; return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()`))
	if err != nil || len(timing) != 2 {
		t.Fatalf("reading the navigation timing: %v", err)
	}
	ready, load := timing[0], timing[1]
	r := p.rows(t)
	if r.total < 10000 {
		t.Fatalf("the page has %d findings, want 10,000 or more", r.total)
	}
	sev := p.rarestSeverity(t)
	// Goes to the findings as a person does (the page may leave sections
	// out of view unrendered until then), and times it to the next frame.
	show, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64](`(async () => {
		const t0 = performance.now();
		document.getElementById("findings").scrollIntoView();
		document.body.getBoundingClientRect();
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		return performance.now() - t0;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("going to the findings: %v", err)
	}
	// Chooses the severity there and waits for the count to change and
	// the next frame: the time a filter takes to show, in the page's clock.
	filter, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64](fmt.Sprintf(`(async () => {
		const count = document.getElementById("findings-count");
		const was = count.textContent;
		const sel = document.getElementById("filter-severity");
		const t0 = performance.now();
		sel.value = %q;
		sel.dispatchEvent(new Event("input", {bubbles: true}));
		sel.dispatchEvent(new Event("change", {bubbles: true}));
		while (count.textContent === was && performance.now() - t0 < 10000) {
			await new Promise(r => requestAnimationFrame(r));
		}
		document.body.getBoundingClientRect();
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		return performance.now() - t0;
	})()`, sev), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("filtering: %v", err)
	}
	after := p.rows(t)
	t.Logf("%d findings: DOMContentLoaded at %.0f ms, load at %.0f ms; the findings in view in %.0f ms; the filter %q (%d rows left) shown in %.0f ms",
		r.total, ready, load, show, sev, after.visible, filter)
	if after.visible == 0 || after.visible >= r.visible {
		t.Errorf("severity %q: %d rows shown of %d, want fewer but some", sev, after.visible, r.visible)
	}
	if time.Duration(load*float64(time.Millisecond)) > budget {
		t.Errorf("the page of %d findings loaded in %.0f ms, over %v", r.total, load, budget)
	}
	if time.Duration(filter*float64(time.Millisecond)) > budget {
		t.Errorf("the filter over %d findings applied in %.0f ms, over %v", r.total, filter, budget)
	}
}

// checkSort clicks the button of the findings table's first sortable
// column twice, as a person does: the first click sorts ascending, the second
// descending, and the column's keys come in the reverse order.
func checkSort(t *testing.T, p *page) {
	t.Helper()
	const button = "#findings-table thead th button"
	keys := func() (string, []string) {
		type column struct {
			Sort string   `json:"sort"`
			Keys []string `json:"keys"`
		}
		c, err := chromedp.Run(p.ctx, chromedp.Evaluate[column](`(() => {
			const th = document.querySelector("#findings-table thead th button").closest("th");
			const i = th.cellIndex;
			const keys = [...document.querySelectorAll("#findings-table tbody tr")].map(r => {
				const c = r.cells[i];
				const k = c.getAttribute("data-key");
				return k !== null ? k : c.textContent.trim();
			});
			return {sort: th.getAttribute("aria-sort") || "", keys: keys};
		})()`))
		if err != nil {
			t.Fatalf("reading the sorted column: %v", err)
		}
		return c.Sort, c.Keys
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		t.Fatalf("clicking %s: %v", button, err)
	}
	sort1, up := keys()
	if _, err := chromedp.Run(p.ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		t.Fatalf("clicking %s again: %v", button, err)
	}
	sort2, down := keys()
	if sort1 != "ascending" || sort2 != "descending" {
		t.Errorf("aria-sort of the sorted column is %q, then %q; want ascending, then descending", sort1, sort2)
	}
	if len(up) != len(down) || len(up) == 0 {
		t.Fatalf("sorting changed the number of rows: %d, then %d", len(up), len(down))
	}
	for i := range up {
		if up[i] != down[len(down)-1-i] {
			t.Errorf("the second click does not reverse the order: row %d has key %q ascending, row %d %q descending",
				i, up[i], len(down)-1-i, down[len(down)-1-i])
			break
		}
	}
}

// buildAims builds the command line into a temporary folder.
func buildAims(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "aims")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/aims")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ../../cmd/aims: %v\n%s", err, b)
	}
	return bin
}

// writePage writes the html page of aims lint ARGS to page. aims exits 1
// on findings; only 2 (it could not run) fails.
func writePage(t *testing.T, aims, page string, args ...string) {
	t.Helper()
	args = append([]string{"lint", "--quiet", "--output", "html=" + page}, args...)
	cmd := exec.Command(aims, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("aims %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	if fi, err := os.Stat(page); err != nil || fi.Size() == 0 {
		t.Fatalf("aims %s wrote no page: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
}

// plantedCopy copies the example into a temporary folder (no git: the date
// alone judges it) and adds n AI system records that break the schema and
// whose titles are markup, owned by three roles in turn: about eight errors
// each, and every third a warning too.
func plantedCopy(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "example-aims"))); err != nil {
		t.Fatal(err)
	}
	owners := []string{"data-scientists", "it-security", "compliance-officers"}
	for i := 1; i <= n; i++ {
		doc := fmt.Sprintf("kind: ai-system\nid: SYS-P%05d\ntitle: \"<img src=x onerror=alert(1)> planted <b>%d</b>\"\nowner: %s\nrisk_level: extreme\n",
			i, i, owners[i%len(owners)])
		if i%3 == 0 {
			doc += "purpse: a misspelt field, a warning\n"
		}
		writeFile(t, filepath.Join(dir, "systems", fmt.Sprintf("planted-%05d.yaml", i)), []byte(doc))
	}
	return dir
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// chromium is the browser's program: AIMS_CHROMIUM, else the first of
// Debian's and Chrome's names on the PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("AIMS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium on the PATH: install Debian's chromium (bash .ci/apt-install chromium) or set AIMS_CHROMIUM")
	return ""
}

// newBrowser starts one headless Chromium, with a fresh profile and no
// network of its own, for every page of the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// page is one tab with a dashboard open, and what went wrong in it.
type page struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// open opens the file in a new tab of the browser and waits for it to load,
// recording console errors, uncaught exceptions, error log entries and any
// request that leaves the file (the page is self-contained).
func open(t *testing.T, browser context.Context, file string) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	p := &page{ctx: ctx}
	if err := chromedp.Listen(ctx, p.record); err != nil {
		t.Fatalf("listening to the page: %v", err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	tctx, tcancel := context.WithTimeout(ctx, time.Minute)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+abs), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("opening %s: %v", file, err)
	}
	return p
}

func (p *page) record(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			problem = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = fmt.Sprintf("uncaught exception at %d:%d: %s", d.LineNumber, d.ColumnNumber, d.Text)
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			problem = fmt.Sprintf("%s error: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		if u := ev.Request.URL; !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "about:") {
			problem = "the page requested " + u + " (it must need no network)"
		}
	}
	if problem != "" {
		p.mu.Lock()
		p.problems = append(p.problems, problem)
		p.mu.Unlock()
	}
}

// checkQuiet fails the test for every console error, exception and
// request recorded so far.
func (p *page) checkQuiet(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, problem := range p.problems {
		t.Error(problem)
	}
}

// checkSections checks that every section is there with an h2 heading.
func checkSections(t *testing.T, p *page) {
	t.Helper()
	for _, id := range sections {
		heading, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](fmt.Sprintf(
			`(() => { const h = document.querySelector("section#%s h2"); return h ? h.textContent.trim() : ""; })()`, id)))
		if err != nil {
			t.Fatalf("section #%s: %v", id, err)
		}
		if heading == "" {
			t.Errorf("no <section id=%q> with an <h2> heading", id)
		}
	}
}

// rowState is what the findings table shows.
type rowState struct {
	total, visible int
	severities     []string // data-severity of every shown row
}

func (p *page) rows(t *testing.T) rowState {
	t.Helper()
	type shown struct {
		Total      int      `json:"total"`
		Severities []string `json:"severities"`
	}
	r, err := chromedp.Run(p.ctx, chromedp.Evaluate[shown](`(() => {
		const rows = [...document.querySelectorAll("#findings-table tr[data-severity]")];
		const shown = rows.filter(r => !r.hidden && r.getClientRects().length > 0);
		return {total: rows.length, severities: shown.map(r => r.dataset.severity)};
	})()`))
	if err != nil {
		t.Fatalf("reading #findings-table: %v", err)
	}
	return rowState{total: r.Total, visible: len(r.Severities), severities: r.Severities}
}

// rarestSeverity is the value of #filter-severity's option that the fewest
// rows (and at least one) have.
func (p *page) rarestSeverity(t *testing.T) string {
	t.Helper()
	opts, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#filter-severity option")].map(o => o.value).filter(v => v !== "")`))
	if err != nil {
		t.Fatalf("reading #filter-severity: %v", err)
	}
	counts := map[string]int{}
	for _, s := range p.rows(t).severities {
		counts[s]++
	}
	best := ""
	for _, o := range opts {
		if counts[o] > 0 && (best == "" || counts[o] < counts[best]) {
			best = o
		}
	}
	if best == "" {
		t.Fatalf("no option of #filter-severity (%v) matches a row (%v)", opts, counts)
	}
	return best
}

// choose picks the option of value in the select, as the keyboard or the
// mouse does: the value changes and input and change events follow.
func (p *page) choose(t *testing.T, sel, value string) {
	t.Helper()
	js := fmt.Sprintf(`(() => {
		const s = document.querySelector(%q);
		s.focus();
		s.value = %q;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return s.value;
	})()`, sel, value)
	was := p.count(t)
	got, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("choosing %q in %s: %v", value, sel, err)
	}
	if got != value {
		t.Fatalf("%s has no option %q", sel, value)
	}
	p.waitCount(t, was)
}

// count is what #findings-count says.
func (p *page) count(t *testing.T) string {
	t.Helper()
	text, err := chromedp.Run(p.ctx, chromedp.TextContent(chromedp.ID("findings-count")))
	if err != nil {
		t.Fatalf("reading #findings-count: %v", err)
	}
	return text
}

// waitCount waits, five seconds at most, for #findings-count to say
// something else than was: the page may wait for the typing to pause
// before it filters.
func (p *page) waitCount(t *testing.T, was string) {
	t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(async () => {
		const count = document.getElementById("findings-count");
		const t0 = performance.now();
		while (count.textContent === %q && performance.now() - t0 < 5000) {
			await new Promise(r => setTimeout(r, 20));
		}
		return true;
	})()`, was), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("waiting for #findings-count to change: %v", err)
	}
}

var countRE = regexp.MustCompile(`([\d,]+) of ([\d,]+) findings? shown`)

// checkCount checks that #findings-count says "N of M findings shown".
func (p *page) checkCount(t *testing.T, shown, total int) {
	t.Helper()
	text := p.count(t)
	m := countRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("#findings-count says %q, want \"N of M findings shown\"", text)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	of, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
	if n != shown || of != total {
		t.Errorf("#findings-count says %q, want %d of %d", text, shown, total)
	}
}
