#include "reports/html_assets.h"

namespace wid::html_assets {
namespace {

// System fonts only: a web font would be a network fetch, which the CSP forbids anyway.
// Colours are variables so the dark scheme is one block; every state also has a word in the
// markup (FAIL, unknown, pass), so nothing depends on colour alone or on this sheet loading.
constexpr std::string_view kStyle = R"css(
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;
--card:#f6f8fa;--code:#eef1f4;--link:#0969da;--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;
--warn-bg:#fff8c5;--info:#0969da;--info-bg:#ddf4ff;--ok:#1a7f37;--ok-bg:#dafbe1;--unk:#8250df;
--unk-bg:#fbefff;--mark:#fff1a8}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--line:#3d444d;--card:#151b23;--code:#1f252d;--link:#4493f8;--err:#ff7b72;--err-bg:#3d1a1d;
--warn:#d29922;--warn-bg:#372c0c;--info:#58a6ff;--info-bg:#0f2a4a;--ok:#3fb950;--ok-bg:#10301c;
--unk:#bc8cff;--unk-bg:#2d1f4a;--mark:#594a00}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:76rem;padding:1rem 1.25rem 3rem;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
overflow-wrap:anywhere}
a{color:var(--link)}
h1{font-size:1.5rem;margin:.25rem 0 .5rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;margin:0 0 .35rem;line-height:1.4}
code,pre{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;
font-size:.875em}
code{background:var(--code);padding:.05em .3em;border-radius:4px}
pre{margin:.25rem 0;padding:.5rem .75rem;background:var(--code);border-radius:6px;
white-space:pre-wrap;overflow-wrap:anywhere;max-height:24rem;overflow:auto}
pre code{background:none;padding:0;font-size:1em}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
.scroll{overflow-x:auto}
.muted,.note{color:var(--muted)}
.note{font-size:.9rem}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0;padding:0;list-style:none}
.counts li,.badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-weight:600;
font-size:.85rem;border:1px solid var(--line)}
.badge{padding:0 .45rem;font-size:.75rem;text-transform:uppercase;letter-spacing:.02em;
vertical-align:.1em}
.sev-error{color:var(--err);background:var(--err-bg);border-color:var(--err)}
.sev-warning{color:var(--warn);background:var(--warn-bg);border-color:var(--warn)}
.sev-info{color:var(--info);background:var(--info-bg);border-color:var(--info)}
.st-unknown{color:var(--unk);background:var(--unk-bg);border-color:var(--unk)}
.st-pass{color:var(--ok);background:var(--ok-bg);border-color:var(--ok)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}
.meta dt{color:var(--muted)}
.meta dd{margin:0}
.toc{margin:.75rem 0;font-size:.9rem;color:var(--muted)}
.toc a{white-space:nowrap}
.chain{list-style:none;margin:0;padding:0;border-left:3px solid var(--line)}
.hop{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .75rem;padding:.3rem .6rem;
margin:0 0 2px;border-left:4px solid transparent;margin-left:-3px}
.hop-name{font-weight:600;min-width:11rem}
.hop-status{font-weight:700;font-size:.8rem;min-width:5.5rem}
.hop-fail{border-left-color:var(--err)}.hop-fail .hop-status{color:var(--err)}
.hop-unknown{border-left-color:var(--unk)}.hop-unknown .hop-status{color:var(--unk)}
.hop-pass{border-left-color:var(--ok)}.hop-pass .hop-status{color:var(--ok)}
.hop-not_checked .hop-status,.hop-not_checked .hop-name{color:var(--muted);font-weight:400}
.first-broken{background:var(--err-bg);outline:2px solid var(--err);outline-offset:-2px;
border-radius:0 6px 6px 0}
.first-broken .start{color:var(--err);font-weight:700}
.group{margin:0 0 1.25rem}
.cause-group{border:2px solid var(--err);border-radius:8px;padding:.75rem;margin:1rem 0}
.cause-group>h3{margin-top:0}
.symptoms{margin:.75rem 0 0 1rem;padding-left:.75rem;border-left:3px dashed var(--line)}
.sym-title{color:var(--muted);font-weight:600;margin:.25rem 0 .5rem}
.evidence code{white-space:pre-wrap}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--line);
border-radius:6px;padding:.75rem .9rem;margin:0 0 .75rem}
.finding.sev-error{border-left-color:var(--err);color:inherit;background:var(--card)}
.finding.sev-warning{border-left-color:var(--warn);color:inherit;background:var(--card)}
.finding.sev-info{border-left-color:var(--info);color:inherit;background:var(--card)}
.finding.st-unknown{border-left-style:dashed}
.finding:target{outline:3px solid var(--link);outline-offset:2px}
.rule{font-weight:700}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:0 .75rem;margin:.35rem 0;font-size:.9rem}
.facts dt{color:var(--muted)}
.facts dd{margin:0;min-width:0}
.detail{white-space:pre-line;margin:.35rem 0}
.evidence{margin:.35rem 0;padding-left:1.1rem;font-size:.9rem}
.evidence li{margin:.15rem 0}
.diff{color:var(--err);font-weight:600}
.fix{margin:.5rem 0;padding:.5rem .75rem;border-radius:6px;border:1px solid var(--ok);
background:var(--ok-bg)}
.fix-title{font-weight:700;color:var(--ok)}
.needs{margin:.5rem 0;padding:.5rem .75rem;border-radius:6px;border:1px dashed var(--unk)}
.cmd{display:flex;align-items:flex-start;gap:.4rem;margin:.3rem 0}
.cmd pre{flex:1 1 auto;min-width:0;margin:0;background:var(--bg);border:1px solid var(--line)}
mark.ph{background:var(--mark);color:inherit;border-radius:3px;padding:0 .1em}
.copy{flex:0 0 auto;font:inherit;font-size:.8rem;padding:.3rem .6rem;border-radius:6px;
border:1px solid var(--line);background:var(--card);color:var(--fg);cursor:pointer}
.copy:hover{border-color:var(--link)}
.samples{margin:.5rem 0 0}
.sample-loc{margin:.4rem 0 0;font-size:.8rem;color:var(--muted)}
pre.sample{max-height:12rem;font-size:.8rem}
.links{font-size:.9rem;margin:.35rem 0}
#controls{position:sticky;top:0;z-index:1;background:var(--bg);border-bottom:1px solid var(--line);
padding:.5rem 0;margin:1rem 0 0;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
#controls:empty{display:none}
#controls fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
#controls legend{float:left;margin-right:.5rem;color:var(--muted)}
#controls label{white-space:nowrap}
#controls input[type=search]{font:inherit;padding:.3rem .5rem;border-radius:6px;
border:1px solid var(--line);background:var(--bg);color:var(--fg);width:18rem;max-width:100%}
#controls output{color:var(--muted);font-size:.9rem}
details>summary{cursor:pointer;font-weight:600}
.passed li{margin:.1rem 0}
.offscreen{position:fixed;left:-9999px;top:0;opacity:0}
@media (max-width:600px){
body{padding:.6rem .6rem 2rem;font-size:14px}
.meta,.facts{grid-template-columns:1fr}
.meta dd,.facts dd{margin-bottom:.3rem}
.hop-name,.hop-status{min-width:0}
.symptoms{margin-left:0;padding-left:.5rem}
.cause-group{padding:.5rem}
.finding{padding:.6rem}
.cmd{flex-direction:column;align-items:stretch}
.cmd .copy{align-self:flex-end}
#controls input[type=search]{width:100%}
}
@media print{
:root{color-scheme:light}
body{max-width:none;padding:0;font-size:11pt;background:#fff;color:#000}
#controls,.copy,.toc{display:none!important}
pre{max-height:none;overflow:visible;border:1px solid #bbb;background:#fff}
.finding,.cause-group,.fix,.needs{break-inside:avoid-page;background:#fff}
h2,h3,h4{break-after:avoid-page}
details::details-content{content-visibility:visible;display:block}
}
)css";

// No innerHTML, eval or string-built markup: everything the script shows is made with
// createElement/textContent, so report text can never become markup here. data-js="ready" is set
// last, so it is present only when every step ran (the browser test checks it, which also proves
// the CSP hash admitted this script).
constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;
  function make(tag, props, text) {
    var e = doc.createElement(tag);
    for (var k in props) if (Object.prototype.hasOwnProperty.call(props, k)) e.setAttribute(k, props[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // Parsing the embedded report proves it survived its escaping; the browser test reads this.
  try {
    var data = JSON.parse(doc.getElementById('wid-report').textContent);
    root.setAttribute('data-json-findings', String(data.findings.length));
  } catch (err) {
    root.setAttribute('data-json-findings', 'error');
  }

  var cards = Array.prototype.slice.call(doc.querySelectorAll('article.finding'));
  var groups = Array.prototype.slice.call(doc.querySelectorAll('[data-filter-group]'));
  var haystack = null;  // lower-cased card text, built on the first search only
  var controls = doc.getElementById('controls');
  if (controls && cards.length) {
    var shown = {error: true, warning: true, info: true};
    var fieldset = make('fieldset');
    fieldset.appendChild(make('legend', {}, 'Show'));
    ['error', 'warning', 'info'].forEach(function (sev) {
      var n = doc.querySelectorAll('article.finding[data-severity="' + sev + '"]').length;
      if (!n) return;
      var box = make('input', {type: 'checkbox', 'data-severity': sev});
      box.checked = true;
      box.addEventListener('change', function () { shown[sev] = box.checked; apply(); });
      var label = make('label');
      label.appendChild(box);
      label.appendChild(doc.createTextNode(' ' + sev + ' (' + n + ')'));
      fieldset.appendChild(label);
    });
    var search = make('input', {type: 'search', id: 'search', placeholder: 'Search findings',
                                'aria-label': 'Search findings', autocomplete: 'off'});
    var status = make('output', {'aria-live': 'polite'});
    controls.appendChild(fieldset);
    controls.appendChild(search);
    controls.appendChild(status);
    var timer = null;
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
    doc.addEventListener('keydown', function (ev) {
      var t = ev.target && ev.target.tagName;
      if (ev.key === '/' && t !== 'INPUT' && t !== 'TEXTAREA') { ev.preventDefault(); search.focus(); }
    });
    var apply = function () {
      var q = search.value.trim().toLowerCase();
      if (q && !haystack) haystack = cards.map(function (c) { return c.textContent.toLowerCase(); });
      var visible = 0;
      cards.forEach(function (c, i) {
        var ok = shown[c.getAttribute('data-severity')] !== false && (!q || haystack[i].indexOf(q) >= 0);
        c.hidden = !ok;
        if (ok) visible++;
      });
      groups.forEach(function (g) { g.hidden = !g.querySelector('article.finding:not([hidden])'); });
      status.textContent = visible === cards.length ? cards.length + ' findings'
                                                    : visible + ' of ' + cards.length + ' findings shown';
    };
    apply();
  }

  function copyText(text, done) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
    } else {
      done(fallback(text));
    }
  }
  function fallback(text) {
    var area = make('textarea', {readonly: '', 'aria-hidden': 'true'});
    area.value = text;
    area.setAttribute('class', 'offscreen');
    doc.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = doc.execCommand('copy'); } catch (err) { ok = false; }
    doc.body.removeChild(area);
    return ok;
  }
  Array.prototype.forEach.call(doc.querySelectorAll('.cmd'), function (box) {
    var pre = box.querySelector('pre');
    if (!pre) return;
    var button = make('button', {type: 'button', 'class': 'copy', title: 'Copy this command'}, 'Copy');
    button.addEventListener('click', function () {
      copyText(pre.textContent, function (ok) {
        button.textContent = ok ? 'Copied' : 'Select and copy';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      });
    });
    box.appendChild(button);
  });

  // Printing shows everything, including the collapsed lists.
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(doc.querySelectorAll('details'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
  root.setAttribute('data-js', 'ready');
})();
)js";

}  // namespace

std::string_view style() { return kStyle; }
std::string_view script() { return kScript; }

}  // namespace wid::html_assets
