package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"os"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The page must open with no network: go-echarts links echarts.min.js from
// a CDN by default, and its module does not ship the file. So Apache
// ECharts 5.6.0 (dist/echarts.min.js of the npm package, Apache-2.0, see
// assets/LICENSE and assets/NOTICE) is kept beside this file and inlined
// into every page.
//
//go:embed assets/echarts.min.js
var echartsJS string

var serverColor = map[string]string{serverPG: "#336791", serverRingpg: "#d9730d"}

// writeHTML writes one self-contained page: a summary and the result table
// on top, then the charts.
func writeHTML(path string, r *Report, cmp *Comparison) error {
	page, err := renderHTML(r, cmp)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, page, 0o644); err != nil {
		return fmt.Errorf("write charts: %w", err)
	}
	return nil
}

func renderHTML(r *Report, cmp *Comparison) ([]byte, error) {
	if strings.Contains(echartsJS, "</script") {
		return nil, fmt.Errorf("embedded echarts.min.js contains </script and cannot be inlined")
	}
	page := components.NewPage()
	page.SetPageTitle("ringpg vs PostgreSQL · " + r.Started.Format("2006-01-02 15:04"))
	page.SetLayout(components.PageFlexLayout)
	if c := ratioChart(r); c != nil {
		page.AddCharts(c)
	}
	if c := latencyChart(r); c != nil {
		page.AddCharts(c)
	}
	for i := range r.Workloads {
		page.AddCharts(workloadChart(r, &r.Workloads[i]))
	}
	// Inline the library instead of the CDN link.
	page.ClearPresetJSAssets()
	page.AddCustomizedHeaders("<script>"+echartsJS+"</script>", pageStyle)

	var out bytes.Buffer
	if err := page.Render(&out); err != nil {
		return nil, fmt.Errorf("render charts: %w", err)
	}
	summary, err := summaryHTML(r, cmp)
	if err != nil {
		return nil, err
	}
	html := out.Bytes()
	i := bytes.Index(html, []byte("<body>"))
	if i < 0 {
		return nil, fmt.Errorf("render charts: no <body> in the page")
	}
	i += len("<body>")
	return append(html[:i:i], append(summary, html[i:]...)...), nil
}

// speedup turns a ratio of medians into "how many times as fast as
// PostgreSQL": the ratio itself for throughput, its inverse for times.
func speedup(w *WorkloadRun) (float64, bool) {
	if w.Ratio == nil {
		return 0, false
	}
	if w.Higher {
		return *w.Ratio, true
	}
	return ratio(1, *w.Ratio)
}

func ratioChart(r *Report) *charts.Bar {
	var names []string
	haveRatio := false
	var data []opts.BarData
	for i := range r.Workloads {
		w := &r.Workloads[i]
		if w.result(serverPG) == nil || w.result(serverRingpg) == nil {
			continue
		}
		names = append(names, w.ID)
		if s, ok := speedup(w); ok {
			haveRatio = true
			data = append(data, opts.BarData{Value: math.Round(s*100) / 100})
		} else {
			data = append(data, opts.BarData{Value: "-"})
		}
	}
	if len(names) == 0 || !haveRatio {
		return nil // nothing to draw; the table says why
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Width: "940px", Height: "380px"}),
		charts.WithTitleOpts(opts.Title{Title: "ringpg speed relative to PostgreSQL",
			Subtitle: "median over median; for ms rows PostgreSQL/ringpg, so above 1 is always ringpg faster; no bar = a server FAILED"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: "× PostgreSQL"}),
		charts.WithGridOpts(opts.Grid{Bottom: "90", Top: "70"}),
	)
	bar.SetXAxis(names)
	bar.AddSeries("ringpg / PostgreSQL", data,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: serverColor[serverRingpg]}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "parity", YAxis: 1}),
	)
	return bar
}

