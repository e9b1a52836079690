/** The web page's stylesheet (served as /assets/app.css after the report's own CSS). */
export const WEB_CSS = `
:root{--fg:#1b1b1b;--muted:#4a4f55;--line:#d0d4d9;--bg-soft:#f5f6f8;--accent:#1f4f8a;--bad:#a4231b;--bad-bg:#fdecea}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.top{background:#14233a;color:#fff}
header.top nav{max-width:72rem;margin:0 auto;padding:.6rem 1.5rem;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;align-items:baseline}
header.top a{color:#fff;text-decoration:none;padding:.2rem 0;border-bottom:2px solid transparent}
header.top a:hover,header.top a[aria-current=page]{border-bottom-color:#f0a500}
header.top .brand{font-weight:800;font-size:1.2rem;letter-spacing:.02em;margin-right:.8rem}
main{display:block;max-width:72rem;margin:0 auto;padding:1.2rem 1.5rem 2rem;overflow-wrap:break-word}
main:focus{outline:none}
h1{font-size:1.7rem;line-height:1.25;margin:.6rem 0 .6rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
.lede{font-size:1.05rem;max-width:46rem}
.muted,.hint{color:var(--muted)}
.hint{font-size:.9rem;margin:.1rem 0 .3rem}
.meta{color:var(--muted)}
.foot{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 2rem;color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
form.check{background:var(--bg-soft);border:1px solid var(--line);border-radius:8px;padding:1rem 1.2rem;max-width:56rem}
.field{margin:0 0 .9rem}
.field label{display:block;font-weight:600;margin-bottom:.2rem}
.row{display:flex;flex-wrap:wrap;gap:0 1.5rem}
.row .field{flex:1 1 16rem}
textarea,input[type=url],input[type=search],input[type=text]{width:100%;font:inherit;padding:.5rem .6rem;border:1px solid #8a9099;border-radius:4px;background:#fff;color:var(--fg)}
textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92rem;line-height:1.45}
.check-options{display:flex;gap:.5rem;align-items:baseline}
.check-options label{display:inline;font-weight:400}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.5rem 1.1rem;border-radius:4px;border:1px solid #8a9099;background:#fff;color:var(--fg);cursor:pointer;text-decoration:none}
button.primary,.button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button[disabled]{opacity:.7;cursor:progress}
.alert{border:2px solid var(--bad);background:var(--bad-bg);border-radius:6px;padding:.7rem 1rem;margin:1rem 0;max-width:56rem}
form.search{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:flex-end;margin:.5rem 0 1rem}
form.search .field{flex:1 1 14rem;margin:0}
table.list{border-collapse:collapse;width:100%;font-size:.95rem;margin:.4rem 0}
table.list th,table.list td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.35rem .5rem}
table.list th{background:var(--bg-soft)}
table.list .num{text-align:right;font-variant-numeric:tabular-nums}
table.list caption{text-align:left;padding:.2rem 0}
.tag{display:inline-block;font-size:.75rem;font-weight:700;border-radius:3px;padding:0 .35rem;background:#5a5f66;color:#fff}
.tag.bad{background:var(--bad)}
.pager{display:flex;gap:1rem;align-items:baseline;margin:1rem 0}
dl.figures{display:flex;flex-wrap:wrap;gap:1rem 2.5rem;margin:1rem 0}
dl.figures dt{color:var(--muted);font-size:.9rem}
dl.figures dd{margin:0;font-size:1.6rem;font-weight:700}
figure.timeline{margin:.5rem 0}
figure.timeline svg{display:block;max-width:40rem;border-bottom:1px solid var(--line)}
figure.timeline rect.all{fill:#b9c6d8}
figure.timeline rect.copying{fill:var(--bad)}
.graph{width:100%;height:32rem;border:1px solid var(--line);border-radius:6px;background:#fbfcfd;position:relative}
.stored-text{max-width:46rem}
.report-tools{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1rem;align-items:center;max-width:72rem}
.permalink{margin:.3rem 0;font-size:.92rem;overflow-wrap:anywhere}
.view-switch{display:flex;gap:.4rem;align-items:center;font-size:.92rem}
.view-switch button{padding:.25rem .7rem;font-weight:500}
.view-switch button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
main .unspun-report{max-width:none;padding:0}
.unspun-report a.ext{font-size:.85rem}
@media (min-width:60rem){
  .unspun-report.side-by-side li.sentence.status-traced{display:grid;grid-template-columns:1fr 1fr;column-gap:1.2rem;align-items:start}
  .unspun-report.side-by-side li.sentence.status-traced>.text{grid-column:1;grid-row:1}
  .unspun-report.side-by-side li.sentence.status-traced>ul.sources{grid-column:2;grid-row:1 / span 3;margin:0}
  .unspun-report.side-by-side li.sentence.status-traced>.swaps,.unspun-report.side-by-side li.sentence.status-traced>.dropped{grid-column:1}
}
@media (max-width:40rem){main table{display:block;overflow-x:auto;max-width:100%}main td{overflow-wrap:anywhere}main{padding:1rem}header.top nav{padding:.6rem 1rem}h1{font-size:1.4rem}table.list{font-size:.88rem}}
`.trim();
