/** The help center's whole stylesheet, inlined in every page (small, no extra request, no build step). */
export const HELP_CENTER_CSS = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#0a58ca}a:hover{color:#084298}
:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}.skip:focus{left:0}
header.site{background:#1d2b3a;color:#fff}
header.site .bar{max-width:960px;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between}
header.site a{color:#fff;text-decoration:none}header.site .brand{font-weight:700;font-size:1.15rem}
header.site nav ul{display:flex;gap:.75rem;list-style:none;margin:0;padding:0}
header.site nav a{text-decoration:underline}header.site nav a[aria-current]{font-weight:700;text-decoration:none}
.hero{background:#1d2b3a;color:#fff;padding:1rem 1rem 2rem}
.hero h1{margin:0 auto .75rem;max-width:928px;font-size:1.75rem}
form.search{max-width:928px;margin:0 auto;display:flex;gap:.5rem}
form.search input{flex:1;min-width:0;font:inherit;padding:.6rem .8rem;border:1px solid #57606a;border-radius:6px}
button,.button{font:inherit;padding:.55rem 1rem;border-radius:6px;border:1px solid #0a58ca;background:#0a58ca;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#0a58ca}
button:disabled{opacity:.5;cursor:default}
main{max-width:960px;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.25rem;margin-bottom:1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(260px,1fr))}
.grid .card{margin:0}
h1{font-size:1.75rem;line-height:1.25;margin:.25rem 0 1rem}h2{font-size:1.25rem;margin:0 0 .5rem}h3{font-size:1.05rem;margin:0}
ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:.35rem 0;border-bottom:1px solid #eaeef2}ul.plain li:last-child{border:0}
.muted{color:#57606a;font-size:.9rem}
.badge{display:inline-block;font-size:.75rem;padding:0 .45rem;border-radius:999px;background:#ddf4ff;color:#0a3069;margin-left:.35rem;vertical-align:middle}
nav.crumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:0 0 .5rem;font-size:.9rem}
nav.crumbs li+li::before{content:"›";margin-right:.25rem;color:#57606a}
article.body img{max-width:100%;height:auto}
article.body pre{overflow:auto;background:#f6f8fa;padding:.75rem;border-radius:6px}
[data-callout]{border-left:4px solid #0a58ca;background:#eef6ff;padding:.5rem .9rem;margin:1rem 0;border-radius:4px}
[data-callout=warning]{border-color:#9a6700;background:#fff8c5}[data-callout=tip]{border-color:#1a7f37;background:#dafbe1}
mark{background:#fff3a3;color:inherit;padding:0 .1em}
.progress{height:.5rem;background:#eaeef2;border-radius:999px;overflow:hidden;margin:.25rem 0 1rem}
.progress span{display:block;height:100%;background:#1a7f37}
.step{border-top:1px solid #eaeef2;padding-top:1rem;margin-top:1rem}
.js .step{border:0;margin:0;padding:0}
.js .step-label,.js details.answer{display:none}
.step-nav{display:flex;justify-content:space-between;gap:.5rem;margin-top:1rem}
fieldset{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
legend{font-weight:600;padding:0 .25rem}
label.option{display:block;padding:.2rem 0}
.result{margin:.3rem 0 0}
.ok{color:#1a7f37;font-weight:600}.bad{color:#b42318;font-weight:600}
.feedback textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #57606a;border-radius:6px}
.feedback .choices{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
footer.site{max-width:960px;margin:0 auto;padding:1rem;color:#57606a;font-size:.9rem}
.pager{display:flex;justify-content:space-between;margin-top:1rem}
@media (max-width:600px){h1{font-size:1.4rem}.hero h1{font-size:1.4rem}main{padding:1rem .75rem 2rem}}
`;