func latencyChart(r *Report) *charts.Bar {
	var names []string
	var idx []int
	for i, w := range r.Workloads {
		for _, res := range w.Results {
			if res.Summary.LatencySamples > 0 {
				names = append(names, w.ID)
				idx = append(idx, i)
				break
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Width: "940px", Height: "420px"}),
		charts.WithTitleOpts(opts.Title{Title: "Latency percentiles (log scale)",
			Subtitle: "p50 and p99 over every sampled transaction (pgbench -l) or connection of all repeats; values in µs"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}),
		// In µs: ECharts grows bars on a log axis from 1, so sub-unit
		// values (0.3 ms) would hang downwards.
		charts.WithYAxisOpts(opts.YAxis{Type: "log", Name: "latency", AxisLabel: &opts.AxisLabel{
			Formatter: opts.FuncOpts("function (v) { return v >= 1000 ? (v / 1000) + ' ms' : v + ' µs'; }")}}),
		charts.WithGridOpts(opts.Grid{Bottom: "110", Top: "70"}),
	)
	bar.SetXAxis(names)
	for _, srv := range []string{serverPG, serverRingpg} {
		for _, pct := range []string{"p50", "p99"} {
			var data []opts.BarData
			have := false
			for _, i := range idx {
				res := r.Workloads[i].result(srv)
				if res == nil || !res.Summary.OK() || res.Summary.LatencySamples == 0 {
					data = append(data, opts.BarData{Value: "-"})
					continue
				}
				have = true
				v := res.Summary.P50Ms
				if pct == "p99" {
					v = res.Summary.P99Ms
				}
				data = append(data, opts.BarData{Value: round3(v * 1000)})
			}
			if !have && !hasServer(r, srv) {
				continue
			}
			color := serverColor[srv]
			if pct == "p99" {
				color = lighter(color)
			}
			bar.AddSeries(serverName(srv)+" "+pct, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
		}
	}
	return bar
}

func hasServer(r *Report, id string) bool {
	for _, w := range r.Workloads {
		if w.result(id) != nil {
			return true
		}
	}
	return false
}

// workloadChart is one workload: a bar per server at the median of the
// repeats, with every repeat drawn as a dot so the spread shows.
func workloadChart(r *Report, w *WorkloadRun) *charts.Bar {
	var names []string
	var bars []opts.BarData
	var dots []opts.ScatterData
	var notes []string
	for _, res := range w.Results {
		name := serverName(res.Server)
		names = append(names, name)
		s := res.Summary
		if !s.OK() {
			bars = append(bars, opts.BarData{Value: 0, Label: &opts.Label{Show: opts.Bool(true),
				Position: "insideBottom", Formatter: "FAILED", Color: "#b00020", FontSize: 14}})
			notes = append(notes, truncate(name+" "+failureText(s), 90))
			continue
		}
		bars = append(bars, opts.BarData{Value: round3(s.Median),
			ItemStyle: &opts.ItemStyle{Color: serverColor[res.Server]}})
		for _, smp := range res.Samples {
			dots = append(dots, opts.ScatterData{Value: []any{name, round3(smp.Value)}, SymbolSize: 9})
		}
		if sp, ok := spread(s.Min, s.Median, s.Max); ok && s.Runs > 1 {
			notes = append(notes, fmt.Sprintf("%s %s..%s (spread %.0f%%)", name,
				formatValue(s.Min, w.Unit), formatValue(s.Max, w.Unit), sp*100))
		}
	}
	if w.Ratio != nil {
		notes = append(notes, "ringpg/PG "+formatRatio(w.Ratio))
	}
	better := "higher is better"
	if !w.Higher {
		better = "lower is better"
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Width: "460px", Height: "340px"}),
		charts.WithTitleOpts(opts.Title{Title: w.ID, Subtitle: wrap(strings.Join(notes, " · "), 64),
			SubtitleStyle: &opts.TextStyle{LineHeight: 16, FontSize: 12}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Name: w.Unit + " (" + better + ")"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "110", Bottom: "30", Left: "70"}),
	)
	bar.SetXAxis(names)
	bar.AddSeries("median of repeats", bars, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#8c8c8c"}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "45%"}))
	sc := charts.NewScatter()
	sc.AddSeries("each repeat", dots, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#222222"}))
	bar.Overlap(sc)
	return bar
}

// wrap breaks text into lines of about n characters for chart subtitles.
func wrap(text string, n int) string {
	var lines []string
	line := ""
	for _, part := range strings.Split(text, " · ") {
		if line != "" && len([]rune(line))+len([]rune(part)) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " · "
		}
		line += part
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func round3(v float64) float64 {
	s := fmt.Sprintf("%.4g", v)
	var f float64
	fmt.Sscan(s, &f)
	return f
}

// lighter mixes a #rrggbb colour halfway with white.
func lighter(c string) string {
	var r, g, b int
	if _, err := fmt.Sscanf(c, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return c
	}
	return fmt.Sprintf("#%02x%02x%02x", (r+255)/2, (g+255)/2, (b+255)/2)
}

const pageStyle = `<style>
body { font-family: system-ui, sans-serif; margin: 16px 24px; color: #222; }
.summary { max-width: 1200px; margin: 0 auto 24px auto; }
.summary table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
.summary th, .summary td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: right; }
.summary th:nth-child(-n+3), .summary td:nth-child(-n+3) { text-align: left; white-space: nowrap; }
.summary td.failed { color: #b00020; text-align: left; }
.summary .meta { font-size: 13px; color: #444; }
.summary code { font-size: 12px; }
.item { margin: 8px !important; }
</style>`

var summaryTmpl = template.Must(template.New("summary").Parse(`
<div class="summary">
<h1>ringpg vs PostgreSQL</h1>
<p class="meta">{{.R.Started.Format "2006-01-02 15:04:05 MST"}} · commit <code>{{.R.Git.Commit}}</code>{{if .R.Git.Dirty}} (with uncommitted changes){{end}}
 · {{.R.Machine.Hostname}}: {{.R.Machine.CPUs}} CPUs {{.R.Machine.CPUModel}}, {{.R.Machine.MemoryMB}} MB, load average {{.R.Machine.LoadAvgStart}} at start, {{.R.Machine.LoadAvgEnd}} at end
{{if .R.Interrupted}}<br><b>The run was interrupted; workloads not run are marked so.</b>{{end}}</p>
<p class="meta">scale {{.S.Scale}}, {{.S.Clients}} clients, {{.S.Threads}} threads, {{.S.DurationSeconds}} s per pgbench run, {{.S.Repeats}} repeats,
{{.S.ConnectSamples}} connections per connect run, {{.S.Rows}} rows; both servers: shared_buffers {{.S.SharedBuffers}}, max_connections {{.S.MaxConnections}}, fsync on, synchronous_commit on (off for tpcb-async). {{.S.PgbenchVersion}}.</p>
<ul class="meta">
{{range .R.Servers}}<li>{{.Name}}: {{.Version}} · {{.Status}}{{if .CommandLine}} · <code>{{.CommandLine}}</code>{{end}}</li>
{{end}}{{range .R.Notes}}<li>{{.}}</li>
{{end}}</ul>
<table>
<tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{if .Failed}}<td>{{index .Cells 0}}</td><td>{{index .Cells 1}}</td><td>{{index .Cells 2}}</td><td class="failed" colspan="6">{{.Failed}}</td><td>{{index .Cells 9}}</td>{{else}}{{range .Cells}}<td>{{.}}</td>{{end}}{{end}}</tr>
{{end}}</table>
<p class="meta">min / median / max over the repeats; spread = (max-min)/median; p50 and p99 over every sampled operation of all repeats; ringpg/PG = ratio of the medians (↑ higher is better, ↓ lower is better). A FAILED cell is never averaged in.</p>
<p class="meta">Charts below: the speed ratio per workload, the latency percentiles, then one chart per workload where the bar is the median of the repeats and each dot one repeat.</p>
<details class="meta"><summary>How each workload was run</summary><ul>
{{range .R.Workloads}}<li><b>{{.ID}}</b>: {{.Title}} — <code>{{.Command}}</code></li>
{{end}}</ul></details>
{{with .C}}<h2>Compared with {{.OldPath}} (commit <code>{{.OldCommit}}</code>, {{.OldDate}})</h2>
<ul class="meta">{{range .Warnings}}<li>warning: {{.}}</li>{{end}}</ul>
<table><tr><th>workload</th><th>server</th><th>unit</th><th>old median</th><th>new median</th><th>change</th><th>verdict</th><th>ringpg/PG old → new</th></tr>
{{range $.CmpRows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
<p class="meta">Better or worse only when the two runs' min..max ranges do not overlap; otherwise within noise.</p>{{end}}
</div>
`))

type htmlRow struct {
	Cells  []string
	Failed string
}

func summaryHTML(r *Report, cmp *Comparison) ([]byte, error) {
	var rows []htmlRow
	for _, tr := range tableRows(r) {
		rows = append(rows, htmlRow{Cells: tr.cells, Failed: tr.failed})
	}
	var cmpRows [][]string
	if cmp != nil {
		cmpRows = comparisonRows(cmp)
	}
	var b bytes.Buffer
	err := summaryTmpl.Execute(&b, map[string]any{
		"R": r, "S": r.Settings, "C": cmp, "Header": tableHeader, "Rows": rows, "CmpRows": cmpRows,
	})
	if err != nil {
		return nil, fmt.Errorf("render summary: %w", err)
	}
	return b.Bytes(), nil
}
